"""case_terms keeps each case's search terms as one JSON text; a changed text means changed terms."""

from __future__ import annotations

import json

from desktop.store.projection import terms_text


def _as_the_encoder_writes(pairs) -> str:
    """The text as migration 0011 and earlier code wrote it: json with sorted keys and terms."""
    by_kind: dict[str, list[str]] = {}
    for kind, term in pairs:
        by_kind.setdefault(kind, []).append(term)
    return json.dumps({k: sorted(v) for k, v in by_kind.items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def test_terms_text_is_the_canonical_json_of_the_terms_by_kind():
    cases = [
        set(),
        {("name", "шевченко")},
        {("name", "шевченко"), ("name", "олена"), ("latin", "shevchenko"), ("latin", "olena"),
         ("birth", "1985-03-02|шевченко|олена|петрівна"), ("phone", "380501234567"), ("phone", "0501234567"),
         ("rnokpp", "1234567890"), ("cert", "АБ123"), ("doc", "ЄЇ\"'\\x"), ("unzr", "19850302-01234")},
        {("name", "a\u2028b"), ("name", "tab\there"), ("name", "ß"), ("name", "\x00"), ("z", "1"), ("a", "2")},
    ]
    for pairs in cases:
        text = terms_text(pairs)
        assert text == _as_the_encoder_writes(pairs)
        assert {(k, t) for k, terms in json.loads(text).items() for t in terms} == pairs
        assert terms_text(list(pairs)[::-1]) == text  # equal sets, equal text
