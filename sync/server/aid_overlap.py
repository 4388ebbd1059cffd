"""Aid overlap, found at push: the same person receiving the same kind of assistance (multipurpose cash, a
food or hygiene kit, winter support) from two offices or two partners in overlapping periods.

A service record of one of those kinds, referred, in progress or delivered, covers the days from its
delivery (or referral) date for as long as that kind of assistance lasts (AID_COVER_DAYS). When a push adds
or changes one, the server compares it with the same kind of service in the same case from another
partner, and in the cases of other offices flagged as possibly the same person (sync.server.duplicates;
not those decided "different people"). Each overlapping pair is flagged once (table aid_overlaps): an
aid_overlap record in each case concerned, for its office's supervisor, naming only the other office, the
other partner, the service and the dates (and the person's name as the other office has it).

Households: the server holds each case's household members as records, so nothing more is sent for
this. Each member with a valid RNOKPP is indexed under that number alone (table household_keys; the
name and birth date are not copied anywhere), and a case is linked to every other case whose person
or household member carries a number of one of its members (a person's own number matching another
case's person is the duplicate check's, with its decisions). The aid of linked households is compared
as above.

Links made later are re-checked when they are made: the services of a case are compared again when
the duplicate check flags a pair for it, when a pair is decided "the same person", when its household
members' numbers change, and when the duplicate check indexes its person, a moment after the push that
added or edited it (sync.server.checks_later: a number may match another household), so aid both cases
had before the link is not missed.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select

from sync.records.identifiers import normalize_rnokpp
from sync.records.schema import AID_KINDS
from sync.server import duplicates, store
from sync.server import models as m
from sync.server.bulk import bulk_insert, id_chunks, in_
from sync.server.merge import Edit
from sync.server.record_state import RecordState

if TYPE_CHECKING:
    from sync.server.push import _Batch

AID_OVERLAP = "aid_overlap"
# How long one delivery of each kind of assistance lasts (the period another delivery would overlap).
AID_COVER_DAYS = dict(zip(AID_KINDS, (90, 30, 30, 120), strict=True))
ACTIVE = ("referred", "in_progress", "delivered")
_NAMESPACE = uuid.UUID("6f1d3c52-4b7e-4e59-9a43-3f0f4c2b7d11")


def period(data: dict[str, Any]) -> tuple[date, date] | None:
    """The days a service of an aid kind covers; None when it is not one, is not active or has no date."""
    days = AID_COVER_DAYS.get(data.get("service_code") or "")
    if days is None or data.get("status") not in ACTIVE:
        return None
    start = data.get("delivered_on") or data.get("referred_on")
    try:
        first = date.fromisoformat(str(start)[:10])
    except ValueError:
        return None
    return first, first + timedelta(days=days - 1)


def overlap(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def pair_key(service_a: str, service_b: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(sorted((service_a, service_b)))))


def _provider(data: dict[str, Any]) -> str:
    return data.get("provider_code") or data.get("provider_name") or ""


def check_batch(batch: _Batch, relinked: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Index the household members the batch changed, then flag the overlaps of the aid services this batch
    added or changed, and of every aid service of a case the batch linked to another (and of `relinked`:
    the cases whose person the duplicate check has just indexed, sync.server.checks_later)."""
    relinked = index_members(batch) | _relinked_cases(batch) | set(relinked)
    touched = {s.id: s for s in batch.states.values() if s.dirty and s.type == "service" and not s.deleted
               and period(s.data) is not None}
    if relinked:
        for s in _services(batch, relinked).values():
            touched.setdefault(s.id, s)
    if not touched:
        return
    conn = batch.conn
    own_cases = {s.case_id for s in touched.values()}
    linked = _linked_cases(conn, own_cases)
    services = _services(batch, own_cases | {c for others in linked.values() for c in others})
    cases = store.load_states(conn, sorted({s.case_id for s in services.values()}))
    # Each touched service is compared with the services of the same code in its own and its linked cases only,
    # not with every service read (a batch of 2,000 services made millions of comparisons).
    by_case_code: dict[tuple[str, Any], list[tuple[int, RecordState]]] = {}
    for position, other in enumerate(services.values()):
        by_case_code.setdefault((other.case_id, other.data.get("service_code")), []).append((position, other))
    found: dict[str, tuple[RecordState, RecordState]] = {}
    for mine in touched.values():
        mine_period = period(mine.data)
        code = mine.data.get("service_code")
        near = sorted(item for case in {mine.case_id, *linked.get(mine.case_id, ())}
                      for item in by_case_code.get((case, code), ()))  # in the order read, as before
        for _, other in near:
            if other.id == mine.id:
                continue
            same_case = other.case_id == mine.case_id
            if same_case and _provider(other.data) == _provider(mine.data):
                continue  # the same partner's own repeat is not an overlap between two partners
            other_period = period(other.data)
            if other_period is not None and overlap(mine_period, other_period):  # type: ignore[arg-type]
                found.setdefault(pair_key(mine.id, other.id), (mine, other))
    if found:
        _flag(batch, found, cases)


