"""Projections of the records into the list, task and search tables.

Rebuilt per case after every local save and every pulled page, in the same transaction, so the
case list and search never disagree with the records. They are device-local: never synced.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any

from desktop.store.pulled import PulledRecords
from desktop.store.search_terms import NAME_FIELDS, search_terms_for
from sync.records.schema import NEED_DOMAINS, SEVERITY_RANK, derive_priority
from sync.text import uk_sort_key

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

    def in_force() -> ListedLookup:
        """A lookup bound to the edition in force now (checked once): for many codes in a row."""
        from sync.reference import get_hostilities_list

        current, today = get_hostilities_list(data_dir), date.today()
        if source[0] is not current or source[1] != today:
            cache.clear()
            source[:] = [current, today]

        def listed_now(code: str) -> bool:
            if code not in cache:
                cache[code] = bool(current.current_for(code))
            return cache[code]

        return listed_now

    def listed(code: str) -> bool:
        return in_force()(code)

    listed.in_force = in_force  # type: ignore[attr-defined]  # Projector.refresh checks the edition once per call
    return listed


class Projector:
    """Rebuilds the case list, task and search rows of cases from their records.

    One per unlocked store (OpenStore.projector, made at unlock), holding the lookup of the
    hostilities/occupation list in force: every writer (a save, a pulled page, `poruch check
    --repair`, an enrolment) projects with the same flags, and none can forget to pass them.
    """

    def __init__(self, data_dir: Path | None):
        self.listed: ListedLookup = listed_lookup(data_dir)
        # While a first download runs: the listed records its pages wrote since its last build
        # (desktop/store/pulled.py). Every other writer projects through this object, so a case it
        # changes is dropped from there (a local save during a download lists what was saved).
        self.held: PulledRecords | None = None

    def hold_pulled(self) -> PulledRecords:
        """Start holding what a first download's pages write (StoreReplica.defer_projections)."""
        self.held = PulledRecords()
        return self.held

    def stop_holding(self) -> None:
        self.held = None

    def project_new(self, conn, records: Iterable[tuple[str, str, str, dict[str, Any], int]]) -> None:
        """The projections of brand-new cases from their records as just written, (id, type, case id,
        fields, updated_at): nothing to read back, decode or compare (a registration, an import's
        chunk). The cases must have no rows yet (new ids); the result is what `refresh` would write."""
        records = list(records)
        held = self.held
        if held is not None:
            held.forget({r[2] for r in records})
        by_case: dict[str, dict[str, list[tuple[str, dict, int]]]] = defaultdict(lambda: defaultdict(list))
        for record_id, rtype, case_id, fields, updated_at in records:
            if rtype in PROJECTED_TYPES:
                by_case[case_id][rtype].append((record_id, fields, updated_at))
        if not by_case:
            return
        texts: dict[str, str] = {}
        case_rows, task_rows, term_rows = _project(sorted(by_case), by_case, self.listed.in_force(),  # type: ignore[attr-defined]
                                                   texts)
        run = conn.exec_driver_sql
        if case_rows:
            run(_INSERT_CASE, case_rows)
        if task_rows:
            run(_INSERT_TASK, task_rows)
        if term_rows:
            run(_INSERT_TERM, in_key_order(term_rows))
            run(_INSERT_CASE_TERMS, sorted(texts.items()))
            run(_COUNT_TERMS_ADDED)

    def refresh(self, conn, case_ids: Iterable[str], *, terms: bool = True, pulled: bool = False) -> None:
        """Recompute the projections of these cases from their records, in the caller's transaction.

        `terms=False`: the search terms the cases gain are not added to search_terms (their
        case_terms rows are written as usual, and terms they lost are deleted): `fill_search_terms`
        adds them later, all at once. A first download's lists are built several times while its
        pages arrive, and each build added its cases' terms all over the (kind, term) key of the
        table, rewriting most of its pages every time (StoreReplica.flush_projections).

        `pulled=True`: a build of a download's queued cases, which projects those that its pages'
        records held in memory cover (`held`) from there. Any other call is a writer that changed
        these cases: they are no longer projected from memory."""
        case_ids = sorted(set(case_ids))
        if not case_ids:
            return
        held = self.held
        if held is not None:
            if not pulled:
                held.forget(case_ids)
                held = None
            elif conn.exec_driver_sql("SELECT 1 FROM outbox LIMIT 1").first() is not None:
                # Changes waiting to be pushed (made in another process, say): those cases from the table.
                held.forget(r[0] for r in conn.exec_driver_sql("SELECT DISTINCT case_id FROM outbox"))
        listed = self.listed.in_force()  # type: ignore[attr-defined]  # the edition is checked once, not per case
        new_cases: list[tuple] = []
        added: list[tuple[str, str, str]] | None = [] if terms else None
        for start in range(0, len(case_ids), 500):
            _refresh_chunk(conn, case_ids[start:start + 500], listed, new_cases, added, held)
        # The rows of cases listed for the first time, and the new search terms, of all these cases
        # at once: one pass over each index rather than one per 500 cases (a long download's build
        # of 25,000 cases walked the whole term index fifty times). The list's rows in name order,
        # the order of its largest index; the terms in their key's order.
        if new_cases:
            conn.exec_driver_sql(_INSERT_CASE, sorted(new_cases, key=_sort_key_of))
        if added:
            conn.exec_driver_sql(_INSERT_TERM, in_key_order(added))
            conn.exec_driver_sql(_COUNT_TERMS_ADDED)


