"""Case transfers between offices: a state machine kept in records, enforced at push.

A transfer is two records of type `transfer`, each its own case_id (so neither is part of the case
nor leaves with it):
- the sender's (`side` "outgoing"), made by a supervisor or district user on their laptop, possibly
  offline, and pushed like any record; it lives in the sending office;
- the receiving office's (`side` "incoming"), made here when the request arrives, with a minimal
  preview of the case (the name only if the person consented to sharing, birth year, category,
  priority, the needs of the latest assessment) and never any of the case's records.
The receiving office's supervisor accepts or declines by changing the incoming record, the sender
revokes by changing the outgoing one; every step is copied to the other record, so both offices
see how it ended. Accepting moves the case with all its records (push._transfer_moved_cases); a
transfer nobody answered within the server's `transfer_expiry_days` expires, evaluated lazily at
push and pull. A district user moving a case between offices of their district does it in one
step: the request is accepted as it arrives. Every step also leaves a `history` record in the case
and an entry in the audit log. A `transfers` row beside the records finds pending ones cheaply.

Steps race safely: pushes are serialised, and a step on a transfer that is no longer pending (a
revoke after an accept) is refused with `transfer_closed: <state>`.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from sync.protocol import Change
from sync.records.ids import new_id
from sync.records.permissions import (
    CASE_TRANSFERRED,
    TRANSFER_CLOSED,
    TRANSFER_NOT_ALLOWED,
    TRANSFER_PENDING,
    TRANSFER_SAME_OFFICE,
    TRANSFER_STEP_NOT_ALLOWED,
    author_problem,
    may_transfer,
)
from sync.records.schema import NEED_DOMAINS, RECORD_TYPES, SEVERITY_RANK, derive_priority
from sync.records.validation import check_structure
from sync.server import models as m
from sync.server import store
from sync.server.merge import Edit, effective_ts, merge_fields
from sync.server.record_state import RecordState

if TYPE_CHECKING:
    from sync.server.push import _Batch

TRANSFER = "transfer"
DAY_MS = 24 * 60 * 60 * 1000
SERVER_USER = "server"  # who expires a transfer
_NAMESPACE = uuid.UUID("6d1f6f1e-5a37-4c1b-9a55-3f0c2d7e8b10")

# What a laptop may send at each step; everything else of the records is the server's.
REQUEST_FIELDS = frozenset({"side", "transferred_case", "from_office", "to_office", "to_office_name", "reason",
                            "consent", "state", "requested_by", "requested_at"})
REVOKE_FIELDS = frozenset({"state", "revoked_by", "revoked_at"})
DECIDE_FIELDS = frozenset({"state", "decided_by", "decided_at", "decision_note"})
_T = m.transfers.c
_O = m.organisations.c
_M = m.case_moves.c


def incoming_id(outgoing_id: str) -> str:
    """The receiving office's record of a transfer: derived, so a retried request makes the same one."""
    return str(uuid.uuid5(_NAMESPACE, outgoing_id))


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- loading ------------------------------------------------------------------------------------
def load_related(conn: Connection, states: dict[str, RecordState], changes: list[Change]) -> None:
    """Add to `states` what the batch's transfer changes need: the case (all its records, for the
    preview, when a transfer is requested) and, for a step, the other side's record and the case."""
    cases: set[str] = set()
    pairs: set[str] = set()
    for change in changes:
        if change.record_type != TRANSFER:
            continue
        state = states.get(change.record_id)
        if state is None:
            case_id = change.fields.get("transferred_case")
            if isinstance(case_id, str):
                cases.add(case_id)
        elif state.type == TRANSFER:
            pairs.add(state.data.get("pair_id") or "")
            cases.add(state.data.get("transferred_case") or "")
    for s in store.load_case_states(conn, cases - {""}):
        states.setdefault(s.id, s)
    for s in store.load_states(conn, pairs - {""}).values():
        states.setdefault(s.id, s)


def _office_names(conn: Connection, ids: Collection[str]) -> dict[str, str]:
    """Names of the open offices among `ids`."""
    return {r.id: r.name for r in conn.execute(select(_O.id, _O.name).where(
        _O.id.in_(sorted(ids)), _O.kind == "office", _O.closed_at.is_(None)))}


