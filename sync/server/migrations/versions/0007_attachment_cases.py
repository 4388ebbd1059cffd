"""attachment bytes reachable only through the cases whose office uploaded them (attachment_cases); blobs
already stored are granted to the cases that named them in the uploading device's organisation or below

Revision ID: 0007_attachment_cases
Revises: 0006_transfers
Create Date: 2026-12-04 01:00:00

"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007_attachment_cases'
down_revision: str | Sequence[str] | None = '0006_transfers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _grant_existing_blobs() -> None:
    conn = op.get_bind()
    orgs = dict(conn.execute(sa.text("SELECT id, parent_id FROM organisations")).all())

    def under(office: str, org: str) -> bool:
        seen = 0
        while office is not None and seen < 10:
            if office == org:
                return True
            office, seen = orgs.get(office), seen + 1
        return False

    uploader = dict(conn.execute(sa.text(
        "SELECT b.sha256, d.org_id FROM attachment_blobs b JOIN devices d ON d.id = b.device_id")).all())
    if not uploader:
        return
    grants = set()
    rows = conn.execute(sa.text("SELECT case_id, office_id, data FROM records WHERE type = 'attachment'"))
    for case_id, office_id, data in rows:
        try:
            sha256 = json.loads(data).get("sha256")
        except (ValueError, AttributeError):
            continue
        org = uploader.get(sha256)
        if org is not None and under(office_id, org):
            grants.add((sha256, case_id))
    table = sa.table('attachment_cases', sa.column('sha256'), sa.column('case_id'), sa.column('created_at'))
    if grants:
        conn.execute(table.insert(), [{"sha256": h, "case_id": c, "created_at": 0} for h, c in sorted(grants)])


def upgrade() -> None:
    op.create_table(
        'attachment_cases',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('case_id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('sha256', 'case_id'),
    )
    _grant_existing_blobs()


def downgrade() -> None:
    op.drop_table('attachment_cases')
