"""Field-level validation results, shared by the desktop client, imports and the server.

An issue carries a stable code, the field it concerns and its parameters; the message is built
from a small bilingual catalogue so that Qt-free code (imports, the server, the CLI) and the GUI
give the same words. Messages never include the value itself: they may end up in logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

# code -> (Ukrainian, English). Placeholders are str.format names.
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Обов'язкове поле", "Required field"),
    "invalid_choice": ("Неприпустиме значення", "Not an allowed value"),
    "invalid_date": ("Дата має бути у форматі дд.мм.рррр", "A date must be dd.mm.yyyy"),
    "date_in_future": ("Дата не може бути в майбутньому", "The date cannot be in the future"),
    "date_too_old": ("Дата занадто давня", "The date is too far in the past"),
    "rnokpp_format": ("РНОКПП має складатися з 10 цифр", "An RNOKPP has 10 digits"),
    "rnokpp_checksum": ("РНОКПП не проходить перевірку контрольної цифри",
                        "The RNOKPP check digit does not match"),
    "rnokpp_birth_date": ("РНОКПП не відповідає даті народження", "The RNOKPP does not match the birth date"),
    "rnokpp_sex": ("РНОКПП не відповідає статі", "The RNOKPP does not match the sex"),
    "rnokpp_refused_with_number": ("Позначено відмову від РНОКПП, але номер вказано",
                                   "Marked as refused, but a number is given"),
    "unzr_format": ("УНЗР має формат РРРРММДД-ННННК", "A UNZR has the form YYYYMMDD-NNNNC"),
    "unzr_date": ("УНЗР містить неіснуючу дату", "The UNZR holds a date that does not exist"),
    "unzr_birth_date": ("УНЗР не відповідає даті народження", "The UNZR does not match the birth date"),
    "unzr_check_digit": ("Контрольна цифра УНЗР не збігається (перевірте номер)",
                         "The UNZR check digit does not match (check the number)"),
    "phone_invalid": ("Неправильний номер телефону", "Not a valid phone number"),
    "katottg_unknown": ("Код не знайдено в кодифікаторі (КАТОТТГ)", "The code is not in the codifier (KATOTTG)"),
    "katottg_format": ("Код КАТОТТГ має формат UA і 17 цифр", "A KATOTTG code is UA and 17 digits"),
    "invalid_characters": ("Текст містить недопустимі символи (керівні символи; переноси рядків лише в примітках)",
                           "The text holds characters that are not allowed (control characters; line breaks "
                           "only in notes)"),
    "too_many_items": ("Забагато значень (не більше {max})", "Too many values (at most {max})"),
    "item_too_long": ("Занадто довге значення (не більше {max} символів)", "A value is too long (at most {max} "
                      "characters)"),
    "out_of_range": ("Число поза допустимими межами ({min}…{max})", "The number is out of range ({min}…{max})"),
    "text_too_long": ("Занадто довгий текст (не більше {max} символів)", "Too long (at most {max} characters)"),
    "not_cyrillic": ("Ім'я має бути написане кирилицею", "Names are written in Cyrillic"),
    "closure_reason_required": ("Для закриття справи потрібна причина", "Closing a case needs a reason"),
    "append_only": ("Запис не можна змінювати після створення", "This record cannot be changed once created"),
    "case_merged": ("Справу об'єднано з іншою справою цієї особи: її можна лише переглядати (зміни вносьте в ту справу "
                    "або скасуйте об'єднання)", "This case was merged into the person's other case: it is read-only "
                    "(make changes there, or undo the merge)"),
    "unknown_field": ("Невідоме поле", "Unknown field"),
    "invalid_value": ("Неправильне значення", "Invalid value"),
    "observation_empty": ("Вкажіть хоча б один показник", "Record at least one indicator"),
    "end_before_start": ("Дата закінчення раніше за дату початку", "The end date is before the start date"),
    # Imports of office lists (desktop/services/importer.py).
    "vulnerability_unknown": ("Невідома вразливість (приклади: «інвалідність II групи», «багатодітна сім'я», "
                              "«пенсіонер»)", "Unknown vulnerability (e.g. 'disability group II', 'large family')"),
    "relationship_unknown": ("Не вказано або невідомий родинний зв'язок (чоловік, дружина, син, донька, мати...)",
                             "Relationship missing or unknown (husband, wife, son, daughter, mother...)"),
    "member_name_missing": ("Не вказано ім'я члена домогосподарства", "The household member's name is missing"),
    "member_invalid": ("Справу не імпортовано: помилки в даних члена домогосподарства ({where})",
                       "Case not imported: the household member has errors ({where})"),
    "member_key_unknown": ("На основному аркуші немає рядка з таким ключем", "No row of the main sheet has this key"),
    "member_key_missing": ("Не вказано ключ рядка: невідомо, до якої справи належить",
                           "No row key: the case this member belongs to is unknown"),
    "place_ambiguous": ("Назва підходить до кількох місць кодифікатора ({count}); код не вибрано",
                        "The name fits several places of the codifier ({count}); no code chosen"),
    "place_near": ("Точної назви немає в кодифікаторі; схожих місць: {count}; код не вибрано",
                   "Not in the codifier as written; similar places: {count}; no code chosen"),
    "place_not_found": ("Місце не знайдено в кодифікаторі; збережено лише як текст адреси",
                        "Place not found in the codifier; kept as address text only"),
    "place_without_code": ("Код КАТОТТГ не вибрано; місце збережено лише як текст адреси",
                           "No KATOTTG code chosen; the place is kept as address text only"),
    "household_in_update": ("Склад домогосподарства в рядку з id не імпортується: змініть його в програмі",
                            "Household members are not imported in a row with an id: change them in the app"),
}


@dataclass(frozen=True)
class ValidationIssue:
    field: str
    code: str
    severity: Severity = "error"
    params: dict[str, str] = field(default_factory=dict)

    def message(self, lang: str = "uk") -> str:
        uk, en = MESSAGES.get(self.code, (self.code, self.code))
        template = en if lang == "en" else uk
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):
            return template

    def __str__(self) -> str:
        return f"{self.field}: {self.message()}"


class ValidationError(ValueError):
    """Raised by the service layer when a change has at least one error-level issue."""

    def __init__(self, issues: list[ValidationIssue]):
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues if i.severity == "error"))

    @property
    def errors(self) -> list[ValidationIssue]:
        return [i for i in self.issues if i.severity == "error"]
