"""Synthetic cases for demos, tests and benchmarks: plausible Ukrainian people who do not exist.

Everything is drawn from a seeded random.Random (names from Faker's uk_UA lists), so the same
seed gives the same people. Never used with, and never derived from, real data.
"""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from faker import Faker
from faker.providers.person.uk_UA import Provider as UkNames

from desktop.services.cases import ChangeSet, Registration, normalize_fields
from desktop.store.changes import NewRecords
from desktop.store.database import writing
from sync.records.identifiers import make_rnokpp, make_unzr, transliterate
from sync.records.ids import new_id
from sync.records.issues import ValidationError
from sync.records.schema import NEED_DOMAINS
from sync.resources import reference_dir

# Oblasts with the most displacement (Donetsk, Luhansk, Kharkiv, Zaporizhzhia, Kherson): most of
# their settlements are on the hostilities/occupation list, so "listed" figures are realistic.
FRONT_OBLASTS = ("UA14", "UA44", "UA63", "UA23", "UA65")
_NOT_CURRENT = FRONT_OBLASTS + ("UA01", "UA85")  # nobody is placed in occupied Crimea/Sevastopol
MOBILE_CODES = ("50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")
FULL_WAR_START = date(2022, 2, 24)


def _weighted(rng: random.Random, table: dict[Any, int]):
    return rng.choices(list(table), weights=list(table.values()))[0]


