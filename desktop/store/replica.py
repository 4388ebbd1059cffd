"""The desktop store as seen by the sync engine (implements sync.client.replica.Replica)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select

from desktop.store import tables as t
from desktop.store.database import writing
from desktop.store.projection import ListedLookup, listed_lookup, refresh_cases
from desktop.store.store import OpenStore
from sync.client.replica import PushResult, ScopeDigest
from sync.records.canonical import canonical_json, digest_item, format_digest

# The record types the case list, tasks and search are built from (projection._refresh_chunk reads
# these and only these; tests/sync/test_replica.py fails if another type starts to matter).
PROJECTED_TYPES = frozenset(("case", "person", "displacement", "household_member", "assessment", "task"))


PROJECTION_QUEUE_KEY = "projection_queue"
FLUSH_CHUNK = 1000


# canonical_json's exact settings, built once (json.dumps builds an encoder per call: 50,000 per download).
_canonical = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
_quote = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) does, minus the overhead
_INSERT = ("INSERT INTO records (id, type, case_id, data, deleted, server_seq, server_hash, updated_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _record_hash(record_type: str, case_id: str, data_json: str, deleted: bool) -> str:
    """`record_hash` from the already canonical data: the list's JSON is its parts joined."""
    payload = f"[{_quote(record_type)},{_quote(case_id)},{data_json},{'true' if deleted else 'false'}]"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class StoreReplica:
    def __init__(self, store: OpenStore, listed: ListedLookup | None = None):
        self.store = store
        self.engine = store.engine
        self.listed = listed or listed_lookup(store.data_dir)
        self._deferred = False

    # --- state ----------------------------------------------------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        return self.store.get_meta(key, default)

    def set_state(self, key: str, value: Any) -> None:
        self.store.set_meta(key, value)

    def set_states(self, values: dict[str, Any]) -> None:
        """Several values in one transaction (one disk flush: the end of every sync writes a few)."""
        with writing(self.engine) as conn, conn.begin():
            for key, value in values.items():
                self.store.set_meta(key, value, conn)

    def cursor(self) -> int:
        return int(self.store.get_meta("cursor", 0))

    # --- push -----------------------------------------------------------------------------------
    def pending_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.outbox)).scalar_one()

    def pending_batch(self, limit: int) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(  # plain SQL: a push of 1,000 cases reads 5,000 rows
                "SELECT change_id, record_id, record_type, case_id, op, fields, base_seq, hlc, user "
                "FROM outbox ORDER BY seq LIMIT ?", (limit,)).all()
        device = self.store.device_id
        loads = json.loads
        return [{"change_id": c, "record_id": r, "record_type": rt, "case_id": k, "op": op, "fields": loads(f),
                 "base_seq": b, "hlc": h, "user": u, "device_id": device} for c, r, rt, k, op, f, b, h, u in rows]

    def acknowledge(self, results: list[PushResult]) -> None:
        done = [r.change_id for r in results if r.status in ("applied", "duplicate")]
        rejected = {r.change_id: r.reason or "" for r in results if r.status == "rejected"}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with writing(self.engine) as conn, conn.begin():
            if rejected:
                rows = conn.execute(select(t.outbox).where(t.outbox.c.change_id.in_(list(rejected)))).all()
                conn.execute(t.rejected_changes.insert(), [
                    {"change_id": r.change_id, "record_id": r.record_id, "record_type": r.record_type,
                     "case_id": r.case_id, "op": r.op, "fields": r.fields, "reason": rejected[r.change_id],
                     "rejected_at": now} for r in rows])
            ids = done + list(rejected)
            for start in range(0, len(ids), 500):
                conn.execute(delete(t.outbox).where(t.outbox.c.change_id.in_(ids[start:start + 500])))

    def rejected_count(self) -> int:
        """Changes the server refused, kept aside for a person to review."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.rejected_changes)).scalar_one()

    def open_conflicts(self) -> int:
        """Conflict records still waiting for a person to decide (what the status bar shows)."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.records).where(
                t.records.c.type == "conflict", t.records.c.deleted == 0,
                func.json_extract(t.records.c.data, "$.status") == "open")).scalar_one()

    # --- pull -----------------------------------------------------------------------------------
    def apply_page(self, records: list[dict[str, Any]], cursor: int, evictions: list[str]) -> None:
        """Server state wins for every field, except fields this device changed and has not pushed yet.

        Only cases whose listed records really changed are re-projected: most of a pulled page is
        either history and journal (not in the lists) or this device's own pushed changes coming
        back with their server numbers (same content), and re-projecting them was most of the cost.
        """
        ids = [r["id"] for r in records]
        with writing(self.engine) as conn, conn.begin():
            pending: dict[str, dict[str, Any]] = {}
            local_deleted: set[str] = set()
            existing: dict[str, Any] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for row in conn.execute(select(t.outbox.c.record_id, t.outbox.c.op, t.outbox.c.fields)
                                        .where(t.outbox.c.record_id.in_(chunk)).order_by(t.outbox.c.seq)):
                    if row.op == "delete":
                        local_deleted.add(row.record_id)
                    pending.setdefault(row.record_id, {}).update(json.loads(row.fields))
                for row in conn.execute(select(t.records.c.id, t.records.c.server_hash, t.records.c.data,
                                               t.records.c.deleted, t.records.c.updated_at)
                                        .where(t.records.c.id.in_(chunk))):
                    existing[row.id] = row
            digest = int(self.store.get_meta("digest", "0"), 16)
            count = int(self.store.get_meta("synced_count", 0))
            upserts = []
            changed_cases: set[str] = set()
            for rec in records:
                server_json = _canonical(rec["data"])
                h = _record_hash(rec["type"], rec["case_id"], server_json, rec["deleted"])
                old = existing.get(rec["id"])
                if old is not None and old.server_hash:
                    digest ^= digest_item(rec["id"], old.server_hash)
                else:
                    count += 1
                digest ^= digest_item(rec["id"], h)
                local = pending.get(rec["id"])
                data = canonical_json({**rec["data"], **local}) if local else server_json
                deleted = 1 if (rec["deleted"] or rec["id"] in local_deleted) else 0
                updated_at = rec.get("hlc", 0)
                if rec["type"] in PROJECTED_TYPES and (
                        old is None or (old.data, old.deleted, old.updated_at) != (data, deleted, updated_at)):
                    changed_cases.add(rec["case_id"])
                upserts.append((rec["id"], rec["type"], rec["case_id"], data, deleted, rec["seq"], h, updated_at))
            if upserts:
                replaced = list(existing)
                for start in range(0, len(replaced), 500):
                    conn.execute(delete(t.records).where(t.records.c.id.in_(replaced[start:start + 500])))
                conn.exec_driver_sql(_INSERT, upserts)  # plain executemany: no per-row statement compiling
            evicted = self._evict(conn, evictions)
            for row in evicted:
                if row.server_hash:
                    digest ^= digest_item(row.id, row.server_hash)
                    count -= 1
            touched = changed_cases | set(evictions)
            if self._deferred:
                # Queued in the same transaction, so a crash cannot lose the need to re-project.
                queued = set(self.store.get_meta(PROJECTION_QUEUE_KEY, []) or [])
                if not touched <= queued:
                    self.store.set_meta(PROJECTION_QUEUE_KEY, sorted(queued | touched), conn)
            else:
                refresh_cases(conn, touched, self.listed)
            for key, value in (("cursor", cursor), ("digest", format_digest(digest)), ("synced_count", count)):
                self.store.set_meta(key, value, conn)

    # --- projections of a long download, once at the end ------------------------------------------------
    def defer_projections(self, on: bool) -> None:
        """While on, pulled pages queue their cases instead of re-projecting them page by page.

        A download of a whole office brings each case's records over several pages (registration
        first, assessments and tasks later); projecting once at the end halves the work. The queue
        lives in the database, so `flush_projections` after a crash still finds it.
        """
        self._deferred = on

    def flush_projections(self) -> int:
        """Re-project the queued cases (in chunks, each its own transaction); returns how many."""
        done = 0
        while True:
            queued = self.store.get_meta(PROJECTION_QUEUE_KEY, []) or []
            if not queued:
                return done
            chunk, rest = queued[:FLUSH_CHUNK], queued[FLUSH_CHUNK:]
            with writing(self.engine) as conn, conn.begin():
                refresh_cases(conn, chunk, self.listed)
                self.store.set_meta(PROJECTION_QUEUE_KEY, rest, conn)
            done += len(chunk)

    def _evict(self, conn, case_ids: list[str]):
        """Remove cases that left this device's scope, unless something about them is still unsent."""
        if not case_ids:
            return []
        unsent = {r[0] for r in conn.execute(select(t.outbox.c.case_id).where(t.outbox.c.case_id.in_(case_ids)))}
        gone = [c for c in case_ids if c not in unsent]
        if not gone:
            return []
        rows = conn.execute(select(t.records.c.id, t.records.c.server_hash)
                            .where(t.records.c.case_id.in_(gone))).all()
        attachment_ids = [r.id for r in rows]
        conn.execute(delete(t.attachment_blobs).where(t.attachment_blobs.c.attachment_id.in_(attachment_ids)))
        conn.execute(delete(t.records).where(t.records.c.case_id.in_(gone)))
        return rows

    # --- verification ---------------------------------------------------------------------------
    def digest(self) -> ScopeDigest:
        return ScopeDigest(int(self.store.get_meta("synced_count", 0)), self.store.get_meta("digest", format_digest(0)))

    def recompute_digest(self) -> ScopeDigest:
        """The digest from the stored server hashes (what `check` compares with the running one)."""
        value, count = 0, 0
        with self.engine.connect() as conn:
            for row in conn.execute(select(t.records.c.id, t.records.c.server_hash)
                                    .where(t.records.c.server_hash.is_not(None))):
                value ^= digest_item(row.id, row.server_hash)
                count += 1
        return ScopeDigest(count, format_digest(value))

    def reset_for_repair(self) -> None:
        with writing(self.engine) as conn, conn.begin():
            unsent = select(t.outbox.c.record_id)
            conn.execute(delete(t.records).where(t.records.c.server_seq > 0, t.records.c.id.not_in(unsent)))
            conn.execute(t.records.update().values(server_hash=None, server_seq=0))
            for key, value in (("cursor", 0), ("digest", format_digest(0)), ("synced_count", 0)):
                self.store.set_meta(key, value, conn)
            conn.execute(delete(t.case_index))
            conn.execute(delete(t.task_index))
            conn.execute(delete(t.search_terms))
            case_ids = [r[0] for r in conn.execute(select(t.records.c.case_id).distinct())]
            refresh_cases(conn, case_ids, self.listed)
