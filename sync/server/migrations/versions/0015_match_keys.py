"""duplicate check: birth-date keys that narrow the candidates (first letters, whole given name, whole surname)

Revision ID: 0015_match_keys
Revises: 0014_household_keys
Create Date: 2026-12-04 10:30:00

The persons indexed so far are re-keyed from their stored match profiles: the "birth:" keys
(the date and one first letter) are replaced by "bn:" (the date and the first letters of surname
and given name), "bg:" (the date and the given name) and "bs:" (the date and the surname), as
sync.matching.lookup_keys makes them now. The key code is copied here: a migration is frozen.
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0015_match_keys'
down_revision: str | Sequence[str] | None = '0014_household_keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CHUNK = 5000


def _birth_keys(profile: dict) -> list[str]:
    surname, given, _ = profile["n"]
    birth = profile.get("b")
    if not birth:
        return []
    keys = []
    if surname and given:
        keys.append(f"bn:{birth}:{surname[0]}{given[0]}")
    if given:
        keys.append(f"bg:{birth}:{given}")
    if surname:
        keys.append(f"bs:{birth}:{surname}")
    return keys


def upgrade() -> None:
    conn = op.get_bind()
    pm = sa.table('person_match', sa.column('case_id', sa.String), sa.column('profile', sa.Text))
    keys = sa.table('person_match_keys', sa.column('key', sa.String), sa.column('case_id', sa.String))
    conn.execute(sa.delete(keys).where(keys.c.key.like('birth:%')))
    after = ""
    while True:  # in chunks by case id: a server may hold hundreds of thousands of persons
        rows = conn.execute(sa.select(pm.c.case_id, pm.c.profile).where(pm.c.case_id > after)
                            .order_by(pm.c.case_id).limit(_CHUNK)).all()
        if not rows:
            break
        new = [{"key": k, "case_id": case_id} for case_id, profile in rows for k in _birth_keys(json.loads(profile))]
        if new:
            conn.execute(sa.insert(keys), new)
        after = rows[-1][0]


def downgrade() -> None:
    conn = op.get_bind()
    pm = sa.table('person_match', sa.column('case_id', sa.String), sa.column('profile', sa.Text))
    keys = sa.table('person_match_keys', sa.column('key', sa.String), sa.column('case_id', sa.String))
    conn.execute(sa.delete(keys).where(sa.or_(keys.c.key.like('bn:%'), keys.c.key.like('bg:%'),
                                              keys.c.key.like('bs:%'))))
    rows = conn.execute(sa.select(pm.c.case_id, pm.c.profile)).all()
    old = {(f"birth:{p['b']}:{name[0]}", case_id) for case_id, text in rows
           if (p := json.loads(text)).get("b") for name in p["n"][:2] if name}
    if old:
        conn.execute(sa.insert(keys), [{"key": k, "case_id": c} for k, c in sorted(old)])
