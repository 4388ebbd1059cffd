"""Report facts: flat rows derived from a case's records, the same on the laptop and on the server.

Reports never decode the JSON of records: a case's records are turned into a few flat rows once,
when the case changes (`case_facts`), and every report is SQL over those rows. Both ends keep the
same tables (`define_fact_tables`), fill them with the same function, and run the same report
definitions over them (sync.reports.compute), so an office laptop and the server give the same
numbers for the same records.

Facts depend only on the records (and the codifier): nothing here depends on today's date, so a
fact row stays right until its case changes. Dates are ISO text, compared as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table

from sync.records.schema import INDICATORS, NEED_DOMAINS, record_type
from sync.resources import reference_dir

# The record types facts are built from (a change to any other type leaves the facts as they are).
FACT_TYPES = ("case", "person", "displacement", "household_member", "assessment", "service", "goal", "task",
              "journal_entry", "observation", "stage_change", "transfer", "aid_overlap")
DISABILITIES = frozenset(("disability_1", "disability_2", "disability_3", "child_disability"))
FACT_TABLE_NAMES = ("rf_cases", "rf_stage_changes", "rf_assessments", "rf_services", "rf_tasks",
                    "rf_observations", "rf_activity", "rf_transfers", "rf_aid_overlaps")

_ID = 64
_CODE = 40
STATE_FIELDS = ("status", "stage", "displacement_stage")


def need_column(domain: str) -> str:
    """rf_cases' column with the latest assessment's severity in a need domain."""
    return f"need_{domain}"


def latest_columns() -> list[Column]:
    """rf_cases' columns summarising a case's stage changes and assessments (see `case_facts`):
    `state_changed_on` the date of its newest stage change (any field), `<field>_last` the to_value of
    the newest change of each field, `assessed_on` the date of its latest assessment and `need_<domain>`
    that assessment's severities. "Newest" orders by date, then record id, as reports rank them."""
    return [Column("state_changed_on", String(10)),
            *(Column(f"{name}_last", String(_CODE)) for name in STATE_FIELDS),
            Column("assessed_on", String(10)),
            *(Column(need_column(d), String(10)) for d in NEED_DOMAINS)]


LATEST_COLUMNS = tuple(c.name for c in latest_columns())