def _relinked_cases(batch: _Batch) -> set[str]:
    """Cases this batch linked to another: a pair flagged or decided "the same person". (A person's numbers
    link households once the duplicate check has indexed them: it names those cases itself.)"""
    return {s.data["own_case"] for s in batch.states.values() if s.dirty and not s.deleted
            and s.type == duplicates.POSSIBLE_DUPLICATE and (s.is_new or s.data.get("status") == "same_person")}


def member_key(data: dict[str, Any]) -> str | None:
    """The one thing of a household member the server indexes: its RNOKPP, when it is a valid one."""
    number = normalize_rnokpp(data.get("rnokpp"))
    return f"rnokpp:{number}" if len(number) == 10 and number.isascii() and number.isdigit() else None


def index_members(batch: _Batch) -> set[str]:
    """Keep household_keys in step with the members this batch changed; the cases whose keys changed."""
    conn = batch.conn
    members = {s.id: s for s in batch.states.values() if s.dirty and s.type == "household_member"}
    if not members:
        return set()
    h = m.household_keys.c
    stored: dict[str, tuple[str, str]] = {}
    for chunk in id_chunks(conn, [i for i, s in members.items() if not s.is_new]):
        stored.update((r.member_id, (r.key, r.case_id))
                      for r in conn.execute(select(h.member_id, h.key, h.case_id).where(in_(conn, h.member_id, chunk))))
    wanted = {i: (key, s.case_id) for i, s in members.items() if not s.deleted and (key := member_key(s.data))}
    gone = [i for i in stored if stored[i] != wanted.get(i)]
    for chunk in id_chunks(conn, gone):
        conn.execute(delete(m.household_keys).where(in_(conn, h.member_id, chunk)))
    bulk_insert(conn, m.household_keys, [{"key": k, "member_id": i, "case_id": c} for i, (k, c) in wanted.items()
                                         if stored.get(i) != (k, c)])
    return {c for i in set(gone) | set(wanted) if stored.get(i) != wanted.get(i)
            for _, c in filter(None, (stored.get(i), wanted.get(i)))}


def _linked_cases(conn, case_ids: set[str]) -> dict[str, set[str]]:
    """Each case's cases in other offices flagged as possibly (or decided) the same person, and the cases
    sharing a household member's number with it."""
    p = m.duplicate_pairs.c
    out: dict[str, set[str]] = {c: set() for c in case_ids}
    for chunk in id_chunks(conn, sorted(case_ids)):
        rows = conn.execute(select(p.case_a, p.case_b).where(
            or_(in_(conn, p.case_a, chunk), in_(conn, p.case_b, chunk)), p.state != "different_people"))
        for a, b in rows:
            if a in out:
                out[a].add(b)
            if b in out:
                out[b].add(a)
    for a, b in _household_links(conn, case_ids):
        out[a].add(b)
    return out


def _household_links(conn, case_ids: set[str]) -> set[tuple[str, str]]:
    """(one of case_ids, another case) where a household member of one carries the number of the other's
    person or of one of its members."""
    h, k = m.household_keys.c, m.person_match_keys.c
    members: dict[str, set[str]] = {}   # number -> cases of case_ids with a member carrying it
    persons: dict[str, set[str]] = {}   # number -> cases of case_ids whose person carries it
    for chunk in id_chunks(conn, sorted(case_ids)):
        for key, case in conn.execute(select(h.key, h.case_id).where(in_(conn, h.case_id, chunk))):
            members.setdefault(key, set()).add(case)
        for key, case in conn.execute(select(k.key, k.case_id).where(in_(conn, k.case_id, chunk),
                                                                     k.key.like("rnokpp:%"))):
            persons.setdefault(key, set()).add(case)
    links = set()
    for chunk in id_chunks(conn, sorted(set(members) | set(persons))):
        for key, other in conn.execute(select(h.key, h.case_id).where(in_(conn, h.key, chunk))):
            links |= {(case, other) for case in members.get(key, set()) | persons.get(key, set()) if case != other}
    for chunk in id_chunks(conn, sorted(members)):
        for key, other in conn.execute(select(k.key, k.case_id).where(in_(conn, k.key, chunk))):
            links |= {(case, other) for case in members[key] if case != other}
    return links


