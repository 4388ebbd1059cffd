"""the national directory of referral partners, seeded with the packaged providers list

Revision ID: 0009_partners
Revises: 0008_duplicates
Create Date: 2026-12-04 04:40:00

The packaged providers.csv is the first seed only: administrators edit, retire and import entries
afterwards (`poruch-server partners`, the web console), and laptops receive them with sync.
"""
import json
import time
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009_partners'
down_revision: str | Sequence[str] | None = '0008_duplicates'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table('partners',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('services', sa.Text(), server_default='[]', nullable=False),
    sa.Column('territories', sa.Text(), server_default='[]', nullable=False),
    sa.Column('phone', sa.String(length=60), server_default='', nullable=False),
    sa.Column('email', sa.String(length=200), server_default='', nullable=False),
    sa.Column('address', sa.String(length=500), server_default='', nullable=False),
    sa.Column('website', sa.String(length=300), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.BigInteger(), nullable=False),
    sa.Column('updated_by', sa.String(length=36), nullable=True),
    sa.Column('retired_at', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_partners'))
    )
    from sync.partners import packaged_seed

    now = int(time.time() * 1000)
    op.bulk_insert(table, [{
        "code": p.code, "name": p.name, "kind": p.kind, "services": json.dumps(p.services, ensure_ascii=False),
        "territories": "[]", "phone": p.phone, "email": p.email, "address": p.address, "website": p.website,
        "notes": p.notes, "created_at": now, "updated_at": now, "updated_by": None, "retired_at": None,
    } for p in packaged_seed()])


def downgrade() -> None:
    op.drop_table('partners')
