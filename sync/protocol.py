"""The wire format of the sync protocol, versions 1 to 3 (see docs/sync-protocol.md): one definition, both ends.

Version 2 adds, for the same requests: the new `seq`, `hash` and `hlc` of each record in a push
answer, `skip` in a pull request (records the device already holds from those answers), and a
pull answer in lines (`PULL_LINES_TYPE`) whose record data is the canonical JSON text itself.

Version 3 (identity and accountability) adds requests beside sync: who the caller is and what their
office's policies are (`GET /me`), the laptop's own audit log (`POST /audit`, answered with a signed
checkpoint), and the device's status credential (`/device/...`: "am I revoked?" without unlocking).
A version 3 client that finds a server of version 2 or 1 syncs without them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel as _PydanticModel
from pydantic import ConfigDict, Field


class BaseModel(_PydanticModel):
    """The protocol's models build their validators when first used, not when imported: a
    `poruch sync` with nothing to do uses three of them, and building all of them was a fifth of
    its start-up (issue 16)."""

    model_config = ConfigDict(defer_build=True)

PROTOCOL_VERSION = 3
SUPPORTED_PROTOCOLS = (1, 2, 3)
PROTOCOL_HEADER = "X-Poruch-Protocol"
USER_HEADER = "X-Poruch-User"
# A push may name the server epoch its device last synced in: a server in another epoch (restored from a
# backup since) answers 409 epoch_changed before applying anything (docs/sync-protocol.md, Verification).
EPOCH_HEADER = "X-Poruch-Epoch"
STATUS_SCHEME = "Status"  # Authorization: Status <device_id>.<status_token> (the device status requests only)
MAX_AUDIT_BATCH = 2000
MAX_PUSH_BATCH = 2000
# A push body's bound (inflated): a batch of 2,000 changes made by the synthetic office workload encodes
# to 1.0-1.15 MB (benchmarks/abuse.py --measure-push); parsing a body holds the interpreter, so the bound
# keeps a hostile one from stalling the server. Clients split their batches at half of it.
MAX_PUSH_BYTES = 4 * 1024 * 1024
PUSH_TARGET_BYTES = MAX_PUSH_BYTES // 2
MAX_PULL_LIMIT = 5000
MAX_SKIP_RANGES = 10000
MAX_CHANGE_FIELDS = 64  # the largest record type has 19 fields (sync.records.schema)
PULL_LINES_TYPE = "application/x-poruch-pull"  # version 2 pull answers (see docs/sync-protocol.md, Pull)
PULL_LINE_FIELDS = ("id", "type", "case_id", "office_id", "deleted", "seq", "hlc", "hash")


Seq = Annotated[int, Field(ge=0, lt=2**63)]  # sequence numbers and clocks: a signed 64-bit column
FieldName = Annotated[str, Field(max_length=60, pattern=r"^[a-z][a-z0-9_]*$")]  # as in sync.records.schema


class Change(BaseModel):
    change_id: str = Field(min_length=1, max_length=64)
    record_id: str = Field(min_length=1, max_length=64)
    record_type: str = Field(min_length=1, max_length=40)
    case_id: str = Field(min_length=1, max_length=64)
    op: Literal["upsert", "delete"]
    fields: dict[FieldName, Any] = Field(default_factory=dict, max_length=MAX_CHANGE_FIELDS)
    base_seq: Seq
    hlc: Seq
    user: str = Field(max_length=100)
    device_id: str = Field(max_length=64)


class PushRequest(BaseModel):
    # Bounded in the model, so that a list of a million items is refused before its items are read
    # (the route answers 413 batch_too_large: sync.server.errors).
    changes: list[Change] = Field(max_length=MAX_PUSH_BATCH)


class ChangeResult(BaseModel):
    change_id: str
    status: Literal["applied", "duplicate", "rejected"]
    reason: str | None = None
    # Version 2, "applied" only: the record's state once the batch committed (the last change of
    # the batch to it; a moved case's records get their new numbers).
    seq: int | None = None
    hash: str | None = None
    hlc: int | None = None


class PushResponse(BaseModel):
    results: list[ChangeResult]
    server_time_ms: int


class PullRequest(BaseModel):
    cursor: Seq
    limit: int = Field(default=2000, ge=1, le=MAX_PULL_LIMIT)
    # Version 2: [first, last] seq ranges whose records the device holds already (confirmed by push
    # answers): a record whose current seq falls in one is left out of the page.
    skip: list[tuple[Seq, Seq]] = Field(default_factory=list, max_length=MAX_SKIP_RANGES)
    # Version 2: the last page (more = false) also carries the scope's digest, read with the page, so
    # that a sync needs no digest request of its own. A server that does not know it leaves it out.
    digest: bool = False


class Record(BaseModel):
    id: str
    type: str
    case_id: str
    office_id: str
    data: dict[str, Any]
    deleted: bool
    seq: int
    hlc: int
    hash: str | None = None  # version 2


class PullResponse(BaseModel):
    records: list[Record]
    evictions: list[str]
    cursor: int
    more: bool
    server_time_ms: int


class DigestResponse(BaseModel):
    count: int
    digest: str
    cursor: int
    # Version 3 servers: their epoch, changed when the database is restored from a backup, and the counter it
    # began at (docs/sync-protocol.md, Verification). Older servers leave them out.
    epoch: str | None = None
    epoch_seq: int = 0


class EnrollRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(default="", max_length=200)
    # Enrolling again a laptop the server no longer knows (its database was restored from a backup taken
    # before the laptop enrolled): the laptop's own device id and office, so that what it made keeps naming
    # this device (docs/sync-protocol.md, Enrolment). Both or neither.
    device_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[0-9a-f-]+$")
    office_id: str | None = Field(default=None, min_length=1, max_length=64)


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


class UserInfo(BaseModel):
    id: str
    username: str
    display_name: str
    role: str


class OfficeInfo(BaseModel):
    id: str
    name: str
    katottg: str | None = None


class Scope(BaseModel):
    office_ids: list[str]


class EnrollResponse(BaseModel):
    device_id: str
    device_secret: str
    user_token: str
    user: UserInfo
    office: OfficeInfo
    scope: Scope
    server_time_ms: int
    # Version 3: the credential that can only ask "am I revoked?" (kept outside the encrypted store),
    # and the server's key that signs audit checkpoints (Ed25519, base64 of the raw 32 bytes).
    status_token: str | None = None
    audit_public_key: str | None = None


class LoginResponse(BaseModel):
    user_token: str
    user: UserInfo
    server_time_ms: int


# --- version 3 ---------------------------------------------------------------------------------------
class DevicePolicy(BaseModel):
    """Policies of the device's office (for a district laptop: the strictest of its offices)."""

    wipe_after_failed_unlocks: int | None = None  # None: never
    lockout_after_days: int | None = None          # None: never
    closure_approval_offices: list[str] = Field(default_factory=list)  # closing a case needs a supervisor


