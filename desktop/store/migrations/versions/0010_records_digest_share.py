"""Records keep their 64-bit share of the scope digest instead of the server's 64-hex hash of them.

The hash was read for one thing only: the record's share of the digest, `digest_item(id, hash)`,
which the running digest adds and takes away. Stored as that integer (8 bytes instead of 65), a
record is 57 bytes smaller: ~1 KB a case of a district's store (17 records a case), and the row
grows 9 bytes instead of 65 when a push confirms it, so fewer pages split. Equality with what the
server holds is still checked through the share (a 64-bit hash of the hash).

Rewrites every synced record's row once (the column is added, filled, and the old one dropped).

Revision ID: 0010
Revises: 0009
"""

import hashlib

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _share(record_id: str, hash_hex: str) -> int:
    """desktop.store.replica.digest_share as it is today (a migration does not follow later code)."""
    value = int.from_bytes(hashlib.sha256(f"{record_id}:{hash_hex}".encode()).digest()[:8], "big")
    return value - (1 << 64) if value >> 63 else value


def upgrade() -> None:
    op.execute("ALTER TABLE records ADD COLUMN server_share INTEGER")
    raw = op.get_bind().connection.driver_connection
    raw.create_function("poruch_share", 2, _share, deterministic=True)
    op.execute("UPDATE records SET server_share = poruch_share(id, server_hash) WHERE server_hash IS NOT NULL")
    op.execute("ALTER TABLE records DROP COLUMN server_hash")


def downgrade() -> None:
    # The hashes are not kept: the records count as never synced, and the next sync pulls them all again.
    op.execute("ALTER TABLE records ADD COLUMN server_hash VARCHAR")
    op.execute("ALTER TABLE records DROP COLUMN server_share")
    op.execute("UPDATE meta SET value = '0' WHERE key IN ('cursor', 'synced_count')")
    op.execute("UPDATE meta SET value = '\"0000000000000000\"' WHERE key = 'digest'")
