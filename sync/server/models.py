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
    text,
)

from sync.reports.facts import define_fact_tables

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
    Column("closed_at", BigInteger),  # an office closed by an administrator (no cases, no active users left)
    # One oblast or raion per codifier code; a hromada may run several offices (a centre of social
    # services and a separate IDP desk), so offices are not unique by code.
    Index("uq_organisations_area", "kind", "katottg", unique=True,
          sqlite_where=text("kind <> 'office'"), postgresql_where=text("kind <> 'office'")),
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
    # Set by an administrator's create or reset: the person chooses their own password at the next
    # login (the console) before anything else, and cannot enrol a laptop until then.
    Column("must_change_password", Boolean, nullable=False, server_default="0"),
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
    # What the laptop said at its last contact (User-Agent "poruch-client/<version>", X-Poruch-Protocol).
    Column("app_version", String(40)),
    Column("protocol_version", Integer),
    Column("rejected_changes", BigInteger, nullable=False, server_default="0"),  # refused by push, in total
    Column("lost_at", BigInteger),  # reported lost or stolen (it is revoked at the same time)
    # The credential that can only ask "am I revoked?" (sync.server.routes.device), kept by the laptop
    # outside its encrypted store so that it can ask before anyone unlocks it. SHA-256, like the secret.
    Column("status_hash", String(64)),
    Column("wiped_at", BigInteger),  # the laptop said it destroyed its data (emergency or remote wipe)
    # The laptop's own audit log as received so far (sync.server.audit_intake): the last entry's number
    # and hash, and how many breaks of its chain (gaps, rewritten entries) were flagged.
    Column("audit_seq", BigInteger, nullable=False, server_default="0"),
    Column("audit_hash", String(64)),
    Column("audit_breaks", Integer, nullable=False, server_default="0"),
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
    # Changed by `poruch-server restored` after the database is restored from a backup, with the counter it
    # began at: a laptop holding changes numbered above that gives them back instead of taking the older state.
    Column("epoch", String(32)),
    Column("epoch_seq", BigInteger, nullable=False, server_default="0"),
    Column("epoch_began_at", BigInteger),  # ms; None until the first restore
)

# The one audit log of the server: what the server did and what laptops reported (sync.server.audit).
# Hash-chained in id order: each entry's hash covers the previous entry's hash and its own content, so
# a removed or rewritten entry breaks every hash after it (`poruch-server audit verify`). Entries a laptop
# sent from its own log carry that log's number (`device_seq`) and its hash inside `object_ids`.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", BigInteger, nullable=False, index=True),
    Column("user_id", ID),
    Column("device_id", ID),
    Column("action", String(40), nullable=False),
    Column("object_ids", Text, nullable=False, server_default="{}"),  # JSON of ids, names of fields, counts
    Column("device_seq", BigInteger),
    Column("hash", String(64), nullable=False),
    Index(None, "device_id", "device_seq"),
)