def define_fact_tables(metadata: MetaData) -> dict[str, Table]:
    """The fact tables, added to `metadata` (the laptop's store and the server each have their own)."""
    def ix(table: str, *cols: str) -> Index:
        return Index(f"ix_{table}_{'_'.join(cols)}", *cols)

    tables = [
        Table("rf_cases", metadata,
              Column("case_id", String(_ID), primary_key=True),
              Column("office_id", String(_ID)),
              Column("category", String(_CODE)),
              Column("status", String(_CODE)),
              Column("stage", String(_CODE)),
              Column("displacement_stage", String(_CODE)),
              Column("opened_on", String(10)),
              Column("closed_on", String(10)),
              Column("closure_reason", String(_CODE)),
              Column("assigned_to", String(100)),
              Column("sex", String(10)),
              Column("age_opened", Integer),
              Column("disability", Integer, nullable=False, server_default="0"),
              Column("origin_katottg", String(19)),
              Column("hromada", String(19)),  # of the current address (the server falls back on the office's)
              Column("household_size", Integer, nullable=False, server_default="1"),
              Column("rnokpp_missing", Integer, nullable=False, server_default="0"),
              Column("warnings", Integer, nullable=False, server_default="0"),
              Column("last_change", BigInteger, nullable=False, server_default="0"),
              # Kept so that a report need not rank stage changes and assessments per case (LATEST_COLUMNS):
              # the newest stage change's date, each field's newest to_value, and the latest assessment.
              *latest_columns(),
              ix("rf_cases", "office_id"), ix("rf_cases", "opened_on")),
        Table("rf_stage_changes", metadata,
              Column("id", String(_ID), primary_key=True),
              Column("case_id", String(_ID), nullable=False),
              Column("field", String(_CODE), nullable=False),
              Column("from_value", String(_CODE)),
              Column("to_value", String(_CODE)),
              Column("changed_on", String(10), nullable=False),
              ix("rf_stage_changes", "case_id"), ix("rf_stage_changes", "field", "changed_on")),
        Table("rf_assessments", metadata,
              Column("id", String(_ID), primary_key=True),
              Column("case_id", String(_ID), nullable=False),
              Column("assessed_on", String(10), nullable=False),
              *(Column(d, String(10)) for d in NEED_DOMAINS),
              ix("rf_assessments", "case_id", "assessed_on")),
        Table("rf_services", metadata,
              Column("id", String(_ID), primary_key=True),
              Column("case_id", String(_ID), nullable=False),
              Column("service_code", String(60)),
              Column("domain", String(_CODE)),
              Column("status", String(_CODE)),
              Column("provider_kind", String(_CODE)),
              Column("referred_on", String(10)),
              Column("delivered_on", String(10)),
              Column("days_to_delivery", Integer),
              ix("rf_services", "case_id"), ix("rf_services", "referred_on"), ix("rf_services", "delivered_on")),
        Table("rf_tasks", metadata,
              Column("id", String(_ID), primary_key=True),
              Column("case_id", String(_ID), nullable=False),
              Column("due_date", String(10)),
              Column("done", Integer, nullable=False, server_default="0"),
              Column("done_on", String(10)),
              Column("assignee", String(100)),
              ix("rf_tasks", "case_id")),
        Table("rf_observations", metadata,
              Column("id", String(_ID), primary_key=True),
              Column("case_id", String(_ID), nullable=False),
              Column("person_key", String(_ID), nullable=False),
              Column("observed_on", String(10), nullable=False),
              *(Column(name, String(_CODE)) for name in INDICATORS),
              ix("rf_observations", "case_id"), ix("rf_observations", "observed_on")),
        Table("rf_activity", metadata,
              Column("case_id", String(_ID), primary_key=True),
              Column("on_date", String(10), primary_key=True),
              ix("rf_activity", "on_date", "case_id")),  # covering: a period's active cases from the index
        transfer_facts_table(metadata),
        aid_overlap_facts_table(metadata),
    ]
    return {t.name: t for t in tables}


def transfer_facts_table(metadata: MetaData) -> Table:
    """One row per transfer record: a transfer is two records (sync.server.transfers), the sending office's
    ("out") and the receiving office's ("in"), each counted for its own office. `event_on`: the day of its
    outcome (accepted, declined, revoked, expired), or of the request while it waits."""
    return Table("rf_transfers", metadata,
                 Column("id", String(_ID), primary_key=True),
                 Column("case_id", String(_ID), nullable=False),  # the transfer record's own case_id
                 Column("office_id", String(_ID)),
                 Column("direction", String(3)),
                 Column("state", String(_CODE)),
                 Column("event_on", String(10)),
                 Index("ix_rf_transfers_case_id", "case_id"), Index("ix_rf_transfers_event_on", "event_on"))


def aid_overlap_facts_table(metadata: MetaData) -> Table:
    """One row per aid_overlap record (sync.server.aid_overlap): the case's office, the kind of assistance,
    whether reviewed, and this case's period of that assistance (a report counts the overlaps whose period
    meets its own)."""
    return Table("rf_aid_overlaps", metadata,
                 Column("id", String(_ID), primary_key=True),
                 Column("case_id", String(_ID), nullable=False),
                 Column("office_id", String(_ID)),
                 Column("service_code", String(_CODE)),
                 Column("status", String(_CODE)),
                 Column("own_from", String(10)),
                 Column("own_to", String(10)),
                 Index("ix_rf_aid_overlaps_case_id", "case_id"), Index("ix_rf_aid_overlaps_own_from", "own_from"))


_TRANSFER_OUTCOME_AT = {"accepted": "decided_at", "declined": "decided_at", "revoked": "revoked_at",
                        "expired": "expired_at"}


