"""Migration 0014 on a server that already holds household members: each member with a valid RNOKPP is indexed
under that number alone (spaces typed into it removed); members without one, with an invalid one, or deleted,
are not."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import insert, select

from sync.server import models as m
from sync.server.db import make_engine
from sync.server.migrations import alembic_config, upgrade
from tests.server.conftest import backends
from tests.support.server_process import make_database_url


def _member(conn, record_id: str, case_id: str, rnokpp: str | None, seq: int, *, deleted: bool = False) -> None:
    data = {"given_name": "Марія", "relationship": "child", "rnokpp": rnokpp}
    conn.execute(insert(m.records).values(id=record_id, type="household_member", case_id=case_id, office_id="o1",
                                          data=json.dumps(data, separators=(",", ":")), field_meta="{}",
                                          deleted=deleted, seq=seq, hlc=1, hash="0" * 64))


@pytest.mark.parametrize("backend", backends())
def test_existing_members_are_indexed_by_their_number_only(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0013_report_aid_overlaps")
            conn.commit()
        with engine.begin() as conn:
            _member(conn, "m1", "case-a", "31234 56789", 1)
            _member(conn, "m2", "case-a", None, 2)
            _member(conn, "m3", "case-b", "12345", 3)
            _member(conn, "m4", "case-b", "3123456789", 4, deleted=True)
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(select(m.household_keys)).all()
        assert [tuple(r) for r in rows] == [("rnokpp:3123456789", "m1", "case-a")]
    finally:
        engine.dispose()
        db.cleanup()
