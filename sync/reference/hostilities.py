"""The official list of territories of hostilities and temporary occupation (Order No. 376 and later).

IDP entitlements depend on whether a place of origin is on this list and since when. A place is
covered when it or any unit above it (its hromada, raion, oblast) is listed, unless the listing
names it as an exception ("... за винятком с. X"). The list is amended several times a year, so an
administrator can install a newer edition into the data folder; it then takes precedence over the
packaged one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sync.atomic import write_atomic
from sync.reference.codifier import Codifier, Unit, get_codifier, is_valid_code_format
from sync.resources import reference_dir
from sync.text import fold_for_search

PACKAGED_FILE = "hostilities_occupation_376.csv"
PACKAGED_EDITION = "Наказ Мінрозвитку № 376 від 28.02.2025 (зі змінами, накази № 748 і № 779)"
INSTALLED_FILE = "hostilities_occupation.csv"  # inside <data_dir>/reference/
INSTALLED_META = "hostilities_occupation.json"

REQUIRED_COLUMNS = ("section", "subsection", "oblast", "raion", "code", "name", "start_dates", "end_dates")
# code_normalized is optional (the code as printed is used when it is missing or empty); the
# in_katottg_<date> column is ignored, codes are checked against the codifier in use instead.

SUBSECTION_LABELS = {
    "possible_hostilities": "території можливих бойових дій",
    "active_hostilities": "території активних бойових дій",
    "active_hostilities_with_e_resources":
        "території активних бойових дій, на яких функціонують державні електронні інформаційні ресурси",
    "occupied": "тимчасово окуповані Російською Федерацією території",
}
SUBSECTION_LABELS_EN = {
    "possible_hostilities": "territories of possible hostilities",
    "active_hostilities": "territories of active hostilities",
    "active_hostilities_with_e_resources":
        "territories of active hostilities where state electronic information resources operate",
    "occupied": "territories temporarily occupied by the Russian Federation",
}
SECTION_LABELS = {
    "I_hostilities": "території, на яких ведуться (велися) бойові дії",
    "II_occupied": "тимчасово окуповані Російською Федерацією території",
}
SECTION_LABELS_EN = {
    "I_hostilities": "territories where hostilities are (were) conducted",
    "II_occupied": "territories temporarily occupied by the Russian Federation",
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None = None  # None: still open

    def contains(self, day: date) -> bool:
        # Both dates are inclusive, as in the order ("дата початку" / "дата завершення").
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Listing:
    code: str
    name: str
    section: str
    subsection: str
    oblast: str
    raion: str
    periods: tuple[Period, ...]
    # Folded names (and codes) of settlements excluded from this listing, from "за винятком ...".
    exceptions: tuple[str, ...] = ()
    line: int = field(default=0, compare=False)  # line in the CSV, for messages

    def is_current(self, on: date | None = None) -> bool:
        day = on or date.today()
        return any(p.contains(day) for p in self.periods)

    @property
    def since(self) -> date | None:
        """Earliest start date (None only if no period of the row could be parsed)."""
        return min((p.start for p in self.periods), default=None)

    @property
    def end(self) -> date | None:
        """End of the last period; None while it is open (or if there are no periods)."""
        last = max(self.periods, key=lambda p: p.start, default=None)
        return last.end if last else None

    @property
    def subsection_label(self) -> str:
        return SUBSECTION_LABELS.get(self.subsection, self.subsection)

    @property
    def subsection_label_en(self) -> str:
        return SUBSECTION_LABELS_EN.get(self.subsection, self.subsection)

    def excludes(self, unit: Unit) -> bool:
        return unit.code in self.exceptions or fold_for_search(unit.name) in self.exceptions


# -- parsing ------------------------------------------------------------------------------------

# Items are separated by commas, "та", or (where a comma was forgotten) just the next "с."/"м.".
_EXCEPTION_SPLIT = re.compile(r"\s*(?:,|;|\sта\s)\s*|(?<!частина)\s+(?=(?:с-ще|с-ща|с\.|c\.|м\.)\s)")
_SETTLEMENT_TYPE = r"(?:с-ще|с-ща|с|c|м)\.?\s+"
_EXCEPTION_ITEM = re.compile(rf"^{_SETTLEMENT_TYPE}(?P<name>[^(]+?)\s*(?:\((?P<note>[^)]*)\))?$")
_CODE_IN_TEXT = re.compile(r"UA\s?[0-9]{17}")


def parse_exceptions(name: str) -> tuple[str, ...]:
    """Settlements named after "за винятком" as folded names, or as codes where the order gives them.

    A "частина м. X" (part of a town) is not an exception of the whole town, so it is skipped.
    """
    _, sep, tail = name.partition("за винятком")
    if not sep:
        return ()
    out: list[str] = []
    for item in _EXCEPTION_SPLIT.split(tail.strip(" :")):
        item = item.strip(" :")
        match = _EXCEPTION_ITEM.match(item)
        if not match or item.startswith("частина"):
            continue
        codes = _CODE_IN_TEXT.findall(match["note"] or "")
        if codes:  # two villages share a name and the order tells them apart by code
            out.extend(c.replace(" ", "") for c in codes)
            continue
        out.append(fold_for_search(match["name"]))
        if match["note"]:  # "с-ще Грейгове (с-ще Миролюбове)": the other name, old or new
            out.append(fold_for_search(re.sub(rf"^{_SETTLEMENT_TYPE}", "", match["note"].strip())))
    return tuple(out)


def _parse_date(text: str) -> date:
    return datetime.strptime(text.strip(), "%d.%m.%Y").date()


def _parse_periods(starts: str, ends: str) -> tuple[list[Period], list[str]]:
    """Periods of one row and problems found; starts and ends pair up by position, a missing end is open."""
    periods: list[Period] = []
    problems: list[str] = []
    start_list = starts.split("|") if starts.strip() else [""]
    end_list = ends.split("|") if ends.strip() else []
    if len(end_list) > len(start_list):
        problems.append(f"more end dates than start dates: '{starts}' / '{ends}'")
    for i, start_text in enumerate(start_list):
        end_text = end_list[i].strip() if i < len(end_list) else ""
        try:
            start = _parse_date(start_text)
            end = _parse_date(end_text) if end_text else None
        except ValueError:
            problems.append(f"unparsable period '{start_text}' - '{end_text}' (expected dd.mm.yyyy)")
            continue
        if end is not None and end < start:
            problems.append(f"period ends before it starts: {start_text} - {end_text}")
            continue
        periods.append(Period(start, end))
    return periods, problems


@dataclass
class ParseResult:
    listings: list[Listing]
    warnings: list[str]  # "line N: problem"
    bad_lines: list[tuple[int, str]]
    row_count: int


def _sniff_delimiter(first_line: str) -> str:
    # Excel in a Ukrainian locale saves "CSV" with semicolons.
    return ";" if first_line.count(";") > first_line.count(",") else ","


class _Fields:
    def __init__(self, rec: dict):
        self.rec = rec

    def __call__(self, key: str) -> str:
        value = self.rec.get(key)
        return value.strip() if isinstance(value, str) else ""


def parse_csv_bytes(data: bytes, source: str = "CSV") -> ParseResult:
    """Parse one edition. Raises ValueError (uk + en) if it cannot be read at all or lacks columns."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{source}: файл має бути в кодуванні UTF-8 / the file must be UTF-8 encoded "
                         f"(byte {exc.start})") from exc
    first_line = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=_sniff_delimiter(first_line))
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValueError(
            f"{source}: бракує стовпців {', '.join(missing)} — це не перелік територій у форматі Poruch / "
            f"missing columns {', '.join(missing)}; this is not a list of territories in the Poruch format "
            f"(expected: {', '.join(REQUIRED_COLUMNS)}, code_normalized)")
    listings: list[Listing] = []
    bad_lines: list[tuple[int, str]] = []
    rows = 0
    for rec in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
            continue  # blank line
        rows += 1
        get = _Fields(rec)
        code = (get("code_normalized") or get("code")).replace(" ", "")
        periods, problems = _parse_periods(get("start_dates"), get("end_dates"))
        if not is_valid_code_format(code):
            problems.append(f"code '{code}' is not UA + 17 digits")
        if not code:
            problems.append("row skipped: no code")
        elif not periods:
            problems.append("row kept without periods: it will not count as listed on any date")
        bad_lines.extend((line, p) for p in problems)
        if not code:
            continue
        listings.append(Listing(
            code=code, name=get("name"), section=get("section"), subsection=get("subsection"),
            oblast=get("oblast"), raion=get("raion"), periods=tuple(periods),
            exceptions=parse_exceptions(get("name")), line=line,
        ))
    warnings = [f"line {line}: {problem}" for line, problem in bad_lines]
    return ParseResult(listings, warnings, bad_lines, rows)