def _pending_for(conn: Connection, case_id: str) -> bool:
    return conn.execute(select(_T.id).where(_T.case_id == case_id, _T.state == "pending").limit(1)).first() is not None


def moved_away(conn: Connection, case_id: str, scope: Collection[str]) -> bool:
    """Whether the case was moved out of one of `scope`'s offices (a change to it arrived too late)."""
    return conn.execute(select(_M.id).where(_M.case_id == case_id, _M.from_office.in_(sorted(scope)))
                        .limit(1)).first() is not None


def explain_out_of_scope(conn: Connection, case: RecordState | None, scope: Collection[str]) -> str | None:
    """A precise reason for a change refused as out of scope because its case was transferred."""
    if case is None or case.type != "case" or not moved_away(conn, case.id, scope):
        return None
    name = _office_names(conn, [case.office_id]).get(case.office_id, case.office_id)
    return f"{CASE_TRANSFERRED}: {name}"


def direct_move_blocked(conn: Connection, change: Change, case: RecordState | None) -> str | None:
    """A case moved by changing its office directly while a transfer of it is pending: refused, else the
    transfer's acceptance would find the case gone (and a race of both could leave it in two minds)."""
    if change.record_type != "case" or case is None or case.type != "case":
        return None
    target = change.fields.get("office_id")
    if target is None or target == case.office_id or not _pending_for(conn, case.id):
        return None
    return TRANSFER_PENDING


# --- checks -------------------------------------------------------------------------------------
def check(change: Change, batch: _Batch) -> str | None:
    """None when the transfer change may be applied, else the reason it is refused."""
    p = batch.pusher
    if change.record_id != change.case_id:
        return "case_id_mismatch: a transfer record's id is its case_id"
    state = batch.states.get(change.record_id)
    if state is not None and state.type != TRANSFER:
        return "record_type_mismatch"
    if change.op == "delete":
        return "not_deletable" if state is not None else "unknown_record"
    problem = author_problem(TRANSFER, change.fields, user=p.username, device_id=p.device_id,
                             stated_user=change.user)
    if problem:
        return problem
    return _check_request(change, batch) if state is None else _check_step(change, state, batch)


def _invalid(issues) -> str:
    return "invalid: " + ", ".join(f"{i.field}={i.code}" for i in issues)


def _check_request(change: Change, batch: _Batch) -> str | None:
    fields = change.fields
    issues = check_structure(RECORD_TYPES[TRANSFER], fields, complete=True)
    if issues:
        return _invalid(issues)
    extra = sorted(set(fields) - REQUEST_FIELDS)
    if extra:
        return "server_only_field: " + ", ".join(extra)
    if fields["side"] != "outgoing":
        return "server_only: the receiving office's record of a transfer is made by the server"
    if fields["state"] != "pending":
        return "invalid: state=not_pending"
    case = batch.states.get(fields["transferred_case"])
    if case is None or case.type != "case":
        return "unknown_case"
    scope = batch.pusher.scope
    if case.office_id not in scope:
        return explain_out_of_scope(batch.conn, case, scope) or "out_of_scope"
    if fields["from_office"] != case.office_id:
        return f"{CASE_TRANSFERRED}: the case is in another office now"
    if not may_transfer(batch.pusher.role):
        return TRANSFER_NOT_ALLOWED
    if fields["to_office"] == case.office_id:
        return TRANSFER_SAME_OFFICE
    if not _office_names(batch.conn, [fields["to_office"]]):
        return "unknown_office"
    if _pending_for(batch.conn, case.id):
        return TRANSFER_PENDING
    return None


