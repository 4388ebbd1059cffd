"""Importing a messy synthetic office list: exactly the planted bad rows reported, households kept,
places and duplicates left for a decision, cancelling leaves only whole cases."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.services.import_plan import ImportPlan
from desktop.services.import_table import SourceFile
from desktop.services.importer import CHUNK, analyse, execute
from desktop.services.synthetic_lists import MEMBER_SHEET, PLANTED, write_office_list
from desktop.store import tables as t

ROWS, BAD_EVERY = 480, 60


@pytest.fixture(scope="module")
def office_list(tmp_path_factory):
    return write_office_list(tmp_path_factory.mktemp("list") / "spysok.xlsx", ROWS, seed=3, bad_every=BAD_EVERY)


def _count(store, rtype: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.records)
                            .where(t.records.c.type == rtype, t.records.c.deleted == 0)).scalar()


def _analysis(path, cases, **kw):
    with SourceFile(path) as source:
        plan = ImportPlan.auto(source)
        return plan, analyse(plan, cases, **kw)


def test_exactly_the_planted_bad_rows_are_reported(office_list, cases, store):
    plan, analysis = _analysis(office_list.path, cases)
    assert plan.main.name == "Список ВПО" and plan.main.header_line == 2  # below the title row
    assert plan.members is not None and plan.members.name == MEMBER_SHEET
    typos = {plan.main.headers[i] for i, m in plan.main.recognised.items() if m.typo}
    assert typos == {"Прізвищє", "Дата нородження"} and not plan.ignored_columns()

    report = analysis.report
    errors = {p.line for p in report.problems if p.severity == "error" and not p.sheet}
    assert errors == set(office_list.bad_lines) and report.failed == len(office_list.bad_lines)
    assert {p.line for p in report.problems if p.severity == "error" and p.sheet == MEMBER_SHEET} == \
        set(office_list.bad_member_lines)
    columns = dict(PLANTED)
    for line, what in office_list.bad_lines.items():
        named = {p.column for p in report.problems if p.line == line and p.severity == "error" and not p.sheet}
        assert not columns[what] or columns[what] in named, (line, what, named)
    # The same person twice in the file: listed, skipped unless a person decides otherwise.
    assert sorted(d.line for d in analysis.duplicates if d.skip) == office_list.duplicate_lines
    # Places that name several villages are questions with candidates, never a silent code.
    assert analysis.places and all(len(q.candidates) != 1 or q.near for q in analysis.places)
    assert _count(store, "case") == 0  # the dry run saves nothing

    saved = execute(analysis, cases)
    expected = ROWS - len(office_list.bad_lines) - len(office_list.duplicate_lines)
    assert (saved.imported, saved.failed, saved.skipped) == (expected, len(office_list.bad_lines),
                                                            len(office_list.duplicate_lines))
    assert _count(store, "case") == expected
    assert _count(store, "household_member") == saved.members == office_list.members
    # Nothing personal in the report: no surname of anybody in any problem.
    text = saved.render()
    with store.engine.connect() as conn:
        surnames = [r[0] for r in conn.execute(select(t.case_index.c.surname))]
    assert not [s for s in surnames if len(s) > 4 and s in text]


def test_a_chosen_code_and_an_imported_duplicate(office_list, cases, store):
    _, analysis = _analysis(office_list.path, cases)
    question = next(q for q in analysis.places if len(q.candidates) >= 2)
    chosen = question.candidates[1]
    twin = analysis.duplicates[0]
    decisions = analysis.default_decisions()
    decisions.places[question.key] = chosen
    decisions.duplicates[twin.line] = True
    report = execute(analysis, cases, decisions)
    assert report.skipped == len(office_list.duplicate_lines) - 1
    with store.engine.connect() as conn:
        codes = [r[0] for r in conn.execute(select(t.records.c.data).where(t.records.c.type == "displacement"))]
    assert sum(chosen in data for data in codes) >= len(question.lines)
    assert not any(p.line in question.lines and "Код КАТОТТГ не вибрано" in p.message for p in report.problems)


def test_cancelling_keeps_only_whole_cases(office_list, cases, store):
    _, analysis = _analysis(office_list.path, cases)
    cancel = threading.Event()
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= CHUNK:
            cancel.set()  # asked while the second chunk is being saved

    report = execute(analysis, cases, progress=progress, cancel=cancel)
    skipped = {d.line for d in analysis.duplicates if d.skip}
    to_save = [r for r in analysis.rows if r.line not in skipped]
    assert report.cancelled and report.imported == 2 * CHUNK
    assert report.not_reached == len(to_save) - 2 * CHUNK
    assert _count(store, "case") == 2 * CHUNK == _count(store, "person") == _count(store, "displacement")
    with store.engine.connect() as conn:  # every saved case has all its household members
        members = conn.execute(select(func.count()).select_from(t.records)
                               .where(t.records.c.type == "household_member")).scalar()
    assert members == sum(len(r.registration.household) for r in to_save[:2 * CHUNK])


def test_legacy_xls_and_the_report_as_xlsx(tmp_path, cases):
    import openpyxl
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Лист1")
    dates = xlwt.easyxf(num_format_str="DD.MM.YYYY")
    for col, head in enumerate(["ПІБ", "Дата народження", "Вразливості", "Місце проживання"]):
        sheet.write(0, col, head)
    rows = [("Коваленко Ірина Олегівна", date(1990, 4, 5), "багатодітна", "м. Харків, Харківська обл."),
            ("Бондар Олег", "31.02.1990", "", ""),
            ("Мельник Анна Ігорівна", date(1950, 1, 2), "пенсіонер", "с. Миколаївка, Донецька обл.")]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write(r, c, value, dates if isinstance(value, date) else xlwt.Style.default_style)
    book.save(str(tmp_path / "old.xls"))

    _, analysis = _analysis(tmp_path / "old.xls", cases)
    report = analysis.report
    assert [(p.line, p.column) for p in report.problems if p.severity == "error"] == [(3, "Дата народження")]
    assert [q.lines for q in analysis.places] == [[4]]
    saved = execute(analysis, cases)
    assert saved.imported == 2
    saved.write(tmp_path / "report.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "report.xlsx").worksheets[0]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0] == ["Аркуш", "Рядок", "Рівень", "Колонка", "Що не так"]
    assert [None, 3, "помилка", "Дата народження", "Дата має бути у форматі дд.мм.рррр"] in values
    assert [None, 4, "попередження", "Місце проживання",
            "Код КАТОТТГ не вибрано; місце збережено лише як текст адреси"] in values