# -- the list -----------------------------------------------------------------------------------

class HostilitiesList:
    def __init__(self, listings: list[Listing], edition: str, sha256: str, path: Path | None = None,
                 warnings: list[str] | None = None, row_count: int | None = None):
        self.listings = tuple(listings)
        self.sha256 = sha256
        self.path = path
        self.warnings = list(warnings or [])
        self.row_count = len(listings) if row_count is None else row_count
        self.edition_name = edition  # e.g. "Наказ Мінрозвитку № 376 від 28.02.2025 ..."
        self.edition = f"{edition}; {self.row_count} рядків; sha256 {sha256[:12]}"
        self._by_code: dict[str, list[Listing]] = {}
        for listing in self.listings:
            self._by_code.setdefault(listing.code, []).append(listing)

    @classmethod
    def from_csv(cls, path: Path, edition: str | None = None) -> HostilitiesList:
        data = Path(path).read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        parsed = parse_csv_bytes(data, str(path))
        return cls(parsed.listings, edition or _edition_name(Path(path), sha), sha, Path(path),
                   parsed.warnings, parsed.row_count)

    def __len__(self) -> int:
        return len(self.listings)

    def listings_for(self, code: str, codifier: Codifier | None = None) -> list[Listing]:
        """Listings of the unit and of every unit above it, region first; exceptions respected.

        A code unknown to the codifier (e.g. abolished) still matches listings of that exact code.
        """
        codifier = codifier or get_codifier()
        path = codifier.path(code) or [Unit(code, 0, "", "", None)]
        out: list[Listing] = []
        for depth, unit in enumerate(path):
            below = path[depth + 1:]
            for listing in self._by_code.get(unit.code, ()):
                if listing.exceptions and any(listing.excludes(u) for u in below):
                    continue
                out.append(listing)
        return out

    def current_for(self, code: str, on: date | None = None, codifier: Codifier | None = None) -> list[Listing]:
        """The listings that apply on `on` (default today)."""
        return [x for x in self.listings_for(code, codifier) if x.is_current(on)]


