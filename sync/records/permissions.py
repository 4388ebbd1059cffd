"""Who may change what: the rights of each role over records and fields, shared by laptop and server.

The server enforces these on every pushed change (sync.server.rules); the laptop asks the same
questions to offer only what will be accepted (a caseworker sees no "approve plan" button). Pure:
no database, no clock.

Rights beyond a caseworker's (SUPERVISORY_ROLES: supervisors for their office, district users for
the offices of their district):
- approving a case's support plan (`plan_approved_by` / `plan_approved_on` set);
- closing a case in an office whose policy requires closure approval;
- reassigning a case (`assigned_to` of an existing case) and moving it to another office;
- resolving sync conflicts;
- merging two cases of the same person and undoing it (a person_merge record, a case's merged_into).
Clearing a plan approval is open to everyone: it only takes a right away. Approval is reset when
the plan (PLAN_FIELDS of its goals and services) changes after it was given.

Authors: a change is made by the person who pushes it. Fields that name the person who did
something (AUTHOR_FIELDS) must name the caller, and a change's `user` must be the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SUPERVISORY_ROLES = frozenset({"supervisor", "district"})

# Fields of a record type that name who did it: when a change sets one, it must be the caller.
AUTHOR_FIELDS: dict[str, tuple[str, ...]] = {
    "history": ("user",),
    "journal_entry": ("author",),
    "stage_change": ("changed_by",),
    "conflict": ("resolved_by",),
    "case": ("plan_approved_by",),
    "transfer": ("requested_by", "decided_by", "revoked_by"),
    "local_partner": ("added_by",),
    "aid_overlap": ("resolved_by",),
    "person_merge": ("merged_by", "undone_by"),
}
# History entries also name the device they were made on.
DEVICE_FIELDS: dict[str, tuple[str, ...]] = {"history": ("device",)}

# What makes up a support plan: adding or removing a goal or service, or changing one of these,
# changes the plan. Recording progress (a service delivered, a goal achieved) does not.
PLAN_FIELDS: dict[str, frozenset[str]] = {
    "goal": frozenset({"title", "domain", "target_date"}),
    "service": frozenset({"goal_id", "service_code", "title", "provider_code", "provider_name", "provider_kind"}),
}
APPROVAL_FIELDS = ("plan_approved_by", "plan_approved_on")

# Refusal reasons (a code, then ": " and a detail for a person). The laptop shows them in words.
AUTHOR_MISMATCH = "author_mismatch"
APPROVAL_NOT_ALLOWED = "approval_not_allowed"
CLOSURE_NEEDS_APPROVAL = "closure_needs_approval"
REASSIGN_NOT_ALLOWED = "reassign_not_allowed"
TRANSFER_NOT_ALLOWED = "transfer_not_allowed"
RESOLUTION_NOT_ALLOWED = "conflict_resolution_not_allowed"
MERGE_NOT_ALLOWED = "merge_not_allowed"
MERGE_FIELDS = ("merged_into", "merged_into_office", "merge_id")  # of a case
# Transfers (sync.server.transfers): why a step of one was refused.
CASE_TRANSFERRED = "case_transferred"          # the case has moved to another office meanwhile
TRANSFER_PENDING = "transfer_pending"          # another transfer of the case is waiting for an answer
TRANSFER_CLOSED = "transfer_closed"            # already accepted, declined, revoked or expired
TRANSFER_SAME_OFFICE = "transfer_same_office"
TRANSFER_STEP_NOT_ALLOWED = "transfer_step_not_allowed"  # e.g. the sender accepting, the receiver revoking


def is_supervisory(role: str) -> bool:
    return role in SUPERVISORY_ROLES


def plan_changed(record_type: str, op: str, fields: Mapping[str, Any], created: bool) -> bool:
    """Whether a change to a goal or service record changes the support plan."""
    watched = PLAN_FIELDS.get(record_type)
    if watched is None:
        return False
    return created or op == "delete" or not watched.isdisjoint(fields)


def author_problem(record_type: str, fields: Mapping[str, Any], *, user: str, device_id: str,
                   stated_user: str) -> str | None:
    """None when every author named by the change is the caller, else the refusal reason."""
    if stated_user != user:
        return f"{AUTHOR_MISMATCH}: user"
    for name in AUTHOR_FIELDS.get(record_type, ()):
        value = fields.get(name)
        if value not in (None, "") and value != user:
            return f"{AUTHOR_MISMATCH}: {name}"
    for name in DEVICE_FIELDS.get(record_type, ()):
        value = fields.get(name)
        if value not in (None, "") and value != device_id:
            return f"{AUTHOR_MISMATCH}: {name}"
    return None


def role_problem(record_type: str, op: str, fields: Mapping[str, Any], *, role: str, user: str,
                 current: Mapping[str, Any] | None, closure_needs_approval: bool) -> str | None:
    """None when `role` may make this change, else the refusal reason.

    `current` is the record's data as the server holds it (None: a new record);
    `closure_needs_approval` whether the case's office requires approval to close a case.
    """
    if is_supervisory(role) or op == "delete":
        return None
    if record_type == "conflict" and current is not None:
        return RESOLUTION_NOT_ALLOWED
    if record_type == "person_merge" or (record_type == "case" and not set(MERGE_FIELDS).isdisjoint(fields)):
        return MERGE_NOT_ALLOWED
    if record_type != "case":
        return None
    if any(fields.get(name) not in (None, "") for name in APPROVAL_FIELDS):
        return APPROVAL_NOT_ALLOWED
    if "assigned_to" in fields:
        if current is None:
            if fields["assigned_to"] not in (None, "", user):  # a new case: only to oneself
                return REASSIGN_NOT_ALLOWED
        elif fields["assigned_to"] != current.get("assigned_to"):
            return REASSIGN_NOT_ALLOWED
    if closure_needs_approval and fields.get("status") == "closed" and (current or {}).get("status") != "closed":
        return CLOSURE_NEEDS_APPROVAL
    return None


def may_approve_plan(role: str) -> bool:
    return is_supervisory(role)


def may_reassign(role: str) -> bool:
    return is_supervisory(role)


def may_transfer(role: str) -> bool:
    """Start, revoke, accept or decline a transfer (for the offices of one's own scope)."""
    return is_supervisory(role)


def may_merge(role: str) -> bool:
    """Merge two cases of the same person (both must be on the laptop) and undo a merge."""
    return is_supervisory(role)


def may_resolve_conflicts(role: str) -> bool:
    return is_supervisory(role)


def may_close(role: str, closure_needs_approval: bool) -> bool:
    return is_supervisory(role) or not closure_needs_approval