@cache
def _places() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(origin settlements in front-line oblasts, towns and cities elsewhere) from the codifier file."""
    origins, currents = [], []
    with open(reference_dir() / "katottg.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            code, cat = row["code"], row["category"]
            if cat in ("C", "X", "M") and code[:4] in FRONT_OBLASTS:
                origins.append(code)
            elif (cat == "M" or cat == "K") and code[:4] not in _NOT_CURRENT:
                currents.append(code)
    return tuple(origins), tuple(currents)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _other_gender_surname(surname: str, sex: str) -> str:
    """Adjectival surnames change with sex (Ковальський / Ковальська); the rest are common-gender."""
    if sex == "female" and surname.endswith(("ський", "цький", "зький")):
        return surname[:-2] + "а"
    if sex == "male" and surname.endswith(("ська", "цька", "зька")):
        return surname[:-1] + "ий"
    return surname


class _PeopleFactory:
    def __init__(self, seed: int, today: date):
        self.rng = random.Random(seed)
        self.fake = Faker("uk_UA")
        self.fake.seed_instance(seed)
        self.today = today
        self.origins, self.currents = _places()

    # --- small pieces ---------------------------------------------------------------------------
    def birth_date(self, min_age: int, max_age: int) -> date:
        oldest = _years_before(self.today, max_age + 1) + timedelta(days=1)
        youngest = _years_before(self.today, min_age) if min_age else self.today - timedelta(30)
        return oldest + timedelta(days=self.rng.randrange((youngest - oldest).days + 1))

    def phone(self) -> str:
        return f"+380{self.rng.choice(MOBILE_CODES)}{self.rng.randrange(10**7):07d}"

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange(max((end - start).days, 0) + 1))

    def names(self, sex: str) -> tuple[str, str, str]:
        r = self.rng
        if sex == "male":
            return r.choice(UkNames.last_names_male), r.choice(UkNames.first_names_male), \
                r.choice(UkNames.middle_names_male)
        return r.choice(UkNames.last_names_female), r.choice(UkNames.first_names_female), \
            r.choice(UkNames.middle_names_female)

    def age(self, birth: date) -> int:
        return self.today.year - birth.year - ((self.today.month, self.today.day) < (birth.month, birth.day))

    def vulnerabilities(self, birth: date) -> list[str]:
        r, age, out = self.rng, self.age(birth), []
        if age < 18:
            out.append("child")
            if r.random() < 0.04:
                out.append("child_disability")
            if r.random() < 0.02:
                out.append("orphan")
        elif age >= 60:
            out.append("older_person")
        if age >= 18 and r.random() < 0.12:
            out.append(r.choice(("disability_1", "disability_2", "disability_3")))
        for code, p in (("chronic_illness", 0.15), ("low_income", 0.3), ("veteran_family", 0.06),
                        ("violence_survivor", 0.02)):
            if r.random() < p:
                out.append(code)
        return out

    # --- records --------------------------------------------------------------------------------
    def person(self) -> dict[str, Any]:
        r = self.rng
        sex = r.choice(("male", "female"))
        surname, given, patronymic = self.names(sex)
        birth = self.birth_date(18, 88)
        person: dict[str, Any] = {
            "surname": surname, "given_name": given, "patronymic": patronymic,
            "birth_date": birth.isoformat(), "sex": sex,
            "phones": [self.phone() for _ in range(1 if r.random() < 0.7 else 2)],
            "preferred_contact": _weighted(r, {"phone": 50, "viber": 25, "telegram": 15, "sms": 5, "visit": 5}),
            # As a caseworker writes them (the form asks for names: «українська, кримськотатарська»), not codes.
            "languages": ["українська"] if r.random() < 0.85 else [
                "українська", r.choice(("російська", "англійська", "польська", "німецька"))],
            "vulnerabilities": self.vulnerabilities(birth),
        }
        if r.random() < 0.03:
            person["rnokpp_refused"] = True  # religious refusal: allowed, with the passport instead
        else:
            person["rnokpp"] = make_rnokpp(birth, sex, r)
        if r.random() < 0.7:
            person["unzr"] = make_unzr(birth, r)
            person["id_document_type"] = "id_card"
            person["id_document_number"] = f"{r.randrange(10**9):09d}"
        else:
            person["id_document_type"] = "passport_book"
            person["id_document_number"] = f"{r.choice('АВЕКМНОРСТ')}{r.choice('АВЕКМНОРСТ')}{r.randrange(10**6):06d}"
        if r.random() < 0.2:
            latin = transliterate(given)[:1].lower() + "." + transliterate(surname).lower().replace("'", "")
            person["email"] = f"{latin}{r.randrange(100)}@example.com"
        return person

    def member(self, person: dict[str, Any]) -> dict[str, Any]:
        r = self.rng
        head_birth = date.fromisoformat(person["birth_date"])
        head_age = self.age(head_birth)
        options = {"spouse": 30, "child": 45, "parent": 10 if head_age < 60 else 0, "sibling": 8, "grandchild": 7}
        if head_age < 40:
            options["grandchild"] = 0
        relationship = _weighted(r, options)
        sex = r.choice(("male", "female"))
        if relationship == "spouse":
            sex = "female" if person["sex"] == "male" else "male"
            birth = self.birth_date(max(18, head_age - 8), min(90, head_age + 8))
        elif relationship == "child":
            birth = self.birth_date(max(0, head_age - 45), max(0, head_age - 18))
        elif relationship == "parent":
            birth = self.birth_date(min(head_age + 18, 95), min(head_age + 40, 99))
        elif relationship == "grandchild":
            birth = self.birth_date(0, max(0, head_age - 38))
        else:
            birth = self.birth_date(max(0, head_age - 12), min(head_age + 12, 95))
        _, given, patronymic = self.names(sex)
        member: dict[str, Any] = {
            "surname": _other_gender_surname(person["surname"], sex), "given_name": given,
            "patronymic": patronymic, "birth_date": birth.isoformat(), "sex": sex,
            "relationship": relationship, "vulnerabilities": self.vulnerabilities(birth),
        }
        if r.random() < 0.8:
            member["rnokpp"] = make_rnokpp(birth, sex, r)
        return member

    def displacement(self, category: str) -> dict[str, Any]:
        r = self.rng
        moved = self.date_between(FULL_WAR_START, self.today - timedelta(days=45))
        out: dict[str, Any] = {
            "displacement_date": moved.isoformat(),
            "origin_katottg": r.choice(self.origins),
            "origin_address": self.fake.street_address(),
            "current_katottg": r.choice(self.currents),
            "current_address": self.fake.street_address(),
        }
        if category != "local_difficult":
            issued = self.date_between(moved, min(moved + timedelta(days=60), self.today))
            out.update({
                "idp_certificate_number": f"{r.randrange(10**4):04d}-{r.randrange(10**10):010d}",
                "idp_certificate_date": issued.isoformat(),
                "idp_certificate_status": _weighted(r, {"valid": 90, "cancelled": 5, "deregistered": 5}),
            })
        return out

    def case(self, moved: date | None, office_id: str | None, assigned_to: str | None) -> dict[str, Any]:
        r = self.rng
        status = _weighted(r, {"open": 30, "active": 50, "suspended": 8, "closed": 12})
        opened = self.date_between(moved or self.today - timedelta(days=900), self.today)
        case: dict[str, Any] = {
            "stage": _weighted(r, {"identification": 15, "assessment": 20, "planning": 15, "services": 30,
                                   "monitoring": 20}),
            "displacement_stage": _weighted(r, {"evacuation": 5, "adaptation": 50, "integration": 35, "return": 8,
                                                "other_durable_solution": 2}),
            "status": status, "opened_on": opened.isoformat(),
            "office_id": office_id, "assigned_to": assigned_to,
        }
        if status == "closed":
            case.update(stage="closure", closed_on=self.date_between(opened, self.today).isoformat(),
                        closure_reason=_weighted(r, {"goals_achieved": 40, "durable_solution": 20, "moved_away": 20,
                                                     "no_contact": 15, "refused_support": 5}))
        return case

    def registration(self, office_id: str | None, assigned_to: str | None) -> Registration:
        category = _weighted(self.rng, {"idp": 70, "returnee_abroad": 10, "returnee_deoccupied": 8,
                                        "local_difficult": 12})
        person = self.person()
        household = [self.member(person) for _ in range(_weighted(self.rng, {0: 35, 1: 25, 2: 20, 3: 12, 4: 8}))]
        if sum(1 for m in household if m["relationship"] == "child") >= 3:
            person["vulnerabilities"].append("large_family")
        displacement = self.displacement(category)
        case = self.case(date.fromisoformat(displacement["displacement_date"]), office_id, assigned_to)
        case["category"] = category
        return Registration(person=person, displacement=displacement, household=household, case=case)


def generate_registrations(n: int, *, seed: int = 0, office_id: str | None = None,
                           assigned_to: str | None = None, today: date | None = None) -> list[Registration]:
    """`n` synthetic registrations; office and caseworker default to the service's own when None."""
    factory = _PeopleFactory(seed, today or date.today())
    return [factory.registration(office_id, assigned_to) for _ in range(n)]


