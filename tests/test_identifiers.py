"""Identifiers, phones, transliteration and dates (sync.records.identifiers, sync.records.dates)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from sync.records.dates import check_not_future, check_plausible_birth_date, format_date, parse_date
from sync.records.identifiers import (
    check_phone,
    check_rnokpp,
    check_unzr,
    format_phone,
    is_cyrillic_name,
    make_rnokpp,
    make_unzr,
    normalize_certificate,
    normalize_phone,
    normalize_rnokpp,
    phone_search_keys,
    rnokpp_birth_date,
    rnokpp_sex,
    transliterate,
    unzr_check_digit,
)

BIRTH = date(1985, 3, 12)


@pytest.fixture
def rng() -> random.Random:
    return random.Random(20240527)


def codes(issues):
    return [(i.code, i.severity) for i in issues]


def flip(value: str, index: int) -> str:
    return value[:index] + str((int(value[index]) + 1) % 10) + value[index + 1:]


def assert_value_not_in_messages(issues, value: str) -> None:
    for issue in issues:
        for lang in ("uk", "en"):
            assert value not in issue.message(lang)
            assert value not in str(issue)


# --- RNOKPP -----------------------------------------------------------------------------------


def test_known_rnokpp_from_stdnum_docs_is_valid():
    assert check_rnokpp("1759013776") == []
    assert check_rnokpp("1759013770") and check_rnokpp("1759013770")[0].code == "rnokpp_checksum"


@pytest.mark.parametrize("sex", ["male", "female"])
def test_made_rnokpp_is_valid_and_consistent(rng, sex):
    for _ in range(50):
        value = make_rnokpp(BIRTH, sex, rng)
        assert len(value) == 10 and value.isdigit()
        assert check_rnokpp(value, birth_date=BIRTH, sex=sex) == []
        assert rnokpp_birth_date(value) == BIRTH
        assert rnokpp_sex(value) == sex


def test_rnokpp_day_one_is_first_of_january_1900(rng):
    assert make_rnokpp(date(1900, 1, 1), "male", rng).startswith("00001")


def test_flipped_digit_fails_checksum(rng):
    value = make_rnokpp(BIRTH, "female", rng)
    for index in range(10):
        issues = check_rnokpp(flip(value, index), birth_date=date(1950, 1, 1), sex="male")
        # Only the checksum: date and sex of a mistyped number mean nothing.
        assert codes(issues) == [("rnokpp_checksum", "error")]


@pytest.mark.parametrize("value", ["12345", "12345678901", "17590l3776", "1759-013776", "абвгдежзик"])
def test_rnokpp_format(value):
    assert codes(check_rnokpp(value)) == [("rnokpp_format", "error")]


def test_rnokpp_spaces_are_ignored_and_empty_is_not_checked():
    assert normalize_rnokpp(" 17590 13776 ") == "1759013776"
    assert check_rnokpp(" 17590 13776 ") == []
    assert check_rnokpp("") == [] and check_rnokpp(None) == []


def test_rnokpp_birth_date_and_sex_mismatch_are_warnings(rng):
    value = make_rnokpp(BIRTH, "male", rng)
    issues = check_rnokpp(value, birth_date=date(1985, 3, 13), sex="female")
    assert codes(issues) == [("rnokpp_birth_date", "warning"), ("rnokpp_sex", "warning")]
    assert issues[0].params["expected"] == "12.03.1985"
    # The message names the problem, not the date the number encodes: messages may reach logs.
    assert "12.03.1985" not in issues[0].message("en") and "12.03.1985" not in issues[0].message()


def test_rnokpp_helpers_refuse_bad_values(rng):
    assert rnokpp_birth_date("123") is None and rnokpp_sex(None) is None
    with pytest.raises(ValueError):
        make_rnokpp(date(1899, 12, 31), "male", rng)


# --- UNZR -------------------------------------------------------------------------------------


def test_made_unzr_is_valid(rng):
    for _ in range(50):
        value = make_unzr(BIRTH, rng)
        assert value.startswith("19850312-") and len(value) == 14
        assert check_unzr(value, birth_date=BIRTH) == []


def test_unzr_check_digit_mrz_method():
    # 7,3,1 weights: 1*7+9*3+8*1+5*7+0+3*1+1*7+2*3+0+0+0+1*1 = 94 -> 4
    assert unzr_check_digit("198503120001") == 4
    with pytest.raises(ValueError):
        unzr_check_digit("19850312000")


def test_unzr_wrong_check_digit_is_warning(rng):
    value = make_unzr(BIRTH, rng)
    assert codes(check_unzr(flip(value, 13))) == [("unzr_check_digit", "warning")]


@pytest.mark.parametrize("value", ["1985031-200014", "19850312_00014", "19850312-0001", "1985031200014x",
                                   "УНЗР"])
def test_unzr_format_is_an_error(value):
    assert codes(check_unzr(value)) == [("unzr_format", "error")]


def test_unzr_without_hyphen_or_with_spaces_is_accepted():
    assert check_unzr(" 1985031200014 ") == []


@pytest.mark.parametrize("first8", ["19850230", "19851301", "19850000"])
def test_unzr_impossible_date_is_an_error(first8):
    first12 = first8 + "0001"
    assert codes(check_unzr(f"{first8}-0001{unzr_check_digit(first12)}")) == [("unzr_date", "error")]


def test_unzr_birth_date_mismatch_is_warning(rng):
    value = make_unzr(BIRTH, rng)
    assert codes(check_unzr(value, birth_date=date(1985, 3, 21))) == [("unzr_birth_date", "warning")]


# --- Phones -----------------------------------------------------------------------------------

SPELLINGS = ["067 123 45 67", "(067)1234567", "+38 067 123-45-67", "380671234567", "0671234567",
             "+380671234567", "+380 67 123 45 67", "8 067 123 45 67", " 067-123-45-67 "]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_phone_spellings_normalise_to_one_e164(spelling):
    assert normalize_phone(spelling) == "+380671234567"
    assert format_phone(normalize_phone(spelling)) == "+380 67 123 45 67"


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_phone_search_keys_meet_for_every_spelling(spelling):
    stored = set(phone_search_keys("+380671234567"))
    assert stored == {"380671234567", "0671234567"}
    assert stored & set(phone_search_keys(spelling))


def test_partial_phone_search_gives_digits_for_prefix_matching():
    assert phone_search_keys("067 123") == ["067123"]
    assert phone_search_keys("") == [] and phone_search_keys(None) == []


@pytest.mark.parametrize("value", ["12345", "067 123 45", "0001234567", "телефон", "", None, "+380 67 123 45 678"])
def test_invalid_phone_raises(value):
    with pytest.raises(ValueError):
        normalize_phone(value)


def test_foreign_phone_uses_international_format():
    assert normalize_phone("+48 601 234 567") == "+48601234567"
    assert format_phone("+48601234567") == "+48 601 234 567"
    assert phone_search_keys("+48 601 234 567") == ["48601234567"]


def test_kyiv_landline_formats_like_mobile():
    assert format_phone(normalize_phone("044 123 45 67")) == "+380 44 123 45 67"


def test_unparseable_phone_is_displayed_as_is():
    assert format_phone("дзвонити сусідці") == "дзвонити сусідці"
    assert format_phone(None) == ""


def test_check_phone_single_and_list():
    assert check_phone("067 123 45 67") == [] and check_phone(None) == [] and check_phone("") == []
    issues = check_phone(["067 123 45 67", "12345", ""])
    assert codes(issues) == [("phone_invalid", "error")]
    assert issues[0].field == "phones" and issues[0].params["index"] == "1"
    assert_value_not_in_messages(issues, "12345")


# --- Transliteration, names, certificates -------------------------------------------------------


@pytest.mark.parametrize("cyrillic, latin", [
    ("Згорани", "Zghorany"), ("Юрій", "Yurii"), ("Яготин", "Yahotyn"), ("Щербина", "Shcherbyna"),
    ("Знам'янка", "Znamianka"), ("Їжакевич", "Yizhakevych"), ("Короп'є", "Koropie"), ("Гаївка", "Haivka"),
    ("Знам\u2019янка", "Znamianka"), ("Знам\u02bcянка", "Znamianka"),
    ("Шевченко Тарас", "Shevchenko Taras"), ("Єрмолаєва-Їжак", "Yermolaieva-Yizhak"),
])
def test_kmu_55_transliteration(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_transliterate_empty():
    assert transliterate(None) == "" and transliterate("") == ""


@pytest.mark.parametrize("name, expected", [
    ("Шевченко", True), ("Знам'янка", True), ("Знам\u2019янка", True), ("Ґудзь-Їжак", True),
    ("Анна Марія", True), ("Ии\u0306", True),  # й typed as и + combining breve
    ("Shevchenko", False), ("Шeвченко", False),  # the second has a Latin "e"
    ("Эдуард", False), ("Іван1", False), ("", False), (None, False), ("'-", False),
])
def test_is_cyrillic_name(name, expected):
    assert is_cyrillic_name(name) is expected


@pytest.mark.parametrize("spelling", ["АБ-123/45", "аб 123 45", "№ АБ12345", "АБ/123-45", "аб–123.45"])
def test_certificate_spellings_share_one_key(spelling):
    assert normalize_certificate(spelling) == "АБ12345"


def test_certificate_empty():
    assert normalize_certificate(None) == ""


# --- Dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["12.03.1985", "12.3.1985", " 12.03.1985 ", "1985-03-12"])
def test_parse_date_formats(text):
    assert parse_date(text) == BIRTH


def test_parse_date_single_digits():
    assert parse_date("1.2.2003") == date(2003, 2, 1)


@pytest.mark.parametrize("text", ["", "garbage", "12.03.85", "31.02.2020", "2020-2-3", "12/03/1985",
                                  "1985-13-01", "12.03.1985 10:00", "12.03.1985.", None, 31121, BIRTH])
def test_parse_date_refuses_garbage(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_format_date():
    assert format_date(date(2003, 2, 1)) == "01.02.2003"
    assert format_date(None) == ""
    assert parse_date(format_date(BIRTH)) == BIRTH


def test_date_checks():
    today = date(2024, 5, 27)
    assert check_not_future("d", today, today) == [] and check_not_future("d", None) == []
    assert codes(check_not_future("d", date(2024, 5, 28), today)) == [("date_in_future", "error")]
    assert check_plausible_birth_date("birth_date", date(1900, 1, 1), today) == []
    assert codes(check_plausible_birth_date("birth_date", date(1899, 12, 31), today)) == [("date_too_old", "error")]
    assert codes(check_plausible_birth_date("birth_date", date(2030, 1, 1), today)) == [("date_in_future", "error")]


# --- Privacy ----------------------------------------------------------------------------------


def test_no_message_contains_the_validated_value(rng):
    rnokpp = make_rnokpp(BIRTH, "male", rng)
    unzr = make_unzr(BIRTH, rng)
    cases = [
        (flip(rnokpp, 9), check_rnokpp(flip(rnokpp, 9))),
        (rnokpp, check_rnokpp(rnokpp, birth_date=date(1990, 1, 1), sex="female")),
        ("123456789", check_rnokpp("123456789")),
        (flip(unzr, 13), check_unzr(flip(unzr, 13), birth_date=date(1990, 1, 1))),
        ("19850230-00011", check_unzr("19850230-00011")),
        ("1985-03-12", check_unzr("1985-03-12")),
        ("0671234", check_phone("0671234")),
    ]
    for value, issues in cases:
        assert issues
        assert_value_not_in_messages(issues, value)


def test_phone_error_does_not_carry_the_value():
    with pytest.raises(ValueError) as excinfo:
        normalize_phone("067 123 45")
    assert "067" not in str(excinfo.value)


def _parsed_e164(raw: str) -> str | None:
    """What phonenumbers' parser says (normalize_phone's only way before its plain-spelling path)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, "UA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_plain_spellings_of_ukrainian_numbers_give_what_the_parser_gives():
    """normalize_phone reads '+380 67 123 45 67' and '(067) 123-45-67' without the parser: same answers."""
    import random

    from sync.records import identifiers

    rng = random.Random(16)
    prefixes = ["67", "50", "63", "66", "68", "73", "91", "93", "95", "96", "97", "98", "99", "44", "32", "56",
                "57", "62", "64", "48", "31", "00", "0", "1", "2", "39", "80", "90", "70"]
    spellings = set()
    for _ in range(6000):
        national = rng.choice(prefixes) + "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 7, 8])))
        head = rng.choice(["+380", "+38 0", "0", "(0", "+380 (", "+3", "380", ""])
        text = head + national
        spaced = "".join(ch + (rng.choice([" ", "-", "", "", ""]) if rng.random() < 0.3 else "") for ch in text)
        spellings.update({text, spaced.strip(" -")})
    results = {}
    for text in sorted(spellings):
        identifiers._e164.cache_clear()
        identifiers._RECENT_E164.clear()
        try:
            results[text] = identifiers.normalize_phone(text)
        except ValueError:
            results[text] = None
    assert results == {text: _parsed_e164(text) for text in results}
    assert sum(1 for v in results.values() if v) > 1000 and sum(1 for v in results.values() if not v) > 1000
