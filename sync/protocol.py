"""The wire format of the sync protocol, versions 1 and 2 (see docs/sync-protocol.md): one definition, both ends.

Version 2 adds, for the same requests: the new `seq`, `hash` and `hlc` of each record in a push
answer, `skip` in a pull request (records the device already holds from those answers), and a
pull answer in lines (`PULL_LINES_TYPE`) whose record data is the canonical JSON text itself.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

PROTOCOL_VERSION = 2
SUPPORTED_PROTOCOLS = (1, 2)
PROTOCOL_HEADER = "X-Poruch-Protocol"
USER_HEADER = "X-Poruch-User"
MAX_PUSH_BATCH = 2000
MAX_PULL_LIMIT = 5000
MAX_SKIP_RANGES = 10000
PULL_LINES_TYPE = "application/x-poruch-pull"  # version 2 pull answers (see docs/sync-protocol.md, Pull)
PULL_LINE_FIELDS = ("id", "type", "case_id", "office_id", "deleted", "seq", "hlc", "hash")


class Change(BaseModel):
    change_id: str = Field(min_length=1, max_length=64)
    record_id: str = Field(min_length=1, max_length=64)
    record_type: str = Field(min_length=1, max_length=40)
    case_id: str = Field(min_length=1, max_length=64)
    op: Literal["upsert", "delete"]
    fields: dict[str, Any] = Field(default_factory=dict)
    base_seq: int = Field(ge=0)
    hlc: int = Field(ge=0)
    user: str = Field(max_length=100)
    device_id: str = Field(max_length=64)


class PushRequest(BaseModel):
    changes: list[Change]


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
    cursor: int = Field(ge=0)
    limit: int = Field(default=2000, ge=1, le=MAX_PULL_LIMIT)
    # Version 2: [first, last] seq ranges whose records the device holds already (confirmed by push
    # answers): a record whose current seq falls in one is left out of the page.
    skip: list[tuple[int, int]] = Field(default_factory=list, max_length=MAX_SKIP_RANGES)
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


class EnrollRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)
    device_name: str = Field(default="", max_length=200)


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


class LoginResponse(BaseModel):
    user_token: str
    user: UserInfo
    server_time_ms: int


class ErrorBody(BaseModel):
    code: str
    message: str
    detail: Any | None = None
