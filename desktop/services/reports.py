"""Reports on the laptop: the office report (or, on a district laptop, the district report) from the
local store, offline, cached per period, and saved as XLSX, CSV or PDF (Qt-free; the window and
`poruch report` both use this).

The facts are brought up to date first (desktop/store/report_facts.py); a computed report is kept
in memory under (period, layout, language, facts version), so switching back to a period already
seen costs a dictionary lookup while nothing changed.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from desktop.store import tables as t
from desktop.store.report_facts import facts_version, pending_cases, refresh_report_facts
from desktop.store.store import OpenStore
from sync.atomic import atomic_output
from sync.directory import OfficeDirectory
from sync.reports.compute import Context, compute_report
from sync.reports.definitions import DISTRICT_REPORT, OFFICE_REPORT
from sync.reports.layout import ReportResult, hlc_text
from sync.reports.output.cells import kyiv_time
from sync.reports.period import Period

FORMATS = ("xlsx", "csv", "pdf")


def listed_on(data_dir: Path | None):
    """(code, day) -> whether the origin is on the hostilities/occupation list in force on that day."""
    from sync.reference import get_hostilities_list

    hostilities = get_hostilities_list(data_dir)

    @lru_cache(maxsize=1 << 14)
    def listed(code: str, day: date) -> bool:
        return bool(hostilities.current_for(code, on=day))

    return listed


class ReportService:
    def __init__(self, store: OpenStore, *, today: date | None = None):
        self.store = store
        self.engine = store.engine
        self._today = today
        self._cache: dict[tuple, ReportResult] = {}
        self._lock = threading.Lock()
        self._listed = None

    @property
    def today(self) -> date:
        return self._today or date.today()

    # --- scope -------------------------------------------------------------------------------------
    def offices(self) -> list[tuple[str, str]]:
        """(id, name) of the offices whose cases this laptop holds (or may hold: the directory of its
        scope), in the order of their names, as the server lists them. An office laptop: its office."""
        own = self.store.office_id
        names: dict[str, str] = {}
        directory = self.store.get_meta("directory")
        if directory:
            names = {o.id: o.name for o in OfficeDirectory.model_validate(directory).offices}
        ids = self._held_offices() | set(names)
        if not ids or own in names or own in ids:
            ids.add(own)
            names.setdefault(own, self.store.get_meta("office_name") or "")
        return sorted(((i, names.get(i) or i[:8]) for i in ids), key=lambda item: (item[1], item[0]))

    def is_district(self) -> bool:
        return self.store.user.role == "district" or len(self._held_offices()) > 1

    def _held_offices(self) -> set[str]:
        with self.engine.connect() as conn:
            return {r[0] for r in conn.exec_driver_sql("SELECT DISTINCT office_id FROM rf_cases") if r[0]}

    # --- computing ---------------------------------------------------------------------------------
    def refresh(self, progress=None) -> int:
        """Bring the facts up to date; returns how many cases were rebuilt."""
        return refresh_report_facts(self.engine, progress=progress)

    def stale_cases(self) -> int:
        return pending_cases(self.engine)

    def report(self, period: Period, *, layout: str | None = None, lang: str = "uk",
               progress=None) -> ReportResult:
        """The office report (or the district report on a district laptop) for `period`."""
        layout = layout or ("district" if self.is_district() else "office")
        with self._lock:
            self.refresh(progress)
            key = (period, layout, lang, facts_version(self.engine), self.today)
            cached = self._cache.get(key)
            if cached is not None:
                return cached
        if self._listed is None:
            self._listed = listed_on(self.store.data_dir)
        offices = self.offices()
        scope = offices[0][1] if layout == "office" else ", ".join(name for _, name in offices)
        definition = DISTRICT_REPORT if layout == "district" else OFFICE_REPORT
        with self.engine.connect() as conn:
            result = compute_report(conn, t.fact_tables, definition, period, Context(self.today, self._listed),
                                    lang=lang, scope=scope, offices=offices, layout=layout)
        result.info = self._info(lang)
        with self._lock:
            if len(self._cache) > 32:
                self._cache.clear()
            self._cache[key] = result
        return result

    def cached(self, period: Period, *, layout: str | None = None, lang: str = "uk") -> ReportResult | None:
        """The report if it is cached and nothing changed since (no computing, no refresh): for the
        window, which answers a period switch from this without going to a worker thread."""
        layout = layout or ("district" if self.is_district() else "office")
        if pending_cases(self.engine):
            return None
        return self._cache.get((period, layout, lang, facts_version(self.engine), self.today))

    def _info(self, lang: str) -> list[tuple[str, str]]:
        en = lang == "en"
        last_sync = self.store.get_meta("last_sync")
        with self.engine.connect() as conn:
            pending = conn.exec_driver_sql("SELECT count(*) FROM outbox").scalar_one()
        mode = self.store.get_meta("mode")
        sync_text = (_sync_time(last_sync, lang) if last_sync else
                     ("not synced yet" if en else "ще не синхронізовано"))
        if mode == "standalone":
            sync_text = "standalone office (no server)" if en else "автономний офіс (без сервера)"
        info = [("Last sync of this laptop" if en else "Остання синхронізація цього ноутбука", sync_text)]
        if mode != "standalone":
            info.append(("Changes not yet sent" if en else "Зміни, ще не надіслані на сервер", str(pending)))
        info.append(("Made by" if en else "Склав", self.store.user.display_name or self.store.user.username))
        return info

    # --- saving ------------------------------------------------------------------------------------
    def save(self, result: ReportResult, fmt: str, path: Path) -> Path:
        """Write the report to `path` (atomically) and record the export."""
        from sync.reports.output import write_report

        if fmt not in FORMATS:
            raise ValueError(f"unknown report format: {fmt}")
        path = Path(path)
        with atomic_output(path) as out:
            write_report(result, fmt, out)
        record_report_export(self.store, result, fmt, path)
        return path


def record_report_export(store: OpenStore, result: ReportResult, fmt: str, path: Path) -> None:
    """Producing a report is an export: recorded where every export is (desktop.services.export_log)."""
    from desktop.services.export_log import record_export

    record_export(store, what=f"report:{result.id}", fmt=fmt, path=path, period=result.period.code)


def _sync_time(stored: str, lang: str) -> str:
    """The stored ISO time of the last sync as the report's other times read (dd.mm.yyyy, Kyiv)."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    return kyiv_time(moment if moment.tzinfo else moment.replace(tzinfo=UTC), lang)


def describe_freshness(value) -> str:
    return hlc_text(value)
