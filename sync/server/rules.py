"""What a caller may change: record types, schema, scope and role checks of one change (pure).

A change that fails any check is rejected with a short machine-readable reason and never applied.
"""

from __future__ import annotations

from collections.abc import Collection

from sync.partners import PartnerError, clean, service_codes
from sync.protocol import Change
from sync.records.permissions import author_problem, role_problem
from sync.records.schema import OFFICE_RECORD_TYPES, RECORD_TYPES
from sync.records.validation import check_structure
from sync.server.record_state import RecordState
from sync.server.scope import TRANSFER_ROLES

# Records whose removal would break a case: cases are closed, not deleted.
NOT_DELETABLE = frozenset({"case", "person", "displacement", "local_partner"})
# The fields of a (server-made) conflict record a person may change: its resolution.
CONFLICT_CLIENT_FIELDS = frozenset({"status", "resolution", "resolved_by", "resolved_at"})


def case_office(change: Change, state: RecordState | None, case: RecordState | None) -> str | None:
    """The office the change's case belongs to now (for a new case: the office it names)."""
    if change.record_type in OFFICE_RECORD_TYPES:
        if state is not None:
            return state.office_id
        office = change.fields.get("office_id")
        return office if isinstance(office, str) else None
    if case is None or case.type != "case":
        return None
    return case.office_id


def check_change(change: Change, state: RecordState | None, case: RecordState | None, *, role: str,
                 scope: Collection[str], offices: Collection[str], user: str, device_id: str,
                 closure_offices: Collection[str] = ()) -> str | None:
    """None when the change may be applied, else the reason it is rejected.

    `state` is the record as the server holds it (None: new), `case` the case record,
    `scope` the caller's offices and `offices` the known offices a case may be moved to;
    `user` and `device_id` the authenticated caller (every author the change names must be them),
    `closure_offices` the offices whose policy requires a supervisor to close a case.
    """
    reason = _check_record(change, state, case, role=role, scope=scope, offices=offices)
    if reason:
        return reason
    reason = author_problem(change.record_type, change.fields if change.op == "upsert" else {}, user=user,
                            device_id=device_id, stated_user=change.user)
    if reason:
        return reason
    # Only a case's own data is read (decoding every record's JSON would cost a push of 1,000 cases dearly),
    # and only a case change asks about its office's closure policy (role_problem reads it for no other).
    is_case = change.record_type == "case"
    current = None if state is None else (state.data if is_case else {})
    return role_problem(change.record_type, change.op, change.fields, role=role, user=user, current=current,
                        closure_needs_approval=is_case and case_office(change, state, case) in closure_offices)


def _check_record(change: Change, state: RecordState | None, case: RecordState | None, *, role: str,
                  scope: Collection[str], offices: Collection[str]) -> str | None:
    rt = RECORD_TYPES.get(change.record_type)
    if rt is None:
        return "unknown_record_type"
    if change.record_type in OFFICE_RECORD_TYPES and change.record_id != change.case_id:
        return f"case_id_mismatch: a {change.record_type} record's id is its case_id"
    if state is not None and state.type != change.record_type:
        return "record_type_mismatch"
    if state is not None and state.case_id != change.case_id:
        return "case_mismatch"
    if state is None and change.op == "upsert":
        issues = check_structure(rt, change.fields, complete=True)
        if issues:
            return _invalid(issues)
    if rt.name == "local_partner" and change.op == "upsert":
        problem = local_partner_problem(change.fields, state.data if state is not None else None)
        if problem:
            return problem
    office = case_office(change, state, case)
    if office is None:
        return "unknown_case"
    if office not in scope:
        return "out_of_scope"
    if state is None:
        if change.op == "delete":
            return "unknown_record"
        if rt.server_only:
            return "server_only: conflict records are created by the server"
        return None
    if rt.append_only:
        return "append_only"
    if change.op == "delete":
        return "not_deletable" if (rt.name in NOT_DELETABLE or rt.server_only) else None
    if rt.server_only:
        extra = sorted(set(change.fields) - CONFLICT_CLIENT_FIELDS)
        if extra:
            return "server_only_field: " + ", ".join(extra)
    issues = check_structure(rt, change.fields, complete=False)
    if issues:
        return _invalid(issues)
    if rt.name == "case":
        target = change.fields.get("office_id", state.office_id)
        if target != state.office_id:
            if role not in TRANSFER_ROLES:
                return "transfer_not_allowed"
            if target not in offices:
                return "unknown_office"
    return None


def local_partner_problem(fields: dict, current: dict | None) -> str | None:
    """An office's own partner: its office never changes; services and territories as the national ones."""
    if current is not None and "office_id" in fields and fields["office_id"] != current.get("office_id"):
        return "invalid: office_id=fixed"
    merged = {**(current or {}), **fields}
    try:
        clean({**merged, "code": "local", "services": merged.get("services") or [],
               "territories": merged.get("territories") or []}, set(service_codes()))
    except PartnerError as exc:
        return "invalid: " + str(exc)[:200]
    return None


def _invalid(issues) -> str:
    return "invalid: " + ", ".join(f"{i.field}={i.code}" for i in issues)
