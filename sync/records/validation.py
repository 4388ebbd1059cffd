"""Validation of records: structure (types, choices, lengths) and the domain rules of a case.

`check_structure` is what the server enforces on every change it receives: it only needs the
schema. `validate_record` is what the client runs before saving: it sees the whole record and
adds the domain rules (RNOKPP checksum and consistency, UNZR, phones, codifier codes, dates).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sync.records.dates import check_not_future, check_plausible_birth_date
from sync.records.identifiers import check_phone, check_rnokpp, check_unzr, is_cyrillic_name
from sync.records.issues import ValidationIssue
from sync.records.schema import INDICATORS, FieldSpec, RecordType
from sync.reference import get_codifier, is_valid_code_format

ISSUE_ERROR = "error"
# Characters no field may hold: control characters (C0, DEL, C1), lone surrogates (not text: they cannot
# even be stored as UTF-8) and the non-characters U+FFFE/U+FFFF. Tabs and line breaks only in multi-line
# text (notes); a one-line field (a name, a number, an address line) holds none.
_NEVER = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BAD_MULTILINE = re.compile(f"[{_NEVER}]")
_BAD_ONE_LINE = re.compile(f"[{_NEVER}\t\n\r]")
_MAX_DATETIME_LENGTH = 40


def _clean(value: str, bad: re.Pattern) -> bool:
    """No character of `bad` (either expression above) in `value`. A printable text holds none (each is a
    control character, a surrogate or a non-character, never printable: tests/test_validation.py checks every
    code point), and str.isprintable finds that in half the time of the search, which is left for the rest."""
    return value.isprintable() or bad.search(value) is None


def bad_characters(value: str, *, multiline: bool = False) -> bool:
    return (_BAD_MULTILINE if multiline else _BAD_ONE_LINE).search(value) is not None


def _is_iso_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_iso_datetime(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _field_check(name: str, spec: FieldSpec) -> Callable[[Any], ValidationIssue | None]:
    """The check of one field's value, built once per field: the server runs it on every field of every
    change it receives (50,000 a push of 1,000 cases). An empty value (None, "" or []) is refused only
    from a required field; any other is checked by kind. The test for emptiness is made inside each
    kind's check, after the kind's own type test, so that a field costs one call and no comparison of
    a value with "" and [] (each a rich comparison that fails)."""
    kind = spec.kind
    required = spec.required

    def empty() -> ValidationIssue | None:
        return ValidationIssue(name, "required") if required else None

    if kind == "text":
        bad = _BAD_MULTILINE if spec.multiline else _BAD_ONE_LINE
        max_length = spec.max_length

        def check(value: Any) -> ValidationIssue | None:
            if isinstance(value, str):
                if not value:
                    return empty()
                if len(value) > max_length:
                    return ValidationIssue(name, "text_too_long", params={"max": str(max_length)})
                if not _clean(value, bad):
                    return ValidationIssue(name, "invalid_characters")
                return None
            if value is None or value == []:
                return empty()
            return ValidationIssue(name, "invalid_value")
    elif kind == "date":
        def check(value: Any) -> ValidationIssue | None:
            if isinstance(value, str):
                if not value:
                    return empty()
                return None if _is_iso_date(value) else ValidationIssue(name, "invalid_date")
            if value is None or value == []:
                return empty()
            return ValidationIssue(name, "invalid_date")
    elif kind == "choice":
        choices = frozenset(spec.choices) - {""}  # "" is empty, whatever the choices

        def check(value: Any) -> ValidationIssue | None:
            if isinstance(value, str):
                if value in choices:
                    return None
                return empty() if not value else ValidationIssue(name, "invalid_choice")
            if value is None or value == []:
                return empty()
            return ValidationIssue(name, "invalid_choice")
    elif kind in ("list", "multichoice"):
        # Each test over the whole list at once, without a generator per test (a history entry's list
        # of field names is checked in every change that writes one).
        choices = frozenset(spec.choices)
        multichoice = kind == "multichoice"

        def check(value: Any) -> ValidationIssue | None:
            if not isinstance(value, list):
                return empty() if value is None or value == "" else ValidationIssue(name, "invalid_value")
            if not value:
                return empty()
            try:
                joined = " ".join(value)  # any item that is not text fails here; a space is refused by no search
            except TypeError:
                return ValidationIssue(name, "invalid_value")
            if len(value) > spec.max_items:
                return ValidationIssue(name, "too_many_items", params={"max": str(spec.max_items)})
            if multichoice:
                return None if choices.issuperset(value) else ValidationIssue(name, "invalid_choice")
            if max(map(len, value)) > spec.item_max_length:
                return ValidationIssue(name, "item_too_long", params={"max": str(spec.item_max_length)})
            if not _clean(joined, _BAD_ONE_LINE):
                return ValidationIssue(name, "invalid_characters")
            return None
    else:  # datetime, bool, int and json: rarer, their value check after the test for emptiness
        value_check = _value_check(name, spec)

        def check(value: Any) -> ValidationIssue | None:
            if value is None or (not value and (value == "" or value == [])):
                return empty()
            return value_check(value)
    return check


def _value_check(name: str, spec: FieldSpec) -> Callable[[Any], ValidationIssue | None]:
    """The check of a non-empty value of a datetime, bool, int or json field."""
    kind = spec.kind
    if kind == "datetime":
        def check(value: Any) -> ValidationIssue | None:
            ok = isinstance(value, str) and len(value) <= _MAX_DATETIME_LENGTH and _is_iso_datetime(value)
            return None if ok else ValidationIssue(name, "invalid_date")
    elif kind == "bool":
        def check(value: Any) -> ValidationIssue | None:
            return None if isinstance(value, bool) else ValidationIssue(name, "invalid_value")
    elif kind == "int":
        def check(value: Any) -> ValidationIssue | None:
            if not isinstance(value, int) or isinstance(value, bool):
                return ValidationIssue(name, "invalid_value")
            if not spec.min_value <= value <= spec.max_value:
                return ValidationIssue(name, "out_of_range",
                                       params={"min": str(spec.min_value), "max": str(spec.max_value)})
            return None
    else:  # json: any value
        def check(value: Any) -> ValidationIssue | None:
            return None
    return check


def _unknown(name: str) -> Callable[[Any], ValidationIssue]:
    return lambda value: ValidationIssue(name, "unknown_field")


# Per record type (kept with it, so an id is never reused): its field checks, its required fields (in the
# schema's order) and the same as a set.
_CHECKS: dict[int, tuple[RecordType, dict[str, Callable], tuple[str, ...], frozenset[str]]] = {}


def _checks_of(rtype: RecordType) -> tuple[dict[str, Callable], tuple[str, ...], frozenset[str]]:
    entry = _CHECKS.get(id(rtype))
    if entry is None or entry[0] is not rtype:
        required = tuple(n for n, s in rtype.fields.items() if s.required)
        entry = _CHECKS[id(rtype)] = (rtype, {name: _field_check(name, spec) for name, spec in rtype.fields.items()},
                                      required, frozenset(required))
    return entry[1], entry[2], entry[3]


def check_structure(rtype: RecordType, fields: dict[str, Any], *, complete: bool) -> list[ValidationIssue]:
    """Types, choices and lengths of the given fields; `complete` also demands the required ones."""
    checks, required, required_set = _checks_of(rtype)
    get = checks.get
    issues = [issue for name, value in fields.items() if (issue := (get(name) or _unknown(name))(value)) is not None]
    if complete and not fields.keys() >= required_set:
        issues += [ValidationIssue(name, "required") for name in required if name not in fields]
    return issues


def validate_record(rtype: RecordType, record: dict[str, Any], *, today: date | None = None) -> list[ValidationIssue]:
    """Everything the client checks before a save: structure plus the domain rules of the type."""
    issues = check_structure(rtype, record, complete=True)
    bad_fields = {i.field for i in issues}
    rule = _DOMAIN_RULES.get(rtype.name)
    if rule:
        issues.extend(i for i in rule(record, today or date.today()) if i.field not in bad_fields)
    return issues


def _date(record: dict[str, Any], name: str) -> date | None:
    value = record.get(name)
    return date.fromisoformat(value) if _is_iso_date(value) else None


def _past_date(record: dict[str, Any], name: str, today: date) -> list[ValidationIssue]:
    d = _date(record, name)
    return check_not_future(name, d, today=today) if d else []


def _person_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    birth = _date(record, "birth_date")
    if birth:
        issues += check_plausible_birth_date("birth_date", birth, today=today)
    for name in ("surname", "given_name", "patronymic"):
        value = record.get(name)
        if value and not is_cyrillic_name(value):
            issues.append(ValidationIssue(name, "not_cyrillic", "warning"))
    rnokpp = record.get("rnokpp")
    if record.get("rnokpp_refused") and rnokpp:
        issues.append(ValidationIssue("rnokpp", "rnokpp_refused_with_number"))
    elif rnokpp:
        issues += check_rnokpp(rnokpp, birth_date=birth, sex=record.get("sex"))
    if record.get("unzr"):
        issues += check_unzr(record["unzr"], birth_date=birth)
    for phone in record.get("phones") or []:
        issues += check_phone(phone)
    return issues


def _household_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    issues: list[ValidationIssue] = []
    birth = _date(record, "birth_date")
    if birth:
        issues += check_plausible_birth_date("birth_date", birth, today=today)
    if record.get("rnokpp"):
        issues += check_rnokpp(record["rnokpp"], birth_date=birth, sex=record.get("sex"))
    return issues


def check_katottg(field: str, code: str | None) -> list[ValidationIssue]:
    if not code:
        return []
    if not is_valid_code_format(code):
        return [ValidationIssue(field, "katottg_format")]
    if code not in get_codifier():
        return [ValidationIssue(field, "katottg_unknown")]
    return []


def _displacement_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    issues = _past_date(record, "idp_certificate_date", today) + _past_date(record, "displacement_date", today)
    issues += _past_date(record, "return_date", today)
    for name in ("origin_katottg", "current_katottg", "return_katottg"):
        issues += check_katottg(name, record.get(name))
    return issues


def _observation_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    issues = _past_date(record, "observed_on", today)
    if not any(record.get(name) for name in INDICATORS):
        issues.append(ValidationIssue("housing", "observation_empty"))
    return issues


def _case_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    issues = _past_date(record, "opened_on", today) + _past_date(record, "closed_on", today)
    if record.get("status") == "closed" and not record.get("closure_reason"):
        issues.append(ValidationIssue("closure_reason", "closure_reason_required"))
    return issues


def _assessment_rules(record: dict[str, Any], today: date) -> list[ValidationIssue]:
    return _past_date(record, "assessed_on", today)


_DOMAIN_RULES = {
    "person": _person_rules,
    "household_member": _household_rules,
    "displacement": _displacement_rules,
    "case": _case_rules,
    "assessment": _assessment_rules,
    "observation": _observation_rules,
}
