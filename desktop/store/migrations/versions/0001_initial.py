"""Initial local store: records, outbox, projections, attachments.

Revision ID: 0001
Revises:
"""

from alembic import op
from sqlalchemy import Column, Index, Integer, LargeBinary, MetaData, String, Table, Text

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _schema() -> MetaData:
    """The tables as they were at this revision, frozen here: later revisions change them with
    explicit ops, and a store created at 0001 and upgraded must end up exactly like a new one
    (tests/store/test_migrations.py compares them)."""
    metadata = MetaData()

    Table(
        "meta", metadata,
        Column("key", String, primary_key=True),
        Column("value", Text, nullable=False),
    )

    Table(
        "records", metadata,
        Column("id", String, primary_key=True),
        Column("type", String, nullable=False),
        Column("case_id", String, nullable=False),
        Column("data", Text, nullable=False),
        Column("deleted", Integer, nullable=False, server_default="0"),
        Column("server_seq", Integer, nullable=False, server_default="0"),
        Column("server_hash", String),
        Column("updated_at", Integer, nullable=False, server_default="0"),
        Index("ix_records_case", "case_id", "type"),
        Index("ix_records_type", "type"),
    )

    Table(
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

    Table(
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

    Table(
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
        Index("ix_case_sort", "sort_key"),
        Index("ix_case_status", "status", "sort_key"),
        Index("ix_case_stage", "stage", "sort_key"),
        Index("ix_case_category", "category", "sort_key"),
        Index("ix_case_priority", "priority_rank"),
        Index("ix_case_assigned", "assigned_to", "sort_key"),
        Index("ix_case_next_due", "next_task_due"),
        Index("ix_case_birth", "birth_date"),
    )

    Table(
        "task_index", metadata,
        Column("task_id", String, primary_key=True),
        Column("case_id", String, nullable=False),
        Column("due_date", String, nullable=False),
        Column("assignee", String),
        Column("done", Integer, nullable=False, server_default="0"),
        Index("ix_task_due", "done", "due_date"),
        Index("ix_task_case", "case_id"),
    )

    Table(
        "search_terms", metadata,
        Column("term", String, nullable=False),
        Column("kind", String, nullable=False),
        Column("case_id", String, nullable=False),
        Index("ix_terms_term", "kind", "term"),
        Index("ix_terms_case", "case_id"),
    )

    Table(
        "attachment_blobs", metadata,
        Column("attachment_id", String, primary_key=True),
        Column("content", LargeBinary, nullable=False),
    )
    return metadata


def upgrade() -> None:
    _schema().create_all(op.get_bind())


def downgrade() -> None:
    _schema().drop_all(op.get_bind())
