"""The store's side of identity: a sealed token only its owner's password opens, roles that live in the
encrypted store, failed unlocks and sign-ins in the hash-chained audit log (no server needed)."""

from __future__ import annotations

import json

import pytest

from desktop.store import audit
from desktop.store.keyslots import SLOTS_FILE, KeySlots, WrongPassword
from desktop.store.store import create_store, unlock_store
from tests.conftest import TEST_PASSWORD

OTHER = "пароль-колеги-1"


def test_a_token_is_sealed_in_its_owners_slot_moves_with_a_password_change_and_goes_with_a_reset(tmp_path):
    store = create_store(tmp_path / "d", "olena", TEST_PASSWORD, secrets={"user_token": "токен-олени"})
    store.add_user("petro", OTHER, role="caseworker", secrets={"user_token": "токен-петра"})
    store.close()
    raw = (tmp_path / "d" / SLOTS_FILE).read_text("utf-8")
    assert "токен" not in raw and "role" not in raw  # neither the token nor a role in plain text

    petro = unlock_store(tmp_path / "d", "petro", OTHER)
    try:
        assert petro.user_token == "токен-петра" and petro.user.role == "caseworker"
    finally:
        petro.close()
    assert petro.user_token is None  # gone from memory with the lock

    slots = KeySlots(tmp_path / "d")
    slots.change_password("petro", OTHER, "новий-пароль-петра")
    assert slots.open("petro", "новий-пароль-петра").secrets == {"user_token": "токен-петра"}
    head = unlock_store(tmp_path / "d", "olena", TEST_PASSWORD)
    try:
        assert head.user_token == "токен-олени"  # a colleague's own, never petro's
        head.reset_password("petro", "скинутий-пароль-1")
    finally:
        head.close()
    assert slots.open("petro", "скинутий-пароль-1").secrets == {}  # signs in to the server again


def test_failed_unlocks_and_sign_ins_are_chained_in_the_audit_log(tmp_path):
    create_store(tmp_path / "d", "olena", TEST_PASSWORD).close()
    for _ in range(2):
        with pytest.raises(WrongPassword):
            unlock_store(tmp_path / "d", "olena", "не той пароль")
    with pytest.raises(WrongPassword):
        unlock_store(tmp_path / "d", "nobody", "не той пароль")
    store = unlock_store(tmp_path / "d", "olena", TEST_PASSWORD)
    try:
        with store.engine.connect() as conn:
            entries = audit.entries_after(conn, 0, 100)
            assert audit.verify(conn) == []
        assert [(e["action"], e["user"]) for e in entries] == [
            ("store_created", "olena"), ("failed_unlock", "olena"), ("failed_unlock", "olena"),
            ("failed_unlock", "nobody"), ("sign_in", "olena")]
        with store.engine.begin() as conn, pytest.raises(Exception, match="append-only"):
            conn.exec_driver_sql("UPDATE audit_log SET user = 'x' WHERE seq = 2")
    finally:
        store.close()
    store = unlock_store(tmp_path / "d", "olena", TEST_PASSWORD)  # the failures are not recorded twice
    try:
        with store.engine.connect() as conn:
            actions = [e["action"] for e in audit.entries_after(conn, 0, 100)]
        assert actions.count("failed_unlock") == 3 and actions[-1] == "sign_in"
    finally:
        store.close()


def test_a_role_typed_into_the_slot_file_is_ignored(tmp_path):
    store = create_store(tmp_path / "d", "olena", TEST_PASSWORD)
    store.add_user("petro", OTHER, role="caseworker")
    store.close()
    path = tmp_path / "d" / SLOTS_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["slots"]["petro"]["role"] = "supervisor"
    path.write_text(json.dumps(doc), "utf-8")
    petro = unlock_store(tmp_path / "d", "petro", OTHER)
    try:
        assert petro.user.role == "caseworker"
    finally:
        petro.close()


def test_transfer_steps_are_in_the_audit_log(tmp_path):
    from desktop.services.cases import CaseService
    from desktop.services.synthetic import generate_registrations
    from desktop.services.transfers import TransferService

    store = create_store(tmp_path / "d", "olena", TEST_PASSWORD)  # the first user: a supervisor
    try:
        case_id = next(iter(CaseService(store).register(generate_registrations(1, seed=9)[0]).case_ids))
        transfers = TransferService(store)
        transfer_id = transfers.request(case_id, "інший-офіс", reason="переїзд", consent=True).record_ids[0]
        transfers.revoke(transfer_id)
        with store.engine.connect() as conn:
            tail = audit.entries_after(conn, audit.size(conn) - 2, 2)
        assert [(e["action"], e["case_id"], e["detail"]["transfer"]) for e in tail] == [
            ("transfer_requested", case_id, transfer_id), ("transfer_revoked", case_id, transfer_id)]
    finally:
        store.close()
