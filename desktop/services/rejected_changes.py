"""Changes the server refused: listed with their reason, applied again as a new change, or discarded.

The sync engine keeps every refused change aside (desktop/store/replica.acknowledge) instead of
dropping it; nothing is lost silently. A supervisor decides here: "apply again" queues the same
fields as a new change by the person deciding (fields naming who did it name them), "discard" drops it (and a record made here that the server never accepted). Either way the decision is recorded in the case's history when
the case is on this laptop, else in the store's list of decisions (a case that moved to another office
is no longer here). Qt-free; each decision is one local transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from desktop.services.cases import ChangeSet, now_iso
from desktop.store import tables as t
from desktop.store.changes import record_change, store_clock
from desktop.store.database import writing
from desktop.store.store import OpenStore
from desktop.store.transfer_lock import pending_outgoing
from sync.records.ids import HybridClock, new_id
from sync.records.issues import ValidationError, ValidationIssue
from sync.records.permissions import AUTHOR_FIELDS, DEVICE_FIELDS, is_supervisory
from sync.records.schema import RECORD_TYPES

DECISIONS_KEY = "rejected_decisions"  # decisions about changes of cases no longer on this laptop
MAX_DECISIONS = 1000

# The reason codes the server gives (docs/sync-protocol.md), in plain words: Ukrainian / English.
# The window shows its own translated copy (desktop/ui/rejected_changes.py); this one is for the command line.
PLAIN_WORDS: dict[str, tuple[str, str]] = {
    "case_transferred": ("Справу вже передано до іншого офісу; зміну туди не внесено.",
                         "The case has moved to another office; the change was not made there."),
    "out_of_scope": ("Справа поза межами вашого офісу.", "The case is outside your office."),
    "transfer_pending": ("Ця справа вже чекає на відповідь щодо іншої передачі.",
                         "Another transfer of this case is waiting for an answer."),
    "transfer_closed": ("На цю передачу вже відповіли (або її відкликано чи вона застаріла).",
                        "This transfer was already answered, revoked or expired."),
    "transfer_same_office": ("Справу не можна передати до того самого офісу.",
                             "A case cannot be transferred to its own office."),
    "transfer_step_not_allowed": ("Цей крок передачі робить інший офіс.",
                                  "This step of a transfer is the other office's."),
    "transfer_not_allowed": ("Передавати справи може лише керівник або район.",
                             "Only a supervisor or a district user may transfer cases."),
    "unknown_office": ("Такого офісу немає (або його закрито).", "No such office (or it was closed)."),
    "author_mismatch": ("Зміну зроблено від імені іншого користувача.",
                        "The change was made in another user's name."),
    "approval_not_allowed": ("Затверджувати план може лише керівник.", "Only a supervisor may approve a plan."),
    "reassign_not_allowed": ("Перепризначати справи може лише керівник.", "Only a supervisor may reassign a case."),
    "closure_needs_approval": ("У цьому офісі справу закриває керівник.",
                               "In this office a supervisor closes cases."),
    "conflict_resolution_not_allowed": ("Розв'язувати конфлікти може лише керівник.",
                                        "Only a supervisor may resolve conflicts."),
    "invalid": ("Дані не пройшли перевірку на сервері.", "The data did not pass the server's checks."),
    "unknown_case": ("Сервер не знає цієї справи.", "The server does not know this case."),
    "append_only": ("Такі записи не змінюють після створення.", "Such records are not changed once made."),
    "not_deletable": ("Такі записи не видаляють.", "Such records are not deleted."),
}
DEFAULT_WORDS = ("Сервер відхилив цю зміну.", "The server refused this change.")


def reason_code(reason: str) -> str:
    return reason.split(":", 1)[0].strip()


def reason_detail(reason: str) -> str:
    return reason.split(":", 1)[1].strip() if ":" in reason else ""


def plain_words(reason: str) -> tuple[str, str]:
    return PLAIN_WORDS.get(reason_code(reason), DEFAULT_WORDS)


@dataclass(frozen=True)
class RejectedChange:
    change_id: str
    record_id: str
    record_type: str
    case_id: str
    op: str
    fields: dict[str, Any]
    reason: str
    rejected_at: str
    case_here: bool  # the case (or the transfer) is on this laptop: the change can be applied again

    @property
    def code(self) -> str:
        return reason_code(self.reason)


class RejectedChanges:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.engine = store.engine
        self.clock = clock or store_clock(store)

    @property
    def user(self) -> str:
        """The author of a change applied again: the name the server knows the signed-in person by."""
        return self.store.author

    def may_decide(self) -> bool:
        return is_supervisory(self.store.user.role)

    def list(self) -> list[RejectedChange]:
        r = t.rejected_changes.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.rejected_changes).order_by(r.rejected_at, r.change_id)).all()
            here = {cid for (cid,) in conn.execute(select(t.records.c.case_id).where(
                t.records.c.case_id.in_({row.case_id for row in rows}), t.records.c.deleted == 0)).all()}
        return [RejectedChange(row.change_id, row.record_id, row.record_type, row.case_id, row.op,
                               json.loads(row.fields), row.reason, row.rejected_at, row.case_id in here)
                for row in rows]

    def count(self) -> int:
        return len(self.list())

    def decisions(self) -> list[dict[str, Any]]:
        return list(self.store.get_meta(DECISIONS_KEY, []))

    def reapply(self, change_id: str) -> ChangeSet:
        """Queue the refused change again as a new change by the person deciding (next sync sends it)."""
        change = self._get(change_id)
        if not change.case_here:
            raise ValidationError([ValidationIssue("*", "case_not_here")])
        rt = RECORD_TYPES.get(change.record_type)
        if rt is None or rt.server_only:
            raise ValidationError([ValidationIssue("*", "server_only")])
        fields = dict(change.fields)
        for name in AUTHOR_FIELDS.get(change.record_type, ()):  # the person deciding makes the new change
            if fields.get(name):
                fields[name] = self.user
        for name in DEVICE_FIELDS.get(change.record_type, ()):
            if fields.get(name):
                fields[name] = self.store.device_id
        cs = ChangeSet()
        with writing(self.engine) as conn, conn.begin():
            if pending_outgoing(conn, change.case_id):
                raise ValidationError([ValidationIssue("*", "transfer_pending")])
            # The same record: the server never applied the refused change, so a record it created is
            # still new there (a journal entry too), and an edit lands on the record as the server has it.
            record_id = change.record_id
            record_change(conn, record_type=change.record_type, record_id=record_id, case_id=change.case_id,
                          fields=fields, user=self.user, clock=self.clock, op=change.op, force=True)
            self._decided(conn, change, "rejected_reapplied")
            self.store.projector.refresh(conn, [change.case_id])
        cs.case_ids.add(change.case_id)
        cs.record_ids.append(record_id)
        cs.record_types.add(change.record_type)
        return cs

    def discard(self, change_id: str) -> ChangeSet:
        """Drop the refused change for good (recorded as decided)."""
        change = self._get(change_id)
        with writing(self.engine) as conn, conn.begin():
            self._decided(conn, change, "rejected_discarded")
            # A record made here that the server never accepted goes too: it exists nowhere else.
            conn.execute(delete(t.records).where(
                t.records.c.id == change.record_id, t.records.c.server_seq == 0,
                t.records.c.id.not_in(select(t.outbox.c.record_id))))
            if change.case_here:
                self.store.projector.refresh(conn, [change.case_id])
        return ChangeSet(case_ids={change.case_id} if change.case_here else set())

    def _get(self, change_id: str) -> RejectedChange:
        if not self.may_decide():
            raise ValidationError([ValidationIssue("*", "supervisor_only")])
        found = next((c for c in self.list() if c.change_id == change_id), None)
        if found is None:
            raise KeyError("no such rejected change")
        return found

    def _decided(self, conn, change: RejectedChange, action: str) -> None:
        conn.execute(delete(t.rejected_changes).where(t.rejected_changes.c.change_id == change.change_id))
        entry = {"action": action, "record_type": change.record_type, "record_id": change.record_id,
                 "fields": sorted(change.fields), "at": now_iso(), "user": self.user, "device": self.store.device_id}
        # A transfer is a record of its own: its decision belongs in the history of the case it moves.
        case_id = change.fields.get("transferred_case") if change.record_type == "transfer" else change.case_id
        case_is_case = conn.execute(select(t.records.c.id).where(
            t.records.c.id == case_id, t.records.c.type == "case", t.records.c.deleted == 0)).first()
        if case_is_case is not None:
            record_change(conn, record_type="history", record_id=new_id(), case_id=case_id, fields=entry,
                          user=self.user, clock=self.clock)
            return
        row = conn.execute(select(t.meta.c.value).where(t.meta.c.key == DECISIONS_KEY)).scalar()
        kept = (json.loads(row) if row else [])[-(MAX_DECISIONS - 1):]
        kept.append({**entry, "change_id": change.change_id, "case_id": change.case_id, "reason": change.reason})
        value = json.dumps(kept, ensure_ascii=False)
        if row is None:
            conn.execute(t.meta.insert().values(key=DECISIONS_KEY, value=value))
        else:
            conn.execute(t.meta.update().where(t.meta.c.key == DECISIONS_KEY).values(value=value))
