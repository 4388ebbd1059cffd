"""Covering indexes for search and the case list.

Every search query reads `case_id` (and the case-list name order `case_id`) next to the indexed
columns; with the old indexes each hit cost a lookup of the table row, and on SQLCipher every
page touched is decrypted. With these the queries are answered from the index alone (EXPLAIN
QUERY PLAN: "USING COVERING INDEX"). Each replaces an index that is a prefix of it.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (new index, table, columns, the index it makes redundant, that one's columns)
_CHANGES = [
    ("ix_terms_term_case", "search_terms", ["kind", "term", "case_id"], "ix_terms_term", ["kind", "term"]),
    ("ix_terms_case_term", "search_terms", ["case_id", "kind", "term"], "ix_terms_case", ["case_id"]),
    ("ix_case_sort_id", "case_index", ["sort_key", "case_id"], "ix_case_sort", ["sort_key"]),
]


def upgrade() -> None:
    for new, table, columns, old, _ in _CHANGES:
        op.drop_index(old, table_name=table)  # first: its pages are reused by the new one
        op.create_index(new, table, columns)


def downgrade() -> None:
    for new, table, _, old, old_columns in _CHANGES:
        op.drop_index(new, table_name=table)
        op.create_index(old, table, old_columns)
