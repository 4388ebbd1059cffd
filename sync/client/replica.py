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
    # Protocol 2, applied changes: the record's seq, hash and hlc on the server after the batch.
    seq: int | None = None
    hash: str | None = None
    hlc: int | None = None


@dataclass(frozen=True)
class ScopeDigest:
    count: int
    digest: str


class Replica(Protocol):
    def pending_count(self) -> int: ...

    def pending_batch(self, limit: int, after: str | None = None) -> list[dict[str, Any]]:
        """The oldest `limit` unacknowledged changes, as wire dicts (see docs/sync-protocol.md);
        `fields` may be a dict or its JSON text as `sync.wire.RawJSON`.

        `after`: only changes made after the change with this id (still unacknowledged), so that
        the next batch can be read while the previous one is on its way.
        """

    def acknowledge(self, results: list[PushResult]) -> list[int] | None:
        """Drop applied/duplicate changes from the outbox; keep rejected ones aside with the reason.

        May return the seqs of records now known to equal the server's state (from `seq`/`hash` in
        the results): the engine asks the server to leave them out of the next pull.
        """

    def cursor(self) -> int: ...

    def apply_page(self, records: list[dict[str, Any]], cursor: int, evictions: list[str]) -> None:
        """Apply pulled records and move the cursor, in one local transaction."""

    def digest(self) -> ScopeDigest: ...

    def reset_for_repair(self) -> None:
        """Forget synced state (cursor 0, synced records without pending changes) before a full pull."""

    def get_state(self, key: str, default: Any = None) -> Any: ...

    def set_state(self, key: str, value: Any) -> None: ...
