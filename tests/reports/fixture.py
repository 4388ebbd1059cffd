"""A small office whose report is computed by hand (below, EXPECTED) to check the report's numbers.

Every date is relative to the current month, so the fixture holds on any day: "the period" is this
month, events happen on its first day or today, older ones 40-100 days before it. Synthetic people.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop.services.cases import CaseService, Registration
from sync.reports.period import Period, month

LISTED_ORIGIN = "UA12060130000012028"  # on the hostilities list since 24.02.2022, no end date


def period_now(today: date | None = None) -> Period:
    today = today or date.today()
    return month(today.year, today.month)


def _born(years_before: int, start: date) -> str:
    return date(start.year - years_before, 1, 1).isoformat()


def build(svc: CaseService) -> dict[str, str]:
    """Register cases A-E and their activity; returns their case ids by letter."""
    today = date.today()
    start = period_now(today).start
    iso = date.isoformat

    def reg(person, case, displacement=None, household=()):
        return svc.register(Registration(person=person, case=case, displacement=displacement or {},
                                         household=list(household)))

    ids = {}
    cs = reg({"surname": "Шевченко", "given_name": "Олена", "birth_date": _born(36, start), "sex": "female",
              "rnokpp_refused": True, "vulnerabilities": ["disability_2"]},
             {"category": "idp", "opened_on": iso(start), "displacement_stage": "adaptation"},
             {"origin_katottg": LISTED_ORIGIN},
             [{"given_name": "Марія", "relationship": "child"}, {"given_name": "Петро", "relationship": "spouse"}])
    ids["A"] = next(iter(cs.case_ids))
    cs = reg({"surname": "Коваль", "given_name": "Андрій", "birth_date": _born(7, start), "sex": "male",
              "rnokpp_refused": True}, {"category": "returnee_abroad", "opened_on": iso(start)})
    ids["B"] = next(iter(cs.case_ids))
    cs = reg({"surname": "Бондар", "given_name": "Ганна", "birth_date": _born(76, start), "sex": "female"},
             {"category": "idp", "opened_on": iso(start - timedelta(days=40))})
    ids["C"] = next(iter(cs.case_ids))
    cs = reg({"surname": "Мельник", "given_name": "Іван", "birth_date": _born(30, start), "sex": "male",
              "rnokpp_refused": True}, {"category": "local_difficult", "opened_on": iso(start - timedelta(days=60))})
    ids["D"] = next(iter(cs.case_ids))
    cs = reg({"surname": "Smith", "given_name": "Джон", "birth_date": _born(45, start), "sex": "male",
              "rnokpp_refused": True}, {"category": "idp", "opened_on": iso(start - timedelta(days=100)),
                                        "status": "suspended"})
    ids["E"] = next(iter(cs.case_ids))

    a, b, c = ids["A"], ids["B"], ids["C"]
    svc.update("case", a, {"status": "active", "displacement_stage": "integration"})
    svc.set_status(ids["D"], "closed", closure_reason="moved_away")
    svc.add("assessment", a, {"housing": "high", "income_employment": "critical"})
    svc.add("assessment", b, {"housing": "low"})
    svc.add("service", a, {"title": "Житло", "service_code": "housing_temporary", "provider_kind": "state",
                           "status": "delivered", "referred_on": iso(start), "delivered_on": iso(today)})
    svc.add("service", b, {"title": "Правова допомога", "service_code": "legal_aid", "provider_kind": "ngo",
                           "status": "referred", "referred_on": iso(today)})
    svc.add("task", c, {"title": "Зателефонувати", "due_date": iso(start - timedelta(days=5))})
    svc.add("task", a, {"title": "Візит", "due_date": iso(start - timedelta(days=1)), "done": True,
                        "done_on": iso(start - timedelta(days=1))})
    svc.add("observation", a, {"observed_on": iso(start - timedelta(days=10)), "housing": "collective_centre"})
    svc.add("observation", a, {"housing": "rented", "employment": "employed"})
    svc.add("journal_entry", c, {"kind": "call", "text": "Дзвінок"})
    return ids


def expected(today: date | None = None) -> dict[str, dict]:
    """The report of this fixture for this month, computed by hand: table -> {row labels: value}."""
    today = today or date.today()
    start = period_now(today).start
    days = (today - start).days
    want = {
        "caseload": {("Відкрита",): 2, ("Активна",): 1, ("Призупинена",): 1},
        "new_cases": {("ВПО", "з інвалідністю", "Жінки 18–59"): 1,
                      ("Повернулися з-за кордону", "без інвалідності", "Чоловіки 5–11"): 1},
        "stage": {("Виявлення",): 4},
        "displacement_stage": {("Інтеграція",): 1, ("не вказано",): 3},
        "transitions": {("Адаптація", "Інтеграція"): 1},
        "needs": {("Житло", "висока"): 1, ("Житло", "низька"): 1, ("Дохід і зайнятість", "критична"): 1,
                  ("Дохід і зайнятість", "немає"): 1,
                  **{(domain, "немає"): 2 for domain in (
                      "Здоров'я і реабілітація", "Психосоціальна підтримка", "Документи і правова допомога",
                      "Освіта і догляд за дітьми", "Гуманітарні й базові потреби", "Соціальні виплати")}},
        "high_needs": {("Житло",): 1, ("Дохід і зайнятість",): 1},
        "services": {("Житло", "Надано"): 1, ("Документи і правова допомога", "Направлено"): 1},
        "providers": {("Державні", "Надано"): 1, ("Громадські (НУО)", "Направлено"): 1},
        "delivery_days": {("Державні", "Кількість"): 1, ("Державні", "Медіана днів від направлення до надання"): days},
        "closures": {("Переїхали",): 1},
        "overdue": {("olena",): 1},
        "caseworkers": {("olena",): 4},
        "listed_origin": {("Із території бойових дій/окупації (перелік)",): 1, ("З інших територій",): 3},
        "reached": {("Справ", "Домогосподарства"): 3, ("Справ", "Осіб у них"): 5},
        "indicators": {("Житло", "Місце компактного проживання", "На початок"): 1,
                       ("Житло", "Місце компактного проживання", "На кінець"): 0,
                       ("Житло", "Місце компактного проживання", "Зміна"): -1,
                       ("Житло", "Оренда", "На кінець"): 1, ("Житло", "Оренда", "Зміна"): 1,
                       ("Зайнятість", "Працює", "На кінець"): 1, ("Зайнятість", "Працює", "Зміна"): 1},
        "aid_overlaps": {},  # none: tests/sync/test_aid_overlap_e2e.py adds them
        "transfers": {},  # none: tests/reports/test_office_report.py and tests/sync/test_transfers_e2e.py add them
        "quality": {("Справ", "Без РНОКПП і без позначки про відмову"): 1,
                    ("Справ", "З неусуненими попередженнями перевірки"): 1,
                    ("Справ", "Без оцінювання потреб"): 2},
    }
    one_column = ("caseload", "stage", "displacement_stage", "high_needs", "closures", "overdue", "caseworkers",
                  "listed_origin")
    for table in one_column:  # their single column is the count
        want[table] = {key + ("Кількість",): value for key, value in want[table].items()}
    return want


def cells(table) -> dict[tuple, object]:
    """Every cell of an office-layout table as {(row labels..., column label): value}."""
    out = {}
    for rk, labels in table.rows:
        for ck, label in table.cols:
            out[(*labels, label)] = table.value(rk, ck)
    return out
