"""The one way to change cases: validate, record the change for sync, log history, refresh lists.

Used by the desktop UI, the command line and imports alike, so a spreadsheet correction and an
edit in the form are the same operation. Qt-free; every method is one local transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from desktop.services import audit_entries
from desktop.store import tables as t
from desktop.store.changes import NewRecords, record_change, store_clock
from desktop.store.database import writing
from desktop.store.lists_later import ListsLater
from desktop.store.merge_lock import merged_into
from desktop.store.replica import StoreReplica
from desktop.store.store import OpenStore
from desktop.store.transfer_lock import pending_outgoing
from sync.records.identifiers import normalize_phone, normalize_rnokpp, normalize_unzr
from sync.records.ids import HybridClock, new_id
from sync.records.issues import ValidationError, ValidationIssue
from sync.records.schema import RECORD_TYPES, TRACKED_CASE_FIELDS, record_type
from sync.records.validation import validate_record

CHILD_TYPES = ("household_member", "assessment", "goal", "service", "journal_entry", "task", "attachment",
               "observation")


@dataclass
class ChangeSet:
    """What a write changed: screens refresh from this instead of reaching into each other."""

    case_ids: set[str] = field(default_factory=set)
    record_ids: list[str] = field(default_factory=list)
    record_types: set[str] = field(default_factory=set)
    warnings: list[ValidationIssue] = field(default_factory=list)

    def merge(self, other: ChangeSet) -> None:
        self.case_ids |= other.case_ids
        self.record_ids += other.record_ids
        self.record_types |= other.record_types
        self.warnings += other.warnings


@dataclass
class CaseEdits:
    """Everything one user action changes in one case (a form, a dialog): saved together or not at all.

    `updates`: (record type, record id, changed fields); `adds`: (record type, fields), new
    records of the case; `deletes`: (record type, record id).
    """

    case_id: str
    updates: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    adds: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    deletes: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.updates or self.adds or self.deletes)


def status_fields(changes: dict[str, Any]) -> dict[str, Any]:
    """The case fields a status change writes: closing also dates the closure and ends the route."""
    fields = dict(changes)
    if fields.get("status") == "closed":
        fields.update(closed_on=date.today().isoformat(), stage="closure")
    return fields


@dataclass
class Registration:
    person: dict[str, Any]
    displacement: dict[str, Any] = field(default_factory=dict)
    household: list[dict[str, Any]] = field(default_factory=list)
    case: dict[str, Any] = field(default_factory=dict)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def normalize_fields(rtype: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Bring typed values to their stored form: ISO dates, trimmed text, E.164 phones, bare numbers."""
    out: dict[str, Any] = {}
    spec = RECORD_TYPES[rtype].fields
    for name, value in fields.items():
        if isinstance(value, datetime):
            value = value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if name in spec and spec[name].kind in ("list", "multichoice") and value is None:
            value = []
        out[name] = value
    if out.get("rnokpp"):
        out["rnokpp"] = normalize_rnokpp(out["rnokpp"])
    if out.get("unzr"):
        out["unzr"] = normalize_unzr(out["unzr"])
    if rtype == "person" and out.get("phones"):
        phones = []
        for phone in out["phones"]:
            try:
                phones.append(normalize_phone(phone))
            except ValueError:
                phones.append(phone)  # kept as typed so validation can point at it
        out["phones"] = phones
    return out


