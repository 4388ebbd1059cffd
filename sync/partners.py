"""The directory of referral partners, as the server keeps it and laptops receive it (Qt-free).

Partners are state services, NGOs, international organisations, businesses and community groups that
a caseworker refers people to. National entries are maintained on the server by administrators
(`poruch-server partners ...`, the web console) and travel to every laptop after a sync
(`GET /api/v1/partners`); an office adds local providers of its own as `local_partner` records, which
sync like any record and are seen by that office and its district only. The packaged providers.csv is
only the first seed. A partner names the services it offers (codes of the packaged services.csv) and
the territories it covers (KATOTTG codes; none: the whole country). Nothing here is about a person.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel

from sync.records.schema import PROVIDER_KINDS
from sync.reference.codifier import is_valid_code_format
from sync.resources import reference_dir

CODE_RE = re.compile(r"[a-z0-9][a-z0-9_.-]{0,59}")
MAX_SERVICES = 40
MAX_TERRITORIES = 200
LIMITS = {"name": 300, "phone": 60, "email": 200, "address": 500, "website": 300, "notes": 2000}
# Columns of a partners CSV (import and export); services and territories separated by ";".
CSV_COLUMNS = ("code", "name", "kind", "services", "territories", "phone", "email", "address", "website", "notes")
MAX_CSV_BYTES = 4 * 1024 * 1024
MAX_CSV_ROWS = 20_000


class Partner(BaseModel):
    code: str
    name: str
    kind: str
    services: list[str] = []
    territories: list[str] = []   # KATOTTG codes covered; empty: the whole country
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    notes: str = ""
    local_office: str | None = None  # set for an office's own provider (a local_partner record)
    retired: bool = False

    def covers(self, katottg: str | None, parents: list[str] = ()) -> bool:
        """True when the partner works where `katottg` (or one of its `parents`) is."""
        if not self.territories:
            return True
        return bool({katottg, *parents} & set(self.territories))


class PartnerDirectory(BaseModel):
    """What `GET /api/v1/partners` answers: the national entries (retired ones too, so a laptop knows a
    partner it referred to left) and the version that a laptop sends back to skip an unchanged copy."""

    version: str
    partners: list[Partner] = []
    unchanged: bool = False


class PartnerError(ValueError):
    """A partner entry that cannot be stored; the message says which field, in Ukrainian and English."""


@dataclass(frozen=True)
class ImportLine:
    line: int
    partner: Partner | None
    problem: str | None


def clean(partner: dict, service_codes: set[str]) -> Partner:
    """A partner entry checked and tidied (spaces folded); PartnerError names the first problem."""
    code = str(partner.get("code") or "").strip()
    if not CODE_RE.fullmatch(code):
        raise PartnerError(f"код: латинські малі літери, цифри, _ . - (до 60) / code: lower-case latin, digits, _ . - "
                           f"(up to 60): {code[:60]!r}")
    out: dict = {"code": code, "local_office": partner.get("local_office"), "retired": bool(partner.get("retired"))}
    for name, limit in LIMITS.items():
        value = " ".join(str(partner.get(name) or "").split()) if name != "notes" else str(partner.get(name) or "").strip()
        if len(value) > limit:
            raise PartnerError(f"{name}: задовге (понад {limit}) / too long (over {limit})")
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in value):
            raise PartnerError(f"{name}: недопустимі символи / invalid characters")
        out[name] = value
    if not out["name"]:
        raise PartnerError("назва обов'язкова / name is required")
    kind = str(partner.get("kind") or "").strip()
    if kind not in PROVIDER_KINDS:
        raise PartnerError(f"вид: один з {', '.join(PROVIDER_KINDS)} / kind: one of {', '.join(PROVIDER_KINDS)}")
    out["kind"] = kind
    services = _codes(partner.get("services"))
    unknown = [s for s in services if s not in service_codes]
    if unknown:
        raise PartnerError(f"невідомі послуги / unknown services: {', '.join(unknown)[:200]}")
    if len(services) > MAX_SERVICES:
        raise PartnerError(f"забагато послуг (понад {MAX_SERVICES}) / too many services")
    territories = _codes(partner.get("territories"))
    bad = [t for t in territories if not is_valid_code_format(t)]
    if bad:
        raise PartnerError(f"території: коди КАТОТТГ (UA і 17 цифр) / territories: KATOTTG codes: {', '.join(bad)[:200]}")
    if len(territories) > MAX_TERRITORIES:
        raise PartnerError(f"забагато територій (понад {MAX_TERRITORIES}) / too many territories")
    out["services"], out["territories"] = services, territories
    return Partner(**out)


def _codes(value) -> list[str]:
    """A list, or text separated by ';' or ',', as distinct trimmed codes in their order."""
    items = value if isinstance(value, list | tuple) else re.split(r"[;,]", str(value or ""))
    seen: dict[str, None] = {}
    for item in items:
        text = str(item).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def parse_csv(data: bytes, service_codes: set[str]) -> list[ImportLine]:
    """Lines of a partners CSV (UTF-8, with or without BOM; ',' or ';' separated), each a partner or a problem."""
    if len(data) > MAX_CSV_BYTES:
        raise PartnerError(f"файл завеликий (понад {MAX_CSV_BYTES // 1024 // 1024} МБ) / the file is too large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PartnerError("файл не в кодуванні UTF-8 / the file is not UTF-8") from exc
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    missing = {"code", "name", "kind"} - {(f or "").strip() for f in reader.fieldnames or []}
    if missing:
        raise PartnerError(f"бракує стовпців / missing columns: {', '.join(sorted(missing))}")
    out: list[ImportLine] = []
    for row in reader:
        if len(out) >= MAX_CSV_ROWS:
            raise PartnerError(f"забагато рядків (понад {MAX_CSV_ROWS}) / too many rows")
        row = {(k or "").strip(): v for k, v in row.items() if k}
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            out.append(ImportLine(reader.line_num, clean(row, service_codes), None))
        except PartnerError as exc:
            out.append(ImportLine(reader.line_num, None, str(exc)))
    return out


@cache
def service_codes() -> frozenset[str]:
    """Codes of the packaged catalogue of services (resources/reference/services.csv)."""
    with (reference_dir() / "services.csv").open(encoding="utf-8-sig", newline="") as fh:
        return frozenset(r["code"].strip() for r in csv.DictReader(fh) if (r.get("code") or "").strip())


@cache
def service_titles() -> dict[str, str]:
    """Code -> Ukrainian title of the packaged catalogue of services."""
    with (reference_dir() / "services.csv").open(encoding="utf-8-sig", newline="") as fh:
        return {r["code"].strip(): (r.get("title") or "").strip() for r in csv.DictReader(fh) if r.get("code")}


def packaged_seed() -> list[Partner]:
    """The packaged providers.csv as partner entries: the server's first seed."""
    lines = parse_csv((reference_dir() / "providers.csv").read_bytes(), set(service_codes()))
    return [x.partner for x in lines if x.partner is not None]


def to_csv(partners: list[Partner]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in partners:
        writer.writerow([p.code, p.name, p.kind, ";".join(p.services), ";".join(p.territories), p.phone, p.email,
                         p.address, p.website, p.notes])
    return buf.getvalue()
