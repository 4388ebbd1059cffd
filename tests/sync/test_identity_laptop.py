"""Every person signs in as themselves, the server decides who may do what, the laptop's audit log:
the laptop side of issue 11, against a real server process (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, update

from desktop.services.cases import CaseService
from desktop.services.session_sync import waiting_for
from desktop.services.sync_cycle import build_sync
from desktop.services.synthetic import generate_registrations
from desktop.services.users import UserError, UserService
from desktop.store import audit
from desktop.store.keyslots import SLOTS_FILE
from desktop.store.store import unlock_store
from sync.auditchain import Checkpoint, signature_valid
from sync.server import models as m
from sync.server.db import write_transaction
from tests.sync.conftest import FAST_RETRY, PASSWORD, poruch


def _sync(store):
    laptop = build_sync(store, retry=FAST_RETRY)  # the signed-in person's own token and changes
    try:
        return laptop.run()
    finally:
        laptop.close()


def _register(store, n: int, seed: int) -> list[str]:
    return sorted(c for cs in CaseService(store).register_many(generate_registrations(n, seed=seed))
                  for c in cs.case_ids)


def _server_authors(world, case_ids) -> dict[str, set[str]]:
    """case id -> the users named by its history entries on the server."""
    out: dict[str, set[str]] = {}
    with world.db.connect() as conn:
        for case_id, data in conn.execute(select(m.records.c.case_id, m.records.c.data).where(
                m.records.c.type == "history", m.records.c.case_id.in_(case_ids))):
            out.setdefault(case_id, set()).add(json.loads(data)["user"])
    return out


def test_two_people_share_a_laptop_and_each_ones_work_reaches_the_server_under_their_own_name(world):
    office, (head, colleague, late) = world.office("head", "colleague", "late")
    laptop = world.client(head)
    folder = laptop.data_dir
    users = UserService(laptop.store)
    with pytest.raises(UserError, match="не прийняв"):  # the colleague's own server password, checked by the server
        users.add(colleague, "місцевий-пароль-1", server_password="не-той-пароль-1")
    users.add(colleague, PASSWORD)
    users.add(late, PASSWORD, offline=True)  # no sign-in yet: works here, their changes wait
    rows = {u.username: u for u in users.users()}
    assert rows[colleague].signed_in and not rows[late].signed_in
    mine = _register(laptop.store, 3, seed=1)
    laptop.close()

    store = unlock_store(folder, colleague, PASSWORD)
    try:
        theirs = _register(store, 2, seed=2)
        _sync(store)  # the colleague's own token: their changes only
    finally:
        store.close()
    assert world.server_case_ids(office) >= set(theirs) and not set(mine) & world.server_case_ids(office)

    store = unlock_store(folder, late, PASSWORD)
    try:
        waiting = _register(store, 1, seed=3)
        with pytest.raises(Exception, match="не ввійшли"):
            build_sync(store)  # cannot sync before signing in
        assert waiting_for(store)[late] > 0 and waiting_for(store)[head] > 0
    finally:
        store.close()

    store = unlock_store(folder, head, PASSWORD)
    try:
        result = _sync(store)
        assert result.report.rejected == 0
        assert set(waiting_for(store)) == {late}  # named, never sent under the head's name
    finally:
        store.close()
    assert not set(waiting) & world.server_case_ids(office)

    store = unlock_store(folder, late, PASSWORD)
    try:
        UserService(store).sign_in(PASSWORD)
        _sync(store)
        assert waiting_for(store) == {}
    finally:
        store.close()
    authors = _server_authors(world, mine + theirs + waiting)
    assert all(authors[c] == {head} for c in mine)
    assert all(authors[c] == {colleague} for c in theirs)
    assert all(authors[c] == {late} for c in waiting)


def test_a_hand_edited_role_file_changes_nothing_and_the_server_says_who_may_approve(world):
    office, (worker,) = world.office("worker")
    laptop = world.client(worker)
    folder = laptop.data_dir
    case_id = _register(laptop.store, 1, seed=4)[0]
    assert laptop.store.user.role == "caseworker"
    laptop.close()

    doc = json.loads((folder / SLOTS_FILE).read_text("utf-8"))
    assert all("role" not in slot for slot in doc["slots"].values())  # the role is not in the plain file
    doc["slots"][worker]["role"] = "supervisor"
    (folder / SLOTS_FILE).write_text(json.dumps(doc), "utf-8")
    store = unlock_store(folder, worker, PASSWORD)
    try:
        assert store.user.role == "caseworker"  # the encrypted store's, not the file's
        # An approval attempted anyway is refused by the server, with its reason on the rejected list.
        CaseService(store).update("case", case_id, {"plan_approved_by": worker,
                                                    "plan_approved_on": date.today().isoformat()})
        result = _sync(store)
        assert result.report.rejected == 1
        with store.engine.connect() as conn:
            reasons = [r[0] for r in conn.exec_driver_sql("SELECT reason FROM rejected_changes")]
        assert reasons == ["approval_not_allowed"]

        # The server makes them a supervisor: the next sync says so, and the store keeps it.
        with write_transaction(world.db) as conn:
            conn.execute(update(m.users).where(m.users.c.username == worker).values(role="supervisor"))
        _sync(store)
        assert store.user.role == "supervisor"
    finally:
        store.close()
    store = unlock_store(folder, worker, PASSWORD)
    try:
        assert store.user.role == "supervisor"
    finally:
        store.close()


def test_the_laptops_audit_log_reaches_the_server_and_a_removed_entry_is_detected(world):
    office, (worker,) = world.office("auditor")
    laptop = world.client(worker)
    store = laptop.store
    case_id = _register(store, 1, seed=6)[0]
    service = CaseService(store)
    service.log_view(case_id)
    service.update("case", case_id, {"status": "active"})
    _sync(store)
    kept = store.get_meta(audit.AUDIT_CHECKPOINT_KEY)
    assert signature_valid(kept["public_key"], kept["text"], kept["signature"])
    with store.engine.connect() as conn:
        size = audit.size(conn)
        actions = [r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log ORDER BY seq")]
        history = [json.loads(r[0]) for r in conn.exec_driver_sql(
            "SELECT data FROM records WHERE type = 'history' AND json_extract(data, '$.action') = 'update'")]
    assert Checkpoint.parse(kept["text"]).size == size
    assert {"store_created", "register", "view", "update"} <= set(actions)
    assert history[0]["values"]["status"] == ["open", "active"]  # old and new values
    assert world.server.cli_result("audit", "verify").returncode == 0
    checked = poruch(store.data_dir, "audit", "verify", username=worker)
    # its own sign-in is the one entry more
    assert checked.returncode == 0 and f"записів {size + 1}" in checked.stdout, checked.stdout + checked.stderr

    # More work, then an entry removed from the middle before the next sync (the append-only trigger
    # dropped, as someone editing the file would).
    for _ in range(3):
        service.log_view(case_id)
    with store.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = ?", (size + 2,))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_append_only_delete")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = ?", (size + 2,))
        assert audit.verify(conn)[0].kind == "gap"
    local = poruch(store.data_dir, "audit", "verify", username=worker)
    assert local.returncode == 1 and "gap" in local.stdout  # the laptop sees it too
    result = _sync(store)
    assert result.audit is not None and any("gap" in b for b in result.audit.breaks)
    checked = world.server.cli_result("audit", "verify")
    assert checked.returncode == 1
    assert f"laptop {store.device_id}" in checked.stdout and "gap" in checked.stdout


def test_a_failed_me_is_said_and_the_audit_log_goes_with_the_next_sync(world, monkeypatch):
    from desktop.services import attachments, remote_wipe
    from desktop.services.sync_status import sync_status
    from sync.client.errors import ServerError

    office, (worker,) = world.office("audit-retry")
    store = world.client(worker).store
    case_id = _register(store, 1, seed=7)[0]
    _sync(store)
    assert sync_status(store)["audit_unsent"] == 0
    service = CaseService(store)
    service.log_view(case_id)
    scan = next(iter(service.add_attachment(case_id, {"filename": "скан.pdf"}, b"%PDF synthetic").record_ids))
    attachments.open_for_viewer(service, scan, "скан.pdf")  # a decrypted copy: printable from the viewer
    attachments.purge_temp_files()
    real_fetch = remote_wipe.fetch_me

    def failing(transport):
        raise ServerError("503", status=503)  # the server (or the proxy before it) failed just this request

    monkeypatch.setattr(remote_wipe, "fetch_me", failing)
    result = _sync(store)
    assert result.report.error_code is None  # the records synced
    assert result.audit is None and "журнал аудиту" in result.audit_error
    status = sync_status(store)
    assert status["audit_unsent"] >= 1 and "журнал аудиту" in status["audit_error"]

    monkeypatch.setattr(remote_wipe, "fetch_me", real_fetch)
    result = _sync(store)
    assert result.audit_error is None and result.audit.sent >= 1
    status = sync_status(store)
    assert status["audit_unsent"] == 0 and status["audit_error"] is None
    with world.db.connect() as conn:  # the opening reached the server's log, as the person who opened it
        opened = conn.execute(select(m.audit_log.c.object_ids, m.audit_log.c.user_id).where(
            m.audit_log.c.action == "laptop_attachment_open")).all()
    assert len(opened) == 1 and opened[0].user_id is not None and scan in opened[0].object_ids
