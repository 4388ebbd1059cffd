"""What the sync engine needs from a local store: one interface, implemented by the desktop store.

The engine never touches a database itself; it asks the replica for pending changes, hands it the
server's answers, and lets it apply each pulled page together with the new cursor atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class PushResult:
    change_id: str
    status: str  # "applied", "duplicate" or "rejected"
    reason: str | None = None


@dataclass(frozen=True)
class ScopeDigest:
    count: int
    digest: str


class Replica(Protocol):
    def pending_count(self) -> int: ...

    def pending_batch(self, limit: int) -> list[dict[str, Any]]:
        """The oldest `limit` unacknowledged changes, as wire dicts (see docs/sync-protocol.md)."""

    def acknowledge(self, results: list[PushResult]) -> None:
        """Drop applied/duplicate changes from the outbox; keep rejected ones aside with the reason."""

    def cursor(self) -> int: ...

    def apply_page(self, records: list[dict[str, Any]], cursor: int, evictions: list[str]) -> None:
        """Apply pulled records and move the cursor, in one local transaction."""

    def digest(self) -> ScopeDigest: ...

    def reset_for_repair(self) -> None:
        """Forget synced state (cursor 0, synced records without pending changes) before a full pull."""

    def get_state(self, key: str, default: Any = None) -> Any: ...

    def set_state(self, key: str, value: Any) -> None: ...
