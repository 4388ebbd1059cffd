"""Per-field merge of an incoming change into a record's fields (pure: plain dicts, no database, no clock).

For every field the server remembers [seq, effective_ts, device_id, user] of the change that last
set it. A change whose `base_seq` covers the field's seq saw the current value and simply
succeeds it; otherwise the two edits are concurrent and the greater (effective_ts, device_id)
wins, the other value being kept as a conflict (sync.server.conflicts makes its record). The order
in which concurrent changes arrive does not change the winner, so every device converges on the
same value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sync.records.ids import HybridClock
from sync.wire import canonical_json

SEQ, TS, DEVICE, USER = range(4)  # positions in a field_meta entry


def effective_ts(hlc: int, server_now_ms: int) -> int:
    """A clock running ahead cannot win beyond the moment its change reached the server."""
    return min(hlc, server_now_ms * HybridClock.COUNTER_SPAN + HybridClock.COUNTER_SPAN - 1)


@dataclass(frozen=True)
class Edit:
    """One incoming change, as the merge sees it."""

    fields: dict[str, Any]
    base_seq: int
    ts: int          # effective time stamp
    device_id: str
    user: str
    seq: int         # the sequence number allocated to this change

    def meta_entry(self) -> list[Any]:
        """The field_meta entry of every field this edit sets."""
        return [self.seq, self.ts, self.device_id, self.user]


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


def merge_fields(data: dict[str, Any], meta: dict[str, list[Any]], edit: Edit) -> MergeOutcome:
    """Apply `edit` to a record's `data` and `meta` (changed in place) field by field; returns what
    was applied and what conflicted."""
    out = MergeOutcome()
    mine = edit.meta_entry()
    for name, value in edit.fields.items():
        current = meta.get(name)
        if current is None or current[SEQ] <= edit.base_seq or current[DEVICE] == edit.device_id:
            # Never set, seen by the device, or set by this same device earlier (a device's changes
            # reach the server in the order it made them): a plain successor.
            data[name], meta[name] = value, mine
            out.applied_fields.append(name)
            continue
        old_value = data.get(name)
        if canonical_json(old_value) == canonical_json(value):
            if _wins(mine, current):
                meta[name] = mine
            continue  # both sides agree: nothing to review
        if _wins(mine, current):
            out.conflicts.append(Conflict(name, value, old_value, mine, list(current)))
            data[name], meta[name] = value, mine
            out.applied_fields.append(name)
        else:
            out.conflicts.append(Conflict(name, old_value, value, list(current), mine))
    return out
