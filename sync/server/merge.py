"""Per-field merge of an incoming change into a record's state (pure: no database, no clock).

For every field the server remembers [seq, effective_ts, device_id, user] of the change that last
set it. A change whose `base_seq` covers the field's seq saw the current value and simply
succeeds it; otherwise the two edits are concurrent and the greater (effective_ts, device_id)
wins, the other value being kept as a conflict. The order in which concurrent changes arrive
does not change the winner, so every device converges on the same value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.records.ids import HybridClock
from sync.wire import canonical_json, record_hash_of_json

SEQ, TS, DEVICE, USER = range(4)  # positions in a field_meta entry
SERVER_DEVICE = "server"


def effective_ts(hlc: int, server_now_ms: int) -> int:
    """A clock running ahead cannot win beyond the moment its change reached the server."""
    return min(hlc, server_now_ms * HybridClock.COUNTER_SPAN + HybridClock.COUNTER_SPAN - 1)


def ts_iso(ts: int) -> str:
    ms = ts // HybridClock.COUNTER_SPAN
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


class RecordState:
    """A record as the server holds it, plus what is needed to write it back and fix the digests.

    `data` and `meta` may be given as JSON text (as stored) and are decoded on first use: a batch
    loads every case record for its scope checks, but reads the fields of few of them.
    """

    __slots__ = ("id", "type", "case_id", "office_id", "_data", "_meta", "deleted", "seq", "hlc", "hash",
                 "stored_office", "stored_hash", "stored_deleted", "dirty")

    def __init__(self, *, id: str, type: str, case_id: str, office_id: str,  # noqa: A002 - wire names
                 data: dict[str, Any] | str, meta: dict[str, list[Any]] | str, deleted: bool = False,
                 seq: int = 0, hlc: int = 0, hash: str = "", stored_office: str | None = None,  # noqa: A002
                 stored_hash: str | None = None, stored_deleted: bool = False, dirty: bool = False):
        self.id, self.type, self.case_id, self.office_id = id, type, case_id, office_id
        self._data, self._meta = data, meta
        self.deleted, self.seq, self.hlc, self.hash = deleted, seq, hlc, hash
        # As stored before this batch (None: a new record), for the office digests.
        self.stored_office, self.stored_hash, self.stored_deleted = stored_office, stored_hash, stored_deleted
        self.dirty = dirty

    @property
    def data(self) -> dict[str, Any]:
        if isinstance(self._data, str):
            self._data = json.loads(self._data)
        return self._data

    @property
    def meta(self) -> dict[str, list[Any]]:
        if isinstance(self._meta, str):
            self._meta = json.loads(self._meta)
        return self._meta

    def data_json(self) -> str:
        return self._data if isinstance(self._data, str) else canonical_json(self._data)

    def meta_json(self) -> str:
        return self._meta if isinstance(self._meta, str) else _compact_json(self._meta)

    @property
    def is_new(self) -> bool:
        return self.stored_hash is None

    def rehash(self) -> str:
        """The record hash of the final state; the data is kept as its canonical text from here on
        (encoded once for both the hash and the row written)."""
        if isinstance(self._data, str) and self.stored_hash is not None and self.deleted == self.stored_deleted:
            self.hash = self.stored_hash  # untouched (e.g. moved with its case): same hash
        else:
            self._data = self.data_json()
            self.hash = record_hash_of_json(self.type, self.case_id, self._data, self.deleted)
        return self.hash


_compact_json = json.JSONEncoder(separators=(",", ":")).encode  # field_meta as stored
_quote_ascii = json.encoder.encode_basestring_ascii  # _compact_json's string form


@dataclass(frozen=True)
class Edit:
    """One incoming change, as the merge sees it."""

    fields: dict[str, Any]
    base_seq: int
    ts: int          # effective time stamp
    device_id: str
    user: str
    seq: int         # the sequence number allocated to this change


@dataclass
class Conflict:
    field: str
    winner_value: Any
    loser_value: Any
    winner: list[Any]  # field_meta entries of both sides
    loser: list[Any]


@dataclass
class MergeOutcome:
    applied_fields: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def _wins(a: list[Any], b: list[Any]) -> bool:
    return (a[TS], a[DEVICE]) > (b[TS], b[DEVICE])


def merge_fields(state: RecordState, edit: Edit) -> MergeOutcome:
    """Apply `edit` to `state` field by field; returns what was applied and what conflicted."""
    out = MergeOutcome()
    mine = [edit.seq, edit.ts, edit.device_id, edit.user]
    for name, value in edit.fields.items():
        current = state.meta.get(name)
        if current is None or current[SEQ] <= edit.base_seq or current[DEVICE] == edit.device_id:
            # Never set, seen by the device, or set by this same device earlier (a device's changes
            # reach the server in the order it made them): a plain successor.
            _set(state, out, name, value, mine)
            continue
        old_value = state.data.get(name)
        if canonical_json(old_value) == canonical_json(value):
            if _wins(mine, current):
                state.meta[name] = mine
            continue  # both sides agree: nothing to review
        if _wins(mine, current):
            out.conflicts.append(Conflict(name, value, old_value, mine, list(current)))
            _set(state, out, name, value, mine)
        else:
            out.conflicts.append(Conflict(name, old_value, value, list(current), mine))
    return out


def _set(state: RecordState, out: MergeOutcome, name: str, value: Any, meta: list[Any]) -> None:
    state.data[name] = value
    state.meta[name] = meta
    out.applied_fields.append(name)


def create_state(record_id: str, rtype: str, case_id: str, office_id: str, edit: Edit) -> RecordState:
    # Every field was set by this one edit: the field_meta text is built from the entry encoded once
    # (the same text json.dumps gives; encoding it whole was a tenth of the work of a pushed batch).
    # It is decoded only if another change of the batch edits the record again.
    entry = _compact_json([edit.seq, edit.ts, edit.device_id, edit.user])
    meta = "{" + ",".join(f"{_quote_ascii(name)}:{entry}" for name in edit.fields) + "}"
    return RecordState(id=record_id, type=rtype, case_id=case_id, office_id=office_id,
                       data=dict(edit.fields), meta=meta)


def conflict_fields(target: RecordState, c: Conflict) -> dict[str, Any]:
    """The data of the conflict record that keeps the losing value for a person to review."""
    return {
        "record_type": target.type, "record_id": target.id, "field": c.field,
        "winner_value": c.winner_value, "loser_value": c.loser_value,
        "winner_user": c.winner[USER], "loser_user": c.loser[USER],
        "winner_device": c.winner[DEVICE], "loser_device": c.loser[DEVICE],
        "winner_at": ts_iso(c.winner[TS]), "loser_at": ts_iso(c.loser[TS]),
        "status": "open",
    }
