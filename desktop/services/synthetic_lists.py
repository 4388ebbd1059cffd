"""A synthetic office list, as offices kept them before Poruch: for tests, benchmarks and demos.

Made-up people only (desktop.services.synthetic, names from Faker's uk_UA lists), written the way
real lists are messy: Ukrainian headers with typos, a whole name in one column here and there,
places as text ("с. Миколаївка, Краматорський р-н, Донецька обл."), vulnerabilities in words,
household members in numbered columns, in one cell or on a sheet of their own linked by a row
key, and a few bad rows planted on purpose. `OfficeList` says which lines are bad and why, so a
test can check that exactly those are reported. Never used with, or derived from, real data.

    python scripts/make_office_list.py out.xlsx --rows 2000 --seed 1
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from desktop.services.import_values import VULNERABILITY_LABELS
from desktop.services.synthetic import generate_registrations
from sync.atomic import atomic_output
from sync.reference import get_codifier

# Headers as an office typed them: typos on purpose (the import must recognise them all).
MAIN_HEADERS = ["№", "Прізвищє", "Ім'я", "По батькові", "Дата нородження", "Стать", "РНОКПП (ІПН)", "Телефон",
                "Категорія", "Етап переміщення", "Вразливості", "Місце походження", "Адреса проживання",
                "Дата переміщення", "Номер довідки ВПО", "Склад сім'ї",
                "Член сім'ї 1: ПІБ", "Член сім'ї 1: ким доводиться", "Член сім'ї 1: дата народження"]
MEMBER_SHEET = "Члени родини"
MEMBER_HEADERS = ["№ анкети", "ПІБ", "Родинний зв'язок", "Дата народження", "РНОКПП"]
_RELATION_WORDS = {("spouse", "male"): "чоловік", ("spouse", "female"): "дружина", ("child", "male"): "син",
                   ("child", "female"): "донька", ("parent", "male"): "батько", ("parent", "female"): "мати",
                   ("sibling", "male"): "брат", ("sibling", "female"): "сестра", ("grandchild", "male"): "онук",
                   ("grandchild", "female"): "онука"}
_CATEGORY_WORDS = {"idp": ("ВПО", "внутрішньо переміщена особа", "впо"),
                   "returnee_abroad": ("повернення з-за кордону",),
                   "returnee_deoccupied": ("повернення на деокуповану територію",),
                   "local_difficult": ("СЖО", "місцевий житель")}
_STAGE_WORDS = {"evacuation": "евакуація", "adaptation": "Адаптація", "integration": "інтеграція",
                "return": "повернення", "other_durable_solution": "інше довготривале рішення"}
_VULNERABILITY_WORDS = {"disability_1": "інвалідність I групи", "disability_2": "інвалід 2 гр.",
                        "disability_3": "інвалідність III групи", "older_person": "пенсіонер",
                        "large_family": "багатодітна сім'я", "low_income": "малозабезпечена",
                        "chronic_illness": "хронічне захворювання", "veteran_family": "УБД",
                        "child_disability": "дитина з інвалідністю", "child": "дитина"}
# The bad rows planted: (what is wrong, the column the report must name).
PLANTED = (
    ("rnokpp_checksum", "РНОКПП (ІПН)"), ("impossible_date", "Дата нородження"),
    ("future_birth", "Дата нородження"), ("no_surname", "Прізвищє"), ("bad_phone", "Телефон"),
    ("unknown_vulnerability", "Вразливості"), ("member_bad_date", "Член сім'ї 1: дата народження"),
    ("member_sheet_no_relationship", ""),
)


@dataclass
class OfficeList:
    path: Path
    rows: int
    bad_lines: dict[int, str] = field(default_factory=dict)        # main sheet line -> what is wrong
    bad_member_lines: list[int] = field(default_factory=list)      # lines of the household sheet
    duplicate_lines: list[int] = field(default_factory=list)       # the same RNOKPP as an earlier line
    members: int = 0                                               # members of the good rows


def _place_text(rng: random.Random, code: str) -> str:
    """How an office writes a place: with the raion mostly, sometimes only the oblast (then maybe ambiguous)."""
    codifier = get_codifier()
    path = codifier.path(code)
    unit = path[-1]
    oblast = next((u for u in path if u.level == 1), None)
    raion = next((u for u in path if u.level == 2), None)
    marker = {"M": "м.", "X": "смт", "C": "с.", "K": "м."}.get(unit.category, "")
    parts = [f"{marker} {unit.name}".strip()]
    if raion is not None and rng.random() < 0.85:
        parts.append(f"{raion.name} р-н")
    if oblast is not None and unit.category != "K":
        parts.append(f"{oblast.name} обл." if rng.random() < 0.8 else f"{oblast.name} область")
    return ", ".join(parts)


def _member_name(m: dict[str, Any]) -> str:
    return " ".join(p for p in (m.get("surname"), m.get("given_name"), m.get("patronymic")) if p)


def _relation(m: dict[str, Any]) -> str:
    return _RELATION_WORDS.get((m["relationship"], m.get("sex")), "інше")


def write_office_list(path: Path, n: int, *, seed: int = 0, bad_every: int = 250,
                      today: date | None = None) -> OfficeList:
    """n rows of made-up people as an office's XLSX list; about one row in `bad_every` planted bad."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    today = today or date.today()
    regs = generate_registrations(n, seed=seed, office_id="x", assigned_to="x", today=today)
    result = OfficeList(Path(path), n)
    wb = Workbook(write_only=True)
    main = wb.create_sheet("Список ВПО")
    members_sheet = wb.create_sheet(MEMBER_SHEET)
    main.append(["Список осіб, які звернулися до ЦНСП (синтетичні дані)"])  # a title row above the header
    main.append(MAIN_HEADERS)
    members_sheet.append(MEMBER_HEADERS)
    member_line = 1
    bad_rows = {i: PLANTED[(i // bad_every) % len(PLANTED)][0] for i in range(bad_every // 2, n, bad_every)}
    # People listed twice, by RNOKPP (someone who refused an RNOKPP would only be a possible duplicate).
    duplicate_of = {i: i - 7 for i in range(bad_every // 3, n, bad_every * 2) if i - 7 >= 0 and i not in bad_rows
                    and i - 7 not in bad_rows and regs[i - 7].person.get("rnokpp")}
    for i, reg in enumerate(regs):
        line = i + 3  # title row, header row
        p, d, c = reg.person, reg.displacement, reg.case
        if i in duplicate_of:
            p = dict(regs[duplicate_of[i]].person)  # the same person registered twice in one list
            result.duplicate_lines.append(line)
        bad = bad_rows.get(i)
        birth = date.fromisoformat(p["birth_date"])
        row: dict[str, Any] = {
            "№": f"A-{i + 1:05d}", "Прізвищє": p["surname"], "Ім'я": p["given_name"],
            "По батькові": p.get("patronymic"),
            "Дата нородження": birth if rng.random() < 0.7 else f"{birth:%d.%m.%Y}",
            "Стать": rng.choice(("ч", "чол.", "чоловіча")) if p["sex"] == "male" else rng.choice(("ж", "жін.", "жіноча")),
            "РНОКПП (ІПН)": p.get("rnokpp"),
            "Телефон": ", ".join("0" + ph[4:] if rng.random() < 0.5 else ph for ph in p.get("phones", [])),
            "Категорія": rng.choice(_CATEGORY_WORDS[c["category"]]),
            "Етап переміщення": _STAGE_WORDS.get(c.get("displacement_stage") or "", ""),
            "Вразливості": ", ".join(_VULNERABILITY_WORDS.get(v, VULNERABILITY_LABELS[v])
                                     for v in p.get("vulnerabilities", [])),
            "Місце походження": _place_text(rng, d["origin_katottg"]),
            "Адреса проживання": f"{_place_text(rng, d['current_katottg'])}, {d['current_address']}",
            "Дата переміщення": date.fromisoformat(d["displacement_date"]),
            "Номер довідки ВПО": d.get("idp_certificate_number"),
        }
        household = list(reg.household) if i not in duplicate_of else []
        # Households written three ways: first member in numbered columns, the rest in one cell or on
        # the household sheet.
        if household:
            first = household[0]
            row["Член сім'ї 1: ПІБ"] = _member_name(first)
            row["Член сім'ї 1: ким доводиться"] = _relation(first)
            row["Член сім'ї 1: дата народження"] = f"{date.fromisoformat(first['birth_date']):%d.%m.%Y}"
        rest = household[1:]
        on_sheet = rng.random() < 0.5
        if rest and not on_sheet:
            row["Склад сім'ї"] = "; ".join(
                f"{_member_name(m)}, {_relation(m)}, {date.fromisoformat(m['birth_date']):%d.%m.%Y}" for m in rest)
        member_rows = []
        if rest and on_sheet:
            for m in rest:
                member_rows.append([row["№"], _member_name(m), _relation(m),
                                    date.fromisoformat(m["birth_date"]), m.get("rnokpp")])
        if bad is not None:
            _plant(bad, row, member_rows, p, today)
            if bad == "member_bad_date" and not household:
                row["Член сім'ї 1: ПІБ"] = "Тест Тестович"
                row["Член сім'ї 1: ким доводиться"] = "син"
            if bad == "member_sheet_no_relationship" and not member_rows:
                member_rows = [[row["№"], "Іваненко Олена", "", date(2015, 5, 1), None]]
            if bad == "member_sheet_no_relationship":
                member_rows[0][2] = ""
                result.bad_member_lines.append(member_line + 1)
            result.bad_lines[line] = bad
        elif i not in duplicate_of:
            result.members += len(household)
        for member_row in member_rows:
            members_sheet.append(member_row)
            member_line += 1
        main.append([row.get(h) for h in MAIN_HEADERS])
    with atomic_output(Path(path)) as out:
        wb.save(out)
    return result


def _plant(bad: str, row: dict[str, Any], member_rows: list[list[Any]], person: dict[str, Any], today: date) -> None:
    if bad == "rnokpp_checksum" and row["РНОКПП (ІПН)"]:
        digits = row["РНОКПП (ІПН)"]
        row["РНОКПП (ІПН)"] = digits[:9] + str((int(digits[9]) + 1) % 10)
    elif bad == "rnokpp_checksum":
        row["РНОКПП (ІПН)"] = "1234567890"
    elif bad == "impossible_date":
        row["Дата нородження"], row["РНОКПП (ІПН)"] = "31.02.1980", None
    elif bad == "future_birth":
        row["Дата нородження"], row["РНОКПП (ІПН)"] = f"{today + timedelta(days=40):%d.%m.%Y}", None
    elif bad == "no_surname":
        row["Прізвищє"] = None
    elif bad == "bad_phone":
        row["Телефон"] = "12-34"
    elif bad == "unknown_vulnerability":
        row["Вразливості"] = "щось незрозуміле"
    elif bad == "member_bad_date":
        row["Член сім'ї 1: дата народження"] = "30.02.2011"
