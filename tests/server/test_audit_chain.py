"""The server's hash-chained audit log and what laptops send from theirs, through a real server and its CLI.

Tests run in file order on one server: the clean checks first, then the ones that break a chain for good.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, select, update

from sync.auditchain import GENESIS, Checkpoint, laptop_entry_hash, signature_valid
from sync.protocol import PROTOCOL_HEADER, STATUS_SCHEME
from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import write_transaction
from tests.server.helpers import PROTO, case_fields
from tests.support import loopback


def laptop_log(n: int, *, user: str = "anna", start: int = 1, previous: str = GENESIS,
               case_id: str | None = None) -> list[dict]:
    """`n` chained entries of a laptop's log, as a laptop would send them."""
    entries = []
    for seq in range(start, start + n):
        entry = {"seq": seq, "at": 1_700_000_000_000 + seq, "user": user, "action": "view",
                 "case_id": case_id or f"case-{seq}", "record_type": "case", "fields": None, "detail": None}
        entry["hash"] = laptop_entry_hash(previous, entry)
        previous = entry["hash"]
        entries.append(entry)
    return entries


def send(dev, entries):
    r = dev.request("POST", "/audit", json={"entries": entries})
    assert r.status_code == 200, r.text
    return r.json()


def verify(world, *args: str):
    done = world.server.cli_result("audit", "verify", *args)
    return done.returncode, done.stdout


def test_a_laptops_log_is_appended_and_answered_with_a_signed_checkpoint(world, tmp_path):
    enrolled = loopback.post(f"{world.url}/api/v1/enroll", headers={PROTOCOL_HEADER: "3"}, timeout=60,
                             json={"username": "anna", "password": "пароль-для-тестів-1", "device_name": "ноутбук"}).json()
    public_key = enrolled["audit_public_key"]
    dev = world.device("anna")
    case_id = dev.new_case()[0]
    entries = laptop_log(5, case_id=case_id)
    answer = send(dev, entries)
    assert (answer["accepted"], answer["duplicates"], answer["breaks"]) == (5, 0, [])
    cp = Checkpoint.parse(answer["checkpoint"]["text"])
    assert (cp.device_id, cp.size, cp.hash) == (dev.device_id, 5, entries[-1]["hash"])
    assert signature_valid(public_key, answer["checkpoint"]["text"], answer["checkpoint"]["signature"])
    assert not signature_valid(public_key, answer["checkpoint"]["text"].replace("size 5", "size 4"),
                               answer["checkpoint"]["signature"])
    # a resend after a lost answer is harmless; the log continues where it stopped
    assert send(dev, entries[3:])["duplicates"] == 2
    more = laptop_log(2, start=6, previous=entries[-1]["hash"])
    assert send(dev, more)["accepted"] == 2
    assert dev.request("GET", "/me").json()["audit"] == {"size": 7, "hash": more[-1]["hash"]}
    # the whole chain holds, and so does the checkpoint the laptop kept
    path = tmp_path / "checkpoint.json"
    path.write_text(json.dumps(answer["checkpoint"]))
    code, out = verify(world, "--checkpoint", str(path))
    assert code == 0, out
    assert "the audit log is intact" in out
    # "who viewed or changed case X": the laptop's views and the server's push, by time
    listed = world.server.run_cli("audit", "query", "--case", case_id, "--json")
    actions = [json.loads(line)["action"] for line in listed.splitlines()]
    assert "push" in actions and actions.count("laptop_view") == 5


def test_an_entry_removed_from_the_middle_of_a_laptops_log_is_flagged(world):
    dev = world.device("andriy", fresh=True)
    entries = laptop_log(8, user="andriy")
    del entries[4]  # entry 5 removed on the laptop before it was sent
    answer = send(dev, entries)
    assert answer["accepted"] == 7
    assert [(b["seq"], b["kind"]) for b in answer["breaks"]] == [(6, "gap")]
    with world.engine.connect() as conn:
        row = conn.execute(select(m.devices.c.audit_breaks).where(m.devices.c.id == dev.device_id)).first()
    assert row.audit_breaks == 1
    code, out = verify(world)
    assert code == 1
    assert f"laptop {dev.device_id}: entry 6: gap (5..5 missing)" in out
    # and `audit query --what chain` lists it
    flagged = world.server.run_cli("audit", "query", "--what", "chain", "--json")
    assert dev.device_id in flagged


