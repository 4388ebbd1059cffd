"""The directory of service providers and the catalogue of services a support plan refers to.

Both are small CSV files in resources/reference (public organisations, no personal data):
`services.csv` (code, title, domain) and `providers.csv` (code, name, kind, services; the services
column lists service codes separated by ";"). A service record keeps the provider's name and kind
next to its code, so a case stays readable after a provider leaves the directory. Qt-free.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sync.records.schema import NEED_DOMAINS, PROVIDER_KINDS
from sync.resources import reference_dir
from sync.text import uk_sort_key


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

    def providers(self, service_code: str | None = None) -> list[Provider]:
        """Providers in Ukrainian order; with a service code, only those offering it."""
        found = [p for p in self._providers.values() if service_code is None or service_code in p.services]
        return sorted(found, key=lambda p: (PROVIDER_KINDS.index(p.kind), uk_sort_key(p.name)))

    def provider(self, code: str | None) -> Provider | None:
        return self._providers.get(code or "")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh) if row.get("code")]


@cache
def provider_directory() -> ProviderDirectory:
    """The packaged directory, loaded once per process."""
    return ProviderDirectory.from_dir(reference_dir())
