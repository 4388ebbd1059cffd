"""Possible duplicates of an import: people listed twice in the file, or already in the store.

Found before anything is saved and listed for a decision. The same RNOKPP or UNZR is the same
person: skipped unless the person says otherwise. A similar name with the same birth date, or the
same IDP certificate, may be the same person or a namesake: imported unless the person says skip.
A shared phone alone is no evidence (families and neighbours share phones).
Qt-free; the store is read through CaseSearch.find_duplicates on one connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.services.search import DUPLICATE_REASON_LABELS, CaseSearch, name_similarity
from desktop.store.search_terms import name_tokens
from sync.records.identifiers import normalize_certificate, normalize_rnokpp, normalize_unzr

STRONG = ("same_rnokpp", "same_unzr")


@dataclass
class DuplicateQuestion:
    """One row that may register somebody already there; `skip` is what happens unless decided."""

    line: int
    reasons: list[str]                  # codes of DUPLICATE_REASON_LABELS
    other_case_id: str | None = None    # the case in the store
    other_line: int | None = None       # or the earlier line of the file
    strong: bool = False
    skip: bool = False                  # the default decision

    def reason_text(self, lang: str = "uk") -> str:
        return "; ".join(DUPLICATE_REASON_LABELS.get(r, (r, r))[1 if lang == "en" else 0] for r in self.reasons)

    @property
    def field(self) -> str:
        """The validation field of the identifier that matched ("" for a name and birth date)."""
        return {"same_rnokpp": "person.rnokpp", "same_unzr": "person.unzr",
                "same_certificate": "displacement.idp_certificate_number"}.get(self.reasons[0], "")

    def sentence(self) -> str:
        """Why this row may be somebody already there, in words for the report (no values)."""
        word = {"same_rnokpp": "РНОКПП", "same_unzr": "УНЗР"}.get(self.reasons[0])
        if self.other_line is not None:
            if word:
                return f"той самий {word}, що в рядку {self.other_line}"
            return f"можливо, та сама особа, що в рядку {self.other_line}: {self.reason_text()}"
        if word:
            return f"особу з цим {word} уже зареєстровано (справа {self.other_case_id})"
        return f"можливо, ця особа вже є у справі {self.other_case_id}: {self.reason_text()}"

    def sentence_en(self) -> str:
        """The same in English (the window's English interface)."""
        word = {"same_rnokpp": "RNOKPP", "same_unzr": "UNZR"}.get(self.reasons[0])
        if self.other_line is not None:
            if word:
                return f"the same {word} as row {self.other_line}"
            return f"possibly the same person as row {self.other_line}: {self.reason_text('en')}"
        if word:
            return f"a person with this {word} is already registered (case {self.other_case_id})"
        return f"this person may already be in case {self.other_case_id}: {self.reason_text('en')}"


def _names(person: dict[str, Any]) -> list[str]:
    return [" ".join(name_tokens(person.get(k))) for k in ("surname", "given_name", "patronymic")]


@dataclass
class DuplicateFinder:
    search: CaseSearch
    allow_strong: bool = False            # --allow-duplicates: the same RNOKPP is imported too
    _first: dict[tuple[str, str], int] = field(default_factory=dict)  # (kind, value) -> first line
    _by_birth: dict[str, list[tuple[int, list[str]]]] = field(default_factory=dict)
    _store_empty: bool | None = None

    def check(self, conn, line: int, person: dict[str, Any], displacement: dict[str, Any]) -> DuplicateQuestion | None:
        """The strongest reason to doubt this row (file first, then the store), remembered for later rows."""
        found = [q for q in (self._in_store(conn, line, person, displacement),
                             self._in_file(line, person, displacement)) if q is not None]
        self._remember(line, person, displacement)
        # The same RNOKPP beats a similar name; a case already in the store says more than a line.
        return max(found, key=lambda q: q.strong, default=None)

    def _keys(self, person: dict[str, Any], displacement: dict[str, Any]) -> list[tuple[str, str]]:
        keys = []
        if person.get("rnokpp"):
            keys.append(("same_rnokpp", normalize_rnokpp(person["rnokpp"])))
        if person.get("unzr"):
            keys.append(("same_unzr", "".join(ch for ch in normalize_unzr(person["unzr"]) if ch.isdigit())))
        cert = normalize_certificate(displacement.get("idp_certificate_number"))
        if cert:
            keys.append(("same_certificate", cert))
        return keys

    def _in_file(self, line: int, person: dict[str, Any], displacement: dict[str, Any]) -> DuplicateQuestion | None:
        for reason, value in self._keys(person, displacement):
            earlier = self._first.get((reason, value))
            if earlier is not None:
                strong = reason in STRONG
                return DuplicateQuestion(line, [reason], other_line=earlier, strong=strong,
                                         skip=strong and not self.allow_strong)
        birth = person.get("birth_date")
        if birth:
            names = _names(person)
            for earlier, other in self._by_birth.get(birth, ()):
                if name_similarity(names, other) > 0:
                    return DuplicateQuestion(line, ["similar_name_same_birth_date"], other_line=earlier)
        return None

    def _in_store(self, conn, line: int, person: dict[str, Any], displacement: dict[str, Any]) -> DuplicateQuestion | None:
        if self._store_empty is None:
            # The dry run reads one snapshot on one connection: a store without search terms (an office's
            # first import) has nobody to find, for this row or any later one.
            self._store_empty = conn.exec_driver_sql("SELECT 1 FROM search_terms LIMIT 1").first() is None
        if self._store_empty:
            return None
        candidates = self.search.find_duplicates(person, displacement=displacement, conn=conn)
        for cand in candidates:
            reasons = [r for r in cand.reasons if r != "same_phone"]
            if not reasons:
                continue
            strong = any(r in STRONG for r in reasons)
            return DuplicateQuestion(line, reasons, other_case_id=cand.case_id, strong=strong,
                                     skip=strong and not self.allow_strong)
        return None

    def _remember(self, line: int, person: dict[str, Any], displacement: dict[str, Any]) -> None:
        for reason, value in self._keys(person, displacement):
            self._first.setdefault((reason, value), line)
        if person.get("birth_date"):
            self._by_birth.setdefault(person["birth_date"], []).append((line, _names(person)))
