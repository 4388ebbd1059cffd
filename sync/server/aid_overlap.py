"""Aid overlap, found at push: the same person receiving the same kind of assistance (multipurpose cash, a
food or hygiene kit, winter support) from two offices or two partners in overlapping periods.

A service record of one of those kinds, referred, in progress or delivered, covers the days from its
delivery (or referral) date for as long as that kind of assistance lasts (AID_COVER_DAYS). When a push adds
or changes one, the server compares it with the same kind of service in the same case from another
partner, and in the cases of other offices flagged as possibly the same person (sync.server.duplicates;
not those decided "different people"). Each overlapping pair is flagged once (table aid_overlaps): an
aid_overlap record in each case concerned, for its office's supervisor, naming only the other office, the
other partner, the service and the dates (and the person's name as the other office has it).
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from sync.records.schema import AID_KINDS
from sync.server import models as m
from sync.server import store
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


def check_batch(batch: _Batch) -> None:
    """Flag the overlaps of the aid services this batch added or changed."""
    touched = [s for s in batch.states.values() if s.dirty and s.type == "service" and not s.deleted
               and period(s.data) is not None]
    if not touched:
        return
    conn = batch.conn
    own_cases = {s.case_id for s in touched}
    linked = _linked_cases(conn, own_cases)
    services = _services(batch, own_cases | {c for others in linked.values() for c in others})
    cases = store.load_states(conn, sorted({s.case_id for s in services.values()}))
    found: dict[str, tuple[RecordState, RecordState]] = {}
    for mine in touched:
        mine_period = period(mine.data)
        for other in services.values():
            if other.id == mine.id or other.data.get("service_code") != mine.data.get("service_code"):
                continue
            same_case = other.case_id == mine.case_id
            if not same_case and other.case_id not in linked.get(mine.case_id, ()):
                continue
            if same_case and _provider(other.data) == _provider(mine.data):
                continue  # the same partner's own repeat is not an overlap between two partners
            other_period = period(other.data)
            if other_period is not None and overlap(mine_period, other_period):  # type: ignore[arg-type]
                found[pair_key(mine.id, other.id)] = (mine, other)
    if found:
        _flag(batch, found, cases)


def _linked_cases(conn, case_ids: set[str]) -> dict[str, set[str]]:
    """Each case's cases in other offices flagged as possibly (or decided) the same person."""
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
    return out


def _services(batch: _Batch, case_ids: set[str]) -> dict[str, RecordState]:
    """The aid services of these cases, the batch's version first."""
    r = m.records.c
    conn = batch.conn
    ids: list[str] = []
    for chunk in id_chunks(conn, sorted(case_ids)):
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
    """The person's name of each case (as the duplicate check indexed it)."""
    pm = m.person_match.c
    out = {}
    for chunk in id_chunks(batch.conn, sorted(case_ids)):
        for row in batch.conn.execute(select(pm.case_id, pm.display).where(in_(batch.conn, pm.case_id, chunk))):
            out[row.case_id] = json.loads(row.display).get("name")
    return out