def _check_step(change: Change, state: RecordState, batch: _Batch) -> str | None:
    fields = change.fields
    issues = check_structure(RECORD_TYPES[TRANSFER], fields, complete=False)
    if issues:
        return _invalid(issues)
    outgoing = state.data.get("side") == "outgoing"
    extra = sorted(set(fields) - (REVOKE_FIELDS if outgoing else DECIDE_FIELDS))
    if extra:
        return "server_only_field: " + ", ".join(extra)
    if state.office_id not in batch.pusher.scope:
        return "out_of_scope"
    if not may_transfer(batch.pusher.role):
        return TRANSFER_NOT_ALLOWED
    target = fields.get("state")
    if outgoing and target != "revoked":
        return f"{TRANSFER_STEP_NOT_ALLOWED}: the sending office may only revoke"
    if not outgoing and target not in ("accepted", "declined"):
        return f"{TRANSFER_STEP_NOT_ALLOWED}: the receiving office may only accept or decline"
    if state.data.get("state") != "pending":
        return f"{TRANSFER_CLOSED}: {state.data.get('state')}"
    if target == "accepted":
        case = batch.states.get(state.data.get("transferred_case") or "")
        if case is None or case.office_id != state.data.get("from_office"):
            return f"{CASE_TRANSFERRED}: the case is in another office now"
    return None


# --- applying -----------------------------------------------------------------------------------
def apply(batch: _Batch, change: Change, ttl_ms: int) -> None:
    """Apply a checked transfer change (a request or a step) with everything it entails."""
    seq = batch.next_seq()
    p = batch.pusher
    edit = Edit(fields=change.fields, base_seq=change.base_seq, ts=effective_ts(change.hlc, batch.now_ms),
                device_id=p.device_id, user=p.username, seq=seq)
    state = batch.states.get(change.record_id)
    if state is None:
        _request(batch, change, edit, ttl_ms)
    else:
        _touch(state, Edit(fields=change.fields, base_seq=state.seq, ts=edit.ts, device_id=edit.device_id,
                           user=edit.user, seq=seq))
        _after_step(batch, state, edit)
    batch.change_applied(change.change_id, seq)


def _touch(state: RecordState, edit: Edit) -> None:
    merge_fields(state.data, state.meta, edit)
    state.seq = edit.seq
    state.hlc = max(state.hlc, edit.ts)
    state.dirty = True


def _follow(batch: _Batch, cause: Edit, fields: dict[str, Any]) -> Edit:
    """An edit made by the server as part of `cause` (same person, device and time, its own seq)."""
    return Edit(fields=fields, base_seq=1 << 62, ts=cause.ts, device_id=cause.device_id, user=cause.user,
                seq=batch.next_seq())


def _request(batch: _Batch, change: Change, edit: Edit, ttl_ms: int) -> None:
    fields = dict(change.fields)
    case = batch.states[fields["transferred_case"]]
    names = _office_names(batch.conn, [fields["from_office"], fields["to_office"]])
    out_id, in_id = change.record_id, incoming_id(change.record_id)
    expires = batch.now_ms + ttl_ms
    server = {"pair_id": in_id, "expires_at": iso(expires), "from_office_name": names.get(fields["from_office"]),
              "to_office_name": names.get(fields["to_office"])}
    out = RecordState.created(out_id, TRANSFER, out_id, case.office_id, {**fields, **server}, edit.meta_entry())
    out.seq, out.hlc, out.dirty = edit.seq, edit.ts, True
    batch.states[out_id] = out
    incoming_edit = _follow(batch, edit, {})
    data = {**fields, **server, "side": "incoming", "pair_id": out_id, **preview(batch, case.id, fields)}
    incoming = RecordState.created(in_id, TRANSFER, in_id, fields["to_office"], data, incoming_edit.meta_entry())
    incoming.seq, incoming.hlc, incoming.dirty = incoming_edit.seq, edit.ts, True
    batch.states[in_id] = incoming
    batch.conn.execute(insert(m.transfers).values(
        id=out_id, incoming_id=in_id, case_id=case.id, from_office=fields["from_office"],
        to_office=fields["to_office"], state="pending", requested_at=batch.now_ms, expires_at=expires))
    _history(batch, case.id, out_id, "pending", edit)
    _audit(batch, out, "pending")
    p = batch.pusher
    if p.role == "district" and fields["to_office"] in p.scope:
        # Within one's own district a move is one step: accepted as it is made, by the same person.
        step = _follow(batch, edit, {"state": "accepted", "decided_by": p.username, "decided_at": iso(batch.now_ms)})
        _touch(incoming, step)
        _after_step(batch, incoming, step)


