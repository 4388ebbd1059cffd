"""Remote wipe and the office's policies on the laptop, against a real server process.

The status credential kept outside the encrypted store asks "am I revoked?" with nothing unlocked; the
sync cycle brings the office's policies (/me) where the locked laptop reads them; wrong passwords in a
row wipe at the policy's limit; days without contact lock the laptop out. And what a wipe leaves behind:
every byte of every file left in the data folder (and the folder listing), read back, holds neither key
material nor a stored name, even when deleting the files is cut short after the key slots.
"""

from __future__ import annotations

import base64
import json
import os

import pytest
from sqlalchemy import select

from desktop.services import device_guard as dg
from desktop.services.attachments import open_for_viewer, private_temp_dir
from desktop.services.remote_wipe import ask_server, ensure_status_credential, report_wiped
from desktop.services.sync_cycle import run_full_cycle
from desktop.services.synthetic import generate_registrations
from desktop.services.wipe import unconfirmed_files, unsynced_changes, wipe_data_dir
from desktop.store.database import backup_database
from desktop.store.keyslots import WrongPassword
from desktop.store.store import unlock_store
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.policies import set_policy
from tests.sync.conftest import PASSWORD, poruch


def test_the_status_credential_is_kept_outside_the_store_and_asks_only_whether_revoked(world):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    guard = dg.load_guard(laptop.data_dir)
    assert guard.can_ask and guard.device_id == laptop.device_id and guard.server_url == world.url
    assert ask_server(laptop.data_dir).reached and not ask_server(laptop.data_dir).wipe
    world.revoke(laptop.device_id)
    answer = ask_server(laptop.data_dir)
    assert answer.reached and answer.wipe
    assert report_wiped(guard, "remote")
    with world.db.connect() as conn:
        wiped_at = conn.execute(select(m.devices.c.wiped_at).where(m.devices.c.id == laptop.device_id)).scalar_one()
    assert wiped_at is not None


def test_an_unreachable_server_or_no_credential_never_orders_a_wipe(world, tmp_path):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    dg.update_guard(laptop.data_dir, server_url="http://127.0.0.1:9")  # nothing listens on the discard port
    assert ask_server(laptop.data_dir, timeout=2.0) == ask_server(laptop.data_dir, timeout=2.0)
    assert not ask_server(laptop.data_dir, timeout=2.0).reached
    assert not ask_server(tmp_path / "nothing-here").reached


def test_sync_brings_the_office_policies_and_a_credential_for_an_older_enrolment(world):
    office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    dg.guard_path(laptop.data_dir).unlink()  # enrolled before protocol 3: no credential on the laptop
    with write_transaction(world.db) as conn:
        set_policy(conn, office, by=None, wipe_after_failed_unlocks=4, lockout_after_days=20)
    engine = laptop.engine()
    try:
        result = run_full_cycle(laptop.store, engine)
    finally:
        engine.transport.close()
    assert result.me is not None and result.me.policy.wipe_after_failed_unlocks == 4
    guard = dg.load_guard(laptop.data_dir)
    assert (guard.wipe_after_failed_unlocks, guard.lockout_after_days) == (4, 20)
    assert guard.can_ask and guard.last_contact_ms is not None
    assert ask_server(laptop.data_dir).reached  # the newly issued credential works
    transport = laptop.engine().transport
    try:
        assert not ensure_status_credential(transport, laptop.data_dir)  # one is enough
    finally:
        transport.close()


def test_wrong_passwords_in_a_row_wipe_at_the_policy_limit(world):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    data_dir = laptop.data_dir
    laptop.close()
    dg.set_policy(data_dir, 3, None)
    for _ in range(2):
        with pytest.raises(WrongPassword):
            dg.unlock_with_policies(data_dir, anna, "не той пароль")
    dg.unlock_with_policies(data_dir, anna, PASSWORD).close()  # a right one starts the count again
    assert dg.load_guard(data_dir).failed_unlocks == 0
    for _ in range(2):
        with pytest.raises(WrongPassword):
            dg.unlock_with_policies(data_dir, anna, "не той пароль")
    # the key slots slow guessing down after three failures: this test is not a guesser
    (data_dir / "unlock-attempts.json").unlink()
    with pytest.raises(dg.WipedAfterFailedUnlocks) as wiped:
        dg.unlock_with_policies(data_dir, anna, "не той пароль")
    assert wiped.value.failures == 3 and wiped.value.guard.can_ask
    assert not data_dir.exists()
    assert report_wiped(wiped.value.guard, "failed_unlocks")


def test_days_without_contact_lock_the_laptop_out_until_the_server_answers(world):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    data_dir = laptop.data_dir
    laptop.close()
    dg.set_policy(data_dir, None, 7)
    dg.update_guard(data_dir, last_contact_ms=dg.now_ms() - 8 * dg.DAY_MS)
    with pytest.raises(dg.LockedOut) as held:
        dg.unlock_with_policies(data_dir, anna, PASSWORD)
    assert (held.value.lockout.days_without_contact, held.value.lockout.limit_days) == (8, 7)
    assert dg.load_guard(data_dir).failed_unlocks == 0  # not a password failure
    assert ask_server(data_dir).reached  # contact: the lockout lifts
    dg.unlock_with_policies(data_dir, anna, PASSWORD).close()


# --- what a wipe leaves ---------------------------------------------------------------------------------
def _image(folder) -> bytes:
    """The data folder as an image: its listing and every byte of every file left in it."""
    if not folder.exists():
        return b""
    parts = []
    for path in sorted(folder.rglob("*")):
        parts.append(str(path.relative_to(folder)).encode())
        if path.is_file():
            parts.append(path.read_bytes())
    return b"\n".join(parts)