# --- activity: assessments, journal, tasks, plan ------------------------------------------------

# Per domain. With two "high" needs counting as critical (derive_priority), these give a caseload of
# about a quarter critical, a third high and the rest medium or lower, as in a frontline office;
# heavier weights made half of all cases critical and the priority column meaningless.
_SEVERITY_WEIGHTS = {"none": 50, "low": 24, "medium": 16, "high": 8, "critical": 2}
_JOURNAL = {
    "call": ("Телефонна розмова: уточнено потреби домогосподарства.", "Дзвінок: нагадування про прийом."),
    "visit": ("Візит за місцем проживання: умови задовільні.", "Візит: потрібен ремонт вікон."),
    "contact": ("Особистий прийом у громаді, подано заяву.", "Консультація щодо виплат ВПО."),
    "message": ("Повідомлення у Viber: надіслано перелік документів.",),
    "note": ("Нотатка: очікуємо відповідь від ЦНАП.", "Нотатка: особа шукає роботу."),
}
_TASKS = ("Зателефонувати щодо документів", "Перевірити статус довідки ВПО", "Повторний візит",
          "Підготувати направлення до ЦНАП", "Нагадати про медогляд")
_GOALS = {
    "housing": "Знайти постійне житло", "income_employment": "Працевлаштування",
    "health_rehabilitation": "Пройти реабілітацію", "psychosocial": "Психологічна підтримка",
    "documents_legal": "Відновити документи", "education_childcare": "Влаштувати дитину до садочка",
    "humanitarian_basic": "Забезпечити базові потреби", "social_benefits": "Оформити соціальні виплати",
}
_PROVIDERS = (("office", "Відділ соціального захисту"), ("state", "Центр зайнятості"),
              ("ngo", "БФ «Право на захист»"), ("international", "UNHCR"))


