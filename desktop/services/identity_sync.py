"""What a sync adds beside the records (protocol 3): who the signed-in person is, and the audit log.

`keep_me`: what GET /me (asked at every sync, desktop/services/remote_wipe.py) says of the signed-in
person: role, scope and server name, kept inside the encrypted store (desktop/store/identity.py), and the
office's policies (meta `office_policy`, read by the window's closure check). `push_audit`: the laptop's own log from where the server's copy ends (POST /audit),
the signed checkpoint checked against the server's key and kept (meta `audit_checkpoint`).
A server of protocol 2 or 1 knows neither: the sync goes on without them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from desktop.store import audit, identity
from desktop.store.database import writing
from desktop.store.keyslots import SlotInfo
from desktop.store.store import OpenStore
from sync.auditchain import Checkpoint, signature_valid
from sync.client import errors as e
from sync.client.transport import Transport
from sync.protocol import MAX_AUDIT_BATCH, AuditPushResponse, MeResponse

log = logging.getLogger(__name__)

POLICY_KEY = "office_policy"
AUDIT_KEY_META = "audit_public_key"


def keep_me(store: OpenStore, me: MeResponse) -> None:
    """The server's word on the signed-in person (GET /me, asked by the sync cycle), kept in the store."""
    with writing(store.engine) as conn, conn.begin():
        identity.update_user(conn, store.user.username, role=me.user.role, display_name=me.user.display_name,
                             server_username=me.user.username, office_ids=me.scope.office_ids,
                             refreshed_at=audit.now_ms())
        store.set_meta(POLICY_KEY, me.policy.model_dump(), conn)
        if not store.get_meta(AUDIT_KEY_META):
            store.set_meta(AUDIT_KEY_META, me.audit_public_key, conn)
    store.user = SlotInfo(store.user.username, me.user.display_name or store.user.username, me.user.role)
    store.author = me.user.username


def after_me(store: OpenStore, transport: Transport, me: MeResponse | None,
             me_error: e.SyncError | None = None) -> tuple[AuditReport | None, str | None]:
    """Keep what /me said and send the audit log; (report, error in words). Never stops the sync.

    A failed /me is not silent: without the server's position the log cannot be sent, so the reason is
    returned and kept (meta `audit_push_error`, in `poruch status` and the status bar); the next cycle
    asks again and sends everything from where the server's copy ends."""
    if me is None and me_error is None:
        return None, None  # a server older than protocol 3: it has no audit log
    error: str | None = me_error.message if me_error is not None else None
    report = None
    if me is not None:
        try:
            keep_me(store, me)
            report = push_audit(store, transport, me)
        except e.SyncError as exc:
            log.warning("the audit log was not sent: %s", exc.code)
            error = exc.message
    try:
        if store.get_meta(audit.AUDIT_ERROR_KEY) != error:  # mostly None again: no commit for nothing
            store.set_meta(audit.AUDIT_ERROR_KEY, error)
    except Exception:  # the store was locked meanwhile: the next cycle writes it again
        log.info("audit push state not kept")
    return report, error


@dataclass
class AuditReport:
    sent: int = 0
    breaks: list[str] = field(default_factory=list)
    checkpoint: str | None = None


class BadCheckpoint(e.SyncError):
    code = "bad_checkpoint"
    exit_code = 8
    uk = "Сервер повернув контрольну точку журналу аудиту, що не перевіряється."
    en = "The server's audit checkpoint does not verify."


def push_audit(store: OpenStore, transport: Transport, me: MeResponse) -> AuditReport:
    """Send the log's entries the server does not hold yet, keep the signed checkpoint of the last answer."""
    report = AuditReport()
    key = store.get_meta(AUDIT_KEY_META) or me.audit_public_key
    position = me.audit.size
    while True:
        with store.engine.connect() as conn:
            entries = audit.entries_after(conn, position, MAX_AUDIT_BATCH)
        if not entries:
            return report
        answer = transport.call("POST", "/api/v1/audit", {"entries": entries}, model=AuditPushResponse)
        cp = answer.checkpoint
        try:
            parsed = Checkpoint.parse(cp.text)
        except ValueError:
            raise BadCheckpoint("unparseable") from None
        if cp.public_key != key or not signature_valid(key, cp.text, cp.signature) \
                or parsed.device_id != store.device_id:
            raise BadCheckpoint("signature")
        report.sent += answer.accepted
        report.breaks += [f"{b.seq} {b.kind}" for b in answer.breaks]
        store.set_meta(audit.AUDIT_CHECKPOINT_KEY, cp.model_dump())
        report.checkpoint = cp.text
        if answer.breaks:
            log.warning("the server flagged %d breaks in this laptop's audit log", len(answer.breaks))
        position = entries[-1]["seq"]