_CASE_COLUMNS = ("case_id", "office_id", "sort_key", "surname", "given_name", "patronymic", "birth_date", "category",
                 "stage", "status", "priority", "priority_rank", "assigned_to", "next_task_due", "origin_katottg",
                 "origin_listed", "opened_on", "updated_at")
_INSERT_CASE = f"INSERT INTO case_index ({', '.join(_CASE_COLUMNS)}) VALUES ({', '.join('?' * len(_CASE_COLUMNS))})"
_INSERT_TASK = "INSERT INTO task_index (task_id, case_id, due_date, assignee, done) VALUES (?, ?, ?, ?, ?)"
_INSERT_TERM = "INSERT INTO search_terms (kind, term, case_id) VALUES (?, ?, ?)"
_INSERT_CASE_TERMS = "INSERT INTO case_terms (case_id, terms) VALUES (?, ?)"


def terms_text(pairs: Iterable[tuple[str, str]]) -> str:
    """A case's (kind, term) pairs as `case_terms.terms` keeps them: one canonical JSON object of
    sorted terms by kind (equal sets give equal text), `{"kind":["term",...],...}` with the kinds
    in order, no spaces, non-ASCII as it is.

    Written out from the sorted pairs (kind, then term) instead of grouping them into a dict of
    lists for the JSON encoder: 8.7 µs a case instead of 12.8 (a first download makes one per
    case), the same text (json's own string quoting; checked against the encoder in the tests).
    """
    out: list[str] = []
    previous = None
    for kind, term in sorted(pairs):
        if kind == previous:
            out.append(_quote(term))
        else:
            if previous is not None:
                out[-1] += "]"
            out.append(_quote(kind) + ":[" + _quote(term))
            previous = kind
    return "{" + ",".join(out) + "]}" if out else "{}"


_quote = encode_basestring  # what json's encoder quotes a str with when ensure_ascii is off


def _terms_of(text: str, case_id: str) -> set[tuple[str, str, str]]:
    return {(kind, term, case_id) for kind, terms in json.loads(text).items() for term in terms}


# Counts the writes that added search terms: search's list of known words is reloaded when it moves
# (desktop/services/search.py; the WITHOUT ROWID table has no rowid to watch).
TERMS_ADDED_KEY = "terms_added"
_COUNT_TERMS_ADDED = ("INSERT INTO meta (key, value) VALUES ('" + TERMS_ADDED_KEY + "', '1') "
                      "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1")