class AuditPosition(BaseModel):
    size: int   # number of the last entry of this device's log the server holds (0: none)
    hash: str | None = None


class MeResponse(BaseModel):
    user: UserInfo
    scope: Scope
    policy: DevicePolicy
    audit: AuditPosition
    audit_public_key: str
    server_time_ms: int


class AuditEntry(BaseModel):
    """One entry of a laptop's audit log (sync.auditchain.LAPTOP_ENTRY_KEYS); `hash` chains it."""

    seq: int = Field(ge=1, lt=2**63)
    at: int = Field(ge=0, lt=2**63)
    user: str = Field(max_length=100)
    action: str = Field(min_length=1, max_length=30, pattern=r"^[a-z_]+$")
    case_id: str | None = Field(default=None, max_length=64)
    record_type: str | None = Field(default=None, max_length=40)
    fields: list[Annotated[str, Field(max_length=60)]] | None = Field(default=None, max_length=100)
    detail: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=300)] | int | bool | None] | None \
        = Field(default=None, max_length=20)
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class AuditPushRequest(BaseModel):
    entries: list[AuditEntry] = Field(max_length=MAX_AUDIT_BATCH)


class SignedCheckpoint(BaseModel):
    text: str            # sync.auditchain.Checkpoint.text()
    signature: str       # Ed25519 over the text, base64
    public_key: str


class AuditBreak(BaseModel):
    seq: int
    kind: str  # gap | rewritten | order
    detail: str = ""


class AuditPushResponse(BaseModel):
    accepted: int
    duplicates: int
    breaks: list[AuditBreak]
    checkpoint: SignedCheckpoint
    server_time_ms: int


class DeviceStatusResponse(BaseModel):
    state: Literal["active", "revoked"]
    lost: bool = False
    wipe: bool = False
    server_time_ms: int


class StatusTokenResponse(BaseModel):
    status_token: str


class WipedReport(BaseModel):
    reason: Literal["remote", "emergency", "failed_unlocks"]


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any | None = None
