"""Migration 0015 on a server that already indexed persons: their birth keys are made again from the stored
match profiles, as sync.matching.lookup_keys makes them now (identifier and phone keys stay), and the
duplicate check finds the person through them."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import insert, select

from sync.matching import lookup_keys, profile
from sync.server import duplicates
from sync.server import models as m
from sync.server.db import make_engine
from sync.server.migrations import alembic_config, upgrade
from tests.server.conftest import backends
from tests.support.server_process import make_database_url

PERSON = {"surname": "Гончаренко", "given_name": "Олена", "patronymic": "Іванівна", "birth_date": "1980-03-04",
          "rnokpp": "2922355415", "phones": ["+380671234567"]}


@pytest.mark.parametrize("backend", backends())
def test_indexed_persons_are_keyed_again_and_still_found(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    p = profile(PERSON)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0014_household_keys")
            conn.commit()
        with engine.begin() as conn:
            conn.execute(insert(m.person_match).values(case_id="c1", office_id="o1", display="{}",
                                                       profile=json.dumps(p.to_json())))
            old = ["birth:1980-03-04:h", "birth:1980-03-04:o", "phone:380671234567", "rnokpp:2922355415"]
            conn.execute(insert(m.person_match_keys), [{"key": k, "case_id": "c1"} for k in old])
        upgrade(engine)
        with engine.connect() as conn:
            keys = set(conn.execute(select(m.person_match_keys.c.key)).scalars())
        assert keys == lookup_keys(p)
        assert {k for k in keys if k.startswith("b")} == {"bn:1980-03-04:ho", "bg:1980-03-04:olena",
                                                          "bs:1980-03-04:honcarenko"}
        # Office B registers her in Latin with a typo in the first letter of the surname, day and month swapped.
        other = profile({"surname": "Koncharenko", "given_name": "Olena", "birth_date": "1980-04-03"})
        with engine.connect() as conn:
            found = duplicates.find_pairs(conn, {"c2": ("o2", other, {})})
        assert [(a, b) for a, b, _, _ in found] == [("c2", "c1")]
    finally:
        engine.dispose()
        db.cleanup()