# Policies an administrator sets per office, delivered to its laptops with every sync (GET /api/v1/me).
office_policies = Table(
    "office_policies", metadata,
    Column("office_id", ID, ForeignKey("organisations.id"), primary_key=True),
    Column("closure_requires_approval", Boolean, nullable=False, server_default="0"),
    Column("wipe_after_failed_unlocks", Integer),  # None: never (the default)
    Column("lockout_after_days", Integer),         # None: never
    Column("updated_at", BigInteger, nullable=False),
    Column("updated_by", ID, ForeignKey("users.id")),
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

# Web console sessions (sync.server.console): the cookie holds a random token, stored here as SHA-256.
console_sessions = Table(
    "console_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("last_seen_at", BigInteger, nullable=False),
    Column("ended_at", BigInteger),
)

# Reference data editions uploaded by administrators (the list of hostilities/occupation territories),
# newest in force; laptops fetch the one in force after a sync (GET /api/v1/reference/hostilities).
reference_editions = Table(
    "reference_editions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(40), nullable=False),  # "hostilities"
    Column("edition", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("uploaded_at", BigInteger, nullable=False),
    Column("uploaded_by", ID, ForeignKey("users.id"), nullable=False),
    Index(None, "kind", "id"),
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

# Through which cases a blob's bytes may be read: those whose office uploaded them (the bytes are the
# proof), which keep them when they move to another office. Knowing a hash opens nothing.
attachment_cases = Table(
    "attachment_cases", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("case_id", ID, primary_key=True),
    Column("created_at", BigInteger, nullable=False),
)

# Report facts (sync.reports.facts): the same tables as on the laptops, rebuilt for the cases whose
# records changed since `report_state.cursor` (a record seq) before a report or release is computed.
fact_tables = define_fact_tables(metadata)

report_state = Table(
    "report_state", metadata,
    Column("id", Integer, primary_key=True),  # a single row, id 1
    Column("cursor", BigInteger, nullable=False),
)

# Computed analysts' releases, valid while the record seq they were computed at is current.
aggregate_cache = Table(
    "aggregate_cache", metadata,
    Column("key", String(200), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("payload", Text, nullable=False),
)

# The national release's counts per month (sync.server.release_counts): the cube of every national table
# per hromada (or office, where the hromada is not known), kept current as facts are rebuilt.
release_months = Table(
    "release_months", metadata,
    Column("month", String(7), primary_key=True),
    Column("start_on", String(10), nullable=False),
    Column("end_on", String(10), nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("before_on", String(10), nullable=False),
    Column("version", String(32), nullable=False),
    Column("created_at", BigInteger, nullable=False),
)
release_counts = Table(
    "release_counts", metadata,
    Column("month", String(7), primary_key=True),
    Column("table_id", String(40), primary_key=True),
    Column("key_office", String(64), primary_key=True),  # '' where the hromada is known
    Column("hromada", String(19), primary_key=True),  # '' where not known
    Column("dims", String(400), primary_key=True),  # the dimensions' values, a JSON list
    Column("n", BigInteger, nullable=False),
)

# Sign-in without a device, for people who hold no case data on a laptop (analysts; also
# supervisors and district staff fetching a report): a bearer token, stored hashed, that expires.
api_sessions = Table(
    "api_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", ID, ForeignKey("users.id"), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("revoked_at", BigInteger),
    Index(None, "user_id"),
)

# Case transfers between offices (sync.server.transfers): one row per transfer, beside its two records
# (the sender's, `id`, and the receiving office's, `incoming_id`), so that the pending ones of a case and
# the ones due to expire are found without reading records.
transfers = Table(
    "transfers", metadata,
    Column("id", String(64), primary_key=True),
    Column("incoming_id", String(64), nullable=False),
    Column("case_id", String(64), nullable=False, index=True),
    Column("from_office", ID, nullable=False),
    Column("to_office", ID, nullable=False),
    Column("state", String(16), nullable=False),
    Column("requested_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False),
    Column("closed_at", BigInteger),
    Index(None, "state", "expires_at"),
)


# Possible duplicates across offices (sync.server.duplicates): each person's match profile and lookup keys,
# and one row per flagged pair (open, same_person, different_people) so a decided pair is never flagged again.
person_match = Table(
    "person_match", metadata,
    Column("case_id", String(64), primary_key=True),
    Column("office_id", ID, nullable=False),
    Column("profile", Text, nullable=False),   # sync.matching.MatchProfile as JSON
    Column("display", Text, nullable=False),   # name, birth date, phones: what the other office may see
)

person_match_keys = Table(
    "person_match_keys", metadata,
    Column("key", String(200), primary_key=True),
    Column("case_id", String(64), primary_key=True, index=True),
)

duplicate_pairs = Table(
    "duplicate_pairs", metadata,
    Column("id", String(64), primary_key=True),
    Column("case_a", String(64), nullable=False, index=True),
    Column("case_b", String(64), nullable=False, index=True),
    Column("state", String(20), nullable=False),
    Column("found_at", BigInteger, nullable=False),
    Column("decided_at", BigInteger),
)

# Cases whose person the duplicate check has still to look at (sync.server.checks_later): a push queues the
# cases it touched in its own transaction and answers; the check runs once the pushes pause, in its own.
duplicate_queue = Table(
    "duplicate_queue", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", String(64), nullable=False),
)

# The national directory of referral partners (sync.partners, sync.server.partners), maintained by
# administrators; an office's own local providers are local_partner records instead. Lists as JSON text.
partners = Table(
    "partners", metadata,
    Column("code", String(60), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("services", Text, nullable=False, server_default="[]"),
    Column("territories", Text, nullable=False, server_default="[]"),
    Column("phone", String(60), nullable=False, server_default=""),
    Column("email", String(200), nullable=False, server_default=""),
    Column("address", String(500), nullable=False, server_default=""),
    Column("website", String(300), nullable=False, server_default=""),
    Column("notes", Text, nullable=False, server_default=""),
    Column("created_at", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),
    Column("updated_by", ID),  # None: the packaged seed or the command line
    Column("retired_at", BigInteger),
)

# Aid overlaps flagged (sync.server.aid_overlap): one row per pair of services, so a pair is flagged once.
aid_overlaps = Table(
    "aid_overlaps", metadata,
    Column("id", String(64), primary_key=True),
    Column("service_a", String(64), nullable=False, index=True),
    Column("service_b", String(64), nullable=False, index=True),
    Column("found_at", BigInteger, nullable=False),
)

# Household members' identifiers (sync.server.aid_overlap): "rnokpp:<digits>" per member, so aid given to a
# household is compared with aid given to the household or person another case holds under that number.
household_keys = Table(
    "household_keys", metadata,
    Column("key", String(200), primary_key=True),
    Column("member_id", String(64), primary_key=True),
    Column("case_id", String(64), nullable=False, index=True),
)
