"""Who may use the laptop, as the server says, and the laptop's own hash-chained audit log.

`local_users` holds each key slot's person: their role and scope from the server (GET /me), the
name the server knows them by, and when they last signed in to it. Inside the encrypted database,
so that editing the plain key slot file changes nothing; the rows of an existing store are made at
its first unlock after this upgrade (desktop/store/identity.py), from the slot file's last roles.

`audit_log` is append-only: triggers refuse to update or delete an entry.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "local_users",
        sa.Column("username", sa.String(), primary_key=True),
        sa.Column("server_username", sa.String()),
        sa.Column("display_name", sa.String(), nullable=False, server_default=""),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("office_ids", sa.Text()),
        sa.Column("signed_in_at", sa.Integer()),
        sa.Column("refreshed_at", sa.Integer()),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("case_id", sa.String()),
        sa.Column("record_type", sa.String()),
        sa.Column("fields", sa.Text()),
        sa.Column("detail", sa.Text()),
        sa.Column("hash", sa.String(), nullable=False),
    )
    op.execute("CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")
    op.execute("CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END")


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_log_append_only_delete")
    op.execute("DROP TRIGGER audit_log_append_only_update")
    op.drop_table("audit_log")
    op.drop_table("local_users")
