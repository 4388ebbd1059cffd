"""Whose changes an unlocked session sends: the signed-in person's own, with their own token.

A laptop shared by several people sends each person's changes only with that person's token, so
the server records them under their name (it refuses any other: sync/records/permissions.py). The
replica of a session therefore hands the push only the changes whose author is signed in to the
server in this session; the others' wait for them (`waiting_by_author`), clearly marked in the
status bar and by `poruch status`, and go the next time their author signs in and syncs.
desktop.services.sync_cycle.build_sync builds the session's engine on this replica.
"""

from __future__ import annotations

from desktop.store.replica import StoreReplica
from desktop.store.store import OpenStore


def session_senders(store: OpenStore) -> frozenset[str]:
    """The authors whose changes this session may send: the signed-in person, once they have a token."""
    return frozenset({store.author}) if store.user_token else frozenset()


def session_replica(store: OpenStore) -> StoreReplica:
    return StoreReplica(store, senders=session_senders(store))


def waiting_for(store: OpenStore) -> dict[str, int]:
    """{author: changes} that wait for their author to sign in (what the status bar names)."""
    return session_replica(store).waiting_by_author()
