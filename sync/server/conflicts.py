"""Conflict records: where the server keeps the losing value of a concurrent edit for a person to review.

A conflict record is an ordinary record of type `conflict` in the case of the record it is about:
it syncs to every device of the scope, and a person resolves it with ordinary changes (which
fields they may change: sync.server.rules). Only the server creates them, here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sync.records.ids import HybridClock, new_id
from sync.server.merge import DEVICE, TS, USER, Conflict
from sync.server.record_state import RecordState

SERVER_DEVICE = "server"  # device and user of the conflict record's own fields


def ts_iso(ts: int) -> str:
    ms = ts // HybridClock.COUNTER_SPAN
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


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


def conflict_record(target: RecordState, conflict: Conflict, seq: int, now_ms: int) -> RecordState:
    """A new conflict record about `target`, numbered `seq`, to be written with the batch."""
    now_ts = now_ms * HybridClock.COUNTER_SPAN
    data = conflict_fields(target, conflict)
    return RecordState(id=new_id(), type="conflict", case_id=target.case_id, office_id=target.office_id,
                       data=data, meta={k: [seq, now_ts, SERVER_DEVICE, SERVER_DEVICE] for k in data},
                       seq=seq, hlc=now_ts, dirty=True)
