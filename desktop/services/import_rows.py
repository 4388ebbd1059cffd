"""One row of an office's list read into the parts of a case: person, displacement, case, household.

`RowReader` reads the main sheet as mapped by an ImportPlan: exported columns, a whole name
(ПІБ), places as text (matched later), household members in numbered columns or in one cell.
`MemberReader` reads a household sheet, one member a row, each linked to its case by the row key.
Unreadable cells become ValidationIssues (for the row's columns) or member problems (for a member);
nothing is guessed. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.services.import_cells import CellError, cell_text, is_clear_mark, is_empty
from desktop.services.import_columns import Column, column_for_target, parse_cell, split_full_name
from desktop.services.import_plan import SheetMapping
from desktop.services.import_values import parse_household_text, parse_relationship
from sync.records.issues import ValidationIssue

EDITABLE = ("person", "displacement", "case")


@dataclass
class MemberDraft:
    """A household member as read, with where it came from (to report its problems there)."""

    fields: dict[str, Any] = field(default_factory=dict)
    sheet: str = ""                   # "" for the main sheet
    line: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # field -> the column it came from
    number: int = 0                   # the member's number within its row (numbered columns, one cell)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (column, issue code)

    def label(self, name: str) -> str:
        return self.labels.get(name) or self.labels.get("*", "")


@dataclass
class ParsedRow:
    line: int
    case_id: str | None = None
    key: str | None = None
    parts: dict[str, dict[str, Any]] = field(default_factory=lambda: {r: {} for r in EDITABLE})
    places: dict[str, tuple[str, str]] = field(default_factory=dict)  # side -> (text, column)
    members: list[MemberDraft] = field(default_factory=list)
    household_column: str = ""        # the column household cells were in (an update cannot take them)
    issues: list[ValidationIssue] = field(default_factory=list)  # cells that could not be read
    labels: dict[str, str] = field(default_factory=dict)  # validation field -> the column's header


def _text(value: Any) -> str:
    return cell_text(value)


class RowReader:
    def __init__(self, mapping: SheetMapping):
        self.columns: list[tuple[int, Column, int | None, str]] = []
        self.labels: dict[str, str] = {}
        for index, target in sorted(mapping.targets.items()):
            column, group = column_for_target(target)
            header = mapping.headers[index] if index < len(mapping.headers) else target
            self.columns.append((index, column, group, header))
            if group is None and column.record in EDITABLE:
                self.labels[column.target] = header
            if column.name == "full_name":
                for name in ("surname", "given_name", "patronymic"):
                    self.labels.setdefault(f"person.{name}", header)
            if column.record == "place":
                self.labels.setdefault(f"displacement.{column.field}_katottg", header)
        self.derived = [h for _, c, _, h in self.columns if c.record == "derived"]
        # Numbered member columns: each group's headers by field, so a missing value is reported
        # at the column where it should have been.
        self.groups: dict[int, dict[str, str]] = {}
        for _, column, group, header in self.columns:
            if group is not None:
                labels = self.groups.setdefault(group, {"*": header})
                for name in (("surname", "given_name", "patronymic") if column.kind == "full_name" else
                             (column.field,)):
                    labels.setdefault(name, header)

    def read(self, line: int, cells: list[Any]) -> ParsedRow:
        row = ParsedRow(line, labels=self.labels)
        numbered = {group: MemberDraft(labels=dict(labels), number=group) for group, labels in self.groups.items()}
        full_name: dict[str, str] = {}
        for index, column, group, header in self.columns:
            value = cells[index] if index < len(cells) else None
            if is_empty(value) or column.record == "derived":
                continue
            if group is not None:
                _read_member_cell(numbered[group], column, value, header)
            elif column.record == "id":
                row.case_id = _text(value)
            elif column.record == "key":
                row.key = _text(value)
            elif column.record == "place":
                row.places[column.field] = (_text(value), header)
            elif column.record == "household":
                row.household_column = header
                for number, parsed in enumerate(parse_household_text(value), start=1):
                    member = MemberDraft(dict(parsed.fields), labels={"*": header}, number=number)
                    member.problems += [(header, code) for code in parsed.problems]
                    row.members.append(member)
            elif column.kind == "full_name":
                full_name = split_full_name(value)
            elif is_clear_mark(value):
                row.parts[column.record][column.field] = None
            else:
                try:
                    row.parts[column.record][column.field] = parse_cell(column, value)
                except CellError as exc:
                    row.issues.append(ValidationIssue(column.target, exc.code))
        for name, value in full_name.items():  # separate name columns win over a whole name
            row.parts["person"].setdefault(name, value)
        offset = len(row.members)
        for number in sorted(numbered):
            member = numbered[number]
            if member.fields or member.problems:
                member.number = offset + number
                if not member.fields.get("given_name") and not member.problems:
                    member.problems.append((member.label("given_name"), "member_name_missing"))
                row.members.append(member)
        if numbered:
            row.household_column = row.household_column or next(iter(numbered.values())).label("*")
        return row


def _read_member_cell(member: MemberDraft, column: Column, value: Any, header: str) -> None:
    if column.kind == "full_name":
        for name, part in split_full_name(value).items():
            member.fields.setdefault(name, part)
        return
    try:
        if column.kind == "relationship":
            code, sex = parse_relationship(value)
            member.fields["relationship"] = code
            if sex:
                member.fields.setdefault("sex", sex)  # the word says it ("донька"); a sex column wins
            return
        member.fields[column.field] = parse_cell(column, value)
    except CellError as exc:
        member.problems.append((header, exc.code))


class MemberReader:
    """A household sheet: one member a row, its case found by the row key."""

    def __init__(self, mapping: SheetMapping):
        self.sheet = mapping.name
        self.columns = [(index, *column_for_target(target, "members"), mapping.headers[index])
                        for index, target in sorted(mapping.targets.items())]
        self.labels: dict[str, str] = {}
        for _, column, _, header in self.columns:
            self.labels.setdefault("*", header)
            for name in (("surname", "given_name", "patronymic") if column.kind == "full_name" else (column.field,)):
                self.labels.setdefault(name, header)

    def read(self, line: int, cells: list[Any]) -> tuple[str | None, MemberDraft]:
        member = MemberDraft(sheet=self.sheet, line=line, labels=dict(self.labels))
        key = None
        for index, column, _group, header in self.columns:
            value = cells[index] if index < len(cells) else None
            if is_empty(value):
                continue
            if column.record == "key":
                key = _text(value)
            else:
                _read_member_cell(member, column, value, header)
        if not member.fields.get("given_name") and not any(c == "member_name_missing" for _, c in member.problems):
            member.problems.append((member.label("given_name") or member.label("full_name"), "member_name_missing"))
        return key, member
