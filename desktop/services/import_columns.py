"""The columns of import and export files: names, Ukrainian and English header aliases, cell parsing.

One table serves both directions, so whatever `export` writes, `import` reads back unchanged.
Offices name their spreadsheet columns in many ways, so headers are matched after folding case,
apostrophes, separators and Latin look-alike letters, then with a typo or two ("Прізвищє",
"Дата нородження"), as long as exactly one column is that close. Beyond the exported columns an
import also reads a whole name ("ПІБ"), places written as text ("м. Харків, Харківська обл."),
a household in one cell or in numbered columns ("Член сім'ї 2: дата народження"), and a row key
that links the rows of a household sheet. Cell parsers raise CellError with a validation code;
they never put the value in a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from desktop.services.import_cells import (
    CLEAR_MARKS,
    CellError,
    cell_text,
    fold_key,
    is_clear_mark,
    is_empty,
    parse_date_cell,
)
from desktop.services.import_values import (
    DISPLACEMENT_STAGE_LABELS,
    parse_relationship,
    parse_vulnerabilities,
    split_full_name,
)

__all__ = ["CLEAR_MARKS", "COLUMNS", "COLUMNS_BY_NAME", "CellError", "Column", "HeaderMatch", "MEMBER_COLUMNS",
           "cell_text", "fold_key", "is_clear_mark", "is_empty", "parse_cell", "recognise_header",
           "split_full_name"]

SEX_LABELS = {"male": "чоловіча", "female": "жіноча"}
CATEGORY_LABELS = {"idp": "ВПО", "returnee_abroad": "повернення з-за кордону",
                   "returnee_deoccupied": "повернення на деокуповану територію",
                   "local_difficult": "місцевий житель у складних життєвих обставинах"}
STAGE_LABELS = {"identification": "виявлення", "assessment": "оцінювання потреб", "planning": "планування",
                "services": "надання послуг", "monitoring": "моніторинг", "closure": "закриття"}
STATUS_LABELS = {"open": "відкрита", "active": "активна", "suspended": "призупинена", "closed": "закрита"}
CERTIFICATE_STATUS_LABELS = {"valid": "чинна", "cancelled": "скасована", "deregistered": "знята з обліку"}
PRIORITY_LABELS = {"none": "немає", "low": "низький", "medium": "середній", "high": "високий",
                   "critical": "критичний"}

def _choice_map(labels: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    out = {fold_key(code): code for code in labels}
    out.update({fold_key(label): code for code, label in labels.items()})
    out.update({fold_key(k): v for k, v in (extra or {}).items()})
    return out


SEX_VALUES = _choice_map(SEX_LABELS, {"ч": "male", "чол": "male", "чоловік": "male", "чоловічий": "male",
                                      "m": "male", "ж": "female", "жін": "female", "жінка": "female",
                                      "жіночий": "female", "f": "female"})
CATEGORY_VALUES = _choice_map(CATEGORY_LABELS, {
    "внутрішньо переміщена особа": "idp", "переміщена особа": "idp",
    "повернення з закордону": "returnee_abroad", "повернувся з за кордону": "returnee_abroad",
    "повернення на деокуповану територію": "returnee_deoccupied", "сжо": "local_difficult",
    "місцевий житель": "local_difficult", "місцевий мешканець": "local_difficult",
})
# Free-form spellings of the category in old lists: matched by a telling word, most specific first.
_CATEGORY_KEYWORDS = (("деокуп", "returnee_deoccupied"), ("кордон", "returnee_abroad"),
                      ("закордон", "returnee_abroad"), ("сжо", "local_difficult"),
                      ("складн", "local_difficult"), ("місцев", "local_difficult"),
                      ("впо", "idp"), ("переміщ", "idp"))
STAGE_VALUES = _choice_map(STAGE_LABELS, {"ідентифікація": "identification", "оцінювання": "assessment",
                                          "оцінка потреб": "assessment", "послуги": "services"})
STATUS_VALUES = _choice_map(STATUS_LABELS)
DISPLACEMENT_STAGE_VALUES = _choice_map(DISPLACEMENT_STAGE_LABELS, {
    "evacuation": "evacuation", "евакуйований": "evacuation", "евакуйована": "evacuation",
    "інше стале рішення": "other_durable_solution", "інше тривале рішення": "other_durable_solution",
    "повернувся": "return", "повернулася": "return"})
CERTIFICATE_STATUS_VALUES = _choice_map(CERTIFICATE_STATUS_LABELS, {"дійсна": "valid", "знята": "deregistered"})
BOOL_VALUES = {fold_key(k): v for k, v in {
    "так": True, "є": True, "yes": True, "true": True, "1": True, "x": True, "+": True,
    "ні": False, "немає": False, "no": False, "false": False, "0": False}.items()}


@dataclass(frozen=True)
class Column:
    name: str                 # the header export writes; also accepted on import
    # "person", "displacement", "case"; "id" (the case id); "derived" (export only); import only:
    # "place" (a place as text, field "origin"/"current"), "household" (members in one cell),
    # "key" (the row key linking a household sheet); on a household sheet: "member"
    record: str
    field: str
    # text, name, date, choice, phones, code, rnokpp, bool, vulnerabilities, full_name, place,
    # household, relationship, key
    kind: str
    label: str                # Ukrainian, for messages
    aliases: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)

    @property
    def target(self) -> str:
        """The prefixed field name validation uses ("person.birth_date")."""
        return f"{self.record}.{self.field}"


def _col(name, record, fld, kind, label, aliases=(), values=None) -> Column:
    return Column(name, record, fld, kind, label, tuple(aliases), values or {})


# Export order. Aliases are matched after fold_key, so spelling variants need not be listed.
COLUMNS: tuple[Column, ...] = (
    _col("id", "id", "id", "text", "id справи", ["case id", "case_id", "id справи", "ідентифікатор справи"]),
    _col("surname", "person", "surname", "name", "прізвище", ["прізвище", "last name", "family name"]),
    _col("given_name", "person", "given_name", "name", "ім'я", ["ім'я", "імя", "first name", "given name"]),
    _col("patronymic", "person", "patronymic", "name", "по батькові", ["по батькові", "батькові"]),
    _col("surname_latin", "derived", "surname_latin", "text", "прізвище латиницею", ["прізвище латиницею"]),
    _col("given_name_latin", "derived", "given_name_latin", "text", "ім'я латиницею", ["ім'я латиницею"]),
    _col("birth_date", "person", "birth_date", "date", "дата народження",
         ["дата народження", "date of birth", "dob", "д н"]),
    _col("sex", "person", "sex", "choice", "стать", ["стать", "gender"], SEX_VALUES),
    _col("rnokpp", "person", "rnokpp", "rnokpp", "РНОКПП",
         ["рнокпп", "іпн", "ipn", "ідентифікаційний код", "ідентифікаційний номер", "код рнокпп",
          "податковий номер"]),
    _col("rnokpp_refused", "person", "rnokpp_refused", "bool", "відмова від РНОКПП",
         ["відмова від рнокпп", "відмова від іпн"]),
    _col("unzr", "person", "unzr", "text", "УНЗР", ["унзр", "запис № єддр"]),
    _col("phone", "person", "phones", "phones", "телефон",
         ["phones", "телефон", "телефони", "номер телефону", "контактний телефон", "мобільний телефон"]),
    _col("email", "person", "email", "text", "електронна пошта", ["e-mail", "електронна пошта", "ел пошта"]),
    _col("vulnerabilities", "person", "vulnerabilities", "vulnerabilities", "вразливості",
         ["вразливості", "вразливість", "категорії вразливості", "вразливі категорії", "пільгова категорія",
          "соціальний статус", "особливі потреби"]),
    _col("category", "case", "category", "choice", "категорія", ["категорія", "категорія особи"],
         CATEGORY_VALUES),
    _col("stage", "case", "stage", "choice", "етап", ["етап", "етап супроводу"], STAGE_VALUES),
    _col("displacement_stage", "case", "displacement_stage", "choice", "етап переміщення",
         ["етап переміщення", "стадія переміщення", "етап (переміщення)"], DISPLACEMENT_STAGE_VALUES),
    _col("status", "case", "status", "choice", "статус справи", ["статус справи", "статус"], STATUS_VALUES),
    _col("priority", "derived", "priority", "text", "пріоритет", ["пріоритет"]),
    _col("assigned_to", "case", "assigned_to", "text", "відповідальний",
         ["assigned to", "відповідальний", "відповідальний фахівець", "фахівець", "соціальний менеджер"]),
    _col("origin_katottg", "displacement", "origin_katottg", "code", "код КАТОТТГ походження",
         ["код громади походження", "катоттг походження", "код катоттг походження", "код території походження",
          "кодифікатор походження"]),
    _col("origin_address", "displacement", "origin_address", "text", "адреса походження",
         ["адреса походження", "адреса до переміщення"]),
    _col("current_katottg", "displacement", "current_katottg", "code", "код КАТОТТГ проживання",
         ["код громади проживання", "катоттг проживання", "код катоттг проживання",
          "код громади перебування", "катоттг перебування", "код території проживання"]),
    _col("current_address", "displacement", "current_address", "text", "адреса проживання",
         ["адреса проживання", "адреса перебування", "фактична адреса", "фактичне місце проживання"]),
    _col("displacement_date", "displacement", "displacement_date", "date", "дата переміщення",
         ["дата переміщення", "дата виїзду"]),
    _col("idp_certificate_number", "displacement", "idp_certificate_number", "text", "номер довідки ВПО",
         ["номер довідки впо", "довідка впо", "номер довідки", "№ довідки впо"]),
    _col("idp_certificate_date", "displacement", "idp_certificate_date", "date", "дата довідки ВПО",
         ["дата довідки впо", "дата видачі довідки впо", "дата видачі довідки", "дата довідки"]),
    _col("idp_certificate_status", "displacement", "idp_certificate_status", "choice", "статус довідки ВПО",
         ["статус довідки впо", "статус довідки"], CERTIFICATE_STATUS_VALUES),
)
# Read on import only (export writes the codes and the household is not part of its one row per case).
IMPORT_ONLY: tuple[Column, ...] = (
    _col("full_name", "person", "full_name", "full_name", "ПІБ",
         ["піб", "прізвище ім'я по батькові", "прізвище ім'я та по батькові", "full name", "name", "особа",
          "прізвище ім'я", "піб заявника", "піб особи"]),
    _col("origin_place", "place", "origin", "place", "місце походження",
         ["місце походження", "населений пункт походження", "звідки переміщена", "звідки переміщений",
          "звідки прибула", "звідки прибув", "попереднє місце проживання", "місто походження",
          "origin", "place of origin", "нп походження"]),
    _col("current_place", "place", "current", "place", "місце проживання",
         ["місце проживання", "населений пункт проживання", "населений пункт", "місце перебування",
          "куди переміщена", "нп проживання", "current place", "place of residence"]),
    _col("household", "household", "household", "household", "склад домогосподарства",
         ["склад домогосподарства", "склад сім'ї", "члени сім'ї", "члени родини", "члени домогосподарства",
          "склад родини", "household", "household members", "family members"]),
    _col("row_key", "key", "row_key", "key", "ключ рядка",
         ["ключ рядка", "ключ", "row key", "key", "№", "№ з п", "номер", "номер анкети", "№ анкети",
          "номер запису", "код сім'ї", "№ сім'ї", "family id", "household id"]),
)
# A household sheet (one member a row, linked by the row key) and numbered member columns.
MEMBER_COLUMNS: tuple[Column, ...] = (
    _col("row_key", "key", "row_key", "key", "ключ рядка", IMPORT_ONLY[-1].aliases),
    _col("full_name", "member", "full_name", "full_name", "ПІБ члена домогосподарства",
         ["піб", "прізвище ім'я по батькові", "full name", "name", "член сім'ї", "член родини"]),
    _col("surname", "member", "surname", "name", "прізвище", ["прізвище", "last name", "family name"]),
    _col("given_name", "member", "given_name", "name", "ім'я", ["ім'я", "імя", "first name", "given name"]),
    _col("patronymic", "member", "patronymic", "name", "по батькові", ["по батькові", "батькові"]),
    _col("birth_date", "member", "birth_date", "date", "дата народження",
         ["дата народження", "date of birth", "dob", "д н"]),
    _col("sex", "member", "sex", "choice", "стать", ["стать", "gender"], SEX_VALUES),
    _col("relationship", "member", "relationship", "relationship", "родинний зв'язок",
         ["родинний зв'язок", "родинні зв'язки", "ступінь спорідненості", "ступінь родинного зв'язку",
          "ким доводиться", "ким приходиться", "відношення до заявника", "relationship", "relation"]),
    _col("rnokpp", "member", "rnokpp", "rnokpp", "РНОКПП",
         ["рнокпп", "іпн", "ipn", "ідентифікаційний код", "ідентифікаційний номер", "податковий номер"]),
    _col("vulnerabilities", "member", "vulnerabilities", "vulnerabilities", "вразливості",
         ["вразливості", "вразливість", "категорії вразливості", "вразливі категорії", "пільгова категорія"]),
)
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS + IMPORT_ONLY}
MEMBER_COLUMNS_BY_NAME = {c.name: c for c in MEMBER_COLUMNS}
REQUIRED_FOR_NEW = ("surname", "given_name", "birth_date")


# --- headers ----------------------------------------------------------------------------------------

def _aliases(columns: tuple[Column, ...]) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for col in columns:
        for alias in (col.name, *col.aliases):
            out.setdefault(fold_key(alias), col)
    return out


HEADER_ALIASES = _aliases(COLUMNS + IMPORT_ONLY)
MEMBER_ALIASES = _aliases(MEMBER_COLUMNS)
_REMARK = re.compile(r"\([^)]*\)|\[[^]]*\]")  # "Дата народження (дд.мм.рррр)"
# "Член сім'ї 2: дата народження", "дата народження члена родини 2", "household member 2 name".
_MEMBER_PHRASE = re.compile(
    r"(члена?|членів)\s+(сімї|родини|домогосподарства)|household\s+member|family\s+member|member")
_GROUP_NUMBER = re.compile(r"(?:(?:№|nо|no)\s*)?(\d{1,2})(?!\d)")  # fold_key turns № into "nо"
MAX_MEMBER_GROUPS = 20


@dataclass(frozen=True)
class HeaderMatch:
    """What a header was recognised as: `target` names the column in a mapping."""

    target: str             # "surname"; "member2.birth_date" (numbered member columns); on a household sheet "birth_date"
    column: Column
    group: int | None = None  # the member's number for numbered member columns
    typo: bool = False        # recognised although spelt differently (the wizard says so)


def _allowed_edits(text: str) -> int:
    return 0 if len(text) < 5 else (1 if len(text) < 9 else 2)


def _nearest(key: str, aliases: dict[str, Column]) -> Column | None:
    """The one column whose alias is within a typo or two of `key`; None when none or several are."""
    allowed = _allowed_edits(key)
    if not allowed:
        return None
    found = process.extract(key, list(aliases), scorer=OSA.distance, score_cutoff=allowed, limit=8)
    if not found:
        return None
    best = min(d for _, d, _ in found)
    columns = {aliases[alias].name for alias, d, _ in found if d == best}
    return aliases[found[0][0]] if len(columns) == 1 and best <= _allowed_edits(found[0][0]) else None


def _lookup(key: str, aliases: dict[str, Column]) -> tuple[Column | None, bool]:
    if key in aliases:
        return aliases[key], False
    column = _nearest(key, aliases)
    return column, column is not None


def recognise_header(text: Any, sheet: str = "main") -> HeaderMatch | None:
    """The column a header names (main sheet, or sheet="members" for a household sheet)."""
    raw = cell_text(text)
    whole = fold_key(re.sub(r"[()\[\]]", " ", raw))  # the remark may be the point: "Член сім'ї 2 (ПІБ)"
    key = fold_key(_REMARK.sub(" ", raw)) or whole
    if not key:
        return None
    if sheet == "members":
        column, typo = _lookup(key, MEMBER_ALIASES)
        return HeaderMatch(column.name, column, None, typo) if column else None
    for exact in (key, whole):
        if exact in HEADER_ALIASES:
            column = HEADER_ALIASES[exact]
            return HeaderMatch(column.name, column)
    phrase = _MEMBER_PHRASE.search(whole)
    number = _GROUP_NUMBER.search(whole)
    if phrase and number and 1 <= int(number.group(1)) <= MAX_MEMBER_GROUPS:
        rest = (whole[:phrase.start()] + " " + whole[phrase.end():]).replace(number.group(0), " ")
        rest = " ".join(re.sub(r"[^\w']+", " ", rest).split())
        column, typo = _lookup(rest or "піб", MEMBER_ALIASES)
        if column is not None and column.record == "member":
            group = int(number.group(1))
            return HeaderMatch(f"member{group}.{column.name}", column, group, typo)
        return None
    column = _nearest(key, HEADER_ALIASES)
    return HeaderMatch(column.name, column, None, True) if column else None


def match_header(text: Any) -> Column | None:
    found = recognise_header(text)
    return found.column if found else None


def column_for_target(target: str, sheet: str = "main") -> tuple[Column, int | None]:
    """The column and member number a mapping target names; KeyError for an unknown target."""
    if sheet == "members":
        return MEMBER_COLUMNS_BY_NAME[target], None
    if target.startswith("member") and "." in target:
        group, _, name = target.partition(".")
        return MEMBER_COLUMNS_BY_NAME[name], int(group[len("member"):])
    return COLUMNS_BY_NAME[target], None


# --- cells ------------------------------------------------------------------------------------------

def _parse_choice(column: Column, value: Any) -> str:
    key = fold_key(cell_text(value))
    found = column.values.get(key)
    if found is None and column.name == "category":
        found = next((code for word, code in _CATEGORY_KEYWORDS if word in key), None)
    if found is None:
        raise CellError("invalid_choice")
    return found


def parse_cell(column: Column, value: Any) -> Any:
    """The stored form of one non-empty, non-clearing cell; CellError if it cannot be read."""
    kind = column.kind
    if kind == "date":
        return parse_date_cell(value)
    if kind == "vulnerabilities":
        return parse_vulnerabilities(value)
    if kind == "relationship":
        return parse_relationship(value)[0]
    if kind == "choice":
        return _parse_choice(column, value)
    if kind == "bool":
        found = BOOL_VALUES.get(fold_key(cell_text(value)))
        if found is None:
            raise CellError("invalid_value")
        return found
    text = cell_text(value)
    if kind == "phones":
        return [p.strip() for p in re.split(r"[,;]", text) if p.strip()]
    if kind == "code":
        return "".join(text.split()).upper()
    if kind == "rnokpp":
        # A spreadsheet that stored the number as a number dropped the leading zero (born before 1927).
        if isinstance(value, int | float) and text.isdigit() and len(text) < 10:
            text = text.zfill(10)
        return text
    if kind == "name":
        return " ".join(text.split())
    return text