def _after_step(batch: _Batch, state: RecordState, edit: Edit) -> None:
    """Copy a step to the other side's record, record it, and move the case when accepted."""
    new_state = state.data["state"]
    pair = batch.states.get(state.data.get("pair_id") or "")
    if pair is not None:
        _touch(pair, _follow(batch, edit, {k: state.data.get(k) for k in edit.fields}))
    outgoing = state if state.data.get("side") == "outgoing" else pair
    out_id = outgoing.id if outgoing is not None else state.data.get("pair_id")
    batch.conn.execute(update(m.transfers).where(_T.id == out_id).values(state=new_state, closed_at=batch.now_ms))
    case = batch.states.get(state.data.get("transferred_case") or "")
    if case is None:
        return
    if new_state == "accepted":
        move = _follow(batch, edit, {"office_id": state.data["to_office"]})
        _touch(case, move)
        case.office_id = state.data["to_office"]
    _history(batch, case.id, out_id, new_state, edit)
    _audit(batch, state, new_state, by_server=edit.user == SERVER_USER)


def _history(batch: _Batch, case_id: str, transfer_id: str, new_state: str, cause: Edit) -> None:
    """A history entry in the case: it moves with the case, so the receiving office sees it too."""
    entry = _follow(batch, cause, {})
    data = {"action": "transfer", "record_type": TRANSFER, "record_id": transfer_id, "fields": [new_state],
            "at": iso(batch.now_ms), "user": cause.user, "device": cause.device_id}
    case = batch.states[case_id]
    record = RecordState.created(new_id(), "history", case_id, case.office_id, data, entry.meta_entry())
    record.seq, record.hlc, record.dirty = entry.seq, cause.ts, True
    batch.states[record.id] = record


def _audit(batch: _Batch, state: RecordState, new_state: str, *, by_server: bool = False) -> None:
    d = state.data
    who = {"user_id": None, "device_id": None} if by_server else {}
    batch.audit.append({**who, "action": "transfer", "ids": {
        "transfer": d.get("pair_id") if d.get("side") == "incoming" else state.id, "case": d.get("transferred_case"),
        "state": new_state, "from": d.get("from_office"), "to": d.get("to_office")}})


def preview(batch: _Batch, case_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """What the receiving office sees before it accepts: enough to decide, never the case itself.
    The name only when the person consented to their data being shared."""
    of_case = [s for s in batch.states.values() if s.case_id == case_id and not s.deleted]
    case = batch.states[case_id].data
    person = next((s.data for s in of_case if s.type == "person"), {})
    assessments = sorted((s.data for s in of_case if s.type == "assessment"), key=lambda d: d.get("assessed_on") or "")
    latest = assessments[-1] if assessments else None
    name = None
    if fields.get("consent"):
        name = " ".join(p for p in (person.get("surname"), person.get("given_name"), person.get("patronymic")) if p)
    birth = person.get("birth_date") or ""
    needs = [f"{d}:{latest[d]}" for d in NEED_DOMAINS
             if latest and SEVERITY_RANK.get(latest.get(d) or "none", 0) > 0]
    return {"preview_name": name or None, "preview_birth_year": int(birth[:4]) if birth[:4].isdigit() else None,
            "preview_category": case.get("category"), "preview_priority": derive_priority(latest),
            "preview_needs": needs}


# --- expiry -------------------------------------------------------------------------------------
def expire_due(batch: _Batch) -> None:
    """Expire every pending transfer whose time is up (both records, a history entry, an audit entry)."""
    due = batch.conn.execute(select(_T.id, _T.incoming_id, _T.case_id).where(
        _T.state == "pending", _T.expires_at <= batch.now_ms)).all()
    if not due:
        return
    for s in store.load_states(batch.conn, [i for r in due for i in (r.id, r.incoming_id, r.case_id)]).values():
        batch.states.setdefault(s.id, s)
    ts = batch.now_ms * 10000
    for r in due:
        out = batch.states.get(r.id)
        if out is None:
            continue
        edit = Edit(fields={"state": "expired", "expired_at": iso(batch.now_ms)}, base_seq=1 << 62, ts=ts,
                    device_id=SERVER_USER, user=SERVER_USER, seq=batch.next_seq())
        _touch(out, edit)
        _after_step(batch, out, edit)