def _services(batch: _Batch, case_ids: set[str]) -> dict[str, RecordState]:
    """The aid services of these cases, the batch's version first."""
    r = m.records.c
    conn = batch.conn
    ids: list[str] = []
    # A case this batch created has nothing stored yet (its records need it): nothing to read for it. A
    # registration push links hundreds of new cases through their members' numbers (index_members).
    stored = [c for c in case_ids if c not in batch.states or not batch.states[c].is_new]
    for chunk in id_chunks(conn, sorted(stored)):
        ids += [row.id for row in conn.execute(select(r.id).where(in_(conn, r.case_id, chunk), r.type == "service",
                                                                  r.deleted.is_(False)))
                if row.id not in batch.states]
    out = {s.id: s for s in store.load_states(conn, ids).values() if period(s.data) is not None}
    out.update({s.id: s for s in batch.states.values() if s.type == "service" and s.case_id in case_ids
                and not s.deleted and period(s.data) is not None})
    return out


def _flag(batch: _Batch, found: dict[str, tuple[RecordState, RecordState]], cases: dict[str, RecordState]) -> None:
    conn = batch.conn
    o = m.aid_overlaps.c
    known: set[str] = set()
    for chunk in id_chunks(conn, sorted(found)):
        known.update(r[0] for r in conn.execute(select(o.id).where(in_(conn, o.id, chunk))))
    fresh = {k: v for k, v in found.items() if k not in known}
    if not fresh:
        return
    cases = {**cases, **{s.id: s for s in batch.states.values() if s.type == "case"}}
    names = _office_names(conn, {c.office_id for c in cases.values()})
    people = _names(batch, {s.case_id for pair in fresh.values() for s in pair})
    rows = []
    for key, (a, b) in sorted(fresh.items()):
        rows.append({"id": key, "service_a": a.id, "service_b": b.id, "found_at": batch.now_ms})
        sides = [(a, b)] if a.case_id == b.case_id else [(a, b), (b, a)]
        for own, other in sides:
            case = cases.get(own.case_id)
            if case is None:
                continue
            other_case = cases.get(other.case_id)
            same = own.case_id == other.case_id
            own_period, other_period = period(own.data), period(other.data)
            data = {"own_service": own.id, "other_service": other.id, "other_case": None if same else other.case_id,
                    "other_office": None if same or other_case is None else other_case.office_id,
                    "other_office_name": None if same or other_case is None else names.get(other_case.office_id),
                    "other_name": None if same else people.get(other.case_id),
                    "service_code": own.data.get("service_code"), "service_title": own.data.get("title"),
                    "own_provider": own.data.get("provider_name"), "other_provider": other.data.get("provider_name"),
                    "own_from": own_period[0].isoformat(), "own_to": own_period[1].isoformat(),  # type: ignore[index]
                    "other_from": other_period[0].isoformat(),  # type: ignore[index]
                    "other_to": other_period[1].isoformat(),  # type: ignore[index]
                    "pair_key": key, "status": "open"}
            edit = Edit(fields={}, base_seq=1 << 62, ts=batch.now_ms, device_id="", user="server",
                        seq=batch.next_seq())
            rid = str(uuid.uuid5(_NAMESPACE, key + "|" + own.id))
            rec = RecordState.created(rid, AID_OVERLAP, own.case_id, case.office_id, data, edit.meta_entry())
            rec.seq, rec.hlc, rec.dirty = edit.seq, batch.now_ms, True
            batch.states[rid] = rec
        batch.audit.append({"action": "aid_overlap_flagged", "ids": {
            "pair": key, "services": [a.id, b.id], "offices": sorted(
                {cases[x.case_id].office_id for x in (a, b) if x.case_id in cases})}})
    bulk_insert(conn, m.aid_overlaps, rows)


def _office_names(conn, ids) -> dict[str, str]:
    org = m.organisations.c
    return {r.id: r.name for r in conn.execute(select(org.id, org.name).where(in_(conn, org.id, sorted(ids))))}


def _names(batch: _Batch, case_ids: set[str]) -> dict[str, str]:
    """The person's name of each case: as the batch leaves it, else as the duplicate check indexed it (a
    person pushed a moment ago may not be indexed yet: sync.server.checks_later)."""
    pm = m.person_match.c
    out = {}
    for chunk in id_chunks(batch.conn, sorted(case_ids)):
        for row in batch.conn.execute(select(pm.case_id, pm.display).where(in_(batch.conn, pm.case_id, chunk))):
            out[row.case_id] = json.loads(row.display).get("name")
    for s in batch.states.values():
        if s.type == "person" and s.dirty and not s.deleted and s.case_id in case_ids:
            out[s.case_id] = duplicates.display_name(s.data)
    return out