def _transfer_facts(facts: CaseFacts, case_id: str, items: list[tuple[str, dict[str, Any]]]) -> None:
    for record_id, tr in items:
        outgoing = tr.get("side") == "outgoing"
        state = tr.get("state")
        event = tr.get(_TRANSFER_OUTCOME_AT.get(state, "requested_at")) or tr.get("requested_at")
        facts.add("rf_transfers", {"id": record_id, "case_id": case_id,
                                   "office_id": tr.get("from_office" if outgoing else "to_office"),
                                   "direction": "out" if outgoing else "in", "state": state,
                                   "event_on": _iso(event)})


@dataclass
class CaseFacts:
    """The fact rows of one case, per table (empty when the case has no live case record)."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {n: [] for n in FACT_TABLE_NAMES})

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.rows[table].append(row)


def _iso(value: Any) -> str | None:
    """A valid ISO date (first 10 characters of a date or datetime), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    text = value[:10]
    try:
        date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _age(birth: str | None, on: str | None) -> int | None:
    if not birth or not on:
        return None
    b, d = date.fromisoformat(birth), date.fromisoformat(on)
    age = d.year - b.year - ((d.month, d.day) < (b.month, b.day))
    return age if age >= 0 else None


def _days(start: str | None, end: str | None) -> int | None:
    if not start or not end:
        return None
    days = (date.fromisoformat(end) - date.fromisoformat(start)).days
    return days if days >= 0 else None


@cache
def service_domains() -> dict[str, str]:
    """Catalogue code -> need domain (resources/reference/services.csv)."""
    with open(reference_dir() / "services.csv", encoding="utf-8-sig", newline="") as fh:
        return {row["code"].strip(): row["domain"].strip() for row in csv.DictReader(fh) if row.get("code")}


@lru_cache(maxsize=1 << 14)
def hromada_of(code: str | None) -> str | None:
    """The hromada (or city with special status) a codifier code lies in; None when unknown."""
    if not code:
        return None
    from sync.reference import get_codifier

    path = get_codifier().path(code)
    for unit in path:
        if unit.category == "H":
            return unit.code
    for unit in path:
        if unit.category == "K":
            return unit.code
    return None


def _warnings(person: dict, displacement: dict, members: list[dict]) -> int:
    """Validation warnings left on the case's person, displacement and household (data quality)."""
    from sync.records.validation import validate_record

    count = 0
    for rtype, rec in [("person", person), ("displacement", displacement),
                       *(("household_member", m) for m in members)]:
        if rec:
            count += sum(1 for i in validate_record(record_type(rtype), rec) if i.severity == "warning")
    return count


Record = tuple[str, str, dict[str, Any], int]  # (record id, type, data, hlc)