def _secrets_and_names(laptop, case_names):
    slots = json.loads((laptop.data_dir / "keyslots.json").read_text("utf-8"))["slots"]
    key = laptop.store._key
    secrets = {"database key": key, "database key (hex)": key.hex().encode()}
    for user, slot in slots.items():
        secrets[f"{user}'s wrapped key"] = base64.b64decode(slot["wrapped_key"])
        secrets[f"{user}'s wrapped key (base64)"] = slot["wrapped_key"].encode()
    secrets["status credential"] = dg.load_guard(laptop.data_dir).status_token.encode()
    for name in case_names:
        secrets[f"name {name}"] = name.encode("utf-8")
        secrets[f"name {name} (UTF-16)"] = name.encode("utf-16-le")
    return secrets


def _laptop_with_cases(world):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    regs = generate_registrations(25, seed=11)
    ids = [next(iter(cs.case_ids)) for cs in laptop.cases.register_many(regs)]
    laptop.cases.add_attachment(ids[0], {"filename": "довідка.txt", "mime_type": "text/plain"},
                                f"Довідка ВПО: {regs[0].person['surname']}".encode())
    laptop.sync()
    with laptop.store.engine.connect() as conn:  # closed: an open read would hold the checkpoint below
        attachment_id = conn.exec_driver_sql("SELECT id FROM records WHERE type = 'attachment'").scalar_one()
    viewer_copy = open_for_viewer(laptop.cases, attachment_id, "довідка.txt").path
    backup_database(laptop.store.engine, laptop.store.db_path, "test")
    names = sorted({r.person[k] for r in regs for k in ("surname", "given_name") if r.person.get(k)}
                   | {laptop.store.get_meta("office_name")})
    assert not any(os.sep in n for n in names)
    return laptop, names, viewer_copy


def test_a_wiped_data_folder_holds_no_key_material_and_no_name(world):
    laptop, names, viewer_copy = _laptop_with_cases(world)
    secrets = _secrets_and_names(laptop, names)
    data_dir = laptop.data_dir
    before = _image(data_dir)
    assert any(v in before for v in secrets.values())  # the search finds them while they are there
    result = wipe_data_dir(data_dir, laptop.store)
    assert result.complete and result.removed[0].endswith("keyslots.json")
    image = _image(data_dir)
    assert [k for k, v in secrets.items() if v in image] == []
    assert not viewer_copy.exists() and not any(private_temp_dir().parent.glob("poruch-open-*/*"))


def test_wiping_cut_short_after_the_key_slots_leaves_only_unreadable_bytes(world):
    """A power cut right after the slots: the database, its WAL, backups and the rest are still there,
    and still nothing in them is a key or a name (SQLCipher pages; the slot file overwritten)."""
    laptop, names, viewer_copy = _laptop_with_cases(world)
    secrets = _secrets_and_names(laptop, names)
    # The status credential is kept in the clear by design (it can only ask "am I revoked?"); the full
    # wipe above removes it, an interrupted one may leave it.
    del secrets["status credential"]
    data_dir = laptop.data_dir
    with laptop.store.engine.connect() as conn:  # the WAL holds the latest pages
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"

    class PowerCut(Exception):
        pass

    def cut() -> None:
        raise PowerCut

    with pytest.raises(PowerCut):
        wipe_data_dir(data_dir, None, before_files=cut)
    left = {p.name for p in data_dir.iterdir()}
    assert {"poruch.db", "backups"} <= left and "keyslots.json" not in left
    assert not viewer_copy.exists()
    image = _image(data_dir)
    assert len(image) > 100_000
    assert [k for k, v in secrets.items() if v in image] == []
    laptop.store.close()
    with pytest.raises(Exception):  # noqa: B017 - whatever it raises, nobody opens it again
        unlock_store(data_dir, laptop.store.user.username, PASSWORD)


def test_a_revoked_laptop_wipes_itself_when_the_command_line_starts_before_any_password(world):
    """`poruch status` on a lost laptop: the real command line and a real server."""
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    data_dir, device_id = laptop.data_dir, laptop.device_id
    laptop.close()
    with write_transaction(world.db) as conn:
        assert admin_ops.mark_device_lost(conn, device_id)
    done = poruch(data_dir, "status", username=anna)  # the password is never tried: the check comes first
    assert done.returncode == 5, done.stderr
    assert "відкликано" in done.stderr and not data_dir.exists()
    with world.db.connect() as conn:
        row = conn.execute(select(m.devices.c.wiped_at, m.devices.c.revoked_at)
                           .where(m.devices.c.id == device_id)).one()
    assert row.wiped_at is not None and row.revoked_at is not None


def test_the_warning_counts_attachment_files_the_server_has_not_confirmed(world):
    _office, (anna,) = world.office("anna")
    laptop = world.client(anna)
    case_id = next(iter(laptop.cases.register_many(generate_registrations(1, seed=5))[0].case_ids))
    laptop.cases.add_attachment(case_id, {"filename": "скан.txt", "mime_type": "text/plain"}, b"scan bytes")
    assert unsynced_changes(laptop.store) > 0 and unconfirmed_files(laptop.store) == 0  # not even sent yet
    laptop.sync()  # the records only: the file's bytes not yet
    assert unsynced_changes(laptop.store) == 0 and unconfirmed_files(laptop.store) == 1
    engine = laptop.engine()
    try:
        run_full_cycle(laptop.store, engine)  # records, then the bytes, checked with the server
    finally:
        engine.transport.close()
    assert unconfirmed_files(laptop.store) == 0
