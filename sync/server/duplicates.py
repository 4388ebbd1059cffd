"""Possible duplicates across offices, found after the push with indexed lookups and kept as records.

Each person the server holds has a row in `person_match` (its office, its match profile and the
little a supervisor of another office needs to decide: name and birth date) and one row per lookup
key in `person_match_keys` (each identifier, each phone, the birth date three ways: sync.matching). A
push that adds or changes persons queues their cases (`queue`); a moment later sync.server.checks_later
indexes them and looks all their keys up at once, each candidate's profile with
it (one statement on PostgreSQL, chunked on SQLite), the candidates of *other* offices are scored
with the rules the laptop uses, and each pair
scoring sync.matching.FLAG_AT or more becomes two `possible_duplicate` records, one in each office
(a district device sees both through its scope), carrying only name, birth date, office, matched
fields and score. Pairs within one office are the laptop's check at registration.

A supervisor decides by setting the record's `status` (same_person / different_people). The
decision is copied to the other office's record and to the `duplicate_pairs` row, so a pair once
decided is never flagged again; "the same person" also gives each side the other's contact (phones)
for coordination, and both cases get a history entry.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select, text, update

from sync.matching import FLAG_AT, MatchProfile, lookup_keys, probe_keys, profile, score
from sync.protocol import Change
from sync.records.ids import new_id
from sync.server import models as m
from sync.server.bulk import bulk_insert, id_chunks, in_
from sync.server.merge import Edit, effective_ts, merge_fields
from sync.server.record_state import RecordState

if TYPE_CHECKING:
    from sync.server.push import _Batch

POSSIBLE_DUPLICATE = "possible_duplicate"
DECISIONS = ("same_person", "different_people")
CLIENT_FIELDS = frozenset({"status", "resolved_by", "resolved_at"})
DECIDING_ROLES = frozenset({"supervisor", "district"})
_NAMESPACE = uuid.UUID("0c4e1f52-8d0b-4b8e-9d3f-6a1b2c3d4e5f")
_PM = m.person_match.c
_PK = m.person_match_keys.c
_DP = m.duplicate_pairs.c


def pair_key(case_a: str, case_b: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(sorted((case_a, case_b)))))


def record_id(pair: str, case_id: str) -> str:
    """Each office's record of a pair: derived, so a retried push makes the same one."""
    return str(uuid.uuid5(_NAMESPACE, pair + "|" + case_id))


# --- a decision from a laptop -------------------------------------------------------------------
def check(change: Change, batch: _Batch) -> str | None:
    state = batch.states.get(change.record_id)
    if state is None or state.type != POSSIBLE_DUPLICATE or change.op != "upsert":
        return "server_only: possible duplicates are created by the server"
    if state.office_id not in batch.pusher.scope:
        return "out_of_scope"
    extra = sorted(set(change.fields) - CLIENT_FIELDS)
    if extra:
        return "server_only_field: " + ", ".join(extra)
    if change.fields.get("status") not in DECISIONS:
        return "invalid: status"
    if batch.pusher.role not in DECIDING_ROLES:
        return "role_not_allowed: a supervisor decides about a possible duplicate"
    if state.data.get("status") != "open":
        return "duplicate_decided: " + str(state.data.get("status"))
    return None


def apply(batch: _Batch, change: Change) -> None:
    """Record the decision on both offices' records, the pair row, and both cases' history."""
    seq = batch.next_seq()
    p = batch.pusher
    fields = {**change.fields, "resolved_by": p.username}
    edit = Edit(fields=fields, base_seq=1 << 62, ts=effective_ts(change.hlc, batch.now_ms), device_id=p.device_id,
                user=p.username, seq=seq)
    state = batch.states[change.record_id]
    _touch(state, edit)
    pair = batch.states.get(state.data.get("pair_id") or "")
    if pair is None:
        pair = next(iter(_load_records(batch.conn, [state.data["pair_id"]])), None)
        if pair is not None:
            batch.states[pair.id] = pair
    decision = fields["status"]
    if pair is not None:
        _touch(pair, _follow(batch, edit, {k: fields.get(k) for k in CLIENT_FIELDS}))
        if decision == "same_person":
            contacts = _contacts(batch.conn, [state.data["own_case"], pair.data["own_case"]])
            _touch(state, _follow(batch, edit, {"other_contact": contacts.get(pair.data["own_case"], [])}))
            _touch(pair, _follow(batch, edit, {"other_contact": contacts.get(state.data["own_case"], [])}))
    batch.conn.execute(update(m.duplicate_pairs).where(_DP.id == state.data["pair_key"]).values(
        state=decision, decided_at=batch.now_ms))
    for rec in (state, pair):
        if rec is not None:
            _history(batch, rec.data["own_case"], rec.id, decision, edit)
    batch.change_applied(change.change_id, seq)
    batch.audit.append({"action": "duplicate_decided", "ids": {"pair": state.data["pair_key"], "decision": decision}})


