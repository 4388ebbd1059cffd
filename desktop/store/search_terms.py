"""What a case is found by: its people's name tokens (Cyrillic and Latin), identifiers in their
normalised forms, and the birth term; the same folding for the search index and for what is typed.

The projection (desktop/store/projection.py) writes these terms; search (desktop/services/search.py)
folds a query the same way. Folded names and phone keys are cached: `forget_recent_terms` empties the
caches when the store locks (they hold people's names and numbers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sync.records.identifiers import normalize_certificate, phone_search_keys, transliterate
from sync.text import fold_for_search

NAME_FIELDS = ("surname", "given_name", "patronymic")


# Latin letters typed inside a Cyrillic word (a Latin "i" for "і" is the classic slip), lower-cased.
_LATIN_LOOKALIKES = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")
_CYRILLIC = re.compile(r"[а-яіїєґё]")
_NAME_SPLIT = re.compile(r"[\W_]+")  # hyphens, spaces, commas, dots: "Петренко-Шевчук" is two tokens


def name_tokens(*parts: str | None) -> list[str]:
    """Folded tokens of names, the same for the index and for what is typed into search."""
    tokens: list[str] = []
    for part in parts:
        if part and isinstance(part, str):
            tokens += _part_tokens(part)
    return tokens


@lru_cache(maxsize=1 << 16)
def _part_tokens(part: str) -> tuple[str, ...]:
    """The tokens of one name (cached: an office's names repeat, and folding is most of the cost)."""
    tokens: list[str] = []
    for tok in _NAME_SPLIT.split(fold_for_search(part)):
        if tok and _CYRILLIC.search(tok):
            tok = tok.translate(_LATIN_LOOKALIKES)
        if tok:
            tokens.append(tok)
    return tuple(tokens)


@lru_cache(maxsize=1 << 16)
def _latin(token: str) -> str:
    """The official Latin spelling of a folded name token, folded (cached like the tokens)."""
    return fold_for_search(transliterate(token))


_UA_E164 = re.compile(r"\+380[1-9]\d{8}")


@lru_cache(maxsize=1 << 14)
def _phone_keys(phone: str) -> tuple[str, ...]:
    """phone_search_keys, cached (a case is re-projected after every save of any of its records).

    A stored Ukrainian number is E.164 already (normalize_phone checked it against the numbering
    plan when it was saved, here or on the device that made it): its keys are read off the text.
    Checking it again with phonenumbers was a tenth of a first download's CPU.
    """
    if isinstance(phone, str) and _UA_E164.fullmatch(phone):
        return (phone[1:], "0" + phone[4:])
    return tuple(phone_search_keys(phone))


def birth_term(birth_date: str, surname: str | None, given_name: str | None, patronymic: str | None) -> str:
    """"1985-03-02|шевченко|олена|петрівна": people born on a day with their names, for duplicates."""
    return "|".join([birth_date, *(" ".join(name_tokens(p)) for p in (surname, given_name, patronymic))])


@lru_cache(maxsize=1 << 16)
def _name_terms(part: str) -> tuple[tuple[str, str], ...]:
    """The ("name", token) and ("latin", spelling) terms of one name (cached: an office's names repeat)."""
    terms: list[tuple[str, str]] = []
    for tok in _part_tokens(part):
        terms.append(("name", tok))
        latin = _latin(tok)
        if latin:
            terms.append(("latin", latin))
    return tuple(terms)


@lru_cache(maxsize=1 << 16)
def _name_of(part: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """A name's search terms and its folded tokens joined by spaces, as its birth terms hold it (cached)."""
    return _name_terms(part), " ".join(_part_tokens(part))


@lru_cache(maxsize=1 << 14)
def _phone_terms(phone: str) -> tuple[tuple[str, str], ...]:
    return tuple(("phone", key) for key in _phone_keys(phone))


_NOT_DIGITS = re.compile(r"\D")


def forget_recent_terms() -> None:
    """Drop the caches of names and phone numbers folded into search terms (the store's lock)."""
    for cached in (_part_tokens, _latin, _name_terms, _name_of, _phone_keys, _phone_terms):
        cached.cache_clear()


def search_terms_for(person: dict[str, Any], members: Iterable[dict[str, Any]],
                     displacement: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, term) pairs: Cyrillic and Latin name tokens, identifiers in their normalised forms.

    Kind "birth" holds birth date and name of the person and of every household member, so the
    duplicate check finds someone already registered as somebody's household member. Each name is
    folded once for its words and its birth term (this runs for every case of a first download).
    """
    terms: set[tuple[str, str]] = set()
    add, update = terms.add, terms.update
    for rec in (person, *members):
        get = rec.get
        words = []  # each name's folded tokens, for the birth term
        for field in NAME_FIELDS:
            part = get(field)
            if part and isinstance(part, str):
                name_terms, joined = _name_of(part)
                update(name_terms)
                words.append(joined)
            else:
                words.append("")
        if get("rnokpp"):
            add(("rnokpp", rec["rnokpp"]))
        birth_date = get("birth_date")
        if birth_date:
            add(("birth", "|".join([birth_date, *words])))
    phones = person.get("phones")
    if phones:
        for phone in phones:
            update(_phone_terms(phone))
    if person.get("unzr"):
        add(("unzr", _NOT_DIGITS.sub("", person["unzr"])))
    if person.get("id_document_number"):
        add(("doc", normalize_certificate(person["id_document_number"])))
    if displacement.get("idp_certificate_number"):
        add(("cert", normalize_certificate(displacement["idp_certificate_number"])))
    return terms