def _edition_name(path: Path, sha256: str) -> str:
    if path.parent == reference_dir() and path.name == PACKAGED_FILE:
        return PACKAGED_EDITION
    meta_path = path.with_name(INSTALLED_META)
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("sha256") == sha256:  # the sidecar describes this very file
            return str(meta["edition"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return f"редакція з файлу {path.name}"


_cache: dict[tuple[str, int, int], HostilitiesList] = {}


def installed_path(data_dir: Path) -> Path:
    return Path(data_dir) / "reference" / INSTALLED_FILE


def get_hostilities_list(data_dir: Path | None = None) -> HostilitiesList:
    """The edition in force: the one installed in data_dir if any, otherwise the packaged one.

    Cached per file; the cache key includes size and mtime, so a newly installed edition is seen
    by the next call.
    """
    packaged = reference_dir() / PACKAGED_FILE
    path = installed_path(data_dir) if data_dir is not None else None
    if path is not None and path.is_file():
        try:
            return _load_cached(path)
        except (OSError, ValueError) as exc:
            # Installed files are validated first, so this means damage on disk; keep working on
            # the packaged edition and say so rather than refuse to start.
            fallback = _load_cached(packaged)
            result = HostilitiesList(list(fallback.listings), PACKAGED_EDITION, fallback.sha256, packaged,
                                     fallback.warnings, fallback.row_count)
            result.warnings.insert(0, f"installed edition {path} unreadable, using the packaged one: {exc}")
            return result
    return _load_cached(packaged)


def hostilities_sha256(data_dir: Path | None = None) -> str:
    """The sha256 of the file get_hostilities_list would read, without parsing it (an unlock checks
    whether the edition changed; parsing the list took 0.1-0.8 s of every start). An installed file
    that turns out unreadable gets the packaged edition from get_hostilities_list instead: its hash
    then differs from this one, which only costs the caller the slower path."""
    packaged = reference_dir() / PACKAGED_FILE
    path = installed_path(data_dir) if data_dir is not None else None
    path = path if path is not None and path.is_file() else packaged
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    found = _cache.get(key)
    if found is not None:
        return found.sha256
    sha = _sha_cache.get(key)
    if sha is None:
        sha = _sha_cache[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sha


_sha_cache: dict[tuple[str, int, int], str] = {}


def _load_cached(path: Path) -> HostilitiesList:
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    found = _cache.get(key)
    if found is None:
        found = HostilitiesList.from_csv(path)
        for stale in [k for k in _cache if k[0] == key[0]]:
            del _cache[stale]
        _cache[key] = found
    return found


# -- installing a newer edition -----------------------------------------------------------------

@dataclass
class InstallReport:
    source: Path
    installed_to: Path
    edition: str
    sha256: str
    row_count: int
    valid_rows: int  # rows with a code and at least one valid period
    per_subsection: dict[str, int]
    unknown_codes: list[str]  # codes not in the codifier
    bad_lines: list[tuple[int, str]]
    added: int = 0  # (code, subsection) pairs new compared with the edition in force before
    removed: int = 0

    def summary(self) -> str:
        lines = [
            f"Встановлено перелік територій / List of territories installed: {self.edition}",
            f"  файл / file: {self.source} -> {self.installed_to}",
            f"  рядків / rows: {self.row_count}, з правильними датами / with valid periods: {self.valid_rows}",
        ]
        for key, count in sorted(self.per_subsection.items()):
            lines.append(f"  {SUBSECTION_LABELS.get(key, key)} ({key}): {count}")
        lines.append(f"  порівняно з попередньою редакцією / compared with the previous edition: "
                     f"+{self.added} / -{self.removed}")
        if self.unknown_codes:
            sample = ", ".join(self.unknown_codes[:10]) + (" ..." if len(self.unknown_codes) > 10 else "")
            lines.append(f"  кодів немає в кодифікаторі / codes not in the codifier: "
                         f"{len(self.unknown_codes)} ({sample})")
        if self.bad_lines:
            lines.append(f"  проблемні рядки / problem lines: {len(self.bad_lines)}")
            lines.extend(f"    рядок / line {line}: {problem}" for line, problem in self.bad_lines[:50])
            if len(self.bad_lines) > 50:
                lines.append(f"    ... {len(self.bad_lines) - 50} more")
        return "\n".join(lines)

    __str__ = summary


def install_edition(src: Path, data_dir: Path, edition: str | None = None,
                    codifier: Codifier | None = None) -> InstallReport:
    """Validate a new edition of the list and install it atomically into data_dir/reference/.

    `edition` names it for people (e.g. "Наказ № 1234 від 01.09.2025"); default: the file name.
    Raises ValueError, with nothing installed, if the file has missing columns or no valid row.
    """
    src = Path(src)
    data = src.read_bytes()
    parsed = parse_csv_bytes(data, str(src))
    if not any(x.periods and is_valid_code_format(x.code) for x in parsed.listings):
        raise ValueError(
            f"{src}: жодного придатного рядка ({parsed.row_count} рядків, помилки: "
            f"{'; '.join(parsed.warnings[:5]) or 'файл порожній'}) — нічого не встановлено / "
            f"no valid rows, nothing was installed")
    codifier = codifier or get_codifier()
    sha = hashlib.sha256(data).hexdigest()
    name = edition or f"редакція з файлу {src.name}"
    try:
        previous: tuple[Listing, ...] = get_hostilities_list(data_dir).listings
    except (OSError, ValueError):
        previous = ()

    target = installed_path(data_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
    meta = {"edition": name, "sha256": sha, "source": src.name,
            "installed_at": datetime.now().astimezone().isoformat(timespec="seconds")}
    write_atomic(target.with_name(INSTALLED_META), json.dumps(meta, ensure_ascii=False, indent=1).encode())

    new_keys = {(x.code, x.subsection) for x in parsed.listings}
    old_keys = {(x.code, x.subsection) for x in previous}
    unknown = sorted({x.code for x in parsed.listings if x.code not in codifier})
    return InstallReport(
        source=src, installed_to=target, edition=f"{name}; sha256 {sha[:12]}", sha256=sha,
        row_count=parsed.row_count, valid_rows=sum(1 for x in parsed.listings if x.periods),
        per_subsection=dict(Counter(x.subsection for x in parsed.listings)),
        unknown_codes=unknown, bad_lines=parsed.bad_lines,
        added=len(new_keys - old_keys), removed=len(old_keys - new_keys),
    )
