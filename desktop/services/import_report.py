"""What an import found and did: problems by line and column, counts, the report files.

Problems name the sheet, the line a spreadsheet shows, the column as the file names it, and the
rule in plain words; never a value: reports get e-mailed and pasted into tickets, so they must
not carry names or numbers of people.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sync.atomic import atomic_output, write_atomic

SEVERITY_WORDS = {"error": "помилка", "warning": "попередження", "skipped": "пропущено"}
SEVERITY_WORDS_EN = {"error": "error", "warning": "warning", "skipped": "skipped"}


@dataclass
class Problem:
    line: int
    severity: str  # "error", "warning" or "skipped"
    column: str    # the column as named in the file, or "" for the row as a whole
    message: str
    sheet: str = ""  # only for a second sheet (household members); "" is the main sheet
    message_en: str = ""  # the same in English, for the window's English interface ("" : not translated)

    def text(self, lang: str = "uk") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def __str__(self) -> str:
        where = f"«{self.column}»: " if self.column else ""
        sheet = f"аркуш «{self.sheet}», " if self.sheet else ""
        return f"{sheet}рядок {self.line}: {SEVERITY_WORDS[self.severity]} — {where}{self.message}"

    @property
    def order(self) -> tuple[int, str, int]:
        return (1 if self.sheet else 0, self.sheet, self.line)


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
    members: int = 0          # household members imported with the new cases
    cancelled: bool = False
    not_reached: int = 0      # rows left when the import was cancelled
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    derived_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    case_ids: list[str] = field(default_factory=list)  # new cases, in file order

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    def lines_with(self, severity: str, sheet: str = "") -> list[int]:
        return sorted({p.line for p in self.problems if p.severity == severity and p.sheet == sheet})

    def summary(self) -> str:
        verb = "було б " if self.dry_run else ""
        text = (f"Прочитано рядків: {self.rows_read}; {verb}імпортовано: {self.imported}; "
                f"{verb}оновлено: {self.updated}; без змін: {self.unchanged}; з помилками: {self.failed}; "
                f"пропущено (вже зареєстровані): {self.skipped}; попереджень: {self.warnings}.")
        if self.members:
            text += f" Членів домогосподарств: {self.members}."
        if self.dry_run:
            text = "Перевірка без запису (--dry-run): нічого не збережено.\n" + text
        if self.cancelled:
            text += (f"\nІмпорт скасовано: {self.not_reached} рядків не імпортовано; збережені справи "
                     "лишаються (кожна повністю). / Import cancelled; the cases saved so far are complete.")
        return text

    def render(self) -> str:
        out = list(self.notes)
        if self.ignored_columns:
            out.append("Невідомі колонки пропущено / ignored columns: "
                       + ", ".join(f"«{c}»" for c in self.ignored_columns))
        if self.derived_columns:
            out.append("Колонки, що обчислюються автоматично, не імпортуються / derived columns, not imported: "
                       + ", ".join(f"«{c}»" for c in self.derived_columns))
        out += [str(p) for p in self.sorted_problems()]
        out.append(self.summary())
        return "\n".join(out)

    def sorted_problems(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: p.order)

    # --- files ------------------------------------------------------------------------------------
    def write(self, path: Path) -> None:
        """The report as XLSX or CSV, chosen by the file's suffix."""
        if Path(path).suffix.lower() == ".xlsx":
            self.write_xlsx(path)
        else:
            self.write_csv(path)

    def write_csv(self, path: Path) -> None:
        """The problems as a spreadsheet (BOM so that Excel shows the Cyrillic), written atomically."""
        buf = io.StringIO(newline="")
        w = csv.writer(buf)
        w.writerow(["аркуш", "рядок", "рівень", "колонка", "повідомлення"])
        for p in self.sorted_problems():
            w.writerow([p.sheet, p.line, SEVERITY_WORDS[p.severity], p.column, p.message])
        w.writerow([])
        w.writerow(["", "", "", "", self.summary()])
        write_atomic(Path(path), buf.getvalue().encode("utf-8-sig"))

    def write_xlsx(self, path: Path) -> None:
        """Problems on one sheet (bold frozen header, filter), the summary on another."""
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        ws.title = "Проблеми"
        ws.append(["Аркуш", "Рядок", "Рівень", "Колонка", "Що не так"])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for p in self.sorted_problems():
            ws.append([p.sheet or "", p.line, SEVERITY_WORDS[p.severity], p.column, p.message])
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for letter, width in zip("ABCDE", (18, 8, 14, 28, 90), strict=True):
            ws.column_dimensions[letter].width = width
        summary = wb.create_sheet("Підсумок")
        summary.column_dimensions["A"].width = 120
        for line in [f"Файл: {Path(self.source).name}", *self.notes, *self.summary().splitlines()]:
            summary.append([line])
        with atomic_output(Path(path)) as out:
            wb.save(out)
