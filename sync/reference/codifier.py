"""The KATOTTG codifier: lookup, hierarchy, human labels and settlement search.

Loaded from the CSV shipped in resources/reference. Loading is kept lean because the desktop
client loads it when it first needs a place (a first download does, for the hostilities list
flags): a line is split into its fields when its unit is first asked for, `Unit` objects are built
on first access, and the child index and the search index are built on first use.
"""

from __future__ import annotations

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from pathlib import Path

from sync.resources import reference_dir
from sync.text import fold_for_search, uk_sort_key

CODE_RE = re.compile(r"UA[0-9]{17}")
REGION_CATEGORIES = ("O", "K")
CATEGORY_NAMES = {
    "O": "область / АР Крим", "K": "місто зі спеціальним статусом", "P": "район",
    "H": "територіальна громада", "M": "місто", "X": "селище", "C": "село", "B": "район у місті",
}
_COLUMNS = ("code", "level", "category", "name", "parent_code", "level1", "level2", "level3", "level4")


def is_valid_code_format(code: object) -> bool:
    """True for "UA" followed by exactly 17 ASCII digits (the shape, not existence)."""
    return isinstance(code, str) and CODE_RE.fullmatch(code) is not None


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    level: int
    category: str
    name: str
    parent_code: str | None

    @property
    def short_label(self) -> str:
        """The unit on its own, as written in Ukrainian documents: "м. Бахмут", "Бахмутський р-н"."""
        return _short_label(self)


def _short_label(unit: Unit) -> str:
    name, cat = unit.name, unit.category
    if cat == "O":
        # The Autonomous Republic is not an oblast; its name is already complete.
        return "АР Крим" if unit.code.startswith("UA01") else f"{name} обл."
    if cat in ("K", "M"):
        return f"м. {name}"
    if cat == "X":
        return f"с-ще {name}"
    if cat == "C":
        return f"с. {name}"
    if cat == "H":
        # The codifier does not say whether a hromada is міська/селищна/сільська, so stay neutral.
        return f"{name} громада"
    if cat in ("P", "B"):
        return f"{name} р-н"
    return name


class _SearchIndex:
    """Folded names of one set of levels, in Ukrainian order, joined into one string.

    str.find over a single string runs in C, so a query costs microseconds even on 30,000 names;
    because entries are in Ukrainian order, the first hits found are already the best ranked.
    """

    def __init__(self, entries: list[tuple[str, str]]):  # (name, code)
        # Many villages share a name, so the keys are computed once per distinct name.
        names = sorted({name for name, _ in entries}, key=uk_sort_key)
        rank = {name: i for i, name in enumerate(names)}
        folded_names = {name: fold_for_search(name).replace("\n", " ") for name in names}
        entries.sort(key=itemgetter(1))  # same names: by code, i.e. by region (stable sort below)
        entries.sort(key=lambda e: rank[e[0]])
        self.codes = [code for _, code in entries]
        self.starts: list[int] = []
        parts: list[str] = []
        pos = 1  # the text starts with "\n" so every name is preceded by one
        for name, _ in entries:
            folded = folded_names[name]
            self.starts.append(pos)
            parts.append(folded)
            pos += len(folded) + 1
        self.text = "\n" + "\n".join(parts) + "\n"

    def find(self, query: str, limit: int) -> list[str]:
        found: list[int] = []
        seen: set[int] = set()
        # Pass 1: names that start with the query.
        at = self.text.find("\n" + query)
        while at != -1 and len(found) < limit:
            i = bisect_right(self.starts, at + 1) - 1
            found.append(i)
            seen.add(i)
            at = self.text.find("\n" + query, at + 1)
        # Pass 2: names that contain it elsewhere; one hit per name.
        at = self.text.find(query)
        while at != -1 and len(found) < limit:
            i = bisect_right(self.starts, at) - 1
            if i not in seen:
                found.append(i)
                seen.add(i)
            nxt = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
            at = self.text.find(query, nxt)
        return [self.codes[i] for i in found]