class CaseService:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.engine = store.engine
        self.projector = store.projector
        self.clock = clock or store_clock(store)
        self.device_id = store.device_id
        self.office_id = store.office_id

    @property
    def user(self) -> str:
        """The author of this session's changes: the name the server knows the signed-in person by."""
        return self.store.author or self.store.user.username

    # --- validation -------------------------------------------------------------------------------
    def check(self, rtype: str, record: dict[str, Any]) -> list[ValidationIssue]:
        return validate_record(record_type(rtype), {k: v for k, v in record.items() if not k.startswith("_")})

    def check_registration(self, reg: Registration, *, normalized: bool = False) -> list[ValidationIssue]:
        """All issues of a registration, fields prefixed by their part (person., displacement., household.N.).

        `normalized`: its person, displacement and household fields are as normalize_fields returns them
        (an import's dry run normalises each row once)."""
        issues: list[ValidationIssue] = []
        parts = [("person", "person", reg.person), ("displacement", "displacement", reg.displacement),
                 ("case", "case", self._case_defaults(reg.case))]
        parts += [(f"household.{i}", "household_member", m) for i, m in enumerate(reg.household)]
        for prefix, rtype, fields in parts:
            for issue in self.check(rtype, fields if normalized and rtype != "case" else normalize_fields(rtype, fields)):
                issues.append(ValidationIssue(f"{prefix}.{issue.field}", issue.code, issue.severity, issue.params))
        return issues

    def _case_defaults(self, case: dict[str, Any]) -> dict[str, Any]:
        out = {"office_id": self.office_id, "category": "idp", "stage": "identification", "status": "open",
               "assigned_to": self.user, "opened_on": date.today().isoformat()}
        out.update({k: v for k, v in case.items() if v is not None})
        return out

    # --- writes -----------------------------------------------------------------------------------
    def register(self, reg: Registration) -> ChangeSet:
        return self.register_many([reg])[0]

    def register_many(self, regs: list[Registration], *, validated: bool = False,
                      lists: ListsLater | None = None) -> list[ChangeSet]:
        """Register cases in one transaction; raises ValidationError (nothing saved) if any has errors.

        `validated=True`: the caller has just run check_registration on these very objects, found
        no error, and holds their person, displacement and household fields as normalize_fields
        returns them (an import's dry run); validation and normalisation are pure, so neither is
        run twice. `lists`: the cases' list and search rows wait for `write_lists(lists)` (an
        import's chunks; desktop/store/lists_later.py) instead of being written in this transaction.
        """
        checked = []
        for reg in regs:
            issues = [] if validated else self.check_registration(reg)
            if any(i.severity == "error" for i in issues):
                raise ValidationError(issues)
            checked.append((reg, issues))
        results = []
        made: dict[str, list[str]] = {}  # case id -> the record types registered (for the audit log)
        buffer = NewRecords(self.user, self.clock)
        for reg, issues in checked:
            case_id = new_id()
            cs = ChangeSet(case_ids={case_id}, warnings=[i for i in issues if i.severity == "warning"])
            parts = [("case", case_id, self._case_defaults(reg.case)), ("person", new_id(), reg.person),
                     ("displacement", new_id(), reg.displacement)]
            parts += [("household_member", new_id(), m) for m in reg.household]
            for rtype, record_id, fields in parts:
                normalized = validated and rtype != "case"  # the case's defaults are added here
                buffer.create(rtype, record_id, case_id, fields if normalized else normalize_fields(rtype, fields))
                cs.record_ids.append(record_id)
                cs.record_types.add(rtype)
            # One history entry for the whole registration, not one per record.
            made[case_id] = sorted({p[0] for p in parts})
            buffer.create("history", new_id(), case_id, self._history_fields("create", "case", case_id, made[case_id]))
            results.append(cs)
        with writing(self.engine) as conn, conn.begin():
            buffer.flush(conn)
            if lists is None:
                self.projector.project_new(conn, buffer.written)  # new cases: from the fields at hand
            else:
                lists.hold(conn, buffer.written)
            audit_entries.registrations(conn, user=self.user, cases=made)
        return results

    def lists_later(self) -> ListsLater:
        return ListsLater(self.projector)

    def write_lists(self, lists: ListsLater, step: Callable[[], None] | None = None) -> int:
        """The list and search rows of the cases register_many(lists=...) saved: one transaction."""
        if not lists:
            return 0
        with writing(self.engine) as conn, conn.begin():
            return lists.write(conn, step)

    def list_left_over(self) -> int:
        """List the cases saved without their list and search rows (an import or a download cut short): a
        laptop that syncs does it at the start of its next cycle (SyncEngine.run_cycle, before any network),
        one that does not (a standalone office, or waiting for its user to sign in) when the session starts
        (desktop.ui.sync_adapter). Returns how many were listed."""
        return StoreReplica(self.store).flush_projections()

    def add(self, rtype: str, case_id: str, fields: dict[str, Any]) -> ChangeSet:
        return self.apply(CaseEdits(case_id, adds=[(rtype, fields)]))

    def apply(self, edits: CaseEdits) -> ChangeSet:
        """Updates, additions and deletions of one case in one transaction: all saved, or nothing.

        A combined save (the person and their household, a status with its closure) is one user
        action: a power cut or an error half-way must not leave half of it (tests/store/test_case_service.py).
        """
        cs = ChangeSet()
        adds = []
        for rtype, fields in edits.adds:  # pure checks first: nothing is opened for a form with errors
            if rtype not in CHILD_TYPES:
                raise ValueError(f"cannot add a {rtype} to a case")
            fields = normalize_fields(rtype, self._child_defaults(rtype, fields))
            issues = self.check(rtype, fields)
            if any(i.severity == "error" for i in issues):
                raise ValidationError(issues)
            cs.warnings += [i for i in issues if i.severity == "warning"]
            adds.append((rtype, fields))
        for rtype, _ in edits.deletes:
            if record_type(rtype).append_only or rtype in ("case", "person", "displacement"):
                raise ValidationError([ValidationIssue("*", "append_only")])
        with writing(self.engine) as conn, conn.begin():
            self._require_case(conn, edits.case_id)
            for rtype, record_id, fields in edits.updates:
                if self._update_in(conn, cs, rtype, record_id, fields) != edits.case_id:
                    raise KeyError(f"this {rtype} record belongs to another case")
            for rtype, fields in adds:
                record_id = fields.pop("id", None) or new_id()
                self._write(conn, cs, rtype, record_id, edits.case_id, fields)
            for rtype, record_id in edits.deletes:
                self._delete_in(conn, cs, rtype, record_id, edits.case_id)
            self.projector.refresh(conn, [edits.case_id])
        return cs

    def _child_defaults(self, rtype: str, fields: dict[str, Any]) -> dict[str, Any]:
        out = dict(fields)
        if rtype == "journal_entry":
            out.setdefault("author", self.user)
            out.setdefault("occurred_at", now_iso())
        elif rtype == "observation":
            out.setdefault("observed_by", self.user)
            out.setdefault("observed_on", date.today().isoformat())
        elif rtype == "assessment":
            out.setdefault("assessed_by", self.user)
            out.setdefault("assessed_on", date.today().isoformat())
        elif rtype == "task":
            out.setdefault("assignee", self.user)
            out.setdefault("done", False)
        elif rtype == "goal":
            out.setdefault("status", "open")
        elif rtype == "service":
            out.setdefault("status", "planned")
        return out

    def update(self, rtype: str, record_id: str, fields: dict[str, Any]) -> ChangeSet:
        """Change some fields of a record; the others, and other devices' edits of them, stay as they are."""
        return self.update_many([(rtype, record_id, fields)])

    def update_many(self, edits: list[tuple[str, str, dict[str, Any]]]) -> ChangeSet:
        """Several records edited together (a form or a spreadsheet row): all saved, or none."""
        cs = ChangeSet()
        touched: set[str] = set()
        with writing(self.engine) as conn, conn.begin():
            for rtype, record_id, fields in edits:
                touched.add(self._update_in(conn, cs, rtype, record_id, fields))
            self.projector.refresh(conn, touched)
        return cs

    def _update_in(self, conn, cs: ChangeSet, rtype: str, record_id: str, fields: dict[str, Any]) -> str:
        rt = record_type(rtype)
        if rt.append_only:
            raise ValidationError([ValidationIssue("*", "append_only")])
        fields = normalize_fields(rtype, fields)
        row = conn.execute(select(t.records.c.case_id, t.records.c.data, t.records.c.deleted)
                           .where(t.records.c.id == record_id, t.records.c.type == rtype)).first()
        if row is None or row.deleted:
            raise KeyError(f"no {rtype} record with this id")
        merged = {**json.loads(row.data), **fields}
        issues = [] if rt.server_only else self.check(rtype, merged)
        relevant = [i for i in issues if i.field in fields or i.severity == "error"]
        if any(i.severity == "error" for i in relevant):
            raise ValidationError(relevant)
        cs.warnings += [i for i in relevant if i.severity == "warning"]
        self._write(conn, cs, rtype, record_id, row.case_id, fields)
        return row.case_id

    def delete(self, rtype: str, record_id: str) -> ChangeSet:
        with self.engine.connect() as conn:
            case_id = conn.execute(select(t.records.c.case_id).where(t.records.c.id == record_id)).scalar()
        if case_id is None:
            raise KeyError("no such record")
        return self.apply(CaseEdits(case_id, deletes=[(rtype, record_id)]))

    def _delete_in(self, conn, cs: ChangeSet, rtype: str, record_id: str, case_id: str) -> None:
        owner = conn.execute(select(t.records.c.case_id).where(t.records.c.id == record_id,
                                                               t.records.c.type == rtype)).scalar()
        if owner != case_id:
            raise KeyError(f"no {rtype} record with this id in this case")
        self._write(conn, cs, rtype, record_id, case_id, {}, op="delete")

    def set_status(self, case_id: str, status: str, *, closure_reason: str | None = None,
                   closure_note: str | None = None) -> ChangeSet:
        fields: dict[str, Any] = {"status": status}
        if status == "closed":
            fields.update(closure_reason=closure_reason, closure_note=closure_note)
        return self.update("case", case_id, status_fields(fields))

    def change_status(self, case_id: str, changes: dict[str, Any]) -> ChangeSet:
        """Stage, displacement stage, status, caseworker, closure (the status dialog): one update of the case."""
        return self.apply(CaseEdits(case_id, updates=[("case", case_id, status_fields(changes))] if changes else []))

    def log_view(self, case_id: str) -> ChangeSet:
        """Who viewed the case is part of its history (append-only, synced) and of the audit log: a write like any other."""
        with writing(self.engine) as conn, conn.begin():
            self._history(conn, case_id, "view", "case", case_id, [])
            audit_entries.case_work(conn, user=self.user, action="view", case_id=case_id, record_type="case",
                                    fields=[])
        return ChangeSet(case_ids={case_id}, record_types={"history"})

    def log_export(self, case_id: str, rtype: str, record_id: str, record: Callable[[Any], None]) -> ChangeSet:
        """A file made of a case's record (a referral letter) in its history; `record(conn)` writes the export
        log entry in the same transaction (desktop.services.export_log.record_export with conn)."""
        with writing(self.engine) as conn, conn.begin():
            self._require_case(conn, case_id)
            self._history(conn, case_id, "export", rtype, record_id, [])
            record(conn)
        return ChangeSet(case_ids={case_id}, record_types={"history"})

    # --- internals --------------------------------------------------------------------------------
    def _require_case(self, conn, case_id: str) -> None:
        exists = conn.execute(select(t.records.c.id).where(t.records.c.id == case_id, t.records.c.type == "case",
                                                           t.records.c.deleted == 0)).first()
        if exists is None:
            raise KeyError("no such case")

    def _write(self, conn, cs: ChangeSet, rtype: str, record_id: str, case_id: str, fields: dict[str, Any],
               op: str = "upsert") -> None:
        if pending_outgoing(conn, case_id):  # read-only until the other office answers (services/transfers.py)
            raise ValidationError([ValidationIssue("*", "transfer_pending")])
        if merged_into(conn, case_id):  # merged into the same person's other case (services/person_merge.py)
            raise ValidationError([ValidationIssue("*", "case_merged")])
        old = self._current_data(conn, record_id) if rtype != "history" else {}
        before = {k: v for k, v in old.items() if k in TRACKED_CASE_FIELDS} if rtype == "case" else {}
        change = record_change(conn, record_type=rtype, record_id=record_id, case_id=case_id, fields=fields,
                               user=self.user, clock=self.clock, op=op)
        if change is None:
            return
        cs.case_ids.add(case_id)
        cs.record_ids.append(record_id)
        cs.record_types.add(rtype)
        if rtype != "history":
            action = "delete" if op == "delete" else ("create" if change.created else "update")
            # An update keeps what each field held before and holds now (the record is the rest).
            values = {k: [old.get(k), v] for k, v in change.fields.items()} if action == "update" else None
            self._history(conn, case_id, action, rtype, record_id, sorted(change.fields), values)
            audit_entries.case_work(conn, user=self.user, action=action, case_id=case_id, record_type=rtype,
                                    fields=change.fields)
        if rtype == "case" and not change.created:
            self._stage_changes(conn, cs, case_id, before, change.fields)

    def _current_data(self, conn, record_id: str) -> dict[str, Any]:
        data = conn.execute(select(t.records.c.data).where(t.records.c.id == record_id)).scalar()
        return json.loads(data) if data else {}

    def _stage_changes(self, conn, cs: ChangeSet, case_id: str, before: dict[str, Any],
                       changed: dict[str, Any]) -> None:
        """Status, stage and displacement stage keep their history as stage_change records (append-only,
        synced), so that a report can count transitions in a period and tell a case's state at a date.
        A registration writes none: the values it starts with are the first change's from_value."""
        for name in TRACKED_CASE_FIELDS:
            if name in changed and changed[name] and changed[name] != before.get(name):
                record_id = new_id()
                record_change(conn, record_type="stage_change", record_id=record_id, case_id=case_id,
                              user=self.user, clock=self.clock,
                              fields={"field": name, "from_value": before.get(name), "to_value": changed[name],
                                      "changed_on": date.today().isoformat(), "changed_by": self.user})
                cs.record_ids.append(record_id)
                cs.record_types.add("stage_change")

    def _history_fields(self, action: str, rtype: str, record_id: str, fields: list[str],
                        values: dict[str, list[Any]] | None = None) -> dict[str, Any]:
        out = {"action": action, "record_type": rtype, "record_id": record_id, "fields": fields,
               "at": now_iso(), "user": self.user, "device": self.device_id}
        if values:
            out["values"] = values
        return out

    def _history(self, conn, case_id: str, action: str, rtype: str, record_id: str, fields: list[str],
                 values: dict[str, list[Any]] | None = None) -> None:
        record_change(conn, record_type="history", record_id=new_id(), case_id=case_id, user=self.user,
                      clock=self.clock, fields=self._history_fields(action, rtype, record_id, fields, values))

    # --- attachments and conflicts (added for the case screen; see desktop/services/attachments.py) --
    def add_attachment(self, case_id: str, fields: dict[str, Any], content: bytes) -> ChangeSet:
        """The attachment record and its bytes in one transaction: never a record without its file."""
        fields = normalize_fields("attachment", {**fields, "size": len(content),
                                                 "sha256": hashlib.sha256(content).hexdigest()})
        issues = self.check("attachment", fields)
        if any(i.severity == "error" for i in issues):
            raise ValidationError(issues)
        cs = ChangeSet(warnings=[i for i in issues if i.severity == "warning"])
        attachment_id = new_id()
        with writing(self.engine) as conn, conn.begin():
            self._require_case(conn, case_id)
            self._write(conn, cs, "attachment", attachment_id, case_id, fields)
            conn.execute(t.attachment_blobs.insert().values(attachment_id=attachment_id, content=content))
            self.projector.refresh(conn, [case_id])
        return cs

    def attachment_content(self, attachment_id: str) -> bytes | None:
        with self.engine.connect() as conn:
            return conn.execute(select(t.attachment_blobs.c.content)
                                .where(t.attachment_blobs.c.attachment_id == attachment_id)).scalar()

    def log_attachment_open(self, attachment_id: str, size: int) -> ChangeSet:
        """Record in the audit log that this person opened (took a decrypted copy of) an attachment."""
        with writing(self.engine) as conn, conn.begin():
            case_id = conn.execute(select(t.records.c.case_id).where(
                t.records.c.id == attachment_id, t.records.c.type == "attachment")).scalar()
            if case_id is None:
                raise KeyError("no attachment record with this id")
            audit_entries.attachment_opened(conn, user=self.user, case_id=case_id, attachment_id=attachment_id,
                                            size=size)
        return ChangeSet(case_ids={case_id})

    def resolve_conflict(self, conflict_id: str, resolution: str) -> ChangeSet:
        """Keep the winning value, or swap in the losing one; either way the conflict is resolved.

        The swap and the resolution are one transaction, so a crash cannot leave a swapped value
        with its conflict still open (or a resolved conflict whose swap was lost).
        """
        if resolution not in ("kept", "swapped"):
            raise ValueError("resolution must be 'kept' or 'swapped'")
        cs = ChangeSet()
        with writing(self.engine) as conn, conn.begin():
            row = conn.execute(select(t.records.c.case_id, t.records.c.data, t.records.c.deleted)
                               .where(t.records.c.id == conflict_id, t.records.c.type == "conflict")).first()
            if row is None or row.deleted:
                raise KeyError("no such conflict")
            conflict = json.loads(row.data)
            if conflict.get("status") == "resolved":
                return cs
            rtype, record_id, name = conflict["record_type"], conflict["record_id"], conflict["field"]
            if resolution == "swapped":
                target = conn.execute(select(t.records.c.case_id, t.records.c.data, t.records.c.deleted)
                                      .where(t.records.c.id == record_id)).first()
                if target is None or target.deleted:
                    raise KeyError("the record of this conflict no longer exists")
                merged = {**json.loads(target.data), name: conflict.get("loser_value")}
                errors = [i for i in self.check(rtype, merged) if i.severity == "error" and i.field == name]
                if errors:
                    raise ValidationError(errors)
                self._write(conn, cs, rtype, record_id, target.case_id, {name: conflict.get("loser_value")})
            change = record_change(conn, record_type="conflict", record_id=conflict_id, case_id=row.case_id,
                                   user=self.user, clock=self.clock,
                                   fields={"status": "resolved", "resolution": resolution,
                                           "resolved_by": self.user, "resolved_at": now_iso()})
            if change is not None:
                cs.case_ids.add(row.case_id)
                cs.record_ids.append(conflict_id)
                cs.record_types.add("conflict")
            # One readable history line instead of a generic "conflict record updated".
            self._history(conn, row.case_id, "conflict_resolved", rtype, record_id, [name])
            self.projector.refresh(conn, [row.case_id])
        return cs