def _touch(state: RecordState, edit: Edit) -> None:
    merge_fields(state.data, state.meta, edit)
    state.seq = edit.seq
    state.hlc = max(state.hlc, edit.ts)
    state.dirty = True


def _follow(batch: _Batch, cause: Edit, fields: dict[str, Any]) -> Edit:
    return Edit(fields=fields, base_seq=1 << 62, ts=cause.ts, device_id=cause.device_id, user=cause.user,
                seq=batch.next_seq())


def _history(batch: _Batch, case_id: str, record: str, decision: str, cause: Edit) -> None:
    case = batch.states.get(case_id) or next(iter(_load_records(batch.conn, [case_id])), None)
    if case is None:
        return
    batch.states.setdefault(case_id, case)
    entry = _follow(batch, cause, {})
    data = {"action": "duplicate_decided", "record_type": POSSIBLE_DUPLICATE, "record_id": record,
            "fields": [decision], "at": _iso(batch.now_ms), "user": cause.user, "device": cause.device_id}
    rec = RecordState.created(new_id(), "history", case_id, case.office_id, data, entry.meta_entry())
    rec.seq, rec.hlc, rec.dirty = entry.seq, cause.ts, True
    batch.states[rec.id] = rec


def _iso(ms: int) -> str:
    from sync.server.transfers import iso
    return iso(ms)


def _load_records(conn: Connection, ids: list[str]) -> list[RecordState]:
    from sync.server import store
    return list(store.load_states(conn, ids).values())


def _contacts(conn: Connection, case_ids: list[str]) -> dict[str, list[str]]:
    return {row.case_id: json.loads(row.display).get("phones", [])
            for row in conn.execute(select(_PM.case_id, _PM.display).where(in_(conn, _PM.case_id, case_ids)))}


# --- finding pairs after the push ---------------------------------------------------------------
# A case is looked at again when any of these of its records changed (the office is the case's).
TOUCHING = ("person", "displacement", "case")
QUEUED = "poruch_duplicates_queued"  # in Connection.info: this connection's transaction queued cases


def queue(batch: _Batch) -> None:
    """Queue the cases whose person, displacement or case record the batch changed, in the push's own
    transaction: sync.server.checks_later indexes them and flags their look-alikes once the pushes pause
    (the check was a third of a registration push's apply)."""
    touched = sorted({s.case_id for s in batch.states.values() if s.dirty and s.type in TOUCHING})
    bulk_insert(batch.conn, m.duplicate_queue, [{"case_id": c} for c in touched])
    if touched:
        batch.conn.info[QUEUED] = True  # the route wakes the check once this has committed


def check_cases(batch: _Batch, case_ids: list[str]) -> set[str]:
    """Index the persons of these cases as stored and flag their look-alikes in other offices (in `batch`, a
    server batch under the writer lock); the cases whose person was indexed."""
    conn = batch.conn
    people = _profiles(conn, sorted(set(case_ids)))
    if not people:
        return set()
    # Their old index rows go first and the new ones after the look-up: the index answers for the persons
    # indexed before, and find_pairs matches these among themselves in memory (each person looked up in the
    # index found itself under every key: 6,000 rows read for nothing for 1,000 cases).
    unindex(conn, sorted(people))  # a person never indexed has no rows: nothing deleted
    keys = {c: lookup_keys(p) for c, (_, p, _) in people.items()}  # each person's, built once for both
    found = find_pairs(conn, people, keys)
    index(conn, people, keys)
    if found:
        _flag(batch, people, found)
    return set(people)


