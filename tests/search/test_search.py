"""Case search: every way a caseworker types a person finds the planted one among synthetic cases."""

from __future__ import annotations

import pytest

from desktop.services import search as search_module
from desktop.services.cases import Registration
from desktop.services.reads import load_case
from desktop.services.search import CaseSearch


def ids(hits) -> list[str]:
    return [h.case_id for h in hits]


def hit_for(hits, case_id):
    return next((h for h in hits if h.case_id == case_id), None)


@pytest.mark.parametrize("query", ["шевч", "Шевченко", "ШЕВЧЕНКО", "шевченко олена", "Олена Шевченко",
                                   "шевченко олена петрівна", "Шевченко, Олена", "шевч ол"])
def test_cyrillic_name_prefix_and_tokens(planted, query):
    hits = planted.search.search(query)
    assert planted.case_ids["olena"] in ids(hits)
    assert all(h.matched == "name" for h in hits)


def test_all_tokens_must_match(planted):
    found = ids(planted.search.search("шевченко олена"))
    assert planted.case_ids["olena"] in found
    assert planted.case_ids["olena_namesake"] in found
    assert planted.case_ids["andrii"] not in found          # surname only
    assert planted.case_ids["kovalenko_olena"] not in found  # given name only


def test_household_member_name_finds_the_case(planted):
    assert planted.case_ids["olena"] in ids(planted.search.search("шевченко марко"))


@pytest.mark.parametrize("query", ["Шевчнеко олена",   # swapped letters
                                   "Шевченко Олнеа",
                                   "Шевчено",          # missing letter
                                   "Шевчеенко",        # extra letter
                                   "Шавченко олена",   # wrong letter
                                   "шевчн"])           # a typo in what was typed so far
def test_typos_are_tolerated(planted, query):
    hits = planted.search.search(query)
    assert planted.case_ids["olena"] in ids(hits)


def test_short_words_are_not_fuzzy(planted):
    # "Ола" is three letters: a typo allowance would match half the office.
    assert planted.case_ids["olena"] not in ids(planted.search.search("шевченко ола"))


def test_typo_ranks_below_exact(planted):
    hits = planted.search.search("Шевчнеко")
    assert hits and hit_for(hits, planted.case_ids["olena"]).score < 1
    exact = planted.search.search("Шевченко")
    assert hit_for(exact, planted.case_ids["olena"]).score == 1.0


@pytest.mark.parametrize("query", ["Shevchenko", "shevchenko olena", "Olena Shevchenko", "Shevchenco", "shevch",
                                   "Shevchenko Olna"])
def test_latin_queries(planted, query):
    hits = planted.search.search(query)
    assert planted.case_ids["olena"] in ids(hits)
    assert hit_for(hits, planted.case_ids["olena"]).matched == "latin"


def test_latin_kmu55_spelling(planted):
    assert planted.case_ids["yuliia"] in ids(planted.search.search("Yaroshenko Yuliia"))


@pytest.mark.parametrize("query", ["Мар'яна", "Марʼяна", "Мар’яна", "маряна", "Мар`яненко", "Mariana"])
def test_apostrophe_variants(planted, query):
    assert planted.case_ids["maryana"] in ids(planted.search.search(query))


def test_latin_lookalike_letters_inside_cyrillic(planted):
    # "Шeвченкo" typed with a Latin "e" and "o".
    assert planted.case_ids["olena"] in ids(planted.search.search("Шeвченкo Oлена"))


def test_exact_ranks_before_prefix(planted):
    hits = planted.search.search("шевченко")
    exact = hit_for(hits, planted.case_ids["olena"])
    prefix = hit_for(hits, planted.case_ids["shevchenkova"])
    assert exact and prefix
    assert ids(hits).index(exact.case_id) < ids(hits).index(prefix.case_id)
    assert exact.score > prefix.score


def test_results_sorted_best_first(planted):
    hits = planted.search.search("олена")
    assert len(hits) >= 3
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_limit(planted):
    assert len(planted.search.search("а", limit=5)) == 5
    assert planted.search.search("шевченко", limit=0) == []


def _brute_force(store, words: list[str]) -> set[str]:
    """Cases where every word starts one of their name terms, straight from the table."""
    from collections import defaultdict

    terms = defaultdict(set)
    with store.engine.connect() as conn:
        for case_id, term in conn.exec_driver_sql("SELECT case_id, term FROM search_terms WHERE kind = 'name'"):
            terms[case_id].add(term)
    return {c for c, ts in terms.items() if all(any(t.startswith(w) for t in ts) for w in words)}


@pytest.mark.parametrize("strategy", ["auto", "walk", "index"])
@pytest.mark.parametrize("query", ["ш", "о", "ко о", "ол ш", "шевч ол", "ма", "ма о"])
def test_short_prefixes_match_exactly_the_right_cases(planted, monkeypatch, query, strategy):
    # Short words have no typo allowance, so the result set is known exactly. Broad queries walk
    # the cases in name order, narrow ones start from the term index: both must find the same.
    share = {"auto": search_module.BROAD_SHARE, "walk": 0.0, "index": 2.0}[strategy]
    monkeypatch.setattr(search_module, "BROAD_SHARE", share)
    expected = _brute_force(planted.store, query.split())
    hits = planted.search.search(query, limit=10_000)
    assert set(ids(hits)) == expected
    assert expected  # the query means something in this data