def case_facts(case_id: str, records: Iterable[Record]) -> CaseFacts:
    """The fact rows of one case from its live (not deleted) records of FACT_TYPES."""
    facts = CaseFacts()
    by_type: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    last_change = 0
    for record_id, rtype, data, hlc in records:
        by_type.setdefault(rtype, []).append((record_id, data))
        last_change = max(last_change, hlc or 0)
    if by_type.get("transfer"):  # a transfer record is its own case (no case record)
        _transfer_facts(facts, case_id, by_type["transfer"])
    if not by_type.get("case"):
        return facts
    for items in by_type.values():
        items.sort(key=lambda item: item[0])  # record ids: the same order on both ends
    case = by_type["case"][0][1]
    person = by_type["person"][0][1] if by_type.get("person") else {}
    displacement = by_type["displacement"][0][1] if by_type.get("displacement") else {}
    members = [m for _, m in by_type.get("household_member", [])]
    opened = _iso(case.get("opened_on"))
    vulnerabilities = set(person.get("vulnerabilities") or [])
    facts.add("rf_cases", {
        "case_id": case_id, "office_id": case.get("office_id"), "category": case.get("category"),
        "status": case.get("status"), "stage": case.get("stage"),
        "displacement_stage": case.get("displacement_stage"), "opened_on": opened,
        "closed_on": _iso(case.get("closed_on")), "closure_reason": case.get("closure_reason"),
        "assigned_to": case.get("assigned_to"), "sex": person.get("sex"),
        "age_opened": _age(_iso(person.get("birth_date")), opened),
        "disability": 1 if vulnerabilities & DISABILITIES else 0,
        "origin_katottg": displacement.get("origin_katottg"),
        "hromada": hromada_of(displacement.get("current_katottg")),
        "household_size": 1 + len(members),
        "rnokpp_missing": 0 if (person.get("rnokpp") or person.get("rnokpp_refused")) else 1,
        "warnings": _warnings(person, displacement, members),
        "last_change": last_change,
    })
    for record_id, ov in by_type.get("aid_overlap", []):
        facts.add("rf_aid_overlaps", {"id": record_id, "case_id": case_id, "office_id": case.get("office_id"),
                                      "service_code": ov.get("service_code"), "status": ov.get("status"),
                                      "own_from": _iso(ov.get("own_from")), "own_to": _iso(ov.get("own_to"))})
    activity: set[str] = set()
    latest = facts.rows["rf_cases"][0]
    latest.update(dict.fromkeys(LATEST_COLUMNS))
    newest: dict[str, tuple[str, str]] = {}  # field -> (changed_on, record id) of its newest change
    for record_id, sc in by_type.get("stage_change", []):
        on = _iso(sc.get("changed_on"))
        if on and sc.get("field"):
            field_name = sc["field"]
            facts.add("rf_stage_changes", {"id": record_id, "case_id": case_id, "field": field_name,
                                           "from_value": sc.get("from_value"), "to_value": sc.get("to_value"),
                                           "changed_on": on})
            latest["state_changed_on"] = max(latest["state_changed_on"] or on, on)
            if field_name in STATE_FIELDS and (on, record_id) > newest.get(field_name, ("", "")):
                newest[field_name] = (on, record_id)
                latest[f"{field_name}_last"] = sc.get("to_value")
    assessed: tuple[str, str] = ("", "")
    for record_id, a in by_type.get("assessment", []):
        on = _iso(a.get("assessed_on"))
        if on:
            activity.add(on)
            severities = {d: a.get(d) or "none" for d in NEED_DOMAINS}
            facts.add("rf_assessments", {"id": record_id, "case_id": case_id, "assessed_on": on, **severities})
            if (on, record_id) > assessed:
                assessed = (on, record_id)
                latest["assessed_on"] = on
                latest.update({need_column(d): v for d, v in severities.items()})
    goals = {record_id: g for record_id, g in by_type.get("goal", [])}
    domains = service_domains()
    for record_id, s in by_type.get("service", []):
        referred, delivered = _iso(s.get("referred_on")), _iso(s.get("delivered_on"))
        activity.update(d for d in (referred, delivered) if d)
        domain = domains.get(s.get("service_code") or "") or (goals.get(s.get("goal_id") or "") or {}).get("domain")
        facts.add("rf_services", {"id": record_id, "case_id": case_id, "service_code": s.get("service_code"),
                                  "domain": domain or "other", "status": s.get("status"),
                                  "provider_kind": s.get("provider_kind"), "referred_on": referred,
                                  "delivered_on": delivered,
                                  "days_to_delivery": _days(referred, delivered) if s.get("status") == "delivered"
                                  else None})
    for record_id, task in by_type.get("task", []):
        facts.add("rf_tasks", {"id": record_id, "case_id": case_id, "due_date": _iso(task.get("due_date")),
                               "done": 1 if task.get("done") else 0, "done_on": _iso(task.get("done_on")),
                               "assignee": task.get("assignee")})
    for record_id, o in by_type.get("observation", []):
        on = _iso(o.get("observed_on"))
        if on:
            activity.add(on)
            facts.add("rf_observations", {"id": record_id, "case_id": case_id,
                                          "person_key": o.get("member_id") or case_id, "observed_on": on,
                                          **{name: o.get(name) for name in INDICATORS}})
    for _, entry in by_type.get("journal_entry", []):
        on = _iso(entry.get("occurred_at"))
        if on:
            activity.add(on)
    if opened:
        activity.add(opened)
    for on in sorted(activity):
        facts.add("rf_activity", {"case_id": case_id, "on_date": on})
    return facts
