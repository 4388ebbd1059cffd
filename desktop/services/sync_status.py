"""What the laptop knows about its sync, in one place: the status bar and `poruch status --json` read this.

Read from the store only (no request to the server): pending changes, conflicts to review, changes
the server refused, the last successful sync and the last error, which office and server.
"""

from __future__ import annotations

from typing import Any

from desktop.services.session_sync import waiting_for
from desktop.store import audit
from desktop.store.replica import StoreReplica
from desktop.store.store import OpenStore
from sync.auditchain import Checkpoint


def sync_status(store: OpenStore) -> dict[str, Any]:
    """The sync status of an unlocked store (keys are the `poruch status --json` fields)."""
    replica = StoreReplica(store)
    return {
        "pending_changes": replica.pending_count(), "last_sync": replica.get_state("last_sync"),
        "conflicts": replica.open_conflicts(), "last_error": replica.get_state("last_error"),
        "rejected_changes": replica.rejected_count(), "cursor": replica.cursor(),
        "server_url": replica.get_state("server_url"), "mode": replica.get_state("mode"),
        "office_id": store.office_id, "office_name": replica.get_state("office_name"),
        "device_id": store.device_id, "last_report": replica.get_state("last_report"),
        # Changes that wait for their author to sign in: never sent under anyone else's name.
        "waiting_for_sign_in": waiting_for(store) if replica.get_state("server_url") else {},
        "user": store.author, "role": store.user.role,
        # The audit log: entries the server has not confirmed (signed checkpoint), and why the last cycle
        # did not send them (None: it did, or there is no server).
        "audit_unsent": audit_unsent(store), "audit_error": store.get_meta(audit.AUDIT_ERROR_KEY),
    }


def audit_unsent(store: OpenStore) -> int:
    """Entries of the laptop's audit log after the last signed checkpoint the server gave back."""
    with store.engine.connect() as conn:
        total = audit.size(conn)
    kept = store.get_meta(audit.AUDIT_CHECKPOINT_KEY) or {}
    try:
        confirmed = Checkpoint.parse(kept["text"]).size if kept else 0
    except (KeyError, TypeError, ValueError):
        confirmed = 0
    return max(0, total - confirmed)
