"""The directory of referral partners a support plan refers to, and the catalogue of services.

The catalogue of services is the packaged `services.csv` (code, title, domain). Partners come from
the server (sync.partners): the national directory the last sync brought (the store's meta "partners"),
or the packaged `providers.csv` (its first seed) before any sync, plus this office's own local
providers (local_partner records, synced to the office and its district). A service record keeps the
provider's name and kind next to its code, so a case stays readable after a partner is retired. Qt-free.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import select

from desktop.services.cases import ChangeSet
from desktop.store import tables as t
from desktop.store.changes import record_change, store_clock
from desktop.store.database import writing
from desktop.store.store import OpenStore
from sync.client.partners import STATE_KEY
from sync.partners import Partner, clean, service_codes
from sync.records.ids import HybridClock, new_id
from sync.records.schema import NEED_DOMAINS, PROVIDER_KINDS
from sync.resources import reference_dir
from sync.text import uk_sort_key

LOCAL_PARTNER = "local_partner"


@dataclass(frozen=True)
class ServiceType:
    code: str
    title: str
    domain: str


@dataclass(frozen=True)
class Provider:
    code: str
    name: str
    kind: str
    services: tuple[str, ...]
    territories: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    local: bool = False      # this office's own provider (a local_partner record)
    retired: bool = False
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def covers(self, places: set[str]) -> bool:
        """Works in one of `places` (a settlement and the units above it), or everywhere."""
        return not self.territories or bool(places & set(self.territories))

    @classmethod
    def of(cls, p: Partner, *, local: bool = False) -> Provider:
        return cls(p.code, p.name, p.kind, tuple(p.services), tuple(p.territories), p.phone, p.email, p.address,
                   p.website, local, p.retired)


class ProviderDirectory:
    def __init__(self, providers: list[Provider], services: list[ServiceType]):
        self._services = {s.code: s for s in services}
        self._providers = {p.code: p for p in providers}

    @classmethod
    def from_dir(cls, folder: Path) -> ProviderDirectory:
        services = [ServiceType(r["code"], r["title"], r["domain"]) for r in _rows(folder / "services.csv")]
        providers = [Provider(r["code"], r["name"], r["kind"],
                              tuple(c.strip() for c in (r.get("services") or "").split(";") if c.strip()))
                     for r in _rows(folder / "providers.csv")]
        directory = cls(providers, services)
        directory._check()
        return directory

    def with_partners(self, national: list[Provider] | None, local: list[Provider]) -> ProviderDirectory:
        """The same catalogue of services with the server's partners (None: keep the packaged ones) and local ones."""
        base = list(self._providers.values()) if national is None else national
        return ProviderDirectory(base + local, list(self._services.values()))

    def _check(self) -> None:
        # A typo in a hand-edited file should stop the build's tests, not show a blank combo later.
        for s in self._services.values():
            if s.domain not in NEED_DOMAINS:
                raise ValueError(f"services.csv: {s.code}: unknown domain {s.domain!r}")
        for p in self._providers.values():
            if p.kind not in PROVIDER_KINDS:
                raise ValueError(f"providers.csv: {p.code}: unknown kind {p.kind!r}")
            unknown = [c for c in p.services if c not in self._services]
            if unknown:
                raise ValueError(f"providers.csv: {p.code}: unknown services {', '.join(unknown)}")

    def services(self, domain: str | None = None) -> list[ServiceType]:
        """Services in Ukrainian order, optionally only those of one need domain."""
        found = [s for s in self._services.values() if domain is None or s.domain == domain]
        return sorted(found, key=lambda s: uk_sort_key(s.title))

    def service(self, code: str | None) -> ServiceType | None:
        return self._services.get(code or "")

    def providers(self, service_code: str | None = None, places: set[str] | None = None) -> list[Provider]:
        """Partners still active, local ones first, then by kind and name; with a service code only those
        offering it; with `places` (a settlement and the units above it) only those working there."""
        found = [p for p in self._providers.values() if not p.retired
                 and (service_code is None or service_code in p.services)
                 and (places is None or p.covers(places))]
        return sorted(found, key=lambda p: (not p.local, PROVIDER_KINDS.index(p.kind), uk_sort_key(p.name)))

    def provider(self, code: str | None) -> Provider | None:
        """Any partner by code, a retired one too (a referral made before still names it)."""
        return self._providers.get(code or "")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh) if row.get("code")]


@cache
def provider_directory() -> ProviderDirectory:
    """The packaged directory, loaded once per process."""
    return ProviderDirectory.from_dir(reference_dir())


def directory_for(store: OpenStore) -> ProviderDirectory:
    """The partners this laptop knows: the server's national directory (the packaged seed before the
    first sync) and the office's own local providers."""
    held = store.get_meta(STATE_KEY)
    national = None
    if isinstance(held, dict) and held.get("partners") is not None:
        national = [Provider.of(Partner.model_validate(p)) for p in held["partners"]]
    return provider_directory().with_partners(national, LocalPartners(store).list())


class LocalPartners:
    """An office's own providers: added and retired here (offline too), synced to the office and its district."""

    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.clock = clock or store_clock(store)

    def list(self) -> list[Provider]:
        r = t.records.c
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(r.id, r.data).where(r.type == LOCAL_PARTNER, r.deleted == 0)).all()
        out = []
        for row in rows:
            data = json.loads(row.data)
            out.append(Provider(row.id, data.get("name") or "", data.get("kind") or "community",
                                tuple(data.get("services") or ()), tuple(data.get("territories") or ()),
                                data.get("phone") or "", data.get("email") or "", data.get("address") or "",
                                data.get("website") or "", True, bool(data.get("retired")),
                                {"office_id": data.get("office_id"), "notes": data.get("notes") or ""}))
        return out

    def add(self, fields: dict) -> ChangeSet:
        """A new local provider of this laptop's office (its id: the change set's record id).
        sync.partners.PartnerError (its message in Ukrainian / English) when a field is wrong."""
        partner = clean({**fields, "code": "local"}, set(service_codes()))
        record_id = new_id()
        data = {"office_id": self.store.office_id, "name": partner.name, "kind": partner.kind,
                "services": partner.services, "territories": partner.territories, "phone": partner.phone,
                "email": partner.email, "address": partner.address, "website": partner.website,
                "notes": partner.notes, "retired": False, "added_by": self.store.author}
        with writing(self.store.engine) as conn, conn.begin():
            record_change(conn, record_type=LOCAL_PARTNER, record_id=record_id, case_id=record_id, fields=data,
                          user=self.store.author, clock=self.clock)
        return ChangeSet(record_ids=[record_id], record_types={LOCAL_PARTNER})

    def retire(self, partner_id: str) -> ChangeSet:
        with writing(self.store.engine) as conn, conn.begin():
            exists = conn.execute(select(t.records.c.id).where(t.records.c.id == partner_id,
                                                               t.records.c.type == LOCAL_PARTNER)).scalar()
            if exists is None:
                raise KeyError("no such local partner")
            record_change(conn, record_type=LOCAL_PARTNER, record_id=partner_id, case_id=partner_id,
                          fields={"retired": True}, user=self.store.author, clock=self.clock)
        return ChangeSet(record_ids=[partner_id], record_types={LOCAL_PARTNER})
