"""Personal identifiers: RNOKPP, UNZR, phones, IDP certificates, names and their Latin transliteration.

Checks return ValidationIssue lists (format and checksum are errors, inconsistencies with other
fields are warnings) and never put the checked value in a message. Rules: docs SOURCES.md,
"Identifiers". Libraries do the well-known parts; only the UNZR has no library.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Literal

from sync.records.dates import format_date
from sync.records.issues import ValidationIssue
from sync.text import UKRAINIAN_ALPHABET, normalize_apostrophes

Sex = Literal["male", "female"]

# --- RNOKPP -------------------------------------------------------------------------------------

# Digits 1-5 count days from this date (1900-01-01 is day 1).
_RNOKPP_EPOCH = date(1899, 12, 31)


def normalize_rnokpp(text: str | None) -> str:
    """Remove the spaces people type into the number; anything else is left for check_rnokpp to refuse."""
    return "".join((text or "").split())


def _rnokpp_digits(value: str | None) -> str | None:
    number = normalize_rnokpp(value)
    return number if len(number) == 10 and number.isascii() and number.isdigit() else None


def rnokpp_birth_date(value: str | None) -> date | None:
    """The birth date the number encodes, or None when the value is not 10 digits."""
    number = _rnokpp_digits(value)
    return None if number is None else _RNOKPP_EPOCH + timedelta(days=int(number[:5]))


def rnokpp_sex(value: str | None) -> Sex | None:
    number = _rnokpp_digits(value)
    if number is None:
        return None
    return "male" if int(number[8]) % 2 else "female"


def check_rnokpp(value: str | None, *, birth_date: date | None = None, sex: Sex | None = None,
                 field: str = "rnokpp") -> list[ValidationIssue]:
    """Empty is fine here (required-ness and the "refused" mark are the form's business)."""
    number = normalize_rnokpp(value)
    if not number:
        return []
    if _rnokpp_digits(number) is None:
        return [ValidationIssue(field, "rnokpp_format")]
    if not _rntrc().is_valid(number):
        # A mistyped digit makes the date and sex meaningless: report only the checksum.
        return [ValidationIssue(field, "rnokpp_checksum")]
    issues = []
    encoded = rnokpp_birth_date(number)
    if birth_date is not None and encoded != birth_date:
        # The encoded date, not the number, so the caseworker can see which field holds the typo.
        issues.append(ValidationIssue(field, "rnokpp_birth_date", "warning",
                                      {"expected": format_date(encoded)}))
    if sex in ("male", "female") and rnokpp_sex(number) != sex:
        issues.append(ValidationIssue(field, "rnokpp_sex", "warning"))
    return issues


def make_rnokpp(birth_date: date, sex: Sex, rng: random.Random) -> str:
    """A synthetic RNOKPP consistent with birth date and sex, with a valid check digit (tests, demos)."""
    days = (birth_date - _RNOKPP_EPOCH).days
    if not 1 <= days <= 99999:
        raise ValueError("an RNOKPP can encode birth dates from 1900 to 2173 only")
    serial = f"{rng.randrange(1000):03d}"
    sex_digit = rng.choice("13579" if sex == "male" else "02468")
    first9 = f"{days:05d}{serial}{sex_digit}"
    return first9 + _rntrc().calc_check_digit(first9)


@cache
def _rntrc():
    """python-stdnum's RNOKPP module, imported at its first use, not at the top: it imports pydoc and
    inspect, start-up a sync never uses. Kept here after that: an import statement in check_rnokpp cost
    2-4 µs at every call (an import's dry run checks ~230,000 numbers at 100,000 rows)."""
    from stdnum.ua import rntrc

    return rntrc


# --- UNZR ---------------------------------------------------------------------------------------
# Hand-written because no library knows the UNZR. The check digit uses the passport MRZ method,
# which is believed but not confirmed to be the register's rule: a mismatch is only a warning.

_UNZR = re.compile(r"(\d{8})-(\d{4})(\d)")
_MRZ_WEIGHTS = (7, 3, 1)


def normalize_unzr(text: str | None) -> str:
    """Strip spaces and put back the hyphen when 13 digits were typed without it."""
    value = "".join((text or "").split())
    if len(value) == 13 and value.isascii() and value.isdigit():
        value = f"{value[:8]}-{value[8:]}"
    return value


def unzr_check_digit(first12: str) -> int:
    if len(first12) != 12 or not (first12.isascii() and first12.isdigit()):
        raise ValueError("the check digit is computed over 12 digits")
    return sum(int(d) * _MRZ_WEIGHTS[i % 3] for i, d in enumerate(first12)) % 10


def unzr_birth_date(value: str | None) -> date | None:
    m = _UNZR.fullmatch(normalize_unzr(value))
    if m is None:
        return None
    try:
        return date(int(m[1][:4]), int(m[1][4:6]), int(m[1][6:]))
    except ValueError:
        return None


def check_unzr(value: str | None, *, birth_date: date | None = None, field: str = "unzr") -> list[ValidationIssue]:
    unzr = normalize_unzr(value)
    if not unzr:
        return []
    m = _UNZR.fullmatch(unzr)
    if m is None:
        return [ValidationIssue(field, "unzr_format")]
    encoded = unzr_birth_date(unzr)
    if encoded is None:
        return [ValidationIssue(field, "unzr_date")]
    issues = []
    if birth_date is not None and encoded != birth_date:
        issues.append(ValidationIssue(field, "unzr_birth_date", "warning"))
    if unzr_check_digit(m[1] + m[2]) != int(m[3]):
        issues.append(ValidationIssue(field, "unzr_check_digit", "warning"))
    return issues


def make_unzr(birth_date: date, rng: random.Random) -> str:
    first12 = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}{rng.randrange(10000):04d}"
    return f"{first12[:8]}-{first12[8:]}{unzr_check_digit(first12)}"


