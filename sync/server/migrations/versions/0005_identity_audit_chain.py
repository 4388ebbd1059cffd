"""identity and accountability: the audit log hash-chained (existing entries chained in id order), entries
from laptops' own logs, per-office policies, the device's status credential, wipe and audit-log state

Revision ID: 0005_identity_audit_chain
Revises: 0004_reports
Create Date: 2026-12-10 10:00:00

"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from sync.auditchain import GENESIS, chain_hash

revision: str = '0005_identity_audit_chain'
down_revision: str | Sequence[str] | None = '0004_reports'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _chain_existing_entries() -> None:
    """Hash the entries already written, oldest first, exactly as sync.server.audit.append would have."""
    conn = op.get_bind()
    log = sa.table('audit_log', sa.column('id'), sa.column('at'), sa.column('user_id'), sa.column('device_id'),
                   sa.column('action'), sa.column('object_ids'), sa.column('device_seq'), sa.column('hash'))
    previous, after = GENESIS, 0
    while True:
        rows = conn.execute(sa.select(log.c.id, log.c.at, log.c.user_id, log.c.device_id, log.c.action,
                                      log.c.object_ids).where(log.c.id > after).order_by(log.c.id).limit(5000)).all()
        if not rows:
            return
        updates = []
        for r in rows:
            previous = chain_hash(previous, [r.at, r.user_id, r.device_id, r.action, r.object_ids, None])
            updates.append({"row_id": r.id, "h": previous})
        conn.execute(log.update().where(log.c.id == sa.bindparam("row_id")).values(hash=sa.bindparam("h")), updates)
        after = rows[-1].id


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_entries()
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_audit_log_device_id_device_seq'), ['device_id', 'device_seq'],
                              unique=False)
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('wiped_at', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('audit_seq', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('audit_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('audit_breaks', sa.Integer(), server_default='0', nullable=False))
    op.create_table('office_policies',
    sa.Column('office_id', sa.String(length=36), nullable=False),
    sa.Column('closure_requires_approval', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('wipe_after_failed_unlocks', sa.Integer(), nullable=True),
    sa.Column('lockout_after_days', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.BigInteger(), nullable=False),
    sa.Column('updated_by', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['organisations.id'], name=op.f('fk_office_policies_office_id_organisations')),
    sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name=op.f('fk_office_policies_updated_by_users')),
    sa.PrimaryKeyConstraint('office_id', name=op.f('pk_office_policies'))
    )


def downgrade() -> None:
    op.drop_table('office_policies')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_column('audit_breaks')
        batch_op.drop_column('audit_hash')
        batch_op.drop_column('audit_seq')
        batch_op.drop_column('wiped_at')
        batch_op.drop_column('status_hash')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_device_id_device_seq'))
        batch_op.drop_column('hash')
        batch_op.drop_column('device_seq')
