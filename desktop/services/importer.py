"""Importing an office's existing list (CSV, XLSX, XLS) into the store, and correcting cases in bulk.

Two steps, the same for the window's wizard and the command line:

1. `analyse(plan, service)` is the dry run: every row is read and checked on its own (one bad
   row never stops the good ones), places written as text are matched to the codifier, and
   possible duplicates (inside the file and against the store) are found. Nothing is saved. It
   returns an `Analysis`: the report of every problem by line and column, the rows ready to
   save, and the questions for a person: places that name several units, rows that may be
   people already registered.
2. `execute(analysis, decisions, service)` saves the rows with the decisions taken. A new case
   (person, displacement, household, history) is written whole; rows are saved in chunks, one
   transaction each, and cancelling stops between chunks, so no half-saved row is ever left.

A row without a case id registers a new case; a row with one edits that case through
CaseService.update_many, exactly as an edit in the case screen (validation, history, outbox),
all of the row or nothing. In an edit row an empty cell means "no change" and a lone "-" clears
the field, because spreadsheet users leave cells empty all the time and rarely mean "erase".

Both steps take `progress(done, total)` and a `cancel` threading.Event (Qt-free parts of a
TaskControl). Problems name the line and the column, never a value (import_report).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.services.cases import CaseService, Registration, normalize_fields
from desktop.services.import_duplicates import DuplicateFinder, DuplicateQuestion
from desktop.services.import_places import PlaceMatch, PlaceMatcher, place_key
from desktop.services.import_plan import ImportPlan
from desktop.services.import_report import ImportReport, Problem
from desktop.services.import_rows import EDITABLE, MemberDraft, MemberReader, ParsedRow, RowReader
from desktop.services.import_table import SourceFile
from desktop.services.search import CaseSearch
from desktop.store import tables as t
from desktop.store.lists_later import ListsLater
from sync.records.issues import ValidationError, ValidationIssue
from sync.reference import get_codifier

RECORD_WORDS = {"person": "особа", "displacement": "переміщення", "case": "справа"}
CHUNK = 200          # rows per transaction when saving (at least; see chunk_size)
MAX_CHUNK = 1000     # at most: a stop is answered within one such transaction (about a second)
CHECK_EVERY = 100    # rows between progress reports and cancellation checks
Progress = Callable[[int, int], None]

__all__ = ["Analysis", "Decisions", "ImportAborted", "ImportCancelled", "ImportPlan", "ImportReport", "Importer",
           "PlaceQuestion", "Problem", "analyse", "execute", "import_file"]


class ImportAborted(Exception):
    """The file as a whole cannot be imported (no name column, no header...); nothing was saved."""


class ImportCancelled(Exception):
    """The dry run was cancelled (nothing is ever saved by it)."""


@dataclass
class PlaceQuestion:
    """A place written as text that does not name exactly one unit of the codifier."""

    key: str                      # place_key(text): one decision for every row that wrote it so
    text: str
    candidates: tuple[str, ...]   # codes, likeliest first; empty: nothing found
    near: bool                    # the candidates are near spellings
    lines: list[int] = field(default_factory=list)


@dataclass
class Decisions:
    """What a person chose after the dry run. Unset entries take the defaults the analysis proposed."""

    places: dict[str, str | None] = field(default_factory=dict)  # place key -> code, None: no code
    duplicates: dict[int, bool] = field(default_factory=dict)    # line -> True: import it anyway


@dataclass
class _Ready:
    """A row that passed its checks: what to save, and what to report when it is saved."""

    line: int
    registration: Registration | None = None
    case_id: str | None = None                                   # an edit of this case
    displacement_id: str | None = None                           # its displacement record
    changes: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    place_warnings: list[Problem] = field(default_factory=list)  # the dry run's; replaced by the decisions
    places: dict[str, tuple[PlaceMatch, str]] = field(default_factory=dict)  # side -> (match, column)


@dataclass
class Analysis:
    report: ImportReport                     # the dry run's report (dry_run=True)
    rows: list[_Ready]
    places: list[PlaceQuestion]
    duplicates: list[DuplicateQuestion]
    matcher: PlaceMatcher | None = None
    labels: dict[str, str] = field(default_factory=dict)  # validation field -> the file's column

    def default_decisions(self) -> Decisions:
        return Decisions({q.key: None for q in self.places}, {d.line: not d.skip for d in self.duplicates})

    def counts(self, decisions: Decisions | None = None) -> tuple[int, int]:
        """(new cases, edits) that would be saved with these decisions."""
        decisions = decisions or self.default_decisions()
        skip = {d.line for d in self.duplicates if not decisions.duplicates.get(d.line, not d.skip)}
        new = sum(1 for r in self.rows if r.registration is not None and r.line not in skip)
        return new, sum(1 for r in self.rows if r.case_id)


def _message(code: str, **params: str) -> str:
    return ValidationIssue("*", code, params=params).message()


def _message_en(code: str, **params: str) -> str:
    return ValidationIssue("*", code, params=params).message("en")


class _Analyser:
    def __init__(self, plan: ImportPlan, service: CaseService, allow_duplicates: bool):
        self.plan = plan
        self.service = service
        self.report = ImportReport(str(plan.source.path), dry_run=True, notes=list(plan.source.notes))
        self.reader = RowReader(plan.main)
        self.report.derived_columns = self.reader.derived
        self.report.ignored_columns = plan.ignored_columns()
        self.matcher = PlaceMatcher(get_codifier())
        self.finder = DuplicateFinder(CaseSearch(service.engine), allow_strong=allow_duplicates)
        self.places: dict[str, PlaceQuestion] = {}
        self.duplicates: list[DuplicateQuestion] = []
        self.ready: list[_Ready] = []

    # --- problems -------------------------------------------------------------------------------------
    def problem(self, line: int, severity: str, column: str, message: str, sheet: str = "",
                message_en: str = "") -> Problem:
        found = Problem(line, severity, column, message, sheet, message_en)
        self.report.problems.append(found)
        return found

    def label(self, row: ParsedRow, target: str) -> str:
        if target in row.labels:
            return row.labels[target]
        record, _, name = target.partition(".")
        return name or record

    def fail(self, row: ParsedRow, issues: list[ValidationIssue]) -> None:
        self.report.failed += 1
        for issue in issues:
            self.problem(row.line, "error", self.label(row, issue.field), issue.message(),
                         message_en=issue.message("en"))

    # --- the run ------------------------------------------------------------------------------------
    def run(self, progress: Progress | None, cancel: threading.Event | None) -> Analysis:
        members = self._members()
        rows = [(line, cells) for line, cells in self.plan.main.rows if not all(_blank(c) for c in cells)]
        total = len(rows)
        with self.service.engine.connect() as conn:
            for done, (line, cells) in enumerate(rows):
                if done % CHECK_EVERY == 0:
                    if cancel is not None and cancel.is_set():
                        raise ImportCancelled()
                    if progress is not None:
                        progress(done, total)
                self.report.rows_read += 1
                row = self.reader.read(line, cells)
                if row.key is not None and row.key in members:
                    row.members += members.pop(row.key)
                if row.case_id:
                    self._update(conn, row)
                else:
                    self._new(conn, row)
        for orphans in members.values():
            for member in orphans:
                self.problem(member.line, "error", member.label("row_key") or "", _message("member_key_unknown"),
                             member.sheet, _message_en("member_key_unknown"))
        if progress is not None:
            progress(total, total)
        analysis = Analysis(self.report, self.ready, sorted(self.places.values(), key=lambda q: q.lines[0]),
                            self.duplicates, self.matcher, self.reader.labels)
        new, edits = analysis.counts()
        self.report.imported, self.report.updated = new, edits
        self.report.skipped = sum(1 for d in self.duplicates if d.skip)
        for d in self.duplicates:
            self._duplicate_problem(d)
        return analysis

    def _members(self) -> dict[str, list[MemberDraft]]:
        """The household sheet's members by row key (read before the cases, so each case gets its own)."""
        if self.plan.members is None:
            return {}
        reader = MemberReader(self.plan.members)
        found: dict[str, list[MemberDraft]] = {}
        for line, cells in self.plan.members.rows:
            if all(_blank(c) for c in cells):
                continue
            key, member = reader.read(line, cells)
            if not key:
                self.problem(line, "error", "", _message("member_key_missing"), reader.sheet,
                             _message_en("member_key_missing"))
                continue
            found.setdefault(key, []).append(member)
        return found

    # --- new cases ----------------------------------------------------------------------------------
    def _new(self, conn, row: ParsedRow) -> None:
        parts = {r: {k: v for k, v in fields.items() if v is not None} for r, fields in row.parts.items()}
        ready = _Ready(row.line)
        self._resolve_places(row, parts["displacement"], ready)
        # Normalised once, here: checked as such, and saved as such (register_many(validated=True)).
        reg = Registration(person=normalize_fields("person", parts["person"]),
                           displacement=normalize_fields("displacement", parts["displacement"]), case=parts["case"],
                           household=[normalize_fields("household_member", m.fields) for m in row.members])
        unreadable = {i.field for i in row.issues}
        # A cell that could not be read is missing from the registration: do not also call it "required".
        issues = row.issues + [i for i in self.service.check_registration(reg, normalized=True)
                               if i.field not in unreadable]
        member_errors = self._member_problems(row, issues)
        errors = [i for i in issues if i.severity == "error" and not i.field.startswith("household.")]
        if errors or member_errors:
            self.fail(row, errors)
            for member in member_errors:
                where = (f"аркуш «{member.sheet}», рядок {member.line}" if member.sheet
                         else f"член домогосподарства {member.number}")
                where_en = (f"sheet «{member.sheet}», row {member.line}" if member.sheet
                            else f"household member {member.number}")
                self.problem(row.line, "error", "" if member.sheet else row.household_column,
                             _message("member_invalid", where=where),
                             message_en=_message_en("member_invalid", where=where_en))
            return
        for issue in issues:
            ready.warnings.append(Problem(row.line, "warning", self.label(row, issue.field), issue.message(),
                                          message_en=issue.message("en")))
        for member in row.members:
            for issue in [i for i in issues if i.field.startswith(f"household.{row.members.index(member)}.")]:
                ready.warnings.append(Problem(member.line or row.line, "warning",
                                              member.label(issue.field.rsplit(".", 1)[1]), issue.message(),
                                              member.sheet, issue.message("en")))
        question = self.finder.check(conn, row.line, reg.person, reg.displacement)
        if question is not None:
            self.duplicates.append(question)
        ready.registration = reg
        self.report.members += len(reg.household)
        self.report.problems += ready.warnings + ready.place_warnings
        self.ready.append(ready)

    def _member_problems(self, row: ParsedRow, issues: list[ValidationIssue]) -> list[MemberDraft]:
        """Report each member's problems where the member is written; the members that have errors."""
        bad = []
        for index, member in enumerate(row.members):
            errors = [(column, _message(code), _message_en(code)) for column, code in member.problems]
            prefix = f"household.{index}."
            errors += [(member.label(i.field[len(prefix):]), i.message(), i.message("en")) for i in issues
                       if i.field.startswith(prefix) and i.severity == "error"]
            if not errors:
                continue
            bad.append(member)
            for column, message, message_en in errors:
                if member.sheet:
                    self.problem(member.line, "error", column, message, member.sheet, message_en)
                else:
                    self.problem(row.line, "error", column, f"член домогосподарства {member.number}: {message}",
                                 message_en=f"household member {member.number}: {message_en}")
        return bad

    def _resolve_places(self, row: ParsedRow, displacement: dict[str, Any], ready: _Ready) -> None:
        """Places as text -> codes when they name one unit; questions when they name several or none."""
        for side in ("origin", "current"):
            code_field, address_field = f"{side}_katottg", f"{side}_address"
            if side in row.places:
                text, column = row.places[side]
            elif displacement.get(address_field) and not displacement.get(code_field):
                text, column = displacement[address_field], row.labels.get(f"displacement.{address_field}", "")
            else:
                continue
            if displacement.get(code_field):
                continue  # a code column says it already
            match = self.matcher.match(text)
            if match.found:
                displacement[code_field] = match.code
                if side in row.places and not displacement.get(address_field):
                    displacement[address_field] = text  # the words as written stay with the case
                continue
            if side not in row.places and not match.candidates:
                continue  # an address without a recognisable place: it stays an address, nothing to ask
            key = place_key(text)
            question = self.places.get(key)
            if question is None:
                question = self.places[key] = PlaceQuestion(key, text, match.candidates, match.near)
            question.lines.append(row.line)
            ready.places[side] = (match, column)
            if side in row.places and not displacement.get(address_field):
                displacement[address_field] = text
            code = "place_near" if match.near else ("place_ambiguous" if match.candidates else "place_not_found")
            count = str(len(match.candidates))
            ready.place_warnings.append(Problem(row.line, "warning", column, _message(code, count=count),
                                                message_en=_message_en(code, count=count)))

    # --- edits of existing cases --------------------------------------------------------------------
    def _current(self, conn, case_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
        rows = conn.execute(select(t.records.c.id, t.records.c.type, t.records.c.data).where(
            t.records.c.case_id == case_id, t.records.c.type.in_(EDITABLE), t.records.c.deleted == 0)).all()
        return {r.type: (r.id, json.loads(r.data)) for r in rows}

    def _update(self, conn, row: ParsedRow) -> None:
        current = self._current(conn, row.case_id)
        if "case" not in current:
            self.report.failed += 1
            self.problem(row.line, "error", self.label(row, "id.id") if "id.id" in row.labels else "id",
                         "справу з таким id не знайдено на цьому пристрої",
                         message_en="no case with this id on this device")
            return
        if row.issues:
            self.fail(row, row.issues)
            return
        ready = _Ready(row.line, case_id=row.case_id, displacement_id=current.get("displacement", (None,))[0])
        if row.members:
            ready.warnings.append(Problem(row.line, "warning", row.household_column,
                                          _message("household_in_update"),
                                          message_en=_message_en("household_in_update")))
        if row.places:
            self._resolve_places(row, row.parts["displacement"], ready)
        errors: list[ValidationIssue] = []
        for rtype, fields in row.parts.items():
            if not fields:
                continue
            record_id, data = current.get(rtype, (None, {}))
            diff = {k: v for k, v in normalize_fields(rtype, fields).items() if not _same(data.get(k), v)}
            if not diff:
                continue
            if record_id is None:  # a case that arrived by sync without this part: edit it in the app
                self.report.failed += 1
                self.problem(row.line, "error", "", f"у справі немає запису «{RECORD_WORDS[rtype]}»; "
                             "змініть ці поля в програмі",
                             message_en=f"the case has no {rtype} record; change these fields in the application")
                return
            # The same rule as CaseService.update: issues of the changed fields, and any error.
            for issue in self.service.check(rtype, {**data, **diff}):
                if issue.field in diff or issue.severity == "error":
                    prefixed = ValidationIssue(f"{rtype}.{issue.field}", issue.code, issue.severity, issue.params)
                    if issue.severity == "error":
                        errors.append(prefixed)
                    else:
                        ready.warnings.append(Problem(row.line, "warning", self.label(row, prefixed.field),
                                                      prefixed.message(), message_en=prefixed.message("en")))
            ready.changes.append((rtype, record_id, diff))
        if errors:
            self.fail(row, errors)
            return
        if not ready.changes and not ready.places:
            self.report.unchanged += 1
            return
        self.report.problems += ready.warnings + ready.place_warnings
        self.ready.append(ready)

    def _duplicate_problem(self, d: DuplicateQuestion) -> None:
        column = self.reader.labels.get(d.field, "") if d.field else ""
        if d.skip:
            self.problem(d.line, "skipped", column, d.sentence() + "; щоб усе ж додати — рішення в майстрі "
                         "імпорту або --allow-duplicates", message_en=d.sentence_en() + "; to add it anyway, "
                         "decide so in the import wizard or use --allow-duplicates")
        else:
            self.problem(d.line, "warning", column, d.sentence() + " (рядок буде імпортовано, перевірте)",
                         message_en=d.sentence_en() + " (the row will be imported; check it)")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same(a: Any, b: Any) -> bool:
    empty = (None, "", [])
    return (a in empty and b in empty) or a == b


# --- the two steps --------------------------------------------------------------------------------------

def analyse(plan: ImportPlan, service: CaseService, *, allow_duplicates: bool = False,
            progress: Progress | None = None, cancel: threading.Event | None = None) -> Analysis:
    """The dry run: every row checked, questions found, nothing saved. ImportAborted if the file cannot go."""
    problems = plan.problems()
    if problems:
        raise ImportAborted("\n".join(problems))
    # Cases an import stopped by a crash saved without their list and search rows (ListsLater): listed
    # first, so that this file's rows are checked against them too.
    service.list_left_over()
    return _Analyser(plan, service, allow_duplicates).run(progress, cancel)


def execute(analysis: Analysis, service: CaseService, decisions: Decisions | None = None, *,
            progress: Progress | None = None, cancel: threading.Event | None = None) -> ImportReport:
    """Save what the dry run found good, with the person's decisions; returns what was done."""
    decisions = decisions or analysis.default_decisions()
    dry = analysis.report
    report = ImportReport(dry.source, rows_read=dry.rows_read, failed=dry.failed, unchanged=dry.unchanged,
                          notes=list(dry.notes), ignored_columns=list(dry.ignored_columns),
                          derived_columns=list(dry.derived_columns))
    report.problems = [p for p in dry.problems if p.severity == "error"]
    skip = {d.line for d in analysis.duplicates if not decisions.duplicates.get(d.line, not d.skip)}
    questions = {d.line: d for d in analysis.duplicates}
    todo = []
    labels = analysis.labels
    for ready in analysis.rows:
        d = questions.get(ready.line)
        if d is not None:
            column = labels.get(d.field, "") if d.field else ""
            if ready.line in skip:
                report.skipped += 1
                report.problems.append(Problem(ready.line, "skipped", column, d.sentence() + "; не імпортовано",
                                               message_en=d.sentence_en() + "; not imported"))
                continue
            report.problems.append(Problem(ready.line, "warning", column, d.sentence() + " (рядок імпортовано, "
                                           "перевірте)", message_en=d.sentence_en() + " (imported; check it)"))
        _apply_places(ready, decisions, report)
        todo.append(ready)
    total = len(todo)
    size = chunk_size(total)
    lists = service.lists_later()
    saved = 0
    try:
        for start in range(0, total, size):
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                report.not_reached = total - start
                break
            if progress is not None:
                progress(start, total)
            _save_chunk(service, todo[start:start + size], report, lists)
            saved = min(total, start + size)
    finally:
        # The list and search rows of every case saved, stopped or not (desktop/store/lists_later.py);
        # progress stays where the rows are meanwhile (a step of the wizard between slices).
        service.write_lists(lists, None if progress is None else lambda: progress(saved, total))
    if progress is not None and not report.cancelled:
        progress(total, total)
    return report


def chunk_size(total: int) -> int:
    """Rows per transaction: CHUNK, or a twentieth of a large file (up to MAX_CHUNK), so the progress
    bar still moves twenty times. Each commit waits for the disk and rewrites every index page its
    rows touched (search terms land all over their two indexes): 20,000 rows in 100 transactions
    wrote those pages five times as often as in 20."""
    return min(MAX_CHUNK, max(CHUNK, total // 20))


def _apply_places(ready: _Ready, decisions: Decisions, report: ImportReport) -> None:
    """The chosen codes go into the row; a place left without one is said in the report."""
    report.problems += ready.warnings
    for side, (match, column) in ready.places.items():
        code = decisions.places.get(place_key(match.text))
        if not code:
            report.problems.append(Problem(ready.line, "warning", column, _message("place_without_code"),
                                           message_en=_message_en("place_without_code")))
        elif ready.registration is not None:
            ready.registration.displacement[f"{side}_katottg"] = code
        elif ready.displacement_id is not None:
            ready.changes.append(("displacement", ready.displacement_id, {f"{side}_katottg": code}))


def _save_chunk(service: CaseService, chunk: list[_Ready], report: ImportReport, lists: ListsLater) -> None:
    new = [r for r in chunk if r.registration is not None]
    if new:
        try:
            results = service.register_many([r.registration for r in new], validated=True, lists=lists)
        except ValidationError:
            results = []
            for r in new:  # cannot happen after the checks; if it does, save the others one by one
                try:
                    results.append(service.register(r.registration))
                except ValidationError as exc:
                    report.failed += 1
                    report.problems += [Problem(r.line, "error", "", i.message(), message_en=i.message("en"))
                                        for i in exc.errors]
        for cs in results:
            report.case_ids += sorted(cs.case_ids)
        report.imported += len(results)
        report.members += sum(len(r.registration.household) for r in new)
    for r in chunk:
        if r.case_id is None:
            continue
        try:
            service.update_many(r.changes)  # the whole row, or nothing of it
        except (ValidationError, KeyError):  # changed under us since the dry run
            report.failed += 1
            report.problems.append(Problem(r.line, "error", "", "справу змінено після перевірки; рядок не застосовано",
                                           message_en="the case changed after the check; the row was not applied"))
            continue
        report.updated += 1


# --- the command line's one call ----------------------------------------------------------------------

class Importer:
    """Dry run and import in one call, decisions by flags: what `poruch import` does."""

    def __init__(self, service: CaseService, *, dry_run: bool = False, allow_duplicates: bool = False,
                 skip_possible_duplicates: bool = False, places: dict[str, str] | None = None):
        self.service = service
        self.dry_run = dry_run
        self.allow_duplicates = allow_duplicates
        self.skip_possible_duplicates = skip_possible_duplicates
        self.places = {place_key(k): v for k, v in (places or {}).items()}
        self.analysis: Analysis | None = None

    def run(self, path: Path) -> ImportReport:
        with SourceFile(Path(path)) as source:
            plan = ImportPlan.auto(source)
            self.analysis = analyse(plan, self.service, allow_duplicates=self.allow_duplicates)
        if self.dry_run:
            return self.analysis.report
        decisions = self.analysis.default_decisions()
        for q in self.analysis.places:
            if q.key in self.places:
                decisions.places[q.key] = self.places[q.key]
        if self.skip_possible_duplicates:
            decisions.duplicates.update({d.line: False for d in self.analysis.duplicates})
        return execute(self.analysis, self.service, decisions)


def import_file(service: CaseService, path: Path, *, dry_run: bool = False,
                allow_duplicates: bool = False) -> ImportReport:
    return Importer(service, dry_run=dry_run, allow_duplicates=allow_duplicates).run(path)

