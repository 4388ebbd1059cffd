"""The cases a long download still has to project: a table instead of one meta value.

The queue was a JSON list in `meta`, read, merged, sorted and written again whole with every pulled
page: at a district's 100,000 cases that was 4.9 million case ids (190 MB of JSON) encrypted and
written over one download, and ~2 s of CPU. Now each page inserts the cases it queues, and each
list-building transaction deletes the ones it projected. A queue left by an interrupted download
moves over.

Revision ID: 0009
Revises: 0008
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE projection_queue (case_id VARCHAR NOT NULL, PRIMARY KEY (case_id)) WITHOUT ROWID")
    conn = op.get_bind()
    value = conn.execute(sa.text("SELECT value FROM meta WHERE key = 'projection_queue'")).scalar()
    queued = json.loads(value) if value else []
    if queued:
        conn.execute(sa.text("INSERT OR IGNORE INTO projection_queue (case_id) VALUES (:c)"),
                     [{"c": c} for c in queued])
    op.execute("DELETE FROM meta WHERE key = 'projection_queue'")


def downgrade() -> None:
    conn = op.get_bind()
    queued = list(conn.execute(sa.text("SELECT case_id FROM projection_queue ORDER BY case_id")).scalars())
    if queued:
        conn.execute(sa.text("INSERT INTO meta (key, value) VALUES ('projection_queue', :v)"),
                     {"v": json.dumps(queued)})
    op.execute("DROP TABLE projection_queue")
