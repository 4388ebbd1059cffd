"""Receiving a laptop's audit log: check that it continues where it left off, append it, sign a checkpoint.

Each laptop keeps its own hash-chained log (views, edits, exports, sign-ins, failed unlocks, wipes)
and sends what the server has not seen yet. The server remembers, per device, the number and hash
of the last entry it holds. What arrives must continue from there:
- an entry number skipped is a **gap** (entries removed on the laptop before they were sent);
- an entry whose hash does not follow from the one before, or an entry the server already holds
  arriving with a different hash, is **rewritten**.
Either is flagged, never silently accepted: an `audit_chain_break` entry in the server's own log,
the device's break counter (shown in the console), and the answer names it. The entries are kept
all the same (the record of what the laptop says is better than none); the originals of rewritten
entries the server already held stay as they were.

The answer carries a checkpoint signed with the server's key: the laptop keeps it, so that either
side can later show that the other's log was cut short below it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, select, update

from sync.auditchain import GENESIS, Checkpoint, laptop_entry_hash, public_key_text, sign
from sync.protocol import AuditBreak, AuditEntry, SignedCheckpoint
from sync.server import models as m
from sync.server.audit import append, append_many, last_entry, lock_log
from sync.server.db import now_ms

LAPTOP_PREFIX = "laptop_"  # actions of entries that came from a laptop's log


@dataclass
class Received:
    accepted: int = 0
    duplicates: int = 0
    breaks: list[AuditBreak] = field(default_factory=list)
    size: int = 0
    hash: str = GENESIS


def stored_ids(entry: AuditEntry) -> str:
    """The `object_ids` of a laptop entry: everything its hash covers besides what has a column."""
    ids = {"user": entry.user, "case": entry.case_id, "record_type": entry.record_type, "fields": entry.fields,
           "detail": entry.detail, "hash": entry.hash}
    return json.dumps({k: v for k, v in ids.items() if v is not None}, ensure_ascii=False, sort_keys=True)


def laptop_entry(row) -> dict:
    """The laptop's entry as it hashed it, from a stored row (for `audit verify`)."""
    ids = json.loads(row.object_ids)
    return {"seq": row.device_seq, "at": row.at, "user": ids.get("user"), "action": row.action[len(LAPTOP_PREFIX):],
            "case_id": ids.get("case"), "record_type": ids.get("record_type"), "fields": ids.get("fields"),
            "detail": ids.get("detail"), "hash": ids.get("hash")}


def position(conn: Connection, device_id: str) -> tuple[int, str | None]:
    d = m.devices.c
    row = conn.execute(select(d.audit_seq, d.audit_hash).where(d.id == device_id)).first()
    return (int(row.audit_seq), row.audit_hash) if row else (0, None)


def receive(conn: Connection, device_id: str, entries: list[AuditEntry]) -> Received:
    """Check and append `entries` in `conn`'s write transaction."""
    lock_log(conn)  # the device's position and the server log move together
    size, last_hash = position(conn, device_id)
    out = Received(size=size, hash=last_hash or GENESIS)
    entries = sorted(entries, key=lambda e: e.seq)
    old = [e for e in entries if e.seq <= size]
    if old:
        _check_known(conn, device_id, old, out)
    users = _user_ids(conn, {e.user for e in entries if e.seq > size})
    rows, previous, expected = [], out.hash, size + 1
    for e in entries:
        if e.seq <= size:
            continue  # checked above
        if e.seq < expected:  # sorted: the same number twice in one batch
            out.breaks.append(AuditBreak(seq=e.seq, kind="order", detail="sent twice"))
            continue
        as_dict = e.model_dump()
        if e.seq > expected:
            out.breaks.append(AuditBreak(seq=e.seq, kind="gap", detail=f"{expected}..{e.seq - 1} missing"))
        elif laptop_entry_hash(previous, as_dict) != e.hash:
            out.breaks.append(AuditBreak(seq=e.seq, kind="rewritten",
                                         detail="its hash does not follow from the entry before"))
        rows.append(dict(action=LAPTOP_PREFIX + e.action, ids=stored_ids(e), user_id=users.get(e.user),
                         device_id=device_id, at=e.at, device_seq=e.seq))
        previous, expected = e.hash, e.seq + 1
    if rows:
        append_many(conn, rows)
        out.accepted, out.size, out.hash = len(rows), expected - 1, previous
    for b in out.breaks:
        append(conn, "audit_chain_break", {"device": device_id, "seq": b.seq, "kind": b.kind, "detail": b.detail},
               device_id=device_id)
    if rows or out.breaks:
        d = m.devices.c
        conn.execute(update(m.devices).where(d.id == device_id).values(
            audit_seq=out.size, audit_hash=out.hash, audit_breaks=d.audit_breaks + len(out.breaks)))
    return out


def _check_known(conn: Connection, device_id: str, old: list[AuditEntry], out: Received) -> None:
    """Entries the server holds already: the same hash is a resend (a lost answer), another is a rewrite."""
    a = m.audit_log.c
    held = {row.device_seq: json.loads(row.object_ids).get("hash") for row in conn.execute(
        select(a.device_seq, a.object_ids).where(a.device_id == device_id,
                                                 a.device_seq.in_(sorted({e.seq for e in old}))))}
    for e in old:
        if held.get(e.seq) == e.hash:
            out.duplicates += 1
        else:
            out.breaks.append(AuditBreak(seq=e.seq, kind="rewritten",
                                         detail="differs from the entry received before" if e.seq in held
                                         else "an entry the server never received"))


def _user_ids(conn: Connection, usernames: set[str]) -> dict[str, str]:
    if not usernames:
        return {}
    u = m.users.c
    return {r.username: r.id for r in conn.execute(select(u.username, u.id).where(u.username.in_(sorted(usernames))))}


def checkpoint(conn: Connection, key: Ed25519PrivateKey, device_id: str, size: int, last_hash: str) -> SignedCheckpoint:
    """A signed statement of where this device's log and the server's log stand (in `conn`'s transaction)."""
    server_size, server_hash = last_entry(conn)
    cp = Checkpoint(device_id=device_id, size=size, hash=last_hash, server_size=server_size,
                    server_hash=server_hash, time_ms=now_ms())
    text = cp.text()
    return SignedCheckpoint(text=text, signature=sign(key, text), public_key=public_key_text(key))