def test_broad_query_results_in_name_order(planted):
    from sqlalchemy import text

    hits = planted.search.search("о", limit=40)
    with planted.store.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT case_id, sort_key FROM case_index")).all())
    assert len(hits) == 40
    assert [keys[h.case_id] for h in hits] == sorted(keys[h.case_id] for h in hits)


def test_rnokpp_exact_only(planted):
    rnokpp = planted.people["olena"]["rnokpp"]
    hits = planted.search.search(rnokpp)
    assert hit_for(hits, planted.case_ids["olena"]).matched == "rnokpp"
    assert hit_for(hits, planted.case_ids["olena"]).score == 1.0
    assert not [h for h in planted.search.search(rnokpp[:9]) if h.matched == "rnokpp"]


@pytest.mark.parametrize("query", ["067 123 45 67", "+380671234567", "0671234567", "+38 (067) 123-45-67",
                                   "380671234567", "8 067 123 45 67", "67 123 45 67", "067-123", "+380671234"])
def test_phone_spellings(planted, query):
    hit = hit_for(planted.search.search(query), planted.case_ids["olena"])
    assert hit is not None and hit.matched == "phone"


def test_partial_phone_needs_six_digits(planted):
    assert not [h for h in planted.search.search("06712") if h.matched == "phone"]


@pytest.mark.parametrize("query", ["1234-5678901234", "1234 5678901234", "12345678901234", "1234-56789"])
def test_certificate_number(planted, query):
    hit = hit_for(planted.search.search(query), planted.case_ids["olena"])
    assert hit is not None and hit.matched == "cert"


def test_unzr_and_document(planted):
    unzr = planted.people["olena"]["unzr"]
    hit = hit_for(planted.search.search(unzr), planted.case_ids["olena"])
    assert hit is not None and hit.matched == "unzr"
    for query in ("АВ123456", "ав 123456", "AB123456"):  # the last one with Latin letters
        hit = hit_for(planted.search.search(query), planted.case_ids["olena"])
        assert hit is not None and hit.matched == "doc", query


def test_nothing_found(planted):
    assert planted.search.search("Цюрупинська-Вертипорох") == []
    assert planted.search.search("   ") == []
    assert planted.search.search("0000000000") == []


def test_vocabulary_follows_new_cases_and_edits(store, cases):
    search = CaseSearch(store.engine)
    first = cases.register(Registration(person={"surname": "Оксенюк", "given_name": "Тарас",
                                                "birth_date": "1980-01-01"}))
    search.warm_up()
    assert "оксенюк" in search.vocabulary.words["name"] and "okseniuk" in search.vocabulary.words["latin"]
    second = cases.register(Registration(person={"surname": "Вертипорох", "given_name": "Остап",
                                                 "birth_date": "1981-02-02"}))
    assert next(iter(second.case_ids)) in ids(search.search("Вертипрох"))  # typo: vocabulary must know the word
    # An edit of the newest case replaces its terms (SQLite may reuse their rowids): still seen.
    with store.engine.connect() as conn:
        person_id = load_case(conn, next(iter(second.case_ids)))["person"][0]["id"]
    cases.update("person", person_id, {"surname": "Запорожець"})
    assert next(iter(second.case_ids)) in ids(search.search("Запорожець"))
    assert next(iter(second.case_ids)) in ids(search.search("Запорожкць"))
    assert next(iter(first.case_ids)) not in ids(search.search("Запорожкць"))


@pytest.mark.parametrize("strategy", ["walk", "index"])
@pytest.mark.parametrize("query", ["шевченко олена", "ко о", "Shevchenko olena"])
def test_a_search_of_several_words_never_reads_the_whole_term_table(planted, monkeypatch, query, strategy):
    """Every word after the first is checked against each candidate case's own terms, found by the case's key:
    a plan that scans search_terms once per case (as after migration 0011 dropped its index by case) took
    1-6.5 s for a full name among 20,000 cases (benchmarks/local_store.py's store, 04.12.2026)."""
    from sqlalchemy import event

    monkeypatch.setattr(search_module, "BROAD_SHARE", {"walk": 0.0, "index": 2.0}[strategy])
    engine = planted.store.engine
    statements: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "search_terms" in statement or "case_terms" in statement:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert planted.search.search(query, limit=10_000)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements
    with engine.connect() as conn:
        steps = [row[-1] for sql, params in statements
                 for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
    reads = [s for s in steps if any(f" {table} " in f"{s} " for table in ("search_terms", "case_terms", "ct"))]
    # A table read whole shows as "SCAN t", or as "SEARCH t USING PRIMARY KEY" with no key columns bound.
    assert reads and all(s.startswith("SEARCH") and "(" in s for s in reads), reads
