"""Whether two person records may be one person: the matching rules shared by the laptop and the server.

A person is reduced to a `MatchProfile` (identifiers normalised, names folded to a Latin
"skeleton", birth date, phones). The server indexes profiles under a few `lookup keys` (each
identifier, each phone, the birth date) and scores only the candidates that share a key, so the
check is a handful of index lookups and never a scan. The laptop's check at registration scores
its own candidates with the same `score`.

Why a skeleton: one person's name reaches us in Cyrillic, in KMU-55 Latin (Hryhorii Zhuk) and in
the older passport spellings (Grigoriy Zhuk, Hryhoriy Dzhuk, Iuliia/Yuliya/Julija). Folding
both sides to one coarse Latin form (g→h, y/j→i, kh→h, ts→c, ia/ya/ja→a, doubled letters once)
makes these equal, and a one-letter typo stays one or two edits.

Scoring follows the weighted-evidence practice (SORMAS #757: weighted scores, not OR rules):
an identifier in common is nearly conclusive; a similar name with the same birth date is strong;
the same phone alone is weak (families share phones), and two different RNOKPPs mean two people.
Qt-free, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA

from sync.records.dates import parse_date
from sync.records.identifiers import (
    normalize_certificate,
    normalize_rnokpp,
    normalize_unzr,
    phone_search_keys,
)
from sync.text import fold_for_search

FLAG_AT = 0.6            # a pair scoring this much is shown to a person to decide
_CYRILLIC = re.compile(r"[а-яіїєґё]")

# Cyrillic → a coarse Latin; the skeleton rules below then merge the spelling variants.
_CYR = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
        "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ё": "e", "ы": "y", "э": "e", "ъ": ""}
# Longest first: shch before sh/ch. Old passports: Grigoriy, Yuliya, Julija, Tsoi/Tzoi, Kharkov/Harkiv.
_SKELETON = [("shch", "s"), ("sch", "s"), ("zh", "z"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("ch", "c"),
             ("sh", "s"), ("g", "h"), ("w", "v"), ("x", "ks"), ("q", "k"), ("j", "i"), ("y", "i"),
             ("ie", "e"), ("iu", "u"), ("ia", "a"), ("io", "o")]
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]")


@lru_cache(maxsize=1 << 15)
def skeleton(word: str | None) -> str:
    """The coarse Latin form of one name word, from Cyrillic or any Latin spelling of it.

    Remembered: most names are common ones, and a push of 1,000 registrations folded 3,000 words
    (a third of the duplicate check's time). The laptop forgets them when it locks (forget_recent_names)."""
    text = fold_for_search(word).replace("-", "")
    if _CYRILLIC.search(text):
        text = "".join(_CYR.get(ch, ch) for ch in text)
    text = _NOT_LETTER.sub("", text)
    for old, new in _SKELETON:
        text = text.replace(old, new)
    text = _DOUBLE.sub(r"\1", text)
    return text[:-1] if len(text) > 3 and text.endswith("i") and text[-2] in "aeiou" else text


def forget_recent_names() -> None:
    """Drop the remembered name forms (when the laptop's store locks: they are people's names)."""
    skeleton.cache_clear()


@dataclass(frozen=True)
class MatchProfile:
    """What matching needs of one person; nothing else of the case."""

    names: tuple[str, str, str]           # surname, given name, patronymic skeletons ("" when unknown)
    birth: str | None                     # ISO date
    ids: frozenset[tuple[str, str]]       # ("rnokpp"|"unzr"|"cert"|"doc", normalised value)
    phones: frozenset[str]                # E.164 digits

    def to_json(self) -> dict[str, Any]:
        return {"n": list(self.names), "b": self.birth, "i": sorted(map(list, self.ids)), "p": sorted(self.phones)}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> MatchProfile:
        return cls(tuple(d["n"]), d.get("b"), frozenset(tuple(x) for x in d.get("i", [])),  # type: ignore[arg-type]
                   frozenset(d.get("p", [])))


def profile(person: dict[str, Any], displacement: dict[str, Any] | None = None) -> MatchProfile:
    ids: set[tuple[str, str]] = set()
    rnokpp = normalize_rnokpp(person.get("rnokpp"))
    if len(rnokpp) == 10 and rnokpp.isdigit():
        ids.add(("rnokpp", rnokpp))
    unzr = re.sub(r"\D", "", normalize_unzr(person.get("unzr")))
    if len(unzr) == 13:
        ids.add(("unzr", unzr))
    cert = normalize_certificate((displacement or {}).get("idp_certificate_number"))
    if len(cert) >= 4:
        ids.add(("cert", cert))
    doc = normalize_certificate(person.get("id_document_number"))
    if len(doc) >= 6:
        ids.add(("doc", doc.translate(_LATIN_SERIES)))
    phones = set()
    for phone in person.get("phones") or []:
        if isinstance(phone, str) and _STORED_PHONE.fullmatch(phone):
            phones.add(phone[1:])  # as saved (E.164): what phone_search_keys gives, without parsing it again
            continue
        keys = phone_search_keys(phone)
        if keys and len(keys[0]) >= 11:
            phones.add(keys[0])
    names = (skeleton(person.get("surname")), skeleton(person.get("given_name")), skeleton(person.get("patronymic")))
    return MatchProfile(names, _iso(person.get("birth_date")), frozenset(ids), frozenset(phones))


# A Ukrainian number in E.164 whose national part has no trunk 0: parsing cannot change it (valid or not,
# phone_search_keys gives its digits).
_STORED_PHONE = re.compile(r"\+380[1-9]\d{8}")
# Passport series typed with the Latin keyboard: АА123456 and AA123456 are one document.
_LATIN_SERIES = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")


def _iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return parse_date(value).isoformat() if value else None
    except ValueError:
        return None


def swapped_birth(iso: str | None) -> str | None:
    """The date with day and month exchanged (03.04 typed as 04.03), when that is another valid date."""
    if not iso:
        return None
    y, mo, d = iso.split("-")
    if mo == d or int(d) > 12:
        return None
    return f"{y}-{d}-{mo}"


def lookup_keys(p: MatchProfile) -> set[str]:
    """The keys this person is indexed under: identifiers, phones, and three birth-date keys, each
    tolerant of a different slip: the date with the first letters of surname and given name (a typo
    after the first letter), with the whole given name (any typo in the surname), with the whole
    surname (any typo in the given name). About 16 people share a birth date at 500,000 persons;
    these keys narrow that to a few hundredth of a person on average, where a single first letter
    left about one and a half, each costing a fetch and a score."""
    keys = {f"{kind}:{value}" for kind, value in p.ids} | {f"phone:{x}" for x in p.phones}
    surname, given, _ = p.names
    if p.birth:
        if surname and given:
            keys.add(f"bn:{p.birth}:{surname[0]}{given[0]}")
        if given:
            keys.add(f"bg:{p.birth}:{given}")
        if surname:
            keys.add(f"bs:{p.birth}:{surname}")
    return keys


def probe_keys(p: MatchProfile) -> set[str]:
    """The keys to look candidates up by: identifiers and phones; the birth date's three keys for the
    names as given; the given-name key for the patronymic (given name and patronymic exchanged: the
    surname key covers it too) and the two whole-name keys for surname and given name exchanged; with
    day and month swapped, the two whole-name keys (name_birth_swapped asks for names this close).
    Each key is an index probe: these are the fewest that leave no single slip unfound."""
    keys = {f"{kind}:{value}" for kind, value in p.ids} | {f"phone:{x}" for x in p.phones}
    surname, given, patronymic = p.names
    if p.birth:
        if surname and given:
            keys.add(f"bn:{p.birth}:{surname[0]}{given[0]}")
        keys |= {f"bg:{p.birth}:{name}" for name in (given, patronymic, surname) if name}
        keys |= {f"bs:{p.birth}:{name}" for name in (surname, given) if name}
    swapped = swapped_birth(p.birth)
    if swapped:
        keys |= {f"bg:{swapped}:{given}", f"bs:{swapped}:{surname}"} if given and surname else set()
    return keys


# --- scoring ------------------------------------------------------------------------------------

def _close(a: str, b: str) -> float | None:
    """Similarity 0..1 of two name skeletons if within a typo's reach, else None."""
    if not a or not b:
        return None
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    allowed = 0 if longest < 4 else (2 if longest >= 8 else 1)
    dist = OSA.distance(a, b, score_cutoff=allowed)
    return 1 - dist / longest if dist <= allowed else None


def name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """0..1 for (surname, given, patronymic) skeletons; 0 when not plausibly one person.

    Surname and given name may be exchanged, and so may given name and patronymic (lists and
    imports do both). A patronymic known on both sides must agree; missing on one side (Latin
    passport spellings carry none) it is not held against the pair.
    """
    sa, ga, pa = a
    best = 0.0
    for sb, gb, pb in ((b[0], b[1], b[2]), (b[0], b[2], b[1]), (b[1], b[0], b[2])):
        s, g = _close(sa, sb), _close(ga, gb)
        if s is None or g is None:
            continue
        if pa and pb:
            p = _close(pa, pb)
            if p is None:
                continue
            best = max(best, (s + g + p) / 3)
        else:
            best = max(best, (s + g) / 2 * 0.95)
    return best


@dataclass(frozen=True)
class Match:
    score: float                 # 0..1: how likely one person
    fields: tuple[str, ...]      # what matched: rnokpp, unzr, cert, doc, name_birth, name_birth_swapped, phone


_ID_WEIGHT = {"rnokpp": 0.97, "unzr": 0.97, "cert": 0.9, "doc": 0.9}


def score(a: MatchProfile, b: MatchProfile) -> Match:
    """How likely two profiles are one person, with the evidence."""
    fields: list[str] = []
    doubt = 1.0
    for kind, _value in sorted(a.ids & b.ids):
        fields.append(kind)
        doubt *= 1 - _ID_WEIGHT[kind]
    rn_a = {v for k, v in a.ids if k == "rnokpp"}
    rn_b = {v for k, v in b.ids if k == "rnokpp"}
    if rn_a and rn_b and not rn_a & rn_b:
        return Match(0.0, ())   # two valid tax numbers: two people, whatever else looks alike
    similarity = name_similarity(a.names, b.names)
    if similarity and a.birth and a.birth == b.birth:
        fields.append("name_birth")
        doubt *= 1 - (0.6 + 0.35 * similarity)
    elif similarity >= 0.85 and a.birth and swapped_birth(a.birth) == b.birth:
        fields.append("name_birth_swapped")
        doubt *= 1 - (0.5 + 0.3 * similarity)
    if a.phones & b.phones:
        fields.append("phone")
        doubt *= 1 - (0.5 + 0.3 * similarity)  # the same phone and the same name: strong; a family's phone: weak
    return Match(round(1 - doubt, 4), tuple(fields))
