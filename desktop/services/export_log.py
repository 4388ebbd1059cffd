"""The one place where exports are recorded: who, when, what, how many cases, which file.

Every file that leaves the encrypted store on purpose is an export: cases to XLSX/CSV/JSONL (from
the window or `poruch export`) and reports (`record_report_export`). Until the laptop's audit
log (issue 11) lands, the record is the store's `meta` entry "exports", a list kept whole (an
audit trail that forgets is no audit trail; a few hundred bytes an export). When the audit log
lands, this function is the one to switch. The entry names no person: the file name, the format,
the count and, for cases, the filter that chose them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.store.database import writing
from desktop.store.store import OpenStore


def record_export(store: OpenStore, *, what: str, fmt: str, path: Path | str | None, count: int | None = None,
                  **details: Any) -> dict[str, Any]:
    """Append one export to the history of exports; returns the entry written."""
    entry: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "user": store.user.username,
        "device": store.get_meta("device_id"), "action": "export", "what": what, "format": fmt,
        "file": Path(path).name if path else "(standard output)",
    }
    if count is not None:
        entry["cases"] = count
    entry.update({k: v for k, v in details.items() if v is not None})
    with writing(store.engine) as conn, conn.begin():
        raw = conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'exports'").scalar()
        log = json.loads(raw) if raw else []
        log.append(entry)
        store.set_meta("exports", log, conn)
    return entry


def exports(store: OpenStore) -> list[dict[str, Any]]:
    """Every recorded export, oldest first."""
    return list(store.get_meta("exports") or [])