# --- Phones -------------------------------------------------------------------------------------


def normalize_phone(text: str | None, region: str = "UA") -> str:
    """E.164 ('+380671234567') from any common spelling; ValueError when it is not a valid number."""
    # One number is normalised several times on its way in (form or import, validation, search
    # terms, duplicates), and phonenumbers' parse is the slowest part of saving a case: remember it.
    # What it gave is remembered too: normalising that E.164 form again (the validation of a
    # normalised record, the save of a checked one) gives it back without a second parse.
    if text in _RECENT_E164:
        return text  # type: ignore[return-value]
    e164 = _e164((text or "").strip(), region)
    if e164 is None:
        raise ValueError("not a valid phone number")  # no value in the message: it may be logged
    if len(_RECENT_E164) >= _RECENT_MAX:
        _RECENT_E164.clear()
    _RECENT_E164.add(e164)
    return e164


_RECENT_E164: set[str] = set()  # valid numbers in E.164 form, as normalize_phone returned them
_RECENT_MAX = 200_000           # ~15 MB; an import of 100,000 rows holds about 130,000


def forget_recent_phones() -> None:
    """Drop the remembered numbers (when the store locks: they are people's phone numbers)."""
    _e164.cache_clear()
    _RECENT_E164.clear()


_PLAIN_SPELLING = re.compile(r"\+?[0-9][0-9 ()\-]*")  # digits, spaces, brackets and dashes; a + only first