@cache
def _service_codes() -> dict[str, tuple[str, ...]]:
    """Catalogue service codes per need domain (resources/reference/services.csv)."""
    out: dict[str, list[str]] = {}
    with open(reference_dir() / "services.csv", encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["domain"], []).append(row["code"])
    return {k: tuple(v) for k, v in out.items()}


def _activity_for(rng: random.Random, today: date) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    assessment: dict[str, Any] = {"assessed_on": (today - timedelta(days=rng.randrange(200))).isoformat()}
    for domain in NEED_DOMAINS:
        assessment[domain] = _weighted(rng, _SEVERITY_WEIGHTS)
    out.append(("assessment", assessment))
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(tuple(_JOURNAL))
        at = datetime.combine(today - timedelta(days=rng.randrange(365)), time(rng.randint(8, 17), rng.randrange(60)),
                              UTC)
        out.append(("journal_entry", {"kind": kind, "text": rng.choice(_JOURNAL[kind]),
                                      "occurred_at": at.isoformat().replace("+00:00", "Z")}))
    for _ in range(rng.randint(0, 2)):
        # Due dates around today so "my day" has overdue and today's work to show.
        due = today + timedelta(days=_weighted(rng, {-10: 2, -3: 2, -1: 2, 0: 3, 2: 2, 7: 3, 30: 2}))
        done = due < today and rng.random() < 0.4
        task = {"title": rng.choice(_TASKS), "due_date": due.isoformat(), "done": done}
        if done:
            task["done_on"] = due.isoformat()
        out.append(("task", task))
    for _ in range(rng.randint(0, 2)):
        domain = rng.choice(NEED_DOMAINS)
        codes = _service_codes().get(domain) or ("",)
        out.append(("goal", {"title": _GOALS[domain], "domain": domain,
                             "target_date": (today + timedelta(days=rng.randrange(10, 180))).isoformat(),
                             "status": _weighted(rng, {"open": 70, "achieved": 25, "dropped": 5})}))
        kind, provider = rng.choice(_PROVIDERS)
        status = _weighted(rng, {"planned": 20, "referred": 20, "in_progress": 25, "delivered": 30, "declined": 5})
        service: dict[str, Any] = {"title": _GOALS[domain], "provider_kind": kind, "provider_name": provider,
                                   "status": status,
                                   # Not drawn from rng: the rest of the synthetic data stays as it was.
                                   "service_code": codes[_PROVIDERS.index((kind, provider)) % len(codes)] or None}
        if status != "planned":
            service["referred_on"] = (today - timedelta(days=rng.randrange(30, 120))).isoformat()
        if status == "delivered":
            service["delivered_on"] = (today - timedelta(days=rng.randrange(30))).isoformat()
        out.append(("service", service))
    return out


def add_activity(service, case_ids: list[str], *, seed: int = 0, today: date | None = None) -> ChangeSet:
    """Assessments, journal entries, tasks, goals and services for each case, in one transaction.

    Written through the store's bulk path for new records (NewRecords: record, pending change and
    a history entry each, then the projections), so the data is pending for sync exactly as if a
    caseworker had added it through CaseService.add.
    """
    rng = random.Random(seed)
    today = today or date.today()
    cs = ChangeSet()
    buffer = NewRecords(service.user, service.clock)
    for case_id in case_ids:
        for rtype, fields in _activity_for(rng, today):
            fields = normalize_fields(rtype, service._child_defaults(rtype, fields))
            errors = [i for i in service.check(rtype, fields) if i.severity == "error"]
            if errors:
                raise ValidationError(errors)
            record_id = new_id()
            buffer.create(rtype, record_id, case_id, fields)
            buffer.create("history", new_id(), case_id,
                          service._history_fields("create", rtype, record_id, sorted(fields)))
            cs.case_ids.add(case_id)
            cs.record_ids.append(record_id)
            cs.record_types.add(rtype)
    with writing(service.engine) as conn, conn.begin():
        buffer.flush(conn)
        service.store.projector.refresh(conn, case_ids)
    return cs


