"""Case transfers on the laptop: start one (offline too), revoke it, accept or decline an incoming one.

A transfer is a record of its own (sync.server.transfers explains the two records and the rules the
server enforces; this side offers only what will be accepted). Each step is one local transaction
that queues a change for the next sync. While the office's own request is pending the case is
read-only here (CaseService refuses edits), so no edit is stranded when the other office accepts.
Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.services.cases import ChangeSet, now_iso
from desktop.store import audit
from desktop.store import tables as t
from desktop.store.changes import record_change, store_clock
from desktop.store.database import writing
from desktop.store.store import OpenStore
from desktop.store.transfer_lock import pending_outgoing
from sync.directory import DirectoryOffice, OfficeDirectory
from sync.records.ids import HybridClock, new_id
from sync.records.issues import ValidationError, ValidationIssue
from sync.records.permissions import may_transfer

TRANSFER = "transfer"


class TransferRefused(ValidationError):
    """A step this laptop knows the server would refuse (the same reasons, in the same words)."""

    def __init__(self, code: str):
        super().__init__([ValidationIssue("transfer", code)])
        self.code = code


@dataclass(frozen=True)
class Transfer:
    """One transfer as this office sees it (outgoing: ours; incoming: offered to us)."""

    id: str
    data: dict[str, Any]
    synced: bool  # the server has seen this record as it is here

    @property
    def side(self) -> str:
        return self.data.get("side", "")

    @property
    def state(self) -> str:
        return self.data.get("state", "")

    @property
    def case_id(self) -> str:
        return self.data.get("transferred_case", "")


class TransferService:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.engine = store.engine
        self.clock = clock or store_clock(store)

    @property
    def user(self) -> str:
        return self.store.author  # the name the server knows the signed-in person by

    def may_transfer(self) -> bool:
        return may_transfer(self.store.user.role)

    # --- where to ---------------------------------------------------------------------------------
    def targets(self) -> list[DirectoryOffice]:
        """Offices a case can be sent to without searching (from the last office directory synced)."""
        stored = self.store.get_meta("directory")
        if not stored:
            return []
        own = {self.store.office_id}
        return [o for o in OfficeDirectory.model_validate(stored).transfer_targets if o.id not in own]

    def find_offices(self, query: str) -> list[DirectoryOffice]:
        """Offices anywhere whose name contains `query`, asked of the server (online only: another
        district's offices are not in this laptop's directory). Raises the sync errors when offline."""
        from desktop.store.replica import StoreReplica
        from sync.client.directory import search_offices
        from sync.client.engine import transport_for

        transport = transport_for(StoreReplica(self.store), user_token=self.store.user_token)
        try:
            return [o for o in search_offices(transport, query) if o.id != self.store.office_id]
        finally:
            transport.close()

    # --- reads ------------------------------------------------------------------------------------
    def list(self, side: str | None = None) -> list[Transfer]:
        """Transfers of this office, newest request first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.records.c.id, t.records.c.data, t.records.c.server_seq)
                                .where(t.records.c.type == TRANSFER, t.records.c.deleted == 0)).all()
        out = [Transfer(r.id, json.loads(r.data), r.server_seq > 0) for r in rows]
        if side:
            out = [x for x in out if x.side == side]
        return sorted(out, key=lambda x: x.data.get("requested_at") or "", reverse=True)

    def get(self, transfer_id: str) -> Transfer | None:
        return next((x for x in self.list() if x.id == transfer_id), None)

    def pending_for_case(self, case_id: str) -> Transfer | None:
        with self.engine.connect() as conn:
            found = pending_outgoing(conn, case_id)
        return self.get(found) if found else None

    def incoming_waiting(self) -> list[Transfer]:
        return [x for x in self.list("incoming") if x.state == "pending"]

    # --- steps ------------------------------------------------------------------------------------
    def request(self, case_id: str, to_office: str, *, reason: str, consent: bool,
                to_office_name: str | None = None) -> ChangeSet:
        """Start a transfer of the case to another office; travels with the next sync."""
        if not self.may_transfer():
            raise TransferRefused("transfer_not_allowed")
        office = self.store.office_id
        if to_office == office:
            raise TransferRefused("transfer_same_office")
        if not reason.strip():
            raise ValidationError([ValidationIssue("reason", "required")])
        record_id = new_id()
        with writing(self.engine) as conn, conn.begin():
            case = conn.execute(select(t.records.c.data).where(t.records.c.id == case_id, t.records.c.type == "case",
                                                               t.records.c.deleted == 0)).scalar()
            if case is None:
                raise KeyError("no such case")
            if pending_outgoing(conn, case_id):
                raise TransferRefused("transfer_pending")
            fields = {"side": "outgoing", "transferred_case": case_id,
                      "from_office": json.loads(case).get("office_id") or office, "to_office": to_office,
                      "to_office_name": to_office_name, "reason": reason.strip(), "consent": bool(consent),
                      "state": "pending", "requested_by": self.user, "requested_at": now_iso()}
            record_change(conn, record_type=TRANSFER, record_id=record_id, case_id=record_id, fields=fields,
                          user=self.user, clock=self.clock)
            audit.append(conn, user=self.user, action="transfer_requested", case_id=case_id,
                         record_type=TRANSFER, detail={"transfer": record_id, "to_office": to_office})
        return ChangeSet(case_ids={case_id}, record_ids=[record_id], record_types={TRANSFER})

    def revoke(self, transfer_id: str) -> ChangeSet:
        return self._step(transfer_id, "outgoing", {"state": "revoked", "revoked_by": self.user,
                                                     "revoked_at": now_iso()})

    def accept(self, transfer_id: str) -> ChangeSet:
        return self._step(transfer_id, "incoming", {"state": "accepted", "decided_by": self.user,
                                                     "decided_at": now_iso()})

    def decline(self, transfer_id: str, note: str) -> ChangeSet:
        if not note.strip():
            raise ValidationError([ValidationIssue("decision_note", "required")])
        return self._step(transfer_id, "incoming", {"state": "declined", "decided_by": self.user,
                                                     "decided_at": now_iso(), "decision_note": note.strip()})

    def _step(self, transfer_id: str, side: str, fields: dict[str, Any]) -> ChangeSet:
        if not self.may_transfer():
            raise TransferRefused("transfer_not_allowed")
        with writing(self.engine) as conn, conn.begin():
            data = conn.execute(select(t.records.c.data).where(t.records.c.id == transfer_id,
                                                               t.records.c.type == TRANSFER)).scalar()
            if data is None:
                raise KeyError("no such transfer")
            current = json.loads(data)
            if current.get("side") != side:
                raise TransferRefused("transfer_step_not_allowed")
            if current.get("state") != "pending":
                raise TransferRefused("transfer_closed")
            record_change(conn, record_type=TRANSFER, record_id=transfer_id, case_id=transfer_id, fields=fields,
                          user=self.user, clock=self.clock)
            # The laptop's audit log (desktop/store/audit.py): transfer_revoked, _accepted, _declined.
            audit.append(conn, user=self.user, action=f"transfer_{fields['state']}",
                         case_id=current.get("transferred_case"), record_type=TRANSFER,
                         detail={"transfer": transfer_id})
        return ChangeSet(case_ids={current.get("transferred_case", "")}, record_ids=[transfer_id],
                         record_types={TRANSFER})
