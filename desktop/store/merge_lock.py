"""Whether a case was merged into another case of the same person (then it is read-only here).

The merge (desktop/services/person_merge.py) keeps the merged case as it was, pointing to the
survivor; edits belong in the survivor, until someone undoes the merge.
"""

from __future__ import annotations

from sqlalchemy import text

_MERGED_INTO = text("SELECT json_extract(data, '$.merged_into') FROM records WHERE id = :case AND type = 'case'")


def merged_into(conn, case_id: str) -> str | None:
    """The surviving case's id if this case was merged into it."""
    return conn.execute(_MERGED_INTO, {"case": case_id}).scalar() or None
