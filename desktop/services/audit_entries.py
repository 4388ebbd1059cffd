"""Audit entries of case work, written by CaseService in the transaction of the work itself.

Entries name the case, the record type and the changed fields, never a value (sync/auditchain.py
entries go to the server's audit log as they are). Whole registrations and imports are one entry a
case, appended together.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.store import audit


def case_work(conn, *, user: str, action: str, case_id: str, record_type: str, fields: Iterable[str]) -> None:
    audit.append(conn, user=user, action=action, case_id=case_id, record_type=record_type, fields=list(fields))


def registrations(conn, *, user: str, cases: dict[str, list[str]]) -> None:
    """One `register` entry per new case, with the record types it was made of."""
    at = audit.now_ms()
    audit.append_many(conn, [dict(user=user, action="register", case_id=case_id, record_type="case", fields=parts,
                                  at=at) for case_id, parts in cases.items()])


def attachment_opened(conn, *, user: str, case_id: str, attachment_id: str, size: int) -> None:
    """A decrypted copy of an attachment handed to the system viewer (from where it can be printed or
    copied): an export of one file. The entry names the attachment record, never its file name."""
    audit.append(conn, user=user, action="attachment_open", case_id=case_id, record_type="attachment",
                 detail={"attachment": attachment_id, "size": size})