Person = tuple[str, MatchProfile, dict[str, Any]]  # office, profile, display (name, birth date, phones)


def _profiles(conn: Connection, case_ids: list[str]) -> dict[str, Person]:
    """Each case's person as stored (and its displacement, for the certificate): the fields only, in one
    statement. A person record's office is its case's (a case's records move with it)."""
    r = m.records.c
    persons: dict[str, tuple[str, str]] = {}
    displacements: dict[str, str] = {}
    for chunk in id_chunks(conn, case_ids):
        for row in conn.execute(select(r.case_id, r.type, r.office_id, r.data).where(
                in_(conn, r.case_id, chunk), r.type.in_(("person", "displacement")), r.deleted.is_(False))):
            if row.type == "person":
                persons[row.case_id] = (row.office_id, row.data)
            else:
                displacements[row.case_id] = row.data
    out: dict[str, Person] = {}
    for case_id, (office, stored) in persons.items():
        d = json.loads(stored)
        displacement = displacements.get(case_id)
        display = {"name": display_name(d), "birth_date": d.get("birth_date"), "phones": list(d.get("phones") or [])}
        out[case_id] = (office, profile(d, json.loads(displacement) if displacement else None), display)
    return out


def display_name(person: dict[str, Any]) -> str:
    """The name another office sees: surname, given name, patronymic."""
    return " ".join(x for x in (person.get("surname"), person.get("given_name"), person.get("patronymic")) if x)


