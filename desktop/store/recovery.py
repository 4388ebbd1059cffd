"""Giving a restored server back what this laptop holds of the work it lost (docs/sync-protocol.md, Verification).

A server put back from a backup no longer has the changes numbered after the backup (`began_at`, the
counter its new epoch began at). This laptop may hold them: its own acknowledged work, and what it pulled
of colleagues'. In one local transaction, each record numbered above `began_at` becomes a change in the
outbox again - its whole current state, as a successor of the backup's state (`base_seq` = `began_at`), with
the record's own time stamp - so the ordinary push gives it back to the server, field-merged with anything
written there since the restore (a field changed on both sides becomes a conflict record, as always).

What this laptop may not send in someone else's name stays here, unsynced, and is counted in the report:
records that name an author who never signed in on this laptop, a history entry made on another device, and
conflict records (the server makes those). Their author's own laptop recovers them; if it does, the next
pull replaces the copy here. A record whose author did sign in here waits in the outbox for them, as any
change of theirs does.

Recovery changes go first in the outbox (negative positions, in the order the server numbered them, so a case
goes before its records) and carry the record's whole state, so the pending changes after them only repeat
values. Pending changes' base numbers are brought down to `began_at`: a number above it names a state the
server lost, and the merge would take fields written since the restore for ones this laptop had seen.
The files of attachments went back with the database (the server keeps them in it): the attachment pass is
told to ask again about every attachment numbered after the backup, so the files this laptop holds go back too.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from desktop.store import tables as t
from desktop.store.database import read_metas, write_metas, writing
from desktop.store.identity import all_users
from sync.client.attachments import CHECKED_KEY
from sync.records.ids import new_id
from sync.records.permissions import APPROVAL_FIELDS, AUTHOR_FIELDS, DEVICE_FIELDS, is_supervisory
from sync.records.schema import RECORD_TYPES
from sync.wire import canonical_json, format_digest, parse_digest

RECOVERY_STATE = "server_recovery"  # meta: what the last recovery queued and kept (for status)
# Answers to a recovery change that mean there is nothing to give back: the server holds that journal or
# history entry already (append_only), or never saw the record a tombstone is for (unknown_record).
NOTHING_TO_RECOVER = ("append_only", "unknown_record")
_MASK64 = (1 << 64) - 1
# Records that cannot do without their author fields: created once, or their author is what they say.
_CREATED_ONCE = frozenset(name for name, kind in RECORD_TYPES.items() if kind.append_only)


@dataclass(frozen=True)
class Recovery:
    epoch: str
    began_at: int
    queued: int       # records queued to be given back
    kept_here: int    # records only this laptop holds now, not its to send
    waiting: int      # of the queued, those waiting for their author to sign in here
    at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Senders:
    """Who may give what back from this laptop."""
    recovering: str            # the person syncing now
    local_authors: frozenset   # everyone who signed in on this laptop (the server's names)
    device_id: str
    supervisory: bool          # the recovering person's role may create a case assigned to someone else

    def for_case(self, assigned_to: str | None) -> bool:
        """A caseworker gives back the cases of people of this laptop (the server lets them create a case
        assigned to themselves only); a supervisor or district user every case of their scope."""
        return self.supervisory or assigned_to in (None, "") or assigned_to in self.local_authors

    def change(self, record_type: str, data: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """(sender, fields) of the change giving this record back; None when only someone else may: a
        conflict record (the server makes them), a history entry of another device, a record created in the
        name of someone who never signed in here or of two people. Of an edited record (a case approved by
        a supervisor of another laptop) the fields naming someone else are left out instead, the approval
        date with the approval: their own laptop gives them back."""
        if record_type == "conflict":
            return None
        if any(data.get(f) not in (None, "", self.device_id) for f in DEVICE_FIELDS.get(record_type, ())):
            return None
        named = {f: data[f] for f in AUTHOR_FIELDS.get(record_type, ()) if data.get(f) not in (None, "")}
        foreign = {f for f, who in named.items() if who not in self.local_authors}
        if foreign and (record_type in _CREATED_ONCE or record_type != "case"):
            return None
        if foreign:  # a case: its approval came from someone else's laptop
            data = {k: v for k, v in data.items() if k not in APPROVAL_FIELDS}
            named = {}
        people = set(named.values())
        if len(people) > 1:
            return None
        return (people.pop() if people else self.recovering), data


def prepare_recovery(store, began_at: int, epoch: str, *, recovering: str, signed_in: set[str] | None = None,
                     state: dict[str, Any]) -> Recovery:
    """Queue what the server lost and this laptop holds, in one transaction with `state` (the epoch now known,
    the stop mark cleared). `signed_in`: the authors whose changes this sync sends (None: all)."""
    with writing(store.engine) as conn, conn.begin():
        users = all_users(conn)
        role = next((u.role for u in users if u.author == recovering), "caseworker")
        senders = Senders(recovering, frozenset({u.author for u in users} | {recovering}), store.device_id,
                          is_supervisory(role))
        rows = conn.exec_driver_sql(
            "SELECT id, type, case_id, data, deleted, updated_at, server_share FROM records "
            "WHERE server_seq > ? ORDER BY server_seq", (began_at,)).all()
        owners = dict(conn.exec_driver_sql(
            "SELECT id, json_extract(data, '$.assigned_to') FROM records WHERE type = 'case' AND id IN "
            "(SELECT case_id FROM records WHERE server_seq > ?)", (began_at,)).all())
        first = conn.exec_driver_sql("SELECT min(seq) FROM outbox").scalar() or 1
        position = min(0, first) - len(rows)
        outbox, waiting = [], 0
        meta = read_metas(conn, ("digest", "synced_count", "cursor", CHECKED_KEY))
        digest, count = parse_digest(meta.get("digest")), int(meta.get("synced_count") or 0)
        for rid, rtype, case_id, data, deleted, updated_at, share in rows:
            digest ^= (share or 0) & _MASK64  # not the server's any more: counted again once it confirms
            count -= 1
            change = senders.change(rtype, json.loads(data)) if senders.for_case(owners.get(case_id)) else None
            if change is None:
                continue
            user, fields = change
            waiting += signed_in is not None and user not in signed_in
            outbox.append({"seq": position + len(outbox), "change_id": new_id(), "record_id": rid,
                           "record_type": rtype, "case_id": case_id, "op": "delete" if deleted else "upsert",
                           "fields": "{}" if deleted else canonical_json(fields), "base_seq": began_at, "hlc": updated_at,
                           "user": user})
        if outbox:
            conn.execute(t.outbox.insert(), outbox)
        conn.exec_driver_sql("UPDATE outbox SET base_seq = ? WHERE base_seq > ?", (began_at, began_at))
        conn.exec_driver_sql("UPDATE records SET server_seq = 0, server_share = ? WHERE server_seq > ?",
                             (t.UNSYNCED_SHARE, began_at))
        recovery = Recovery(epoch, began_at, len(outbox), len(rows) - len(outbox), waiting,
                            datetime.now(UTC).isoformat(timespec="seconds"))
        values = {**state, "digest": format_digest(digest), "synced_count": count, RECOVERY_STATE: recovery.as_dict(),
                  "cursor": min(int(meta.get("cursor") or 0), began_at),
                  # The attachment files went back with the database: ask again about those given back.
                  CHECKED_KEY: min(int(meta.get(CHECKED_KEY) or 0), began_at)}
        write_metas(conn, values)
    return recovery
