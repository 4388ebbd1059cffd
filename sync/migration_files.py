"""The newest migration of an alembic folder, read from its files without importing alembic.

Both databases (the laptop's store and the server's) are brought to the newest schema every time they are
opened; nearly always they are there already. Importing alembic and loading every migration script only to
learn that costs a noticeable share of a start (desktop.store.database, sync.server.migrations), so the
newest revision is read from the scripts' `revision` and `down_revision` lines instead, and compared
with the one the database recorded.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine, column, inspect, select, table

# `revision = "…"` or, as alembic's template writes it, `revision: str = '…'`; likewise `down_revision`.
_REVISION_LINE = re.compile(r"""^(down_revision|revision)(?:\s*:[^=\n]*)?\s*=\s*(None|"[^"]*"|'[^']*')\s*$""", re.M)


def head_revision(versions: Path) -> str | None:
    """The revision no other migration in `versions` names as its parent; None if that is unclear (no
    migration, several heads, a merge): the caller then asks alembic."""
    revisions, parents = set(), set()
    for path in versions.glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"].strip("\"'"))
            parents.add(found.get("down_revision", "None").strip("\"'"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(engine: Engine) -> str | None:
    """The revision alembic recorded in the database (None for a new or unversioned one)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(select(column("version_num")).select_from(table("alembic_version"))).scalar()
