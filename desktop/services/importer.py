"""Importing an office's existing list (CSV or XLSX) into the store, and correcting cases in bulk.

A row without a case id registers a new case; a row with one edits that case through
CaseService.update, exactly as an edit in the case screen would (validation, history, outbox).
In an edit row an empty cell means "no change" and a lone "-" clears the field, because
spreadsheet users leave cells empty all the time and rarely mean "erase".

Every row is checked on its own first: one bad row never stops the good ones. Problems are
reported by line number and column name only: reports get e-mailed and pasted into tickets, so
they must not carry names or numbers of people.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.services.cases import CaseService, Registration, normalize_fields
from desktop.services.import_columns import (
    COLUMNS_BY_NAME,
    REQUIRED_FOR_NEW,
    CellError,
    Column,
    cell_text,
    is_clear_mark,
    is_empty,
    match_header,
    parse_cell,
)
from desktop.services.import_table import open_table
from desktop.services.search import DUPLICATE_REASON_LABELS, CaseSearch
from desktop.store import tables as t
from sync.atomic import write_atomic
from sync.records.identifiers import normalize_rnokpp
from sync.records.issues import ValidationError, ValidationIssue

EDITABLE = ("person", "displacement", "case")
RECORD_WORDS = {"person": "особа", "displacement": "переміщення", "case": "справа"}
SEVERITY_WORDS = {"error": "помилка", "warning": "попередження", "skipped": "пропущено"}


class ImportAborted(Exception):
    """The file as a whole cannot be imported (no header, duplicate columns...); nothing was saved."""


@dataclass
class Problem:
    line: int
    severity: str  # "error", "warning" or "skipped"
    column: str    # the column as named in the file, or "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = f"«{self.column}»: " if self.column else ""
        return f"рядок {self.line}: {SEVERITY_WORDS[self.severity]} — {where}{self.message}"


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    rows_read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    derived_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)  # new cases, in file order

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def lines_with(self, severity: str) -> list[int]:
        return sorted({p.line for p in self.problems if p.severity == severity})

    def summary(self) -> str:
        verb = "було б " if self.dry_run else ""
        text = (f"Прочитано рядків: {self.rows_read}; {verb}імпортовано: {self.imported}; "
                f"{verb}оновлено: {self.updated}; без змін: {self.unchanged}; з помилками: {self.failed}; "
                f"пропущено (вже зареєстровані): {self.skipped}; попереджень: {self.warnings}.")
        if self.dry_run:
            text = "Перевірка без запису (--dry-run): нічого не збережено.\n" + text
        return text

    def render(self) -> str:
        out = list(self.notes)
        if self.ignored_columns:
            out.append("Невідомі колонки пропущено / ignored columns: "
                       + ", ".join(f"«{c}»" for c in self.ignored_columns))
        if self.derived_columns:
            out.append("Колонки, що обчислюються автоматично, не імпортуються / derived columns, not imported: "
                       + ", ".join(f"«{c}»" for c in self.derived_columns))
        out += [str(p) for p in sorted(self.problems, key=lambda p: p.line)]
        out.append(self.summary())
        return "\n".join(out)

    def write_csv(self, path: Path) -> None:
        """The problems as a spreadsheet (BOM so that Excel shows the Cyrillic), written atomically."""
        buf = io.StringIO(newline="")
        w = csv.writer(buf)
        w.writerow(["рядок", "рівень", "колонка", "повідомлення"])
        for p in sorted(self.problems, key=lambda p: p.line):
            w.writerow([p.line, SEVERITY_WORDS[p.severity], p.column, p.message])
        w.writerow([])
        w.writerow(["", "", "", self.summary()])
        write_atomic(Path(path), buf.getvalue().encode("utf-8-sig"))


@dataclass
class _Row:
    line: int
    case_id: str | None
    parts: dict[str, dict[str, Any]]  # record type -> field -> value (None: the cell said "clear")
    issues: list[ValidationIssue]     # cells that could not be read


def _same(a: Any, b: Any) -> bool:
    empty = (None, "", [])
    return (a in empty and b in empty) or a == b


class Importer:
    def __init__(self, service: CaseService, *, dry_run: bool = False, allow_duplicates: bool = False,
                 chunk_size: int = 200):
        self.service = service
        self.dry_run = dry_run
        self.allow_duplicates = allow_duplicates
        self.chunk_size = chunk_size

    def run(self, path: Path) -> ImportReport:
        path = Path(path)
        self.report = ImportReport(str(path), dry_run=self.dry_run)
        self._pending: list[tuple[int, Registration]] = []
        self._seen_rnokpp: dict[str, int] = {}  # RNOKPP -> line of this file that registers it
        self._search: CaseSearch | None = None  # made when the first row needs it
        with open_table(path) as table:
            self.report.notes += table.notes
            self._map_columns(table.headers)
            for line, cells in table.rows:
                if all(is_empty(c) for c in cells):
                    continue
                self.report.rows_read += 1
                row = self._parse(line, cells)
                if row.case_id:
                    self._update(row)
                else:
                    self._new(row)
            self._flush()
        return self.report

    # --- header ---------------------------------------------------------------------------------
    def _map_columns(self, headers: list[Any]) -> None:
        self.columns: dict[int, Column] = {}
        seen: dict[str, str] = {}
        for index, header in enumerate(headers):
            if is_empty(header):
                continue
            name = cell_text(header)
            column = match_header(header)
            if column is None:
                self.report.ignored_columns.append(name)
            elif column.record == "derived":
                self.report.derived_columns.append(name)
            elif column.name in seen:
                raise ImportAborted(f"Колонки «{seen[column.name]}» і «{name}» означають одне поле "
                                    f"({column.label}). / Two columns mean the same field.")
            else:
                seen[column.name] = name
                self.columns[index] = column
        self.labels = {c.target: cell_text(headers[i]) for i, c in self.columns.items()}
        if "id" not in seen:
            missing = [COLUMNS_BY_NAME[n].label for n in REQUIRED_FOR_NEW if n not in seen]
            if missing:
                raise ImportAborted("У файлі немає обов'язкових колонок: " + ", ".join(f"«{m}»" for m in missing)
                                    + ". Перший рядок (заголовок) має називати колонки. / "
                                    "Required columns are missing from the header row.")

    def _label(self, target: str) -> str:
        if target in self.labels:
            return self.labels[target]
        record, _, name = target.partition(".")
        column = next((c for c in COLUMNS_BY_NAME.values() if c.target == target), None)
        return column.label if column else name or record

    # --- rows -----------------------------------------------------------------------------------
    def _parse(self, line: int, cells: list[Any]) -> _Row:
        row = _Row(line, None, {r: {} for r in EDITABLE}, [])
        for index, column in self.columns.items():
            value = cells[index] if index < len(cells) else None
            if is_empty(value):
                continue
            if column.record == "id":
                row.case_id = cell_text(value)
            elif is_clear_mark(value):
                row.parts[column.record][column.field] = None
            else:
                try:
                    row.parts[column.record][column.field] = parse_cell(column, value)
                except CellError as exc:
                    row.issues.append(ValidationIssue(column.target, exc.code))
        return row

    def _problem(self, line: int, severity: str, issue: ValidationIssue | None = None, message: str = "",
                 column: str = "") -> None:
        if issue is not None:
            column, message = self._label(issue.field), issue.message()
        self.report.problems.append(Problem(line, severity, column, message))

    def _fail(self, row: _Row, issues: list[ValidationIssue]) -> None:
        self.report.failed += 1
        for issue in issues:
            self._problem(row.line, "error", issue)

    def _new(self, row: _Row) -> None:
        parts = {r: {k: v for k, v in fields.items() if v is not None} for r, fields in row.parts.items()}
        reg = Registration(person=parts["person"], displacement=parts["displacement"], case=parts["case"])
        unreadable = {i.field for i in row.issues}
        # A cell that could not be read is missing from the registration: do not also call it "required".
        issues = row.issues + [i for i in self.service.check_registration(reg) if i.field not in unreadable]
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            self._fail(row, errors)
            return
        rnokpp = normalize_rnokpp(reg.person.get("rnokpp"))
        if not self.allow_duplicates and self._is_duplicate(row.line, rnokpp, reg):
            return
        for issue in issues:
            self._problem(row.line, "warning", issue)
        if rnokpp:
            self._seen_rnokpp.setdefault(rnokpp, row.line)
        self._pending.append((row.line, reg))
        if len(self._pending) >= self.chunk_size:
            self._flush()

    def _is_duplicate(self, line: int, rnokpp: str, reg: Registration) -> bool:
        """Skip a person already registered (same RNOKPP or UNZR); warn about weaker evidence."""
        column = self._label("person.rnokpp")
        if rnokpp in self._seen_rnokpp:
            message = f"той самий РНОКПП, що в рядку {self._seen_rnokpp[rnokpp]}"
        else:
            case_id, message, maybe = self._registered(reg)
            for other, reasons in maybe:
                self._problem(line, "warning", column="", message=f"можливо, ця особа вже є у справі {other}: "
                              + "; ".join(reasons) + " (рядок імпортовано, перевірте)")
            if case_id is None:
                return False
            message = f"{message} (справа {case_id})"
        self.report.skipped += 1
        self._problem(line, "skipped", message=message + "; щоб усе ж додати, --allow-duplicates", column=column)
        return True

    def _registered(self, reg: Registration) -> tuple[str | None, str, list[tuple[str, list[str]]]]:
        """(case id of the same person or None, why, [(case id, reasons) of possible duplicates])."""
        if self._search is None:
            self._search = CaseSearch(self.service.engine)
        candidates = self._search.find_duplicates(normalize_fields("person", reg.person),
                                                  displacement=normalize_fields("displacement", reg.displacement))
        maybe = []
        for cand in candidates:
            if "same_rnokpp" in cand.reasons:
                return cand.case_id, "особу з цим РНОКПП уже зареєстровано", []
            if "same_unzr" in cand.reasons:
                return cand.case_id, "особу з цим УНЗР уже зареєстровано", []
            # A shared phone alone is no evidence: families and neighbours share phones.
            reasons = [DUPLICATE_REASON_LABELS.get(r, (r,))[0] for r in cand.reasons if r != "same_phone"]
            if reasons:
                maybe.append((cand.case_id, reasons))
        return None, "", maybe[:3]

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        if self.dry_run:
            self.report.imported += len(pending)
            return
        try:
            results = self.service.register_many([reg for _, reg in pending])
        except ValidationError:
            # Cannot happen after the per-row check, unless the data changed under us: go one by one.
            results = []
            for line, reg in pending:
                try:
                    results.append(self.service.register(reg))
                except ValidationError as exc:
                    self.report.failed += 1
                    for issue in exc.errors:
                        self._problem(line, "error", issue)
        for cs in results:
            self.report.case_ids += sorted(cs.case_ids)
        self.report.imported += len(results)

    # --- edits of existing cases ------------------------------------------------------------------
    def _current(self, case_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
        with self.service.engine.connect() as conn:
            rows = conn.execute(select(t.records.c.id, t.records.c.type, t.records.c.data).where(
                t.records.c.case_id == case_id, t.records.c.type.in_(EDITABLE), t.records.c.deleted == 0)).all()
        return {r.type: (r.id, json.loads(r.data)) for r in rows}

    def _update(self, row: _Row) -> None:
        current = self._current(row.case_id)
        if "case" not in current:
            self.report.failed += 1
            self._problem(row.line, "error", column=self._label("id.id"),
                          message="справу з таким id не знайдено на цьому пристрої")
            return
        if row.issues:
            self._fail(row, row.issues)
            return
        changes: list[tuple[str, str, dict[str, Any]]] = []
        errors: list[ValidationIssue] = []
        warnings: list[ValidationIssue] = []
        for rtype, fields in row.parts.items():
            if not fields:
                continue
            record_id, data = current.get(rtype, (None, {}))
            diff = {k: v for k, v in normalize_fields(rtype, fields).items() if not _same(data.get(k), v)}
            if not diff:
                continue
            if record_id is None:  # a case that arrived by sync without this part: edit it in the app
                self.report.failed += 1
                self._problem(row.line, "error", message=f"у справі немає запису «{RECORD_WORDS[rtype]}»; "
                              "змініть ці поля в програмі")
                return
            # The same rule as CaseService.update: issues of the changed fields, and any error.
            for issue in self.service.check(rtype, {**data, **diff}):
                if issue.field in diff or issue.severity == "error":
                    prefixed = ValidationIssue(f"{rtype}.{issue.field}", issue.code, issue.severity, issue.params)
                    (errors if issue.severity == "error" else warnings).append(prefixed)
            changes.append((rtype, record_id, diff))
        if errors:
            self._fail(row, errors)
            return
        if not changes:
            self.report.unchanged += 1
            return
        for issue in warnings:
            self._problem(row.line, "warning", issue)
        if not self.dry_run:
            for rtype, record_id, diff in changes:
                try:
                    self.service.update(rtype, record_id, diff)
                except ValidationError as exc:  # changed under us since the check above
                    self._fail(row, exc.errors)
                    return
        self.report.updated += 1


def import_file(service: CaseService, path: Path, *, dry_run: bool = False,
                allow_duplicates: bool = False) -> ImportReport:
    return Importer(service, dry_run=dry_run, allow_duplicates=allow_duplicates).run(path)
