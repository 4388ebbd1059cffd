"""Migration 0007 on a server that already stores attachment bytes: each blob is granted to the cases of
the uploading device's office that name it, and to no other office's case naming the same hash."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import insert, select

from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import make_engine
from sync.server.migrations import alembic_config, upgrade
from sync.server.orgs import create_office
from tests.server.conftest import backends
from tests.server.helpers import KATOTTG_A, KATOTTG_B
from tests.support.server_process import make_database_url


def _attachment(conn, record_id: str, case_id: str, office: str, sha256: str, seq: int) -> None:
    conn.execute(insert(m.records).values(id=record_id, type="attachment", case_id=case_id, office_id=office,
                                          data=json.dumps({"filename": "a.jpg", "sha256": sha256},
                                                          separators=(",", ":")),
                                          field_meta="{}", deleted=False, seq=seq, hlc=1, hash="0" * 64))


@pytest.mark.parametrize("backend", backends())
def test_existing_blobs_are_granted_to_their_uploaders_cases_only(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    try:
        with engine.connect() as conn:
            command.upgrade(alembic_config(conn), "0006_transfers")
            conn.commit()
        with engine.begin() as conn:
            office_a, office_b = create_office(conn, "A", KATOTTG_A), create_office(conn, "B", KATOTTG_B)
            user = admin_ops.create_user(conn, "anna", "пароль-для-тестів-1", "caseworker",
                                         admin_ops.resolve_user_org(conn, "caseworker", office_id=office_a))
            conn.execute(insert(m.devices).values(id="dev-a", org_id=office_a, secret_hash="0" * 64,
                                                  enrolled_by=user, created_at=1))
            conn.execute(insert(m.attachment_blobs).values(sha256="ab" * 32, size=1, content=b"x", created_at=1,
                                                           device_id="dev-a"))
            _attachment(conn, "r1", "case-a", office_a, "ab" * 32, 1)
            _attachment(conn, "r2", "case-b", office_b, "ab" * 32, 2)  # B only named the hash
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(select(m.attachment_cases.c.sha256, m.attachment_cases.c.case_id)).all()
        assert [tuple(r) for r in rows] == [("ab" * 32, "case-a")]
    finally:
        engine.dispose()
        db.cleanup()
