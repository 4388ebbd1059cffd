"""Each term is stored once: a case's own search terms are kept in one `case_terms` row, and the
index of `search_terms` by case (case_id, kind, term), a second copy of every term, is dropped.

Re-projecting a case needs its old terms (to delete those that went, and to see whether anything
changed); they were read through that index, 1.5 KB a case of a district's store (about 21 terms a
case, each with its 36-character case id). One row of sorted terms a case is about a fifth of that.
Search reads the (kind, term, case_id) primary key as before.

Revision ID: 0011
Revises: 0010
"""

import json
from collections import defaultdict
from itertools import groupby

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _terms_text(pairs) -> str:
    """desktop.store.projection.terms_text as it is today (a migration does not follow later code)."""
    by_kind = defaultdict(list)
    for kind, term in pairs:
        by_kind[kind].append(term)
    return json.dumps({kind: sorted(terms) for kind, terms in by_kind.items()}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))


def upgrade() -> None:
    op.execute("CREATE TABLE case_terms (case_id VARCHAR NOT NULL, terms TEXT NOT NULL, PRIMARY KEY (case_id)) "
               "WITHOUT ROWID")
    raw = op.get_bind().connection.driver_connection
    rows = raw.execute("SELECT case_id, kind, term FROM search_terms ORDER BY case_id")
    batch = []
    for case_id, terms in groupby(rows, key=lambda r: r[0]):
        batch.append((case_id, _terms_text((kind, term) for _, kind, term in terms)))
        if len(batch) >= 5000:
            raw.executemany("INSERT INTO case_terms (case_id, terms) VALUES (?, ?)", batch)
            batch = []
    if batch:
        raw.executemany("INSERT INTO case_terms (case_id, terms) VALUES (?, ?)", batch)
    op.execute("DROP INDEX ix_terms_case_term")


def downgrade() -> None:
    op.execute("CREATE INDEX ix_terms_case_term ON search_terms (case_id, kind, term)")
    op.execute("DROP TABLE case_terms")
