"""The one place where exports are recorded: who, when, what, how many cases, which file.

Every file that leaves the encrypted store on purpose is an export: cases to XLSX/CSV/JSONL (from
the window or `poruch export`) and reports (`record_report_export`). Each goes into the laptop's
hash-chained audit log (desktop/store/audit.py, sent to the server with sync) and, in the same
transaction, into the store's `meta` entry "exports" that the window lists. The entry names no
person: the file name, the format, the count and, for cases, the filter that chose them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.store import audit
from desktop.store.database import writing
from desktop.store.store import OpenStore


def record_export(store: OpenStore, *, what: str, fmt: str, path: Path | str | None, count: int | None = None,
                  conn: Any = None, **details: Any) -> dict[str, Any]:
    """Append one export to the history of exports; returns the entry written. With `conn` (a write
    transaction of the store), inside it: the export and what else the same action writes, or nothing."""
    entry: dict[str, Any] = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"), "user": store.author,
        "device": store.get_meta("device_id"), "action": "export", "what": what, "format": fmt,
        "file": Path(path).name if path else "(standard output)",
    }
    if count is not None:
        entry["cases"] = count
    entry.update({k: v for k, v in details.items() if v is not None})
    if conn is not None:
        _append(store, conn, entry)
        return entry
    with writing(store.engine) as conn, conn.begin():
        _append(store, conn, entry)
    return entry


def _append(store: OpenStore, conn: Any, entry: dict[str, Any]) -> None:
    raw = conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'exports'").scalar()
    log = json.loads(raw) if raw else []
    log.append(entry)
    store.set_meta("exports", log, conn)
    audit.append(conn, user=store.author, action="export", detail=_audit_detail(entry))


def _audit_detail(entry: dict[str, Any]) -> dict[str, Any]:
    """The protocol's detail values: short text, numbers, booleans (a filter as its JSON, cut to fit)."""
    out: dict[str, Any] = {}
    for k, v in entry.items():
        if k in ("at", "user", "device", "action"):
            continue  # the entry's own columns
        if not isinstance(v, str | int | bool) and v is not None:
            v = json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
        out[k[:40]] = v[:300] if isinstance(v, str) else v
    return out


def exports(store: OpenStore) -> list[dict[str, Any]]:
    """Every recorded export, oldest first."""
    return list(store.get_meta("exports") or [])
