"""The record types of a case and their fields: one definition shared by client, imports and server.

A case is a small family of records (the case itself, the person, the displacement, household
members, assessments, goals, services, journal entries, tasks, attachments, history, conflicts).
Every record is a flat dict of fields so that sync can merge edits field by field. List-valued
fields (phones, vulnerabilities) merge as a whole value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FieldKind = Literal["text", "date", "datetime", "bool", "int", "choice", "list", "multichoice", "json"]

CATEGORIES = ("idp", "returnee_abroad", "returnee_deoccupied", "local_difficult")
STAGES = ("identification", "assessment", "planning", "services", "monitoring", "closure")
DISPLACEMENT_STAGES = ("evacuation", "adaptation", "integration", "return", "other_durable_solution")
STATUSES = ("open", "active", "suspended", "closed")
CLOSURE_REASONS = ("goals_achieved", "durable_solution", "moved_away", "transferred", "refused_support",
                   "no_contact", "deceased", "other")
SEXES = ("male", "female")
VULNERABILITIES = (
    "disability_1", "disability_2", "disability_3", "child_disability", "child", "orphan",
    "older_person", "large_family", "single_parent", "pregnancy", "chronic_illness",
    "veteran_family", "violence_survivor", "low_income",
)
ID_DOCUMENT_TYPES = ("id_card", "passport_book", "birth_certificate", "foreign_passport", "residence_permit",
                     "other")
CONTACT_CHANNELS = ("phone", "sms", "viber", "telegram", "signal", "email", "visit")
RELATIONSHIPS = ("spouse", "child", "parent", "sibling", "grandparent", "grandchild", "guardian", "other")
CERTIFICATE_STATUSES = ("valid", "cancelled", "deregistered")
SEVERITIES = ("none", "low", "medium", "high", "critical")
NEED_DOMAINS = ("housing", "income_employment", "health_rehabilitation", "psychosocial", "documents_legal",
                "education_childcare", "humanitarian_basic", "social_benefits")
PRIORITIES = ("none", "low", "medium", "high", "critical")
GOAL_STATUSES = ("open", "achieved", "dropped")
SERVICE_STATUSES = ("planned", "referred", "in_progress", "delivered", "declined")
# What the partner answered to a referral (a service record): accepted the person, delivered, declined.
REFERRAL_OUTCOMES = ("accepted", "delivered", "declined")
PROVIDER_KINDS = ("office", "state", "ngo", "international", "business", "community")
JOURNAL_KINDS = ("contact", "visit", "call", "message", "note", "service")
HISTORY_ACTIONS = ("create", "update", "delete", "view", "export", "conflict_resolved", "transfer",
                   "rejected_reapplied", "rejected_discarded", "duplicate_decided", "merged", "merge_undone")
CONFLICT_STATUSES = ("open", "resolved")
# Case transfers between offices (sync.server.transfers): each transfer is two records, the sender's
# ("outgoing") and the receiving office's ("incoming", made by the server with a minimal preview).
TRANSFER_STATES = ("pending", "accepted", "declined", "revoked", "expired")
TRANSFER_SIDES = ("outgoing", "incoming")
# Possible duplicates across offices (sync.server.duplicates): one record per office of a flagged pair.
DUPLICATE_STATUSES = ("open", "same_person", "different_people")
# "The same person" merged (sync.records.person_merge): a person_merge record in the surviving case;
# undone, it stays as the record of what was merged and undone.
MERGE_STATES = ("merged", "undone")
# Record types that are their own case (id = case_id) and name the office they belong to.
OFFICE_RECORD_TYPES = ("case", "local_partner")
# Aid overlap (sync.server.aid_overlap): the same kind of assistance from two offices or partners in
# overlapping periods; one record per case concerned, reviewed by its office's supervisor.
AID_OVERLAP_STATUSES = ("open", "reviewed")
# The kinds of assistance (service codes) whose overlap is looked for.
AID_KINDS = ("cash_assistance", "food_kit", "hygiene_kit", "winter_support")
# Integration and return indicators (observation records): dated, per person, so change can be counted.
HOUSING_SITUATIONS = ("collective_centre", "hosted", "rented", "own", "dormitory_social", "other")
EMPLOYMENT_STATUSES = ("employed", "self_employed", "registered_unemployed", "not_working", "pensioner", "student")
INCOME_SOURCES = ("wages", "self_employment", "pension", "social_benefits", "idp_allowance", "humanitarian_aid",
                  "family_support", "no_income", "other")
YES_NO = ("yes", "no")
YES_NO_NA = ("yes", "no", "not_applicable")
INDICATORS = {  # observation field -> its values, in the order reports show them
    "housing": HOUSING_SITUATIONS, "employment": EMPLOYMENT_STATUSES, "income_source": INCOME_SOURCES,
    "children_in_school": YES_NO_NA, "family_doctor": YES_NO, "living_allowance": YES_NO,
    "id_documents_restored": YES_NO_NA, "property_documents_restored": YES_NO_NA,
}
RETURN_INTENTIONS = ("permanent", "temporary", "undecided")
# Fields of a case whose every change is kept as a stage_change record (reports count transitions).
TRACKED_CASE_FIELDS = ("status", "stage", "displacement_stage")


# Integers a record may hold: JSON safe (JavaScript and SQLite read them exactly).
MAX_SAFE_INT = 2**53 - 1


@dataclass(frozen=True)
class FieldSpec:
    """A field's kind and limits, enforced by the server on every change and by the laptop before a save
    (sync.records.validation): text length and characters (tabs and line breaks only where `multiline`),
    the number and length of list items, the range of integers."""

    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 500
    multiline: bool = False
    max_items: int = 20          # list and multichoice
    item_max_length: int = 100   # list items
    min_value: int = -MAX_SAFE_INT
    max_value: int = MAX_SAFE_INT


@dataclass(frozen=True)
class RecordType:
    name: str
    fields: dict[str, FieldSpec]
    append_only: bool = False  # journal and history: created once, never edited, never conflict
    singleton: bool = False    # one per case (person, displacement)
    server_only: bool = False  # created by the server (conflicts); clients may only update status
    standalone: bool = False   # its own case_id (a transfer): not part of any case, so it stays when a case leaves

    def spec(self, field_name: str) -> FieldSpec | None:
        return self.fields.get(field_name)


def _f(kind: FieldKind = "text", **kw: Any) -> FieldSpec:
    return FieldSpec(kind=kind, **kw)


_NAME = _f(max_length=100)

RECORD_TYPES: dict[str, RecordType] = {rt.name: rt for rt in (
    RecordType("case", {
        "office_id": _f(required=True, max_length=64),
        "category": _f("choice", required=True, choices=CATEGORIES),
        "stage": _f("choice", required=True, choices=STAGES),
        "displacement_stage": _f("choice", choices=DISPLACEMENT_STAGES),
        "status": _f("choice", required=True, choices=STATUSES),
        "closure_reason": _f("choice", choices=CLOSURE_REASONS),
        "closure_note": _f(max_length=2000, multiline=True),
        "assigned_to": _f(max_length=100),
        "opened_on": _f("date"),
        "closed_on": _f("date"),
        "plan_approved_by": _f(max_length=100),
        "plan_approved_on": _f("date"),
        # Merged into another case of the same person (a person_merge record there): read-only here.
        "merged_into": _f(max_length=64),
        "merged_into_office": _f(max_length=64),
        "merge_id": _f(max_length=64),
    }),
    RecordType("person", {
        "surname": _f(required=True, max_length=100),
        "given_name": _f(required=True, max_length=100),
        "patronymic": _NAME,
        "birth_date": _f("date", required=True),
        "sex": _f("choice", choices=SEXES),
        "rnokpp": _f(max_length=10),
        "rnokpp_refused": _f("bool"),
        "unzr": _f(max_length=14),
        "id_document_type": _f("choice", choices=ID_DOCUMENT_TYPES),
        "id_document_number": _f(max_length=40),
        "phones": _f("list", max_items=10, item_max_length=30),
        "email": _f(max_length=200),
        "preferred_contact": _f("choice", choices=CONTACT_CHANNELS),
        "languages": _f("list", max_items=20, item_max_length=60),
        "vulnerabilities": _f("multichoice", choices=VULNERABILITIES, max_items=len(VULNERABILITIES)),
        "notes": _f(max_length=4000, multiline=True),
    }, singleton=True),
    RecordType("displacement", {
        "idp_certificate_number": _f(max_length=40),
        "idp_certificate_date": _f("date"),
        "idp_certificate_status": _f("choice", choices=CERTIFICATE_STATUSES),
        "displacement_date": _f("date"),
        "origin_katottg": _f(max_length=19),
        "origin_address": _f(max_length=300, multiline=True),
        "current_katottg": _f(max_length=19),
        "current_address": _f(max_length=300, multiline=True),
        # Returnees: where from (country or territory), when, whether for good, and to which settlement.
        "returned_from": _f(max_length=100),
        "return_date": _f("date"),
        "return_intention": _f("choice", choices=RETURN_INTENTIONS),
        "return_katottg": _f(max_length=19),
    }, singleton=True),
    RecordType("household_member", {
        "surname": _NAME,
        "given_name": _f(required=True, max_length=100),
        "patronymic": _NAME,
        "birth_date": _f("date"),
        "sex": _f("choice", choices=SEXES),
        "relationship": _f("choice", required=True, choices=RELATIONSHIPS),
        "rnokpp": _f(max_length=10),
        "vulnerabilities": _f("multichoice", choices=VULNERABILITIES, max_items=len(VULNERABILITIES)),
    }),
    RecordType("assessment", {
        "assessed_on": _f("date", required=True),
        "assessed_by": _f(max_length=100),
        **{d: _f("choice", choices=SEVERITIES) for d in NEED_DOMAINS},
        **{f"{d}_note": _f(max_length=2000, multiline=True) for d in NEED_DOMAINS},
        "summary": _f(max_length=4000, multiline=True),
    }),
    RecordType("goal", {
        "title": _f(required=True, max_length=300),
        "domain": _f("choice", choices=NEED_DOMAINS),
        "target_date": _f("date"),
        "status": _f("choice", required=True, choices=GOAL_STATUSES),
        "notes": _f(max_length=2000, multiline=True),
    }),
    RecordType("service", {
        "goal_id": _f(max_length=36),
        "service_code": _f(max_length=60),
        "title": _f(required=True, max_length=300),
        "provider_code": _f(max_length=60),
        "provider_name": _f(max_length=300),
        "provider_kind": _f("choice", choices=PROVIDER_KINDS),
        "status": _f("choice", required=True, choices=SERVICE_STATUSES),
        "referred_on": _f("date"),
        "delivered_on": _f("date"),
        "notes": _f(max_length=2000, multiline=True),
        "outcome": _f("choice", choices=REFERRAL_OUTCOMES),
        "outcome_on": _f("date"),
        "outcome_note": _f(max_length=2000, multiline=True),  # the partner's feedback; why, when declined
    }),
    RecordType("journal_entry", {
        "kind": _f("choice", required=True, choices=JOURNAL_KINDS),
        "occurred_at": _f("datetime", required=True),
        "text": _f(required=True, max_length=8000, multiline=True),
        "author": _f(required=True, max_length=100),
    }, append_only=True),
    RecordType("task", {
        "title": _f(required=True, max_length=300),
        "due_date": _f("date", required=True),
        "assignee": _f(max_length=100),
        "done": _f("bool"),
        "done_on": _f("date"),
    }),
    RecordType("attachment", {
        "filename": _f(required=True, max_length=255),
        "mime_type": _f(max_length=100),
        "size": _f("int", min_value=0, max_value=2**40),
        "sha256": _f(max_length=64),
        "description": _f(max_length=500, multiline=True),
    }),
    RecordType("history", {
        "action": _f("choice", required=True, choices=HISTORY_ACTIONS),
        "record_type": _f(max_length=40),
        "record_id": _f(max_length=64),
        "fields": _f("list", max_items=64, item_max_length=60),
        "at": _f("datetime", required=True),
        "user": _f(required=True, max_length=100),
        "device": _f(max_length=64),
        # {field: [old value, new value]} of an update: what was there before, not only which fields changed.
        "values": _f("json"),
    }, append_only=True),
    RecordType("conflict", {
        "record_type": _f(required=True, max_length=40),
        "record_id": _f(required=True, max_length=64),
        "field": _f(required=True, max_length=60),
        "winner_value": _f("json"),
        "loser_value": _f("json"),
        "winner_user": _f(max_length=100),
        "loser_user": _f(max_length=100),
        "winner_device": _f(max_length=64),
        "loser_device": _f(max_length=64),
        "winner_at": _f("datetime"),
        "loser_at": _f("datetime"),
        "status": _f("choice", required=True, choices=CONFLICT_STATUSES),
        "resolution": _f("choice", choices=("kept", "swapped")),
        "resolved_by": _f(max_length=100),
        "resolved_at": _f("datetime"),
    }, server_only=True),
    RecordType("transfer", {
        "side": _f("choice", required=True, choices=TRANSFER_SIDES),
        "transferred_case": _f(required=True, max_length=64),  # the case's id (the record's case_id is its own)
        "from_office": _f(required=True, max_length=64),
        "to_office": _f(required=True, max_length=64),
        "from_office_name": _f(max_length=300),
        "to_office_name": _f(max_length=300),
        "pair_id": _f(max_length=64),  # the other office's record of the same transfer (set by the server)
        "reason": _f(max_length=2000),
        "consent": _f("bool"),  # the person agreed to their data being shared with the receiving office
        "state": _f("choice", required=True, choices=TRANSFER_STATES),
        "requested_by": _f(max_length=100),
        "requested_at": _f("datetime"),
        "expires_at": _f("datetime"),
        "decided_by": _f(max_length=100),
        "decided_at": _f("datetime"),
        "decision_note": _f(max_length=2000),
        "revoked_by": _f(max_length=100),
        "revoked_at": _f("datetime"),
        "expired_at": _f("datetime"),
        # The receiving office's preview (incoming side only): enough to decide, not the case.
        "preview_name": _f(max_length=300),
        "preview_birth_year": _f("int"),
        "preview_category": _f("choice", choices=CATEGORIES),
        "preview_priority": _f("choice", choices=PRIORITIES),
        "preview_needs": _f("list"),
    }, standalone=True),
    RecordType("possible_duplicate", {
        "own_case": _f(required=True, max_length=64),
        "other_case": _f(required=True, max_length=64),
        "other_office": _f(required=True, max_length=64),
        "other_office_name": _f(max_length=300),
        "other_name": _f(max_length=300),
        "other_birth_date": _f("date"),
        "matched": _f("list"),        # sync.matching field names: rnokpp, name_birth, phone...
        "score": _f("int"),           # 0..100
        "pair_key": _f(max_length=64),
        "pair_id": _f(max_length=64),  # the other office's record of the pair
        "status": _f("choice", required=True, choices=DUPLICATE_STATUSES),
        "resolved_by": _f(max_length=100),
        "resolved_at": _f("datetime"),
        "other_contact": _f("list"),  # the other office's phones for the person, once "the same person"
    }, server_only=True, standalone=True),
    # Two cases of the same person merged (sync.records.person_merge): a child of the surviving case.
    # `values` keeps every person and displacement field of both cases and which one the result took
    # ({"person.phones": {"survivor": [...], "merged": [...], "kept": "both"}}), so each value keeps
    # its source (case and office named here) and an undo can restore the survivor value by value.
    RecordType("person_merge", {
        "survivor_case": _f(required=True, max_length=64),
        "survivor_office": _f(max_length=64),
        "survivor_office_name": _f(max_length=300),
        "merged_case": _f(required=True, max_length=64),
        "merged_office": _f(max_length=64),
        "merged_office_name": _f(max_length=300),
        "survivor_records": _f("json"),  # {"person": record id, "displacement": record id}
        "values": _f("json", required=True),
        "pair_key": _f(max_length=64),   # the possible-duplicate pair it settles, if any
        "state": _f("choice", required=True, choices=MERGE_STATES),
        "merged_by": _f(max_length=100),
        "merged_at": _f("datetime"),
        "undone_by": _f(max_length=100),
        "undone_at": _f("datetime"),
        "kept_on_undo": _f("list", max_items=64, item_max_length=60),  # fields edited after the merge
    }),
    # An office's own referral partner (sync.partners): its own "case" (id = case_id) in the office it names,
    # so it syncs to that office and its district only. Retired, never deleted: services keep its name.
    RecordType("local_partner", {
        "office_id": _f(required=True, max_length=64),
        "name": _f(required=True, max_length=300),
        "kind": _f("choice", required=True, choices=PROVIDER_KINDS),
        "services": _f("list", max_items=40, item_max_length=60),
        "territories": _f("list", max_items=200, item_max_length=19),
        "phone": _f(max_length=60),
        "email": _f(max_length=200),
        "address": _f(max_length=500),
        "website": _f(max_length=300),
        "notes": _f(max_length=2000, multiline=True),
        "retired": _f("bool"),
        "added_by": _f(max_length=100),
    }),
    RecordType("aid_overlap", {
        "own_service": _f(required=True, max_length=64),
        "other_service": _f(required=True, max_length=64),
        "other_case": _f(max_length=64),         # None: the other service is in the same case (another partner)
        "other_office": _f(max_length=64),
        "other_office_name": _f(max_length=300),
        "other_name": _f(max_length=300),        # the person as the other office registered them
        "service_code": _f(required=True, max_length=60),
        "service_title": _f(max_length=300),
        "own_provider": _f(max_length=300),
        "other_provider": _f(max_length=300),
        "own_from": _f("date"),
        "own_to": _f("date"),
        "other_from": _f("date"),
        "other_to": _f("date"),
        "pair_key": _f(max_length=64),
        "status": _f("choice", required=True, choices=AID_OVERLAP_STATUSES),
        "resolved_by": _f(max_length=100),
        "resolved_at": _f("datetime"),
    }, server_only=True),
    RecordType("observation", {
        "observed_on": _f("date", required=True),
        "observed_by": _f(max_length=100),
        "member_id": _f(max_length=64),  # a household member's record id; empty: the case's person
        **{name: _f("choice", choices=values) for name, values in INDICATORS.items()},
        "notes": _f(max_length=2000, multiline=True),
    }),
    RecordType("stage_change", {
        "field": _f("choice", required=True, choices=TRACKED_CASE_FIELDS),
        "from_value": _f(max_length=40),
        "to_value": _f(required=True, max_length=40),
        "changed_on": _f("date", required=True),
        "changed_by": _f(max_length=100),
    }, append_only=True),
)}

SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


def derive_priority(assessment: dict[str, Any] | None) -> str:
    """Overall priority of a case: the most severe need of its latest assessment.

    Two or more "high" needs raise the priority to "critical": a household short of housing and
    income at once is in crisis even if neither alone is rated critical.
    """
    if not assessment:
        return "none"
    ranks = [SEVERITY_RANK.get(assessment.get(d) or "none", 0) for d in NEED_DOMAINS]
    top = max(ranks)
    if top == SEVERITY_RANK["high"] and ranks.count(top) >= 2:
        top = SEVERITY_RANK["critical"]
    return SEVERITIES[top]


def record_type(name: str) -> RecordType:
    try:
        return RECORD_TYPES[name]
    except KeyError:
        raise ValueError(f"unknown record type: {name}") from None