class Codifier:
    def __init__(self, rows: dict[str, tuple[int, str, str, str | None]], source: Path | None = None,
                 lines: dict[bytes, bytes] | None = None, columns: _Columns | None = None):
        # code -> (level, category, name, parent_code). With `lines` (every unit of the file: its code
        # -> its CSV line, both UTF-8 bytes) `rows` holds only the units parsed so far: see from_csv.
        self._rows = rows
        self._lines = lines
        self._columns = columns
        self._units: dict[str, Unit] = {}
        self._children: dict[str | None, list[str]] | None = None
        self._sorted_children: dict[str | None, list[Unit]] = {}
        self._indexes: dict[tuple[int, ...], _SearchIndex] = {}
        self._by_name: dict[str, list[str]] | None = None
        self.source = source

    @classmethod
    def from_csv(cls, path: Path | str) -> Codifier:
        """The codifier of a KATOTTG file; ValueError if it lacks the columns.

        A line of the shipped file is split into its fields only when its unit is first asked for:
        splitting all 31,745 took ~0.1 s, most of the load, and a first download asks for a few
        hundred units (the places of its cases and their parents). Search, the children and the
        names need every unit, and parse the rest on their first use.
        """
        path = Path(path)
        data = path.read_bytes()
        if b'"' in data:  # a file that quotes something: the csv module, every line at once
            records = csv.reader(io.StringIO(data.decode("utf-8-sig")))
            columns = _Columns.of(next(records, []), path)
            return cls(columns.rows(records), path)
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        columns = _Columns.of(lines[0].decode("utf-8").split(","), path)
        commas = columns.width - 1
        lines = [line for line in lines[1:] if line.count(b",") >= commas]  # not blank or truncated
        if columns.code != 0:  # only a code in the first column can be read without splitting
            return cls(columns.rows(line.decode("utf-8").split(",") for line in lines), path)
        # Kept as bytes (a code is ASCII): decoding the whole file was a third of the load.
        return cls({}, path, {line[:line.index(b",")].strip(): line for line in lines}, columns)

    def _row(self, code: str) -> tuple[int, str, str, str | None] | None:
        row = self._rows.get(code)
        if row is None and self._lines is not None:
            line = self._lines.get(code.encode("utf-8", "replace"))
            if line is not None:
                row = self._rows[code] = self._columns.row(line.decode("utf-8").split(","))  # type: ignore[union-attr]
        return row

    def _all_rows(self) -> dict[str, tuple[int, str, str, str | None]]:
        """Every unit's row, in the file's order (the lines not parsed yet are parsed now, once)."""
        if self._lines is not None:
            parsed, row_of, rows = self._rows, self._columns.row, {}  # type: ignore[union-attr]
            for key, line in self._lines.items():
                code = key.decode("utf-8")
                rows[code] = parsed.get(code) or row_of(line.decode("utf-8").split(","))
            self._rows, self._lines = rows, None
        return self._rows

    # -- lookup -------------------------------------------------------------------------------

    def __contains__(self, code: object) -> bool:
        if self._lines is None:
            return code in self._rows
        return isinstance(code, str) and code.encode("utf-8", "replace") in self._lines

    def __len__(self) -> int:
        return len(self._rows if self._lines is None else self._lines)

    def get(self, code: str | None) -> Unit | None:
        unit = self._units.get(code)  # type: ignore[arg-type]
        if unit is None:
            row = self._row(code) if isinstance(code, str) else None
            if row is None:
                return None
            unit = self._units[code] = Unit(code, *row)  # type: ignore[arg-type]
        return unit

    def parents(self, code: str) -> list[Unit]:
        """Ancestors, region first, without the unit itself ([] for a region or unknown code)."""
        out: list[Unit] = []
        unit = self.get(code)
        while unit is not None and unit.parent_code and len(out) < 6:  # bound guards a cyclic file
            unit = self.get(unit.parent_code)
            if unit is not None:
                out.append(unit)
        out.reverse()
        return out

    def path(self, code: str) -> list[Unit]:
        unit = self.get(code)
        return [*self.parents(code), unit] if unit else []

    def children(self, code: str | None = None) -> list[Unit]:
        """Direct children in Ukrainian alphabetical order; None gives the 27 regions."""
        cached = self._sorted_children.get(code)
        if cached is None:
            if self._children is None:
                index: dict[str | None, list[str]] = {}
                for child, (_, cat, _, parent) in self._all_rows().items():
                    key = None if cat in REGION_CATEGORIES else parent
                    index.setdefault(key, []).append(child)
                self._children = index
            units = [self.get(c) for c in self._children.get(code, ())]
            cached = sorted(units, key=lambda u: (uk_sort_key(u.name), u.code))  # type: ignore[union-attr]
            self._sorted_children[code] = cached  # type: ignore[assignment]
        return list(cached)

    def regions(self) -> list[Unit]:
        return self.children(None)

    def label(self, code: str) -> str:
        """Readable place name with its raion and region, e.g. "м. Бахмут, Бахмутський р-н, Донецька обл."."""
        path = self.path(code)
        if not path:
            return code
        unit = path[-1]
        # The hromada is left out for settlements (it usually repeats the town's name); a city
        # district is placed by its city and region, its raion adds nothing.
        if unit.category == "B":
            shown = [u for u in path if u.level in (1, 4, 5)]
        else:
            shown = [u for u in path if u is unit or u.level in (1, 2)]
        return ", ".join(u.short_label for u in reversed(shown))

    # -- search -------------------------------------------------------------------------------

    def search(self, text: str, levels: tuple[int, ...] = (4,), limit: int = 20) -> list[Unit]:
        """Units of `levels` whose name starts with, then contains, `text` (case/apostrophe-blind)."""
        query = fold_for_search(text).replace("\n", " ")
        if not query or limit <= 0:
            return []
        key = tuple(sorted(set(levels)))
        index = self._indexes.get(key)
        if index is None:
            entries = [(name, code) for code, (lvl, _, name, _) in self._all_rows().items() if lvl in key]
            index = self._indexes[key] = _SearchIndex(entries)
        return [self.get(c) for c in index.find(query, limit)]  # type: ignore[misc]

    def named(self, name: str) -> list[Unit]:
        """Every unit whose name is `name` (case- and apostrophe-blind, exact), in code order."""
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for code, (_, _, unit_name, _) in self._all_rows().items():
                index.setdefault(fold_for_search(unit_name), []).append(code)
            self._by_name = index
        return [self.get(c) for c in sorted(self._by_name.get(fold_for_search(name), ()))]  # type: ignore[misc]

    def all_units(self) -> list[Unit]:
        return [self.get(c) for c in self._all_rows()]  # type: ignore[misc]

    def names(self) -> list[str]:
        """The distinct folded names (for near-miss suggestions)."""
        self.named("")
        return list(self._by_name or ())

    def warm_up(self, levels: tuple[int, ...] = (4,)) -> None:
        """Build the search index ahead of the first keystroke (e.g. from a background thread)."""
        self.search("а", levels, limit=1)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where a KATOTTG file keeps each field (from its header)."""

    code: int
    level: int
    category: int
    name: int
    parent: int
    levels: tuple[int, ...]
    width: int

    @classmethod
    def of(cls, header: list[str], path: Path) -> _Columns:
        header = [h.strip() for h in header]
        try:
            ic, il, icat, iname, ip, *ilevels = (header.index(c) for c in _COLUMNS)
        except ValueError as exc:
            raise ValueError(f"{path}: not a KATOTTG file, expected columns {', '.join(_COLUMNS)}") from exc
        return cls(ic, il, icat, iname, ip, tuple(ilevels), len(header))

    def rows(self, records: Iterable[list[str]]) -> dict[str, tuple[int, str, str, str | None]]:
        """code -> row of every record that is not a blank or truncated line."""
        return {rec[self.code].strip(): self.row(rec) for rec in records if len(rec) >= self.width}

    def row(self, rec: list[str]) -> tuple[int, str, str, str | None]:
        code = rec[self.code].strip()
        parent = rec[self.parent].strip() or _parent_from_levels(code, [rec[i].strip() for i in self.levels])
        return (int(rec[self.level] or 0), rec[self.category].strip(), rec[self.name].strip(), parent or None)


def _parent_from_levels(code: str, levels: list[str]) -> str:
    # The deepest level column that is not the unit itself. This also covers Kyiv and Sevastopol,
    # whose city districts repeat the city's code in every level column.
    for value in reversed(levels):
        if value and value != code:
            return value
    return ""


@cache
def get_codifier() -> Codifier:
    """The packaged codifier, loaded once per process."""
    return Codifier.from_csv(reference_dir() / "katottg.csv")
