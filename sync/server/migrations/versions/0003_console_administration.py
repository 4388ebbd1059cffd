"""console administration: several offices per hromada, closing offices, password change at first login,
what a laptop reported at its last contact, lost devices, web console sessions, reference data editions

Revision ID: 0003_console_administration
Revises: 0002_attachment_blobs
Create Date: 2026-12-03 20:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003_console_administration'
down_revision: str | Sequence[str] | None = '0002_attachment_blobs'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOT_OFFICE = sa.text("kind <> 'office'")


def upgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisations_kind_katottg', type_='unique')
        batch_op.add_column(sa.Column('closed_at', sa.BigInteger(), nullable=True))
    op.create_index('uq_organisations_area', 'organisations', ['kind', 'katottg'], unique=True,
                    sqlite_where=_NOT_OFFICE, postgresql_where=_NOT_OFFICE)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('app_version', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('protocol_version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('rejected_changes', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('lost_at', sa.BigInteger(), nullable=True))
    op.create_table('console_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('last_seen_at', sa.BigInteger(), nullable=False),
    sa.Column('ended_at', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_console_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('token_hash', name=op.f('pk_console_sessions'))
    )
    op.create_index(op.f('ix_console_sessions_user_id'), 'console_sessions', ['user_id'], unique=False)
    op.create_table('reference_editions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('edition', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', sa.BigInteger(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_reference_editions_uploaded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_editions'))
    )
    op.create_index(op.f('ix_reference_editions_kind_id'), 'reference_editions', ['kind', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_reference_editions_kind_id'), table_name='reference_editions')
    op.drop_table('reference_editions')
    op.drop_index(op.f('ix_console_sessions_user_id'), table_name='console_sessions')
    op.drop_table('console_sessions')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('lost_at')
        batch_op.drop_column('rejected_changes')
        batch_op.drop_column('protocol_version')
        batch_op.drop_column('app_version')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    op.drop_index('uq_organisations_area', table_name='organisations')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
        batch_op.create_unique_constraint('uq_organisations_kind_katottg', ['kind', 'katottg'])