def reindex(conn: Connection, people: dict[str, Person], *, new: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Replace the index rows of these persons; `new`: cases created in this batch, with none to delete."""
    unindex(conn, sorted(set(people) - new))
    index(conn, people)


def unindex(conn: Connection, case_ids: list[str]) -> None:
    for chunk in id_chunks(conn, case_ids):
        conn.execute(delete(m.person_match_keys).where(in_(conn, _PK.case_id, chunk)))
        conn.execute(delete(m.person_match).where(in_(conn, _PM.case_id, chunk)))


def index(conn: Connection, people: dict[str, Person], keys: dict[str, set[str]] | None = None) -> None:
    """Index rows of persons that have none; `keys`: their lookup keys, when already at hand."""
    bulk_insert(conn, m.person_match, [
        {"case_id": c, "office_id": o, "profile": _compact(p.to_json()), "display": _compact_text(d)}
        for c, (o, p, d) in people.items()])
    if keys is None:
        keys = {c: lookup_keys(p) for c, (_, p, _) in people.items()}
    bulk_insert(conn, m.person_match_keys, [{"key": k, "case_id": c} for c in people for k in keys[c]])


# Built once: json.dumps with separators builds an encoder on every call (two per person indexed).
_compact = json.JSONEncoder(separators=(",", ":")).encode
_compact_text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def find_pairs(conn: Connection, people: dict[str, Person], keys: dict[str, set[str]] | None = None,
               ) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """(case of `people`, other office's case, score, matched fields) for every pair at FLAG_AT or more:
    each person's probe keys looked up in the index, and among `people` themselves (as given here,
    whether or not the index holds them yet). `keys`: their lookup keys, when already at hand."""
    wanted: dict[str, list[str]] = {}
    for case_id, (_, p, _) in people.items():
        for k in probe_keys(p):
            wanted.setdefault(k, []).append(case_id)
    parsed: dict[str, tuple[str, MatchProfile]] = {c: (o, p) for c, (o, p, _) in people.items()}
    if keys is None:
        keys = {c: lookup_keys(p) for c, (_, p, _) in people.items()}
    hits = [(k, c) for c in people for k in keys[c] if k in wanted]
    for key, other, office_b, stored in candidates(conn, wanted):
        if other not in parsed:
            parsed[other] = (office_b, MatchProfile.from_json(json.loads(stored)))
        if other not in people:  # a person of `people` is matched as given, not as indexed before
            hits.append((key, other))
    tried: set[tuple[str, str]] = set()
    found = []
    for key, other in hits:
        office_b, pb = parsed[other]
        for case_id in wanted[key]:
            office_a, pa, _ = people[case_id]
            if office_a == office_b or other == case_id or (case_id, other) in tried:
                continue
            tried.add((case_id, other))
            match = score(pa, pb)
            if match.score >= FLAG_AT:
                found.append((case_id, other, match.score, match.fields))
    return found


_CANDIDATES_PG = text(
    "SELECT k.key, p.case_id, p.office_id, p.profile FROM unnest(CAST(:keys AS text[])) AS w(key) "
    "JOIN person_match_keys k ON k.key = w.key JOIN person_match p ON p.case_id = k.case_id")


def candidates(conn: Connection, keys) -> list[tuple[str, str, str, str]]:
    """(key, case, office, profile) of every indexed person under one of `keys`: one statement on
    PostgreSQL (the keys as one array parameter, each looked up in the keys' primary index, the person
    by its primary key), and on SQLite (the keys as one JSON parameter: sync.server.bulk.in_)."""
    if conn.dialect.name == "postgresql":
        return [tuple(r) for r in conn.execute(_CANDIDATES_PG, {"keys": sorted(keys)})]
    rows: list[tuple[str, str, str, str]] = []
    for chunk in id_chunks(conn, keys):
        rows += conn.execute(select(_PK.key, _PM.case_id, _PM.office_id, _PM.profile)
                             .join(m.person_match, _PM.case_id == _PK.case_id)
                             .where(in_(conn, _PK.key, chunk)))
    return rows


def _flag(batch: _Batch, people: dict[str, Person], found) -> None:
    conn = batch.conn
    keys = {pair_key(a, b): (a, b, s, f) for a, b, s, f in found}
    known = set()
    for chunk in id_chunks(conn, keys):
        known.update(r[0] for r in conn.execute(select(_DP.id).where(in_(conn, _DP.id, chunk))))
    fresh = {k: v for k, v in keys.items() if k not in known}
    if not fresh:
        return
    display = {}
    case_ids = sorted({x for a, b, _, _ in fresh.values() for x in (a, b)})
    for chunk in id_chunks(conn, case_ids):
        for row in conn.execute(select(_PM.case_id, _PM.office_id, _PM.display).where(in_(conn, _PM.case_id, chunk))):
            display[row.case_id] = (row.office_id, json.loads(row.display))
    names = _office_names(conn, {o for o, _ in display.values()})
    edit = Edit(fields={}, base_seq=1 << 62, ts=batch.now_ms, device_id="", user="server", seq=0)
    rows = []
    for key, (a, b, s, fields) in sorted(fresh.items()):
        rows.append({"id": key, "case_a": min(a, b), "case_b": max(a, b), "state": "open", "found_at": batch.now_ms,
                     "decided_at": None})
        for own, other in ((a, b), (b, a)):
            office, _ = display[own]
            other_office, other_display = display[other]
            data = {"own_case": own, "other_case": other, "other_office": other_office,
                    "other_office_name": names.get(other_office), "other_name": other_display.get("name"),
                    "other_birth_date": other_display.get("birth_date"), "matched": list(fields),
                    "score": round(s * 100), "pair_key": key, "pair_id": record_id(key, other), "status": "open"}
            e = _follow(batch, edit, {})
            rid = record_id(key, own)
            rec = RecordState.created(rid, POSSIBLE_DUPLICATE, rid, office, data, e.meta_entry())
            rec.seq, rec.hlc, rec.dirty = e.seq, batch.now_ms, True
            batch.states[rid] = rec
        batch.audit.append({"action": "duplicate_flagged", "ids": {"pair": key, "offices": sorted(
            {display[a][0], display[b][0]}), "matched": list(fields)}})
    bulk_insert(conn, m.duplicate_pairs, rows)


def _office_names(conn: Connection, ids) -> dict[str, str]:
    o = m.organisations.c
    return {r.id: r.name for r in conn.execute(select(o.id, o.name).where(in_(conn, o.id, sorted(ids))))}
