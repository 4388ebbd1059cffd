"""What a laptop gives back to a server restored from a backup, and what it keeps (desktop.store.recovery).
The whole story against a real server is tests/sync/test_server_restored.py; here the rules, one by one."""

from __future__ import annotations

import json

from desktop.services.synthetic import generate_registrations
from desktop.store.recovery import RECOVERY_STATE, Senders, prepare_recovery
from sync.wire import format_digest

ME, SUPERVISOR, STRANGER, DEVICE = "olena", "petro", "stranger", "device-here"


def _senders(*, supervisory: bool = False) -> Senders:
    return Senders(ME, frozenset({ME, SUPERVISOR}), DEVICE, supervisory)


def test_only_what_this_laptop_may_send_in_its_people_names_goes_back():
    s = _senders()
    assert s.change("household", {"size": 3}) == (ME, {"size": 3})  # names nobody: the person syncing
    assert s.change("history", {"user": ME, "device": DEVICE, "action": "view"})[0] == ME
    assert s.change("history", {"user": ME, "device": "another", "action": "view"}) is None
    assert s.change("journal_entry", {"author": SUPERVISOR, "text": "x"})[0] == SUPERVISOR  # waits for them
    assert s.change("journal_entry", {"author": STRANGER, "text": "x"}) is None
    assert s.change("conflict", {"status": "open"}) is None  # the server makes those
    assert s.change("transfer", {"requested_by": ME, "decided_by": SUPERVISOR}) is None  # two people
    # A case approved on another laptop goes back without the approval, which that laptop gives back.
    assert s.change("case", {"status": "open", "plan_approved_by": STRANGER, "plan_approved_on": "2026-11-02"}) == (
        ME, {"status": "open"})
    assert s.change("case", {"status": "open", "plan_approved_by": SUPERVISOR})[0] == SUPERVISOR


def test_a_caseworker_gives_back_the_cases_of_this_laptop_a_supervisor_every_case():
    assert _senders().for_case(ME) and _senders().for_case(SUPERVISOR) and _senders().for_case(None)
    assert not _senders().for_case(STRANGER)
    assert _senders(supervisory=True).for_case(STRANGER)


def _as_synced(store, began_at: int) -> dict[str, int]:
    """The store as after syncing with a server: every record numbered (in creation order) and its share
    counted, the outbox empty. Returns record id -> its number."""
    with store.engine.begin() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM records ORDER BY rowid")]
        numbers = {rid: n for n, rid in enumerate(ids, start=1)}
        conn.exec_driver_sql("UPDATE records SET server_seq = ?, server_share = ? WHERE id = ?",
                             [(n, n * 7919, rid) for rid, n in numbers.items()])
        conn.exec_driver_sql("DELETE FROM outbox")
    digest = 0
    for n in numbers.values():
        digest ^= n * 7919
    store.set_meta("digest", format_digest(digest))
    store.set_meta("synced_count", len(numbers))
    store.set_meta("cursor", len(numbers))
    return numbers


def test_the_lost_records_go_first_in_the_outbox_as_successors_of_the_backup(store, cases):
    cases.register_many(generate_registrations(3, seed=41))
    numbers = _as_synced(store, 0)
    began_at = len(numbers) // 2
    lost = sorted((n, rid) for rid, n in numbers.items() if n > began_at)
    cases.register_many(generate_registrations(1, seed=42))
    with store.engine.begin() as conn:  # work done here meanwhile, its base numbers from before the restore
        conn.exec_driver_sql("UPDATE outbox SET base_seq = ?", (len(numbers),))
        pending = [r[0] for r in conn.exec_driver_sql("SELECT change_id FROM outbox ORDER BY seq")]

    recovery = prepare_recovery(store, began_at, "epoch-2", recovering=store.author,
                                state={"server_epoch": "epoch-2", "server_went_back": None})

    assert (recovery.queued, recovery.kept_here, recovery.began_at) == (len(lost), 0, began_at)
    with store.engine.connect() as conn:
        outbox = conn.exec_driver_sql("SELECT seq, change_id, record_id, op, fields, base_seq, user FROM outbox "
                                      "ORDER BY seq").all()
        records = dict(conn.exec_driver_sql("SELECT id, data FROM records").all())
        unsynced = {r[0] for r in conn.exec_driver_sql("SELECT id FROM records WHERE server_seq = 0")}
    given_back = outbox[:len(lost)]
    assert [r.record_id for r in given_back] == [rid for _, rid in lost]  # in the server's old order
    assert all(r.seq < 0 and r.base_seq == began_at and r.user == store.author for r in given_back)
    assert all(json.loads(r.fields) == json.loads(records[r.record_id]) for r in given_back)  # whole state
    assert [r.change_id for r in outbox[len(lost):]] == pending  # then what was pending, in its order
    assert all(r.base_seq == began_at for r in outbox[len(lost):])  # no number the server lost
    assert {rid for _, rid in lost} <= unsynced
    digest = 0
    for n in numbers.values():
        if n <= began_at:
            digest ^= n * 7919
    assert store.get_meta("cursor") == began_at
    assert (store.get_meta("synced_count"), store.get_meta("digest")) == (began_at, format_digest(digest))
    assert store.get_meta("server_epoch") == "epoch-2" and store.get_meta("server_went_back") is None
    assert store.get_meta(RECOVERY_STATE)["queued"] == len(lost)
