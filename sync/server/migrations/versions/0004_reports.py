"""reports: the fact tables shared with the laptops, their cursor, the analysts' release cache and
device-less API sessions (sync/server/reports.py, sync/server/sessions.py)

Revision ID: 0004_reports
Revises: 0003_console_administration
Create Date: 2026-12-03 20:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004_reports'
down_revision: str | Sequence[str] | None = '0003_console_administration'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAMING = {"ix": "ix_%(table_name)s_%(column_0_N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
           "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def upgrade() -> None:
    from sync.reports.facts import define_fact_tables

    bind = op.get_bind()
    for table in define_fact_tables(sa.MetaData(naming_convention=_NAMING)).values():
        table.create(bind)
    op.create_table('report_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cursor', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_state'))
    )
    op.create_table('aggregate_cache',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_aggregate_cache'))
    )
    op.create_table('api_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('expires_at', sa.BigInteger(), nullable=False),
    sa.Column('revoked_at', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_api_sessions'))
    )
    op.create_index(op.f('ix_api_sessions_user_id'), 'api_sessions', ['user_id'], unique=False)
    # Facts start empty with the cursor at 0: the first report builds them from every record.
    op.execute("INSERT INTO report_state (id, cursor) VALUES (1, 0)")


def downgrade() -> None:
    from sync.reports.facts import FACT_TABLE_NAMES

    op.drop_index(op.f('ix_api_sessions_user_id'), table_name='api_sessions')
    op.drop_table('api_sessions')
    op.drop_table('aggregate_cache')
    op.drop_table('report_state')
    for name in reversed(FACT_TABLE_NAMES):
        op.drop_table(name)
