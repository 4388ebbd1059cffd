"""Whether a case is held by this office's pending transfer request (then it is read-only here).

The request is a `transfer` record of its own (desktop/services/transfers.py); until the other office
answers, an edit here could be stranded when the case moves, so the case service refuses edits.
"""

from __future__ import annotations

from sqlalchemy import text

_PENDING_OF_CASE = text(
    "SELECT id FROM records WHERE type = 'transfer' AND deleted = 0 "
    "AND json_extract(data, '$.transferred_case') = :case AND json_extract(data, '$.side') = 'outgoing' "
    "AND json_extract(data, '$.state') = 'pending' "
    # A request the server refused (never synced, no longer queued) holds nothing: it is on the
    # rejected-changes list, to be applied again or discarded.
    "AND (server_seq > 0 OR id IN (SELECT record_id FROM outbox)) LIMIT 1")


def pending_outgoing(conn, case_id: str) -> str | None:
    """The id of this office's pending transfer of the case, if any."""
    return conn.execute(_PENDING_OF_CASE, {"case": case_id}).scalar()