@lru_cache(maxsize=8192)
def _e164(raw: str, region: str) -> str | None:
    digits = re.sub(r"\D", "", raw)
    # "8 067 123 45 67": the old Soviet trunk prefix, still common on paper forms.
    if region == "UA" and not raw.startswith("+") and len(digits) == 11 and digits.startswith("80"):
        raw = "+3" + digits
    import phonenumbers  # here, not at the top: ~50 ms of every command's start-up (`poruch sync`)

    if region == "UA" and _PLAIN_SPELLING.fullmatch(raw):
        # The common spellings of a Ukrainian number ("+380 67 123 45 67", "(067) 123-45-67") name its
        # nine national digits plainly: checked against phonenumbers' metadata without its parser,
        # which is most of the cost (an import of 100,000 rows parses ~130,000 numbers). The same
        # answers as the parse (tests/test_identifiers.py compares both on many numbers).
        if raw[0] == "+":
            national = digits[3:] if len(digits) == 12 and digits.startswith("380") else ""
        else:
            national = digits[1:] if len(digits) == 10 and digits[0] == "0" else ""
        if national and national[0] != "0":
            plain = phonenumbers.PhoneNumber(country_code=380, national_number=int(national))
            return "+380" + national if phonenumbers.is_valid_number(plain) else None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str | None) -> str:
    """'+380 67 123 45 67' for Ukrainian numbers, the international format otherwise.

    A value that does not parse is shown as it is: display must not fail on old data.
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(normalize_phone(e164))
    except ValueError:
        return e164 or ""
    national = str(number.national_number)
    if number.country_code == 380 and len(national) == 9:
        # phonenumbers groups Ukrainian numbers as "67 123 4567"; the office convention is 2-3-2-2.
        return f"+380 {national[:2]} {national[2:5]} {national[5:7]} {national[7:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_phone(value: str | Iterable[str] | None, field: str = "phones") -> list[ValidationIssue]:
    """One number or a list of them; empty entries are ignored."""
    values = [value] if value is None or isinstance(value, str) else list(value)
    issues = []
    for index, item in enumerate(values):
        if not (item or "").strip():
            continue
        try:
            normalize_phone(item)
        except ValueError:
            issues.append(ValidationIssue(field, "phone_invalid", params={"index": str(index)}))
    return issues


def phone_search_keys(text: str | None) -> list[str]:
    """Digit strings to index a phone under and to look it up by.

    A valid number gives its E.164 digits ('380671234567') and, for Ukraine, the national form
    ('0671234567'), so any spelling finds it. A partial number typed into search gives its bare
    digits, meant for prefix matching against those keys.
    """
    try:
        e164 = normalize_phone(text)
    except ValueError:
        digits = re.sub(r"\D", "", text or "")
        return [digits] if digits else []
    keys = [e164[1:]]
    if e164.startswith("+380"):
        keys.append("0" + e164[4:])
    return keys


# --- IDP certificates ---------------------------------------------------------------------------

# No official number format exists, so the stored text is kept as typed and this form is only
# the index/lookup key: case and the separators people use inconsistently do not matter.
_CERT_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015/\\.,_#№]+")


def normalize_certificate(text: str | None) -> str:
    return _CERT_SEPARATORS.sub("", (text or "").upper())


# --- Names --------------------------------------------------------------------------------------

_NAME_LETTERS = frozenset(UKRAINIAN_ALPHABET + UKRAINIAN_ALPHABET.upper())


def is_cyrillic_name(text: str | None) -> bool:
    """Ukrainian letters, apostrophe, hyphen and space only, with at least one letter.

    Empty text is not a name (returns False); requiredness is checked separately.
    """
    # NFC: "й" and "ї" typed as a base letter plus a combining mark must count as letters.
    name = normalize_apostrophes(unicodedata.normalize("NFC", text or ""))
    return any(ch in _NAME_LETTERS for ch in name) and all(ch in _NAME_LETTERS or ch in "' -" for ch in name)


def transliterate(text: str | None) -> str:
    """Official Latin spelling (Cabinet of Ministers Resolution No. 55 of 27.01.2010)."""
    if not text:
        return ""
    import uklatn  # here, not at the top: only records being projected or shown need it (start-up)

    # uklatn drops the ASCII and typographic apostrophes but copies U+02BC (the apostrophe the
    # Ukrainian keyboard layout types) into the output, so unify them first.
    return uklatn.encode(normalize_apostrophes(unicodedata.normalize("NFC", text)), uklatn.KMU_55)