PROJECTED_TYPES = ("case", "person", "displacement", "household_member", "assessment", "task")
# The fields of each listed type that the case list, tasks and search are made of: `_project` and
# search_terms_for read these and no others (tests/store/test_listed_fields.py fails if they start to).
# A pulled edit that changes none of them (a note, an address) moves only the case's time in the list.
LISTED_FIELDS: dict[str, tuple[str, ...]] = {
    "case": ("office_id", "category", "stage", "status", "assigned_to", "opened_on"),
    "person": (*NAME_FIELDS, "birth_date", "rnokpp", "phones", "unzr", "id_document_number"),
    "displacement": ("origin_katottg", "idp_certificate_number"),
    "household_member": (*NAME_FIELDS, "birth_date", "rnokpp"),
    "assessment": ("assessed_on", *NEED_DOMAINS),
    "task": ("due_date", "assignee", "done"),
}


def listed_fields_equal(rtype: str, old_text: str, new_text: str) -> bool:
    """Whether two versions of a listed record (JSON texts) agree on every field the lists are made of."""
    old, new = json.loads(old_text), json.loads(new_text)
    for name in LISTED_FIELDS[rtype]:
        a, b = old.get(name), new.get(name)
        if a != b or type(a) is not type(b):  # 1 == True == 1.0, but they would not list alike
            return False
    return True
_LISTED_TYPES = f"({', '.join(repr(t) for t in PROJECTED_TYPES)})"


def _sort_key_of(case_row: tuple) -> str:
    return case_row[2]


