"""The columns of import and export files: names, Ukrainian header aliases, cell parsing.

One table serves both directions, so whatever `export` writes, `import` reads back unchanged.
Offices name their spreadsheet columns in many ways ("ПІБ" aside, which we do not split), so
headers are matched after folding case, apostrophes, separators and Latin look-alike letters.
Cell parsers raise CellError with a validation code; they never put the value in a message.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sync.records.dates import parse_date
from sync.text import fold_for_search

CLEAR_MARKS = frozenset({"-", "\u2013", "\u2014"})  # "-" clears a field in an update (Excel turns it into a dash)

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

_LATIN_LOOKALIKES = str.maketrans("aceiopxyk", "асеіорхук")
_SEPARATORS = re.compile(r"[\s_\-./\\]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fold_key(text: Any) -> str:
    """The comparison form of a header or a choice value: 'Ім’я ' == 'імя', 'По-батькові' == 'по батькові'."""
    folded = fold_for_search(unicodedata.normalize("NFKC", str(text or "")))
    folded = _SEPARATORS.sub(" ", folded).strip(" :*")
    # "IПН" typed with a Latin I: only when the word is otherwise Cyrillic, so "email" stays Latin.
    if any("\u0400" <= ch <= "\u04ff" for ch in folded):
        folded = folded.translate(_LATIN_LOOKALIKES)
    return folded


class CellError(ValueError):
    """A cell that cannot be read as its column's type; `code` is a ValidationIssue code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


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
CERTIFICATE_STATUS_VALUES = _choice_map(CERTIFICATE_STATUS_LABELS, {"дійсна": "valid", "знята": "deregistered"})
BOOL_VALUES = {fold_key(k): v for k, v in {
    "так": True, "є": True, "yes": True, "true": True, "1": True, "x": True, "+": True,
    "ні": False, "немає": False, "no": False, "false": False, "0": False}.items()}


@dataclass(frozen=True)
class Column:
    name: str                 # the header export writes; also accepted on import
    record: str               # "person", "displacement", "case"; "id" (the case id); "derived" (export only)
    field: str
    kind: str                 # text, name, date, choice, phones, code, rnokpp, bool
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
    _col("category", "case", "category", "choice", "категорія", ["категорія", "категорія особи"],
         CATEGORY_VALUES),
    _col("stage", "case", "stage", "choice", "етап", ["етап", "етап супроводу"], STAGE_VALUES),
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
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
HEADER_ALIASES: dict[str, Column] = {}
for _c in COLUMNS:
    for _alias in (_c.name, *_c.aliases):
        HEADER_ALIASES.setdefault(fold_key(_alias), _c)
REQUIRED_FOR_NEW = ("surname", "given_name", "birth_date")


def match_header(text: Any) -> Column | None:
    return HEADER_ALIASES.get(fold_key(text))


# --- cells ------------------------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """A cell as text: spreadsheet numbers lose their '.0', everything is trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # Control characters come from broken exports and would end up in names and search terms.
    return _CONTROL.sub("", str(value)).strip()


_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?")


def _parse_date_cell(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    if m := _ISO_MIDNIGHT.fullmatch(text):  # what some tools write for a date-only value
        text = m.group(1)
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise CellError("invalid_date") from None


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
        return _parse_date_cell(value)
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


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def is_clear_mark(value: Any) -> bool:
    return isinstance(value, str) and value.strip() in CLEAR_MARKS
