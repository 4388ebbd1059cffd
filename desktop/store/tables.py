"""Tables of the encrypted local store (SQLAlchemy Core).

`records` holds every record of every case as JSON, with its sync bookkeeping: the server
sequence it was last pulled at (0 = never synced) and its share of the scope digest, from the
server's hash of its state (NULL: never synced; migration 0010 replaced the 64-hex hash).
`outbox` holds changes not yet acknowledged by the server, in the order they were made.
`case_index`, `task_index`, `search_terms` and `case_terms` are projections of `records` kept for fast lists
and search; they are device-local and can be rebuilt at any time.

This is the schema at the head revision. A change here needs a migration with explicit ops in
migrations/versions (0001 keeps its own frozen copy); tests/store/test_upgrade.py checks that a
store created fresh and one upgraded from every older revision end up identical.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from sync.reports.facts import define_fact_tables

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
)

records = Table(
    "records", metadata,
    Column("id", String, primary_key=True),
    Column("type", String, nullable=False),
    Column("case_id", String, nullable=False),
    Column("data", Text, nullable=False),
    Column("deleted", Integer, nullable=False, server_default="0"),
    Column("server_seq", Integer, nullable=False, server_default="0"),
    Column("updated_at", Integer, nullable=False, server_default="0"),
    Column("server_share", Integer),  # digest_share(id, the server's hash); signed 64-bit
    Index("ix_records_case", "case_id", "type"),
    Index("ix_records_type", "type"),
)

# `server_share` of a record made here and not synced yet: 8 bytes, as the share the push will write,
# so confirming a pushed record does not grow its row and split its page (a push of a registration
# drive left the records' pages 15 % empty). A share counts only while server_seq > 0.
UNSYNCED_SHARE = -(1 << 63)

outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("change_id", String, nullable=False, unique=True),
    Column("record_id", String, nullable=False),
    Column("record_type", String, nullable=False),
    Column("case_id", String, nullable=False),
    Column("op", String, nullable=False),
    Column("fields", Text, nullable=False),
    Column("base_seq", Integer, nullable=False),
    Column("hlc", Integer, nullable=False),
    Column("user", String, nullable=False),
    Index("ix_outbox_record", "record_id"),
    Index("ix_outbox_case", "case_id"),
)

rejected_changes = Table(
    "rejected_changes", metadata,
    Column("change_id", String, primary_key=True),
    Column("record_id", String, nullable=False),
    Column("record_type", String, nullable=False),
    Column("case_id", String, nullable=False),
    Column("op", String, nullable=False),
    Column("fields", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("rejected_at", String, nullable=False),
)

case_index = Table(
    "case_index", metadata,
    Column("case_id", String, primary_key=True),
    Column("office_id", String),
    Column("sort_key", String, nullable=False, server_default=""),
    Column("surname", String),
    Column("given_name", String),
    Column("patronymic", String),
    Column("birth_date", String),
    Column("category", String),
    Column("stage", String),
    Column("status", String),
    Column("priority", String),
    Column("priority_rank", Integer, nullable=False, server_default="0"),
    Column("assigned_to", String),
    Column("next_task_due", String),
    Column("origin_katottg", String),
    Column("origin_listed", Integer, nullable=False, server_default="0"),
    Column("opened_on", String),
    Column("updated_at", Integer, nullable=False, server_default="0"),
    # (sort_key, case_id): the list's name order and the broad search walk are read from the index alone.
    Index("ix_case_sort_id", "sort_key", "case_id"),
    Index("ix_case_status", "status", "sort_key"),
    Index("ix_case_stage", "stage", "sort_key"),
    Index("ix_case_category", "category", "sort_key"),
    Index("ix_case_priority", "priority_rank"),
    Index("ix_case_assigned", "assigned_to", "sort_key"),
    Index("ix_case_next_due", "next_task_due"),
    Index("ix_case_birth", "birth_date"),
)

task_index = Table(
    "task_index", metadata,
    Column("task_id", String, primary_key=True),
    Column("case_id", String, nullable=False),
    Column("due_date", String, nullable=False),
    Column("assignee", String),
    Column("done", Integer, nullable=False, server_default="0"),
    Index("ix_task_due", "done", "due_date"),
    Index("ix_task_case", "case_id"),
)

search_terms = Table(
    "search_terms", metadata,
    Column("term", String, nullable=False),
    Column("kind", String, nullable=False),
    Column("case_id", String, nullable=False),
    # WITHOUT ROWID (migration 0008): the table is its (kind, term, case_id) key, which search reads
    # case_id from with every match. A case's own terms are read from case_terms (migration 0011
    # dropped the index by case: each term is stored once).
    PrimaryKeyConstraint("kind", "term", "case_id"),
    sqlite_with_rowid=False,
)

# Each case's search terms in one row (projection.terms_text), for re-projecting it: what to delete
# from search_terms and whether anything changed. Kept with search_terms in the same transactions,
# except during a first download: its terms wait here until its last build adds them to search_terms
# at once (meta `terms_later`; desktop/store/replica.py, flush_projections).
case_terms = Table(
    "case_terms", metadata,
    Column("case_id", String, primary_key=True),
    Column("terms", Text, nullable=False),
    sqlite_with_rowid=False,
)

# Cases a long download has pulled records of and not projected yet (migration 0009): the lists are
# built from it now and then, and at the end (desktop/store/replica.py, flush_projections).
projection_queue = Table(
    "projection_queue", metadata,
    Column("case_id", String, primary_key=True),
    sqlite_with_rowid=False,
)

attachment_blobs = Table(
    "attachment_blobs", metadata,
    Column("attachment_id", String, primary_key=True),
    Column("content", LargeBinary, nullable=False),
)

# Who may use this laptop, as the server says (GET /me at every sync; migration 0004). Not in the
# plain key slot file: editing a file must not make anyone a supervisor (desktop/store/identity.py).
local_users = Table(
    "local_users", metadata,
    Column("username", String, primary_key=True),       # the key slot's name
    Column("server_username", String),                  # the name the server knows (the author of changes)
    Column("display_name", String, nullable=False, server_default=""),
    Column("role", String, nullable=False),
    Column("office_ids", Text),                          # JSON list: the scope /me answered
    Column("signed_in_at", Integer),                     # ms: when they last signed in to the server
    Column("refreshed_at", Integer),                     # ms: the last /me answer for them
)

# The laptop's own audit log (migration 0004; triggers refuse UPDATE and DELETE): each entry's `hash`
# chains it to the one before (sync/auditchain.py); pushed with sync (POST /audit).
audit_log = Table(
    "audit_log", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", Integer, nullable=False),
    Column("user", String, nullable=False),
    Column("action", String, nullable=False),
    Column("case_id", String),
    Column("record_type", String),
    Column("fields", Text),
    Column("detail", Text),
    Column("hash", String, nullable=False),
)

# Report facts (sync.reports.facts): flat rows per case, the same tables as on the server. Every write
# path of the store queues the cases whose fact records it wrote in `report_dirty`, in its own transaction
# (report_facts.queue_cases; no trigger does it); the facts of queued cases are rebuilt before a report
# is computed (desktop/store/report_facts.py).
report_dirty = Table(
    "report_dirty", metadata,
    Column("case_id", String, primary_key=True),
)
fact_tables = define_fact_tables(metadata)