def in_key_order(term_rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(kind, term, case_id) rows in the order of the table's key, for fewer pages per insert.

    The rows come in case order (each case's terms at once, cases sorted): parted by kind (a handful),
    each part sorted stably by term alone gives the key's order, comparing one string taken by
    itemgetter instead of tuples or a string built per row (a first download of 100,000 cases sorts
    4.5 million terms: 0.34 s for 730,000 where sorting on kind + NUL + term took 0.49 s, and
    sorted() on the tuples twice that).
    """
    by_kind: dict[str, list[tuple[str, str, str]]] = {}
    for row in term_rows:
        part = by_kind.get(row[0])
        if part is None:
            part = by_kind[row[0]] = []
        part.append(row)
    ordered: list[tuple[str, str, str]] = []
    for kind in sorted(by_kind):
        part = by_kind[kind]
        part.sort(key=_TERM)
        ordered += part
    return ordered


_TERM = itemgetter(1)


def _refresh_chunk(conn, case_ids: list[str], listed: ListedLookup, new_cases: list[tuple],
                   added: list[tuple[str, str, str]] | None, held: PulledRecords | None = None) -> None:
    """Rewrite the projections of these cases that changed, except the list rows of cases not
    listed yet and the search terms they gained: appended to `new_cases` and `added`, for the
    caller to insert with those of its other chunks (`added` None: the terms gained are left to
    fill_search_terms, and no rows are made for them). The listed records of the cases `held`
    covers come from there, the others' from the table."""
    # Plain SQL: SQLAlchemy compiled a fresh 500-parameter IN statement per call, which cost more
    # than running it (a download of 5,000 cases refreshes them in ten chunks).
    marks = ",".join("?" * len(case_ids))
    params = tuple(case_ids)
    pulled, taken = held.take(case_ids) if held is not None else ((), ())
    rest = tuple(c for c in case_ids if c not in taken) if taken else params
    rows = []
    if rest:
        # Read on the driver's cursor: plain tuples, no SQLAlchemy row for each of a long download's
        # 600,000 listed records (the read took 1.8 s of its CPU).
        rows = conn.connection.driver_connection.execute(
            f"SELECT id, type, case_id, data, updated_at FROM records "
            f"WHERE case_id IN ({','.join('?' * len(rest))}) AND deleted = 0 AND type IN {_LISTED_TYPES}",
            rest).fetchall()
    by_case: dict[str, dict[str, list[tuple[str, dict, int]]]] = defaultdict(lambda: defaultdict(list))
    # All the chunk's texts decoded in one call, as one JSON array: 1.1 µs a record instead of 2.0
    # (json.loads' own cost per call was half of it; a first download of 100,000 cases decodes 550,000).
    datas = [u[3] for u in pulled] + [row[3] for row in rows]
    fields = json.loads("[" + ",".join(datas) + "]") if datas else []
    # The held ones as apply_page wrote them: (id, type, case id, data, deleted, seq, share, updated_at).
    n = len(pulled)
    for (record_id, rtype, case_id, _, _, _, _, updated_at), data in zip(pulled, fields[:n], strict=True):
        by_case[case_id][rtype].append((record_id, data, updated_at))
    for (record_id, rtype, case_id, _, updated_at), data in zip(rows, fields[n:], strict=True):
        by_case[case_id][rtype].append((record_id, data, updated_at))
    texts: dict[str, str] = {}
    case_rows, task_rows, term_rows = _project(case_ids, by_case, listed, texts, rows=added is not None)
    _write_changes(conn, marks, params, case_rows, task_rows, term_rows, texts, new_cases, added)


def _assessed_on(assessment: dict[str, Any]) -> str:
    return assessment.get("assessed_on") or ""


def _project(case_ids: list[str], by_case: dict[str, dict[str, list[tuple[str, dict, int]]]],
             listed: ListedLookup, texts: dict[str, str] | None = None,
             rows: bool = True) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The case list, task and search rows of these cases from their listed records, by type:
    (record id, fields, updated_at). `texts`, when given, gets each projected case's terms_text
    (made here from the case's own terms, not regrouped from the rows afterwards); `rows=False`
    makes no search rows (only the texts)."""
    case_rows, task_rows, term_rows = [], [], []
    for case_id in case_ids:
        recs = by_case.get(case_id)
        if not recs or not recs.get("case"):
            continue  # deleted, or its case record has not arrived yet
        case = recs["case"][0][1]
        person = recs["person"][0][1] if recs.get("person") else {}
        displacement = recs["displacement"][0][1] if recs.get("displacement") else {}
        assessed = recs.get("assessment")
        if not assessed:
            latest = None
        elif len(assessed) == 1:
            latest = assessed[0][1]
        else:  # the last of the latest date (a stable sort keeps equal dates in their order)
            latest = sorted((r[1] for r in assessed), key=_assessed_on)[-1]
        priority = derive_priority(latest)
        open_tasks = []
        for task_id, task, _ in recs.get("task", ()):
            task_rows.append((task_id, case_id, task.get("due_date") or "", task.get("assignee"),
                              1 if task.get("done") else 0))
            if not task.get("done") and task.get("due_date"):
                open_tasks.append(task["due_date"])
        origin = displacement.get("origin_katottg")
        surname, given_name, patronymic = person.get("surname"), person.get("given_name"), person.get("patronymic")
        case_rows.append((
            case_id, case.get("office_id"), uk_sort_key(" ".join([surname or "", given_name or "", patronymic or ""])),
            surname, given_name, patronymic, person.get("birth_date"),
            case.get("category"), case.get("stage"), case.get("status"), priority, SEVERITY_RANK[priority],
            case.get("assigned_to"), min(open_tasks) if open_tasks else None, origin,
            1 if (origin and listed(origin)) else 0, case.get("opened_on"),
            max([r[2] for recs_of_type in recs.values() for r in recs_of_type])))
        members = [r[1] for r in recs.get("household_member", [])]
        terms = search_terms_for(person, members, displacement)
        if rows:
            term_rows += [(kind, term, case_id) for kind, term in terms]
        if texts is not None and terms:
            texts[case_id] = terms_text(terms)
    return case_rows, task_rows, term_rows


def _write_changes(conn, marks: str, params: tuple, case_rows: list[tuple], task_rows: list[tuple],
                   term_rows: list[tuple], new_texts: dict[str, str], new_cases: list[tuple],
                   added: list[tuple[str, str, str]] | None) -> None:
    """Write only the rows that differ from what the tables hold for these cases; the list rows of
    cases not listed yet and the search terms to add go to `new_cases` and `added` instead
    (Projector.refresh inserts those of all its chunks at once).

    A save or a pulled edit usually leaves a case's name, identifiers and tasks as they were, and
    every page a write touches is encrypted and written again at the commit: rewriting all the
    rows of a case touched a page of each of the ten indexes of these tables, for nothing.
    """
    run = conn.exec_driver_sql
    old_cases = {r[0]: tuple(r) for r in run(
        f"SELECT {', '.join(_CASE_COLUMNS)} FROM case_index WHERE case_id IN ({marks})", params)}
    old_tasks = {r[0]: tuple(r) for r in run(
        f"SELECT task_id, case_id, due_date, assignee, done FROM task_index WHERE case_id IN ({marks})", params)}
    # A case's terms are read from its one case_terms row: search_terms has no index by case (it was
    # a second copy of every term, 1.5 KB a case).
    old_texts = dict(run(f"SELECT case_id, terms FROM case_terms WHERE case_id IN ({marks})", params).all())

    new_ids = {row[0] for row in case_rows}
    gone = [(case_id,) for case_id in old_cases if case_id not in new_ids]
    if gone:
        run("DELETE FROM case_index WHERE case_id = ?", gone)
    by_columns: dict[tuple[int, ...], list[tuple]] = defaultdict(list)  # one UPDATE per set of changed columns
    for row in case_rows:
        old = old_cases.get(row[0])
        if old is None:
            new_cases.append(row)
        elif old != row:
            changed = tuple(i for i in range(1, len(row)) if old[i] != row[i])
            by_columns[changed].append(tuple(row[i] for i in changed) + (row[0],))
    for changed, values in by_columns.items():
        sets = ", ".join(f"{_CASE_COLUMNS[i]} = ?" for i in changed)
        run(f"UPDATE case_index SET {sets} WHERE case_id = ?", values)

    new_by_id = {row[0]: row for row in task_rows}
    stale_tasks = [(task_id,) for task_id, old in old_tasks.items() if new_by_id.get(task_id) != old]
    if stale_tasks:
        run("DELETE FROM task_index WHERE task_id = ?", stale_tasks)
    new_tasks = [row for row in task_rows if old_tasks.get(row[0]) != row]
    if new_tasks:
        run(_INSERT_TASK, new_tasks)

    changed = [case_id for case_id in params if old_texts.get(case_id) != new_texts.get(case_id)]
    if not changed:
        return
    if added is None:  # terms gained are left to fill_search_terms; those lost go now
        if old_texts:
            _terms_lost(run, changed, old_texts, new_texts)
    elif not old_texts:  # none of these cases had terms (a first download): every term is new
        added += term_rows
    else:
        _term_changes(run, changed, old_texts, new_texts, term_rows, added)
    gone_terms = [(c,) for c in changed if c not in new_texts]
    if gone_terms:
        run("DELETE FROM case_terms WHERE case_id = ?", gone_terms)
    kept = [(c, new_texts[c]) for c in changed if c in new_texts]
    if kept:
        run("INSERT INTO case_terms (case_id, terms) VALUES (?, ?) "
            "ON CONFLICT (case_id) DO UPDATE SET terms = excluded.terms", kept)


def _terms_lost(run, changed: list[str], old_texts: dict[str, str], new_texts: dict[str, str]) -> None:
    """Delete the terms the changed cases lost (their gains wait for fill_search_terms)."""
    removed = []
    for case_id in changed:
        if case_id in old_texts:
            old = _terms_of(old_texts[case_id], case_id)
            new = _terms_of(new_texts[case_id], case_id) if case_id in new_texts else set()
            removed += old - new
    if removed:
        run("DELETE FROM search_terms WHERE kind = ? AND term = ? AND case_id = ?", sorted(removed))


# One kind's terms as a JSON object {term: [case ids]}, the terms in order (json.dumps(sort_keys=True):
# code point order, the order of SQLite's BINARY collation of UTF-8 text) and each term's cases in
# order: json_each walks it in the order of the table's key, so SQLite sorts nothing.
_FILL_KIND = ("INSERT OR IGNORE INTO search_terms (kind, term, case_id) "
              "SELECT ?, t.key, c.value FROM json_each(?) AS t, json_each(t.value) AS c")
# Every case's terms straight from case_terms, sorted by SQLite into the table's key order.
_FILL_ALL = ("INSERT OR IGNORE INTO search_terms (kind, term, case_id) SELECT k.key, t.value, c.case_id "
             "FROM case_terms AS c, json_each(c.terms) AS k, json_each(k.value) AS t ORDER BY 1, 2, 3")
# Up to this many cases' terms are filled by _FILL_ALL, beyond by grouping them here (fill_search_terms).
FILL_IN_SQL_UP_TO = 20_000


def fill_search_terms(conn) -> int:
    """Add every term that case_terms holds and search_terms lacks (what `refresh(terms=False)` left
    out), in the caller's transaction; returns how many it added.

    Into an empty table (a first download) the rows go in the order of its key: each page of the
    table is written once. Up to FILL_IN_SQL_UP_TO cases, one statement reads, sorts and adds them:
    at the 5,000 cases of benchmarks/sync.py (104,374 terms) 0.11 s of CPU where grouping them here took
    0.19-0.20 s (decoding the texts, grouping, encoding each kind's JSON). Its sort grows faster than
    the grouping: at 100,000 cases (4.5 million terms) it took 2.9 s, the grouping 2.5 s. There the
    terms are grouped by kind and term here and handed over as one JSON text a kind: SQLite sorting
    2 million rows of an older statement itself took 5.3 s of CPU at 100,000 cases, this 3.2 s, commit
    included (~150 MB of Python objects at the peak, for a moment).
    """
    more = conn.exec_driver_sql("SELECT 1 FROM case_terms LIMIT 1 OFFSET ?", (FILL_IN_SQL_UP_TO,)).first()
    added = _fill_grouped(conn) if more else conn.exec_driver_sql(_FILL_ALL).rowcount
    if added:
        conn.exec_driver_sql(_COUNT_TERMS_ADDED)
    return added


def _fill_grouped(conn) -> int:
    """fill_search_terms for many cases: the terms grouped by kind and term here; returns how many it added."""
    groups: dict[str, dict[str, list[str]]] = {}
    cursor = conn.connection.driver_connection.execute("SELECT case_id, terms FROM case_terms ORDER BY case_id")
    while rows := cursor.fetchmany(2000):
        texts = json.loads("[" + ",".join([row[1] for row in rows]) + "]")  # one call for 2,000 texts
        for (case_id, _), by_kind in zip(rows, texts, strict=True):
            for kind, terms in by_kind.items():
                by_term = groups.get(kind)
                if by_term is None:
                    by_term = groups[kind] = {}
                for term in terms:
                    cases = by_term.get(term)
                    if cases is None:
                        by_term[term] = [case_id]
                    else:
                        cases.append(case_id)
    added = 0
    for kind in sorted(groups):
        text = json.dumps(groups.pop(kind), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        added += conn.exec_driver_sql(_FILL_KIND, (kind, text)).rowcount
    return added


def _term_changes(run, changed: list[str], old_texts: dict[str, str], new_texts: dict[str, str],
                  term_rows: list[tuple], added: list[tuple[str, str, str]]) -> None:
    """Delete the terms the changed cases lost; append those they gained to `added`."""
    old_terms = set().union(*(_terms_of(old_texts[c], c) for c in changed if c in old_texts))
    new_terms = {row for row in term_rows if row[2] in new_texts and old_texts.get(row[2]) != new_texts[row[2]]}
    removed = sorted(old_terms - new_terms)
    if removed:
        run("DELETE FROM search_terms WHERE kind = ? AND term = ? AND case_id = ?", removed)
    added += [row for row in term_rows if row in new_terms and row not in old_terms]  # in case order
