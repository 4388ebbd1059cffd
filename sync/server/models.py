"""Server tables (SQLAlchemy Core). JSON is kept as text so SQLite and PostgreSQL share one schema.

Records carry their synced state plus, per field, who set it and when (`field_meta`), which is what
the per-field merge needs. `scope_digests` holds each office's count and XOR digest, maintained at
every record write, so the verification request is a single row read per office.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

ID = String(36)
# Times are epoch milliseconds (BigInteger): no time-zone handling differences between backends.

organisations = Table(
    "organisations", metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),  # ministry | oblast | raion | office
    Column("name", String(300), nullable=False),
    Column("katottg", String(19)),
    Column("parent_id", ID, ForeignKey("organisations.id")),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("kind", "katottg"),
    Index(None, "parent_id"),
)

users = Table(
    "users", metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False, server_default=""),
    Column("password_hash", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("created_at", BigInteger, nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False, server_default=""),
    Column("org_id", ID, ForeignKey("organisations.id"), nullable=False),  # the scope it was enrolled for
    Column("secret_hash", String(64), nullable=False),
    Column("enrolled_by", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("last_seen_at", BigInteger),
    Column("revoked_at", BigInteger),
)

user_tokens = Table(
    "user_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("device_id", ID, ForeignKey("devices.id"), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger),
    Index(None, "device_id"),
)

records = Table(
    "records", metadata,
    Column("id", String(64), primary_key=True),
    Column("type", String(40), nullable=False),
    Column("case_id", String(64), nullable=False, index=True),
    Column("office_id", ID, nullable=False),
    Column("data", Text, nullable=False),        # canonical JSON of the fields
    Column("field_meta", Text, nullable=False),  # {field: [seq, effective_ts, device_id, user]}
    Column("deleted", Boolean, nullable=False, server_default="0"),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("hlc", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
    Index(None, "office_id", "seq"),  # pull: a scope's records after a cursor
)

applied_changes = Table(
    "applied_changes", metadata,
    Column("change_id", String(64), primary_key=True),
    Column("device_id", ID, nullable=False),
    Column("user_id", ID, nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("received_at", BigInteger, nullable=False),
)

case_moves = Table(
    "case_moves", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(64), nullable=False, index=True),
    Column("from_office", ID, nullable=False),
    Column("to_office", ID, nullable=False),
    Column("seq", BigInteger, nullable=False, index=True),
)

scope_digests = Table(
    "scope_digests", metadata,
    Column("office_id", ID, primary_key=True),
    Column("count", BigInteger, nullable=False),
    Column("digest", String(16), nullable=False),  # 64-bit XOR as hex: no signed-int64 overflow
)

server_state = Table(
    "server_state", metadata,
    Column("id", Integer, primary_key=True),  # a single row, id 1
    Column("seq", BigInteger, nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False, index=True),
    Column("user_id", ID),
    Column("device_id", ID),
    Column("action", String(40), nullable=False),
    Column("object_ids", Text, nullable=False, server_default="{}"),  # JSON of ids and counts only
)

login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(100), nullable=False),
    Column("address", String(64), nullable=False),
    Column("at", BigInteger, nullable=False),
    Column("success", Boolean, nullable=False),
    Index(None, "username", "at"),
    Index(None, "address", "at"),
)

# Attachment bytes, content-addressed (sync.server.attachments): stored once whoever uploads them.
attachment_blobs = Table(
    "attachment_blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("device_id", String(36), nullable=False),  # the first uploader (informative)
)
