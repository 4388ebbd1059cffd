"""What merging two cases of the same person means, field by field, and what undoing it writes back.

A merge joins the person and displacement records of two cases that hold the same person (a
possible duplicate across offices decided "the same person", or two registrations in one office).
One case survives: its person and displacement records take the chosen value of every field; the
other case is kept as it was, read-only, pointing to the survivor (its `merged_into`). Nothing is
deleted, so an undo needs to write back only the survivor's fields and clear the pointer.

The merge record's `values` holds, for every field either case has a value in, both values and
which the result took ("survivor", "merged", or "both" for a list: the union), so each value of
the result keeps its source, and the survivor's own value is there to restore. Pure: no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sync.records.schema import RECORD_TYPES

MERGED_TYPES = ("person", "displacement")
SOURCES = ("survivor", "merged", "both")


def empty(value: Any) -> bool:
    """No value: a missing field, None, empty text or an empty list (the store treats them alike)."""
    return value in (None, "", [])


def same(a: Any, b: Any) -> bool:
    return (empty(a) and empty(b)) or a == b


def is_list(rtype: str, name: str) -> bool:
    spec = RECORD_TYPES[rtype].fields.get(name)
    return spec is not None and spec.kind in ("list", "multichoice")


def fields_of(rtype: str) -> list[str]:
    return list(RECORD_TYPES[rtype].fields)


def key(rtype: str, name: str) -> str:
    return f"{rtype}.{name}"


def split(field_key: str) -> tuple[str, str]:
    rtype, _, name = field_key.partition(".")
    return rtype, name


def order(field_key: str) -> tuple[int, int]:
    """Where a field stands in the schema (person first), for showing a merge's fields in form order."""
    rtype, name = split(field_key)
    names = fields_of(rtype) if rtype in RECORD_TYPES else []
    return (MERGED_TYPES.index(rtype) if rtype in MERGED_TYPES else 9, names.index(name) if name in names else 999)


def union(a: list | None, b: list | None) -> list:
    """Both lists, the survivor's order first, nothing twice."""
    out: list = []
    for item in (a or []) + (b or []):
        if item not in out:
            out.append(item)
    return out


@dataclass(frozen=True)
class FieldChoice:
    """One field of the merge: both cases' values, which the result takes, and what that is."""

    key: str
    survivor: Any
    merged: Any
    kept: str

    @property
    def rtype(self) -> str:
        return split(self.key)[0]

    @property
    def name(self) -> str:
        return split(self.key)[1]

    @property
    def differs(self) -> bool:
        return not same(self.survivor, self.merged)

    @property
    def result(self) -> Any:
        if self.kept == "both":
            return union(self.survivor, self.merged)
        return self.merged if self.kept == "merged" else self.survivor

    def options(self) -> tuple[str, ...]:
        """What a person may choose for this field (a list may also keep both)."""
        if not self.differs:
            return ("survivor",)
        if is_list(self.rtype, self.name) and not empty(self.survivor) and not empty(self.merged):
            return ("survivor", "merged", "both")
        return ("survivor", "merged")

    def to_json(self) -> dict[str, Any]:
        return {"survivor": self.survivor, "merged": self.merged, "kept": self.kept}


def default_kept(rtype: str, name: str, survivor: Any, merged: Any) -> str:
    """The survivor's value, unless it has none; two different lists (phones, languages) are joined."""
    if empty(survivor):
        return "merged" if not empty(merged) else "survivor"
    if not empty(merged) and not same(survivor, merged) and is_list(rtype, name):
        return "both"
    return "survivor"


def plan(survivor: dict[str, dict[str, Any]], merged: dict[str, dict[str, Any]],
         choices: dict[str, str] | None = None) -> list[FieldChoice]:
    """Every field either case has a value in, in schema order, with the default or the given choice.

    `survivor` / `merged`: {"person": data, "displacement": data}; `choices`: {"person.phones": "merged"}."""
    choices = choices or {}
    out = []
    for rtype in MERGED_TYPES:
        s, m = survivor.get(rtype) or {}, merged.get(rtype) or {}
        for name in fields_of(rtype):
            a, b = s.get(name), m.get(name)
            if empty(a) and empty(b):
                continue
            k = key(rtype, name)
            choice = FieldChoice(k, a, b, default_kept(rtype, name, a, b))
            wanted = choices.get(k)
            if wanted is not None:
                if wanted not in choice.options():
                    raise ValueError(f"{k}: cannot keep {wanted!r}")
                choice = FieldChoice(k, a, b, wanted)
            out.append(choice)
    return out


def survivor_updates(choices: list[FieldChoice]) -> dict[str, dict[str, Any]]:
    """{record type: {field: new value}} for the survivor's fields the merge changes."""
    out: dict[str, dict[str, Any]] = {}
    for c in choices:
        if not same(c.result, c.survivor):
            out.setdefault(c.rtype, {})[c.name] = c.result
    return out


def restored_values(values: dict[str, dict[str, Any]], current: dict[str, dict[str, Any]]
                    ) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """What an undo writes back to the survivor, and the fields it leaves because they were edited
    after the merge (their value is no longer the merge's result: someone's later work, not lost)."""
    writes: dict[str, dict[str, Any]] = {}
    kept: list[str] = []
    for k, v in values.items():
        choice = FieldChoice(k, v.get("survivor"), v.get("merged"), v.get("kept", "survivor"))
        if same(choice.result, choice.survivor):
            continue
        now = (current.get(choice.rtype) or {}).get(choice.name)
        if same(now, choice.result):
            writes.setdefault(choice.rtype, {})[choice.name] = choice.survivor
        else:
            kept.append(k)
    return writes, sorted(kept)
