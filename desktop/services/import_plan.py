"""Which sheet holds the cases, which holds household members, and what each column means.

`ImportPlan.auto` recognises everything it can (headers in Ukrainian or English, typos
tolerated); a person can then change any column's meaning (`assign`) or the sheets before the
dry run. `problems()` says what stops the import as a whole (no name column, two columns for
one field, a household sheet without a key...). Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.services.import_cells import cell_text, is_empty
from desktop.services.import_columns import (
    COLUMNS,
    COLUMNS_BY_NAME,
    IMPORT_ONLY,
    MEMBER_COLUMNS,
    HeaderMatch,
    column_for_target,
    recognise_header,
)
from desktop.services.import_table import Rows, SourceFile, TableError, find_header, preview_text

PREVIEW_ROWS = 10


@dataclass
class SheetMapping:
    sheet: int
    name: str
    header_line: int
    headers: list[str]                 # the header cells as text ("" for an empty header)
    rows: Rows                         # the rows below the header
    targets: dict[int, str] = field(default_factory=dict)           # column index -> target
    recognised: dict[int, HeaderMatch] = field(default_factory=dict)  # what `auto` found

    def target_of(self, index: int) -> str | None:
        return self.targets.get(index)

    def index_of(self, target: str) -> int | None:
        return next((i for i, t in self.targets.items() if t == target), None)

    def preview(self, n: int = PREVIEW_ROWS) -> list[tuple[int, list[str]]]:
        shown = []
        for line, cells in self.rows:
            if all(is_empty(c) for c in cells):
                continue
            shown.append((line, [preview_text(cells[i]) if i < len(cells) else ""
                                 for i in range(len(self.headers))]))
            if len(shown) >= n:
                break
        return shown


def _is_main_header(cell: Any) -> bool:
    found = recognise_header(cell)
    return found is not None and not found.typo


def _is_member_header(cell: Any) -> bool:
    found = recognise_header(cell, "members")
    return found is not None and not found.typo


def _mapping(source: SourceFile, sheet: int, kind: str) -> SheetMapping:
    rows = source.rows(sheet)
    line, headers, data = find_header(rows, _is_member_header if kind == "members" else _is_main_header)
    mapping = SheetMapping(sheet, source.sheet_names[sheet], line, [cell_text(h) for h in headers], data)
    used: set[str] = set()
    for index, header in enumerate(headers):
        if is_empty(header):
            continue
        found = recognise_header(header, kind)
        if found is None or found.target in used:
            continue  # a second column for the same field stays unassigned; the person may choose
        used.add(found.target)
        mapping.recognised[index] = found
        mapping.targets[index] = found.target
    return mapping


class ImportPlan:
    def __init__(self, source: SourceFile, main: SheetMapping, members: SheetMapping | None = None):
        self.source = source
        self.main = main
        self.members = members

    @classmethod
    def auto(cls, source: SourceFile) -> ImportPlan:
        """The first sheet with a recognisable header of cases; a later sheet of household members."""
        main = None
        for i in range(len(source.sheet_names)):
            candidate = _mapping(source, i, "main")
            names = set(candidate.targets.values())
            if names & {"surname", "full_name", "id"}:
                main = candidate
                break
        if main is None:
            main = _mapping(source, 0, "main")
        plan = cls(source, main)
        for i in range(len(source.sheet_names)):
            if i == main.sheet:
                continue
            candidate = _mapping(source, i, "members")
            names = set(candidate.targets.values())
            if "row_key" in names and names & {"full_name", "given_name"} and "relationship" in names:
                plan.members = candidate
                break
        return plan

    # --- choices a person makes ---------------------------------------------------------------------
    def choose_sheet(self, sheet: int) -> None:
        self.main = _mapping(self.source, sheet, "main")
        if self.members is not None and self.members.sheet == sheet:
            self.members = None

    def choose_members_sheet(self, sheet: int | None) -> None:
        if sheet is None:
            self.members = None
        elif sheet == self.main.sheet:
            raise TableError("Склад домогосподарств має бути на іншому аркуші. / Household members need another sheet.")
        else:
            self.members = _mapping(self.source, sheet, "members")

    def assign(self, index: int, target: str | None, *, members: bool = False) -> None:
        """Give column `index` a meaning (a target from `targets()`), or None to leave it out."""
        mapping = self.members if members else self.main
        if mapping is None:
            raise ValueError("no household sheet chosen")
        if target is None:
            mapping.targets.pop(index, None)
            return
        column_for_target(target, "members" if members else "main")  # KeyError for a target that does not exist
        for other, t in list(mapping.targets.items()):
            if t == target and other != index:
                del mapping.targets[other]  # one column per field: the new choice wins
        mapping.targets[index] = target

    # --- what it means ----------------------------------------------------------------------------
    @staticmethod
    def targets(members: bool = False) -> list[tuple[str, str]]:
        """(target, Ukrainian label) a column can be given, in the order the wizard lists them."""
        if members:
            return [(c.name, c.label) for c in MEMBER_COLUMNS]
        out = [(c.name, c.label) for c in COLUMNS if c.record != "derived"]
        out += [(c.name, c.label) for c in IMPORT_ONLY]
        for group in range(1, 7):
            out += [(f"member{group}.{c.name}", f"член домогосподарства {group}: {c.label}")
                    for c in MEMBER_COLUMNS if c.record == "member"]
        return out

    @staticmethod
    def target_label(target: str, members: bool = False) -> str:
        column, group = column_for_target(target, "members" if members else "main")
        return f"член домогосподарства {group}: {column.label}" if group else column.label

    def problems(self) -> list[str]:
        """What stops the whole file (nothing is imported until it is fixed); [] when it can go."""
        out = []
        names = set(self.main.targets.values())
        if "id" not in names:
            has_name = {"surname", "given_name"} <= names or "full_name" in names
            missing = [] if has_name else ["прізвище та ім'я (або ПІБ)"]
            if "birth_date" not in names:
                missing.append(COLUMNS_BY_NAME["birth_date"].label)
            if missing:
                out.append("Не вказано обов'язкових колонок: " + ", ".join(f"«{m}»" for m in missing)
                           + ". Оберіть, що означають колонки файлу. / Required columns are missing.")
        if self.members is not None:
            member_names = set(self.members.targets.values())
            if "row_key" not in member_names:
                out.append(f"На аркуші «{self.members.name}» не вказано колонку ключа рядка, що пов'язує членів "
                           "домогосподарства зі справами. / The household sheet needs a row key column.")
            if "row_key" not in names:
                out.append("На основному аркуші не вказано колонку ключа рядка для членів домогосподарства. / "
                           "The main sheet needs a row key column.")
            if not member_names & {"full_name", "given_name"} or "relationship" not in member_names:
                out.append(f"На аркуші «{self.members.name}» потрібні колонки імені (або ПІБ) і родинного зв'язку. "
                           "/ The household sheet needs name and relationship columns.")
        return out

    def ignored_columns(self) -> list[str]:
        return [h for i, h in enumerate(self.main.headers) if h and i not in self.main.targets]
