"""Places written as text in office lists ("м. Харків, Харківська обл.") matched to codifier codes.

A text is split into its parts: the settlement with its marker (м., с., смт, с-ще...), the
hromada, the raion and the oblast; street, house and flat are left to the address. A settlement
name alone names dozens of villages (97 are called Миколаївка), so the oblast and raion written
beside it narrow the search. Only a text that names exactly one unit gets its code: when several
units fit, or none fits exactly and only near spellings do, the candidates are returned for a
person to choose from. Nothing is guessed silently.
Qt-free; one matcher is made per import and remembers each distinct text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from sync.reference.codifier import Codifier, Unit
from sync.text import fold_for_search

MAX_CANDIDATES = 12

# Marker words (folded, without dots) -> the codifier categories they allow.
_SETTLEMENT_MARKERS = {
    "м": ("M", "K"), "місто": ("M", "K"), "мiсто": ("M", "K"), "city": ("M", "K"),
    "с": ("C",), "село": ("C",), "v": ("C",),
    "смт": ("X",), "с-ще": ("X",), "сще": ("X",), "селище": ("X",), "сел": ("X", "C"), "смт.": ("X",),
    "пгт": ("X",), "cмт": ("X",),
}
_REGION_WORDS = ("обл", "область", "області", "oblast", "region")
_RAION_WORDS = ("р-н", "рн", "район", "району", "raion", "district")
_HROMADA_WORDS = ("громада", "громади", "тг", "отг", "гр", "hromada")
_STREET = re.compile(r"^(вул|вулиця|просп|проспект|пр|пров|провулок|бульв|бульвар|б-р|пл|площа|буд|будинок|кв|"
                     r"квартира|корп|корпус|гуртожиток|street|st|ave|apt|узвіз|шосе|тупик|мікрорайон|мкр|"
                     r"дім|д)\b|\d")
_CRIMEA = ("ар крим", "арк", "автономна республіка крим", "крим")


@dataclass
class PlaceParts:
    settlement: str = ""
    categories: tuple[str, ...] = ()  # what the marker allows; () when unmarked
    hromada: str = ""
    raion: str = ""
    region: str = ""
    unmarked: list[str] = field(default_factory=list)  # parts with no marker that are not a street


@dataclass(frozen=True)
class PlaceMatch:
    text: str                          # as written
    code: str | None = None            # the one unit it names
    candidates: tuple[str, ...] = ()   # codes to choose from when it does not name exactly one
    near: bool = False                 # the candidates are near spellings, not exact names

    @property
    def found(self) -> bool:
        return self.code is not None

    @property
    def ambiguous(self) -> bool:
        return self.code is None and bool(self.candidates)


_WORD_BREAKS = re.compile(r"[\s.]+")
_PART_BREAKS = re.compile(r"[,;]")


def _words(part: str) -> list[str]:
    return [w for w in _WORD_BREAKS.split(part) if w]


# "м. Бахмут Донецької області": the oblast or raion written without a comma before it.
_UNSEPARATED = re.compile(r"\s+(\S+\s+(?:обл\.?|область|області|р-н|район|району)(?=[\s,;.]|$))")


def _comma_before(match: re.Match) -> str:
    # A function, not the template r", \1": re parses a template in Python at every sub() call
    # (3.7 instead of 7.4 µs a place here; an import's dry run splits one to three places a row).
    return ", " + match.group(1)


def split_place(text: str) -> PlaceParts:
    parts = PlaceParts()
    for raw in _PART_BREAKS.split(_UNSEPARATED.sub(_comma_before, fold_for_search(text))):
        part = " ".join(raw.replace("’", "'").split())
        if not part:
            continue
        words = _words(part)
        if any(w in _CRIMEA for w in (part, " ".join(words))):
            parts.region = "автономна республіка крим"
            continue
        first, last = words[0], words[-1]
        if last in _REGION_WORDS or first in _REGION_WORDS:
            parts.region = " ".join(w for w in words if w not in _REGION_WORDS)
        elif last in _RAION_WORDS or first in _RAION_WORDS:
            parts.raion = " ".join(w for w in words if w not in _RAION_WORDS)
        elif last in _HROMADA_WORDS:
            parts.hromada = " ".join(w for w in words if w not in _HROMADA_WORDS and w not in
                                     ("міська", "селищна", "сільська", "територіальна"))
        elif first in _SETTLEMENT_MARKERS and len(words) > 1 and not parts.settlement:
            parts.settlement = " ".join(words[1:])
            parts.categories = _SETTLEMENT_MARKERS[first]
        elif "-" in first and first.split("-")[0] in ("смт", "с", "м") and not parts.settlement:
            parts.settlement = part[len(first):].strip() or first
        elif not _STREET.search(part):
            parts.unmarked.append(part)
    if not parts.settlement and parts.unmarked:
        parts.settlement = parts.unmarked.pop(0)
    return parts


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """Adjective stems for oblast and raion names: Харківська, Харківської, Харківський -> харківськ."""
    word = fold_for_search(word).replace("'", "")
    for ending in ("ської", "ського", "ська", "ський", "цької", "цького", "цька", "цький", "зька", "зький",
                   "ої", "ого", "а", "ий", "ій", "я"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: len(word) - len(ending)]
    return word


class PlaceMatcher:
    def __init__(self, codifier: Codifier):
        self.codifier = codifier
        self._seen: dict[str, PlaceMatch] = {}
        self._names: list[str] | None = None
        self._prefix_cache: dict[tuple[str, str, str], tuple[str, ...] | None] = {}
        self._by_level: dict[int, list[Unit]] = {}

    def match(self, text: str) -> PlaceMatch:
        key = place_key(text)
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._match(text)
        return found

    def _match(self, text: str) -> PlaceMatch:
        parts = split_place(text)
        if parts.settlement:
            levels, name, categories = (4, 1), parts.settlement, parts.categories or ("M", "X", "C", "K")
        elif parts.hromada:
            levels, name, categories = (3,), parts.hromada, ("H",)
        elif parts.raion:
            levels, name, categories = (2,), parts.raion, ("P",)
        elif parts.region:
            return self._region_only(text, parts.region)
        else:
            return PlaceMatch(text)
        exact = self._filter(self.codifier.named(name), levels, categories, parts)
        if len(exact) == 1:
            return PlaceMatch(text, exact[0].code)
        if exact:
            return PlaceMatch(text, None, self._ranked(exact))
        near = []
        for other in self._near_names(name):
            near += self._filter(self.codifier.named(other), levels, categories, parts)
        return PlaceMatch(text, None, self._ranked(near), near=True)

    def _region_only(self, text: str, region: str) -> PlaceMatch:
        stem = _stem(region.split()[0]) if region else ""
        units = [u for u in self.codifier.regions() if u.category == "O" and _stem(u.name.split()[0]) == stem]
        return PlaceMatch(text, units[0].code) if len(units) == 1 else PlaceMatch(text)

    def _filter(self, units: list[Unit], levels: tuple[int, ...], categories: tuple[str, ...],
                parts: PlaceParts) -> list[Unit]:
        """The units the written oblast, raion and hromada allow. A KATOTTG code starts with its
        oblast's first 4 characters, its raion's 6 and its hromada's 9, so a prefix says the path."""
        prefixes = self._prefixes(parts)
        out = []
        for unit in units:
            if unit.level not in levels or unit.category not in categories:
                continue
            if prefixes is not None and not unit.code.startswith(prefixes):
                continue
            out.append(unit)
        return out

    def _prefixes(self, parts: PlaceParts) -> tuple[str, ...] | None:
        key = (parts.region, parts.raion, parts.hromada)
        if key not in self._prefix_cache:
            self._prefix_cache[key] = self._find_prefixes(parts)
        return self._prefix_cache[key]

    def _find_prefixes(self, parts: PlaceParts) -> tuple[str, ...] | None:
        prefixes: tuple[str, ...] | None = None
        if parts.region:
            if parts.region == "автономна республіка крим":
                prefixes = ("UA01",)
            else:
                stem = _stem(parts.region.split()[0])
                prefixes = tuple(u.code[:4] for u in self.codifier.regions() if _stem(u.name.split()[0]) == stem)
        if parts.raion:
            stem = _stem(parts.raion.split()[0])
            raions = [u.code[:6] for u in self._level_units(2) if _stem(u.name.split()[0]) == stem]
            prefixes = tuple(r for r in raions if prefixes is None or r.startswith(prefixes))
        if parts.hromada:
            hromadas = [u.code[:9] for u in self._level_units(3) if fold_for_search(u.name) == parts.hromada]
            prefixes = tuple(h for h in hromadas if prefixes is None or h.startswith(prefixes))
        return prefixes

    def _level_units(self, level: int) -> list[Unit]:
        if level not in self._by_level:
            self._by_level[level] = [u for u in self.codifier.all_units() if u.level == level]
        return self._by_level[level]

    def _near_names(self, name: str) -> list[str]:
        allowed = 0 if len(name) < 4 else (1 if len(name) < 8 else 2)
        if not allowed:
            return []
        if self._names is None:
            self._names = self.codifier.names()
        found = process.extract(fold_for_search(name), self._names, scorer=OSA.distance, score_cutoff=allowed,
                                limit=MAX_CANDIDATES)
        return [other for other, _, _ in sorted(found, key=lambda f: f[1])]

    def _ranked(self, units: list[Unit]) -> tuple[str, ...]:
        # Cities before towns before villages, then by label: the likelier readings first.
        order = {"K": 0, "M": 1, "X": 2, "C": 3, "H": 4, "P": 5}
        units = sorted(units, key=lambda u: (order.get(u.category, 9), self.label(u.code)))
        return tuple(u.code for u in units[:MAX_CANDIDATES])

    def label(self, code: str) -> str:
        """The unit with its hromada, raion and oblast: two villages of one raion differ by hromada."""
        path = self.codifier.path(code)
        if not path:
            return code
        unit = path[-1]
        shown = [u for u in path if u is unit or u.level in (1, 2) or (u.level == 3 and unit.category in ("C", "X"))]
        return ", ".join(u.short_label for u in reversed(shown))


def place_key(text: str) -> str:
    """Texts that differ only in case, spaces or apostrophes are one decision."""
    return " ".join(fold_for_search(text).replace("’", "'").split())
