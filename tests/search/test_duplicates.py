"""Duplicate check of the registration form: each reason, and no false alarm for a namesake."""

from __future__ import annotations

from desktop.services.search import DUPLICATE_REASON_LABELS


def by_case(candidates) -> dict:
    return {c.case_id: c for c in candidates}


def test_same_rnokpp_even_typed_with_spaces(planted):
    rnokpp = planted.people["olena"]["rnokpp"]
    spaced = f"{rnokpp[:5]} {rnokpp[5:]}"
    found = by_case(planted.search.find_duplicates({"surname": "Інша", "given_name": "Людина",
                                                    "birth_date": "2000-01-01", "rnokpp": spaced}))
    assert found[planted.case_ids["olena"]].reasons == ["same_rnokpp"]


def test_same_phone_in_another_spelling(planted):
    found = by_case(planted.search.find_duplicates({"surname": "Бондар", "given_name": "Іван",
                                                    "birth_date": "1960-01-01", "phones": ["067 123 45 67"]}))
    assert found[planted.case_ids["olena"]].reasons == ["same_phone"]


def test_partial_phone_is_no_evidence(planted):
    assert planted.search.find_duplicates({"surname": "Бондар", "given_name": "Іван", "phones": ["067123"]}) == []


def test_similar_name_and_same_birth_date(planted):
    for surname, given in (("Шевченко", "Олена"), ("Шевчнеко", "Олена"), ("Shevchenko", "Olena"),
                           ("Олена", "Шевченко"), ("ШЕВЧЕНКО", "олена")):
        found = by_case(planted.search.find_duplicates({"surname": surname, "given_name": given,
                                                        "birth_date": "1985-03-02"}))
        assert found[planted.case_ids["olena"]].reasons == ["similar_name_same_birth_date"], (surname, given)
        # The namesake born on another day is a different person.
        assert planted.case_ids["olena_namesake"] not in found, (surname, given)
    # The birth date as typed in the form.
    typed = planted.search.find_duplicates({"surname": "Шевченко", "given_name": "Олена", "birth_date": "02.03.1985"})
    assert planted.case_ids["olena"] in by_case(typed)


def test_namesake_with_another_birth_date_is_not_a_duplicate(planted):
    found = planted.search.find_duplicates({"surname": "Шевченко", "given_name": "Олена", "patronymic": "Петрівна",
                                            "birth_date": "2001-09-09"})
    assert found == []


def test_different_name_same_birth_date_is_not_a_duplicate(planted):
    found = planted.search.find_duplicates({"surname": "Шевчук", "given_name": "Олександра",
                                            "birth_date": "1985-03-02"})
    assert planted.case_ids["olena"] not in by_case(found)


def test_household_member_is_found(planted):
    found = by_case(planted.search.find_duplicates({"surname": "Шевченко", "given_name": "Марко",
                                                    "birth_date": "2012-05-05"}))
    assert found[planted.case_ids["olena"]].reasons == ["similar_name_same_birth_date"]


def test_unzr_certificate_and_several_reasons(planted):
    olena = planted.people["olena"]
    found = by_case(planted.search.find_duplicates(
        {**olena, "phones": ["+380 67 123 45 67"]},
        displacement={"idp_certificate_number": "1234 5678901234"}))
    candidate = found[planted.case_ids["olena"]]
    assert set(candidate.reasons) == {"same_rnokpp", "same_unzr", "same_certificate", "same_document", "same_phone",
                                      "similar_name_same_birth_date"}
    assert candidate.score > 0.99
    assert planted.case_ids["olena_namesake"] not in found


def test_stronger_evidence_ranks_first(planted):
    candidates = planted.search.find_duplicates({"surname": "Шевченко", "given_name": "Андрій",
                                                 "birth_date": "1979-11-20", "phones": ["0671234567"]})
    assert [c.case_id for c in candidates] == [planted.case_ids["andrii"], planted.case_ids["olena"]]
    assert candidates[0].score > candidates[1].score


def test_exclude_the_case_being_edited(planted):
    olena = planted.people["olena"]
    found = planted.search.find_duplicates(olena, exclude_case_id=planted.case_ids["olena"])
    assert planted.case_ids["olena"] not in by_case(found)


def test_reason_labels_in_both_languages(planted):
    assert set(DUPLICATE_REASON_LABELS) == {"same_rnokpp", "same_unzr", "same_certificate", "same_document",
                                            "same_phone", "similar_name_same_birth_date",
                                            "similar_name_swapped_birth_date"}
    for uk, en in DUPLICATE_REASON_LABELS.values():
        assert uk and en and uk != en


def test_the_servers_rules_older_spellings_swapped_names_and_day_and_month(planted):
    """The rules shared with the server (sync.matching): an older passport spelling, given name and
    patronymic exchanged, and day and month of birth exchanged, each alone, find Olena."""
    olena = planted.case_ids["olena"]
    for person, reason in (
        ({"surname": "Schevchenko", "given_name": "Olena", "birth_date": "1985-03-02"}, "similar_name_same_birth_date"),
        ({"surname": "Шевченко", "given_name": "Петрівна", "patronymic": "Олена", "birth_date": "1985-03-02"},
         "similar_name_same_birth_date"),
        ({"surname": "Шевченко", "given_name": "Олена", "birth_date": "1985-02-03"}, "similar_name_swapped_birth_date"),
    ):
        found = by_case(planted.search.find_duplicates(person))
        assert found[olena].reasons == [reason], person
    # The namesake born on another day is still nobody's duplicate.
    found = by_case(planted.search.find_duplicates({"surname": "Shevchenko", "given_name": "Olena",
                                                    "birth_date": "1985-02-03"}))
    assert planted.case_ids["olena_namesake"] not in found


def test_same_identity_document_in_latin_letters(planted):
    found = by_case(planted.search.find_duplicates({"surname": "Інша", "given_name": "Людина",
                                                    "birth_date": "2000-01-01", "id_document_number": "АВ123456"}))
    assert found[planted.case_ids["olena"]].reasons == ["same_document"]