def add_outcomes(service, case_ids: list[str], *, seed: int = 0, today: date | None = None) -> None:
    """Integration indicators and displacement-stage history for some cases, in one transaction.

    Opt-in (the demo uses it) and drawn from a random source of its own, so the rest of the
    synthetic data (and the benchmarks built on it) stays as it was. About 60% of people get one or
    two dated observations; about half of the cases past adaptation get the stage change that took
    them there, in the last four months.
    """
    rng = random.Random(seed * 7919 + 1)
    today = today or date.today()
    buffer = NewRecords(service.user, service.clock)
    with service.engine.connect() as conn:
        stages = {}
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for case_id, data in conn.exec_driver_sql(
                    f"SELECT case_id, data FROM records WHERE type = 'case' AND case_id IN ({marks})", tuple(chunk)):
                stages[case_id] = json.loads(data).get("displacement_stage")
    housing = {"collective_centre": 20, "hosted": 20, "rented": 40, "own": 10, "dormitory_social": 8, "other": 2}
    employment = {"employed": 30, "self_employed": 6, "registered_unemployed": 14, "not_working": 20,
                  "pensioner": 25, "student": 5}
    income = {"wages": 30, "pension": 25, "idp_allowance": 25, "social_benefits": 10, "humanitarian_aid": 5,
              "no_income": 5}
    for case_id in case_ids:
        if rng.random() < 0.6:
            for n in range(rng.choice((1, 1, 2))):
                observed = today - timedelta(days=rng.randrange(5, 200) if n == 0 else rng.randrange(0, 5))
                fields = {"observed_on": observed.isoformat(), "observed_by": service.user,
                          "housing": _weighted(rng, housing), "employment": _weighted(rng, employment),
                          "income_source": _weighted(rng, income),
                          "family_doctor": "yes" if rng.random() < 0.7 else "no",
                          "living_allowance": "yes" if rng.random() < 0.5 else "no",
                          "children_in_school": _weighted(rng, {"yes": 30, "no": 5, "not_applicable": 65}),
                          "id_documents_restored": _weighted(rng, {"yes": 70, "no": 20, "not_applicable": 10})}
                buffer.create("observation", new_id(), case_id, fields)
        stage = stages.get(case_id)
        if stage in ("integration", "return", "other_durable_solution") and rng.random() < 0.5:
            changed = today - timedelta(days=rng.randrange(0, 120))
            buffer.create("stage_change", new_id(), case_id, {
                "field": "displacement_stage", "from_value": "adaptation", "to_value": stage,
                "changed_on": changed.isoformat(), "changed_by": service.user})
    with writing(service.engine) as conn, conn.begin():
        buffer.flush(conn)


def populate(service, n: int, *, seed: int = 0, activity: bool = True, chunk: int = 1000,
             progress=None) -> list[str]:
    """Register `n` synthetic cases (with activity) in transactions of `chunk`; returns their case ids."""
    factory = _PeopleFactory(seed, date.today())
    case_ids: list[str] = []
    for start in range(0, n, chunk):
        regs = [factory.registration(None, None) for _ in range(min(chunk, n - start))]
        results = service.register_many(regs)
        ids = [next(iter(cs.case_ids)) for cs in results]
        if activity:
            add_activity(service, ids, seed=seed * 1_000_003 + start)
        case_ids += ids
        if progress:
            progress(len(case_ids), n)
    return case_ids