def test_a_rewritten_entry_is_flagged_and_the_original_kept(world):
    dev = world.device("alla", fresh=True)
    entries = laptop_log(4, user="alla")
    send(dev, entries)
    forged = dict(entries[1], case_id="another-case")
    forged["hash"] = laptop_entry_hash(entries[0]["hash"], forged)  # re-chained on the laptop
    answer = send(dev, [forged])
    assert [(b["seq"], b["kind"]) for b in answer["breaks"]] == [(2, "rewritten")]
    with world.engine.connect() as conn:
        kept = conn.execute(select(m.audit_log.c.object_ids).where(m.audit_log.c.device_id == dev.device_id,
                                                                   m.audit_log.c.device_seq == 2)).scalar_one()
    assert json.loads(kept)["case"] == "case-2"
    # an entry whose hash does not follow from the one before, sent new
    bad = laptop_log(1, user="alla", start=5, previous="f" * 64)
    assert [b["kind"] for b in send(dev, bad)["breaks"]] == ["rewritten"]


def test_the_status_credential_only_asks_whether_the_device_is_revoked(world):
    r = loopback.post(f"{world.url}/api/v1/enroll", headers={PROTOCOL_HEADER: "3"}, timeout=60,
                      json={"username": "bohdan", "password": "пароль-для-тестів-1", "device_name": "x"})
    body = r.json()
    device_id, token = body["device_id"], body["status_token"]
    status = {**PROTO, "Authorization": f"{STATUS_SCHEME} {device_id}.{token}"}

    def ask():
        return loopback.post(f"{world.url}/api/v1/device/status", headers=status, timeout=30)

    assert ask().json()["state"] == "active" and ask().json()["wipe"] is False
    # it opens nothing else
    for method, path in (("POST", "/sync/pull"), ("GET", "/me"), ("POST", "/audit"), ("GET", "/sync/digest"),
                         ("POST", "/device/status-token")):
        r = loopback.request(method, f"{world.url}/api/v1{path}", headers=status, json={"cursor": 0, "entries": []})
        assert r.status_code == 401 and r.json()["code"] == "bad_credentials", (path, r.text)
    wrong = {**status, "Authorization": f"{STATUS_SCHEME} {device_id}.{token}x"}
    assert loopback.post(f"{world.url}/api/v1/device/status", headers=wrong).json()["code"] == "bad_status_credentials"
    world.server.revoke_device(device_id)
    answer = ask().json()
    assert (answer["state"], answer["wipe"]) == ("revoked", True)
    # the wiped laptop says so; the log records it
    assert loopback.post(f"{world.url}/api/v1/device/wiped", headers=status, json={"reason": "remote"}).status_code == 204
    with world.engine.connect() as conn:
        assert conn.execute(select(m.devices.c.wiped_at).where(m.devices.c.id == device_id)).scalar_one()
        wiped = conn.execute(select(m.audit_log.c.object_ids).where(m.audit_log.c.action == "device_wiped")).scalars()
        assert any(device_id in ids for ids in wiped)


def test_a_device_enrolled_before_protocol_3_gets_a_status_credential(world):
    dev = world.device("bella", fresh=True)
    with write_transaction(world.engine) as conn:
        conn.execute(update(m.devices).where(m.devices.c.id == dev.device_id).values(status_hash=None))
    token = dev.request("POST", "/device/status-token").json()["status_token"]
    r = loopback.post(f"{world.url}/api/v1/device/status", timeout=30,
                      headers={**PROTO, "Authorization": f"{STATUS_SCHEME} {dev.device_id}.{token}"})
    assert r.json()["state"] == "active"


def test_z_an_entry_removed_from_the_servers_log_breaks_its_chain(world):
    dev = world.device("anna")
    dev.new_case()
    with write_transaction(world.engine) as conn:
        ids = conn.execute(select(m.audit_log.c.id).order_by(m.audit_log.c.id)).scalars().all()
        victim = ids[len(ids) // 2]
        conn.execute(delete(m.audit_log).where(m.audit_log.c.id == victim))
    code, out = verify(world)
    assert code == 1
    following = next(i for i in ids if i > victim)
    assert f"server log: entry {following} does not follow from the entry before" in out


def test_z_changes_by_a_case_id_are_found_for_a_case_of_the_push(world):
    dev = world.device("andriy")
    case_id = new_id()
    dev.push_ok([dev.change(case_id, "case", case_id, case_fields(dev.office_id, assigned_to="andriy"))])
    listed = world.server.run_cli("audit", "query", "--case", case_id, "--what", "changes")
    assert "push" in listed and "andriy" in listed
