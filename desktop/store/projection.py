"""Projections of the records into the list, task and search tables.

Rebuilt per case after every local save and every pulled page, in the same transaction, so the
case list and search never disagree with the records. They are device-local: never synced.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from desktop.store import tables as t
from sync.records.identifiers import normalize_certificate, phone_search_keys, transliterate
from sync.records.schema import SEVERITY_RANK, derive_priority
from sync.text import fold_for_search, uk_sort_key

NAME_FIELDS = ("surname", "given_name", "patronymic")

ListedLookup = Callable[[str], bool]


def listed_lookup(data_dir: Path | None) -> ListedLookup:
    """Whether an origin code is currently on the list of hostilities/occupation (edition in force).

    Loaded lazily on first use (about 60 ms) and cached per code: a list page of 50 cases or a
    pulled page of 2,000 asks for the same few hundred origins again and again. The answers are
    dropped when another edition is in force (`poruch reference load-hostilities`: the list is
    re-read by file size and mtime, two stat calls) or the day changes (listings start and end).
    """
    cache: dict[str, bool] = {}
    source: list = [None, None]  # the HostilitiesList and the day the answers in `cache` are for

    def listed(code: str) -> bool:
        from sync.reference import get_hostilities_list

        current, today = get_hostilities_list(data_dir), date.today()
        if source[0] is not current or source[1] != today:
            cache.clear()
            source[:] = [current, today]
        if code not in cache:
            cache[code] = bool(current.current_for(code))
        return cache[code]

    return listed


# Latin letters typed inside a Cyrillic word (a Latin "i" for "і" is the classic slip), lower-cased.
_LATIN_LOOKALIKES = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")
_CYRILLIC = re.compile(r"[а-яіїєґё]")
_NAME_SPLIT = re.compile(r"[\W_]+")  # hyphens, spaces, commas, dots: "Петренко-Шевчук" is two tokens


def name_tokens(*parts: str | None) -> list[str]:
    """Folded tokens of names, the same for the index and for what is typed into search."""
    tokens: list[str] = []
    for part in parts:
        for tok in _NAME_SPLIT.split(fold_for_search(part)):
            if tok and _CYRILLIC.search(tok):
                tok = tok.translate(_LATIN_LOOKALIKES)
            if tok:
                tokens.append(tok)
    return tokens


def birth_term(birth_date: str, surname: str | None, given_name: str | None, patronymic: str | None) -> str:
    """"1985-03-02|шевченко|олена|петрівна": people born on a day with their names, for duplicates."""
    return "|".join([birth_date, *(" ".join(name_tokens(p)) for p in (surname, given_name, patronymic))])


def search_terms_for(person: dict[str, Any], members: Iterable[dict[str, Any]],
                     displacement: dict[str, Any]) -> set[tuple[str, str]]:
    """(kind, term) pairs: Cyrillic and Latin name tokens, identifiers in their normalised forms.

    Kind "birth" holds birth date and name of the person and of every household member, so the
    duplicate check finds someone already registered as somebody's household member.
    """
    terms: set[tuple[str, str]] = set()
    for rec in (person, *members):
        for tok in name_tokens(*(rec.get(f) for f in NAME_FIELDS)):
            terms.add(("name", tok))
            latin = fold_for_search(transliterate(tok))
            if latin:
                terms.add(("latin", latin))
        if rec.get("rnokpp"):
            terms.add(("rnokpp", rec["rnokpp"]))
        if rec.get("birth_date"):
            terms.add(("birth", birth_term(rec["birth_date"], *(rec.get(f) for f in NAME_FIELDS))))
    for phone in person.get("phones") or []:
        for key in phone_search_keys(phone):
            terms.add(("phone", key))
    if person.get("unzr"):
        terms.add(("unzr", re.sub(r"\D", "", person["unzr"])))
    if person.get("id_document_number"):
        terms.add(("doc", normalize_certificate(person["id_document_number"])))
    if displacement.get("idp_certificate_number"):
        terms.add(("cert", normalize_certificate(displacement["idp_certificate_number"])))
    return terms


def refresh_cases(conn, case_ids: Iterable[str], listed: ListedLookup | None = None) -> None:
    """Recompute the projections of these cases from their records."""
    case_ids = sorted(set(case_ids))
    for start in range(0, len(case_ids), 500):
        _refresh_chunk(conn, case_ids[start:start + 500], listed)


def _refresh_chunk(conn, case_ids: list[str], listed: ListedLookup | None) -> None:
    rows = conn.execute(
        select(t.records.c.id, t.records.c.type, t.records.c.case_id, t.records.c.data, t.records.c.updated_at)
        .where(t.records.c.case_id.in_(case_ids), t.records.c.deleted == 0,
               t.records.c.type.in_(("case", "person", "displacement", "household_member", "assessment",
                                     "task")))
    ).all()
    by_case: dict[str, dict[str, list[tuple[str, dict, int]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_case[row.case_id][row.type].append((row.id, json.loads(row.data), row.updated_at))

    conn.execute(delete(t.case_index).where(t.case_index.c.case_id.in_(case_ids)))
    conn.execute(delete(t.task_index).where(t.task_index.c.case_id.in_(case_ids)))
    conn.execute(delete(t.search_terms).where(t.search_terms.c.case_id.in_(case_ids)))
    case_rows, task_rows, term_rows = [], [], []
    for case_id in case_ids:
        recs = by_case.get(case_id)
        if not recs or not recs.get("case"):
            continue  # deleted, or its case record has not arrived yet
        case = recs["case"][0][1]
        person = recs["person"][0][1] if recs.get("person") else {}
        displacement = recs["displacement"][0][1] if recs.get("displacement") else {}
        assessments = sorted((r[1] for r in recs.get("assessment", [])),
                             key=lambda a: (a.get("assessed_on") or ""))
        priority = derive_priority(assessments[-1] if assessments else None)
        open_tasks = []
        for task_id, task, _ in recs.get("task", []):
            task_rows.append({"task_id": task_id, "case_id": case_id, "due_date": task.get("due_date") or "",
                              "assignee": task.get("assignee"), "done": 1 if task.get("done") else 0})
            if not task.get("done") and task.get("due_date"):
                open_tasks.append(task["due_date"])
        origin = displacement.get("origin_katottg")
        case_rows.append({
            "case_id": case_id, "office_id": case.get("office_id"),
            "sort_key": uk_sort_key(" ".join(person.get(f) or "" for f in NAME_FIELDS)),
            "surname": person.get("surname"), "given_name": person.get("given_name"),
            "patronymic": person.get("patronymic"), "birth_date": person.get("birth_date"),
            "category": case.get("category"), "stage": case.get("stage"), "status": case.get("status"),
            "priority": priority, "priority_rank": SEVERITY_RANK[priority],
            "assigned_to": case.get("assigned_to"), "next_task_due": min(open_tasks) if open_tasks else None,
            "origin_katottg": origin, "origin_listed": 1 if (origin and listed and listed(origin)) else 0,
            "opened_on": case.get("opened_on"),
            "updated_at": max(r[2] for recs_of_type in recs.values() for r in recs_of_type),
        })
        members = [r[1] for r in recs.get("household_member", [])]
        term_rows += [{"kind": kind, "term": term, "case_id": case_id}
                      for kind, term in search_terms_for(person, members, displacement)]
    if case_rows:
        conn.execute(t.case_index.insert(), case_rows)
    if task_rows:
        conn.execute(t.task_index.insert(), task_rows)
    if term_rows:
        conn.execute(t.search_terms.insert(), term_rows)
