"""Search terms stored twice instead of three times: `search_terms` becomes a WITHOUT ROWID table
whose primary key is (kind, term, case_id), the order search looks terms up in, beside the one index
(case_id, kind, term) that finds a case's terms when it is projected again.

The rowid table kept every term in its own rows and in both covering indexes (0002), about a third
of a downloaded store (issue 16: 10 KB a case), and each pulled case wrote three b-trees instead of
two. Search reads the same columns from the primary key as it did from ix_terms_term_case.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE search_terms_new (term VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
               "case_id VARCHAR NOT NULL, PRIMARY KEY (kind, term, case_id)) WITHOUT ROWID")
    op.execute("INSERT OR IGNORE INTO search_terms_new (kind, term, case_id) "
               "SELECT kind, term, case_id FROM search_terms ORDER BY kind, term, case_id")
    op.execute("DROP TABLE search_terms")  # its two indexes with it
    op.execute("ALTER TABLE search_terms_new RENAME TO search_terms")
    op.execute("CREATE INDEX ix_terms_case_term ON search_terms (case_id, kind, term)")


def downgrade() -> None:
    op.execute("CREATE TABLE search_terms_old (term VARCHAR NOT NULL, kind VARCHAR NOT NULL, "
               "case_id VARCHAR NOT NULL)")
    op.execute("INSERT INTO search_terms_old (term, kind, case_id) SELECT term, kind, case_id FROM search_terms")
    op.execute("DROP TABLE search_terms")
    op.execute("ALTER TABLE search_terms_old RENAME TO search_terms")
    op.execute("CREATE INDEX ix_terms_term_case ON search_terms (kind, term, case_id)")
    op.execute("CREATE INDEX ix_terms_case_term ON search_terms (case_id, kind, term)")
