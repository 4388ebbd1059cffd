"""The administration operations behind the web console, on a real database (SQLite, and PostgreSQL when set):
offices that close only when empty, users disabled, moved, renamed and reset, audit entries for each."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import insert, select

from sync.server import accounts, admin_ops
from sync.server import models as m
from sync.server.db import now_ms
from sync.server.orgs import OfficeNotEmpty, close_office, create_office, get_org, rename_office
from sync.server.scope import Caller, effective_scope
from sync.server.security import verify_password
from tests.server.helpers import KATOTTG_A, KATOTTG_B, PASSWORD


def _user(conn, username, role, org_id, **kw):
    return admin_ops.create_user(conn, username, PASSWORD, role, org_id, username.title(), **kw)


def _actions(conn) -> list[tuple[str, dict]]:
    rows = conn.execute(select(m.audit_log.c.action, m.audit_log.c.object_ids).order_by(m.audit_log.c.id)).all()
    return [(a, json.loads(ids)) for a, ids in rows]


def test_two_offices_in_one_hromada_and_an_office_closes_only_when_empty(engine):
    with engine.begin() as conn:
        first = create_office(conn, "ЦНСП", KATOTTG_A)
        desk = create_office(conn, "Пункт ВПО", KATOTTG_A)  # the same hromada
        assert get_org(conn, first).parent_id == get_org(conn, desk).parent_id
        worker = _user(conn, "olha", "caseworker", desk)
        conn.execute(insert(m.records).values(id="c1", type="case", case_id="c1", office_id=desk, data="{}",
                                              field_meta="{}", seq=1, hlc=1, hash="0" * 64))
    with engine.begin() as conn, pytest.raises(OfficeNotEmpty) as cases:
        close_office(conn, desk)
    assert (cases.value.what, cases.value.count) == ("cases", 1)
    with engine.begin() as conn:
        conn.execute(m.records.update().values(office_id=first))  # the case was transferred
    with engine.begin() as conn, pytest.raises(OfficeNotEmpty) as users:
        close_office(conn, desk)
    assert users.value.what == "users"
    with engine.begin() as conn:
        accounts.set_active(conn, worker, False, by=None)
        close_office(conn, desk)
        rename_office(conn, first, "  ЦНСП   Бучі ")
        assert get_org(conn, desk).closed_at is not None and get_org(conn, first).name == "ЦНСП Бучі"
    with engine.begin() as conn, pytest.raises(admin_ops.AdminError):
        accounts.change_user(conn, worker, by=None, role="caseworker", office_id=desk)  # closed: no new staff


def test_moving_a_user_changes_their_scope_and_a_reset_forces_a_new_password(engine):
    with engine.begin() as conn:
        a, b = create_office(conn, "А", KATOTTG_A), create_office(conn, "Б", KATOTTG_B)
        admin = _user(conn, "root", "administrator", admin_ops.resolve_user_org(conn, "administrator"))
        worker = _user(conn, "taras", "caseworker", a)
        conn.execute(insert(m.console_sessions).values(token_hash="t" * 64, user_id=worker, csrf_token="x",
                                                       created_at=now_ms(), last_seen_at=now_ms()))
    with engine.begin() as conn:
        accounts.change_user(conn, worker, by=admin, display_name="Тарас  Нов", role="supervisor", office_id=b)
        accounts.reset_password(conn, worker, "тимчасовий-1", by=admin)
    with engine.connect() as conn:
        user = accounts.get_user(conn, worker)
        assert (user.display_name, user.role, user.org_id, user.must_change_password) == ("Тарас Нов", "supervisor",
                                                                                          b, True)
        assert verify_password(user.password_hash, "тимчасовий-1")
        caller = Caller("d", a, worker, "taras", "", "supervisor", b)  # on office A's laptop, now in office B
        assert effective_scope(conn, caller) == frozenset()
        assert conn.execute(select(m.console_sessions.c.ended_at)).scalar_one() is not None
        actions = _actions(conn)
    assert [a for a, _ in actions][-2:] == ["change_user", "reset_password"]
    assert actions[-2][1] == {"user": worker, "fields": ["display_name", "org_id", "role"], "org": b}
    with engine.begin() as conn:
        accounts.change_own_password(conn, worker, "тимчасовий-1", "мій-власний-пароль")
        assert not accounts.get_user(conn, worker).must_change_password


@pytest.mark.parametrize("operation", ["disable", "role"])
def test_an_administrator_cannot_lock_themselves_out(engine, operation):
    with engine.begin() as conn:
        admin = _user(conn, "root", "administrator", admin_ops.resolve_user_org(conn, "administrator"))
    with engine.begin() as conn, pytest.raises(admin_ops.AdminError):
        if operation == "disable":
            accounts.set_active(conn, admin, False, by=admin)
        else:
            accounts.change_user(conn, admin, by=admin, role="analyst")


@pytest.mark.parametrize("bad", ["with space", "tab\there", "", "x" * 101])
def test_user_names_are_refused_when_unusable(engine, bad):
    with engine.begin() as conn:
        office = create_office(conn, "А", KATOTTG_A)
        with pytest.raises(admin_ops.AdminError):
            _user(conn, bad, "caseworker", office)
