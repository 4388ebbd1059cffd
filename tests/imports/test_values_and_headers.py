"""Reading office lists' words: headers with typos, vulnerabilities, relationships, households, places."""

from __future__ import annotations

import pytest

from desktop.services.import_cells import CellError
from desktop.services.import_columns import recognise_header
from desktop.services.import_places import PlaceMatcher
from desktop.services.import_values import parse_household_text, parse_relationship, parse_vulnerabilities
from sync.reference import get_codifier


@pytest.mark.parametrize(("header", "target", "typo"), [
    ("Прізвище", "surname", False), ("Прізвищє", "surname", True), ("Surname", "surname", False),
    ("Дата нородження (дд.мм.рррр)", "birth_date", True), ("Date of birth", "birth_date", False),
    ("Stauts", "status", True), ("Телефн", "phone", True), ("ПІБ", "full_name", False),
    ("Етап переміщення", "displacement_stage", False), ("Вразливості", "vulnerabilities", False),
    ("Місце походження", "origin_place", False), ("Склад сім'ї", "household", False),
    ("№ з/п", "row_key", False), ("Член сім'ї 2: дата народження", "member2.birth_date", False),
    ("Член сім'ї №3 (родинний зв'язок)", "member3.relationship", False),
    ("Household member 1 name", "member1.full_name", False),
])
def test_headers_in_ukrainian_and_english_with_typos(header, target, typo):
    found = recognise_header(header)
    assert found is not None and (found.target, found.typo) == (target, typo)


@pytest.mark.parametrize("header", ["Дата", "Something", "Катег", "Примітка"])
def test_unknown_or_too_short_headers_are_not_guessed(header):
    assert recognise_header(header) is None


def test_household_sheet_headers():
    assert recognise_header("Ким доводиться", "members").target == "relationship"
    assert recognise_header("№ анкети", "members").target == "row_key"
    assert recognise_header("ПІБ", "members").target == "full_name"


def test_vulnerabilities_in_words():
    assert parse_vulnerabilities("інвалід 2 гр., багатодітна; пенсіонер") == \
        ["disability_2", "large_family", "older_person"]
    assert parse_vulnerabilities("Особа з інвалідністю III групи") == ["disability_3"]
    assert parse_vulnerabilities("дитина з інвалідністю, дитина") == ["child_disability", "child"]
    assert parse_vulnerabilities("УБД / малозабезпечена сім'я") == ["veteran_family", "low_income"]
    assert parse_vulnerabilities("low_income") == ["low_income"]
    for bad in ("щось незрозуміле", "інвалідність"):  # no group: not guessed
        with pytest.raises(CellError):
            parse_vulnerabilities(bad)


def test_relationships_say_the_sex_when_the_word_does():
    assert parse_relationship("донька") == ("child", "female")
    assert parse_relationship("Чоловік") == ("spouse", "male")
    assert parse_relationship("опікун") == ("guardian", None)
    with pytest.raises(CellError):
        parse_relationship("сусід")


def test_household_in_one_cell():
    members = parse_household_text("Іваненко Марія Петрівна, донька, 12.03.2010; Петро (син) 2015-06-01\n"
                                   "Оксана Іваненко, 1975 р.н.")
    assert members[0].fields == {"birth_date": "2010-03-12", "relationship": "child", "sex": "female",
                                 "surname": "Іваненко", "given_name": "Марія", "patronymic": "Петрівна"}
    assert members[1].fields == {"birth_date": "2015-06-01", "relationship": "child", "sex": "male",
                                 "given_name": "Петро"}
    assert not members[0].problems and not members[1].problems
    # A year is not a date, and no relationship word: both said, nothing guessed.
    assert set(members[2].problems) == {"invalid_date", "relationship_unknown"}


@pytest.fixture(scope="module")
def matcher():
    return PlaceMatcher(get_codifier())


def test_place_that_names_one_unit_gets_its_code(matcher):
    kharkiv = matcher.match("м. Харків, Харківська обл.")
    assert kharkiv.code == "UA63120270010096107"
    assert matcher.match("м. Бахмут Донецької області").code.startswith("UA14")  # no comma, genitive
    assert matcher.match("Маріуполь, Донецька обл., вул. Миру, 5").found  # the street is left to the address
    assert matcher.match("Сумська область").code == next(u.code for u in get_codifier().regions()
                                                         if u.name == "Сумська")


def test_ambiguous_and_misspelt_places_give_candidates_never_a_code(matcher):
    many = matcher.match("с. Миколаївка, Донецька обл.")
    assert many.code is None and many.ambiguous and not many.near and len(many.candidates) == 8
    assert all(code.startswith("UA14") for code in many.candidates)
    one_raion = matcher.match("с. Миколаївка, Краматорський р-н, Донецька обл.")
    assert one_raion.found
    near = matcher.match("м. Харкыв")
    assert near.code is None and near.near and near.candidates == ("UA63120270010096107",)
    assert not matcher.match("вул. Сумська, 5").candidates
