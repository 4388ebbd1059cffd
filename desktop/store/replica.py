"""The desktop store as seen by the sync engine (implements sync.client.replica.Replica)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import UTC, datetime
from hashlib import sha256
from typing import Any

from sqlalchemy import delete, func, literal_column, select
from sqlalchemy import exc as sa_exc

from desktop.store import tables as t
from desktop.store.database import read_metas, release_free_pages, write_metas, writing
from desktop.store.projection import PROJECTED_TYPES, fill_search_terms, listed_fields_equal
from desktop.store.recovery import NOTHING_TO_RECOVER, Recovery, prepare_recovery
from desktop.store.report_facts import queue_cases
from desktop.store.store import OpenStore
from sync.client.replica import PushResult, ScopeDigest
from sync.reports.facts import FACT_TYPES
from sync.wire import (
    EMPTY_DIGEST,
    RawJSON,
    canonical_json,
    format_digest,
    parse_digest,
    record_hash_of_json,
)

# The record types the case list, tasks and search are built from (projection._refresh_chunk reads
# these and only these; tests/sync/test_replica.py fails if another type starts to matter).


_QUEUE = "INSERT OR IGNORE INTO projection_queue (case_id) VALUES (?)"
# Cases re-projected per transaction at the end of a long download. Large: every transaction
# rewrites the index pages it touched (search_terms has two covering indexes), so 5,000 cases in
# five transactions wrote three times the pages of one (measured: 225,000 search terms, 1.7 s CPU
# in one transaction, 2.5 s in five, 3.8 s in eighteen). At a district's 100,000 cases (4.5 million
# terms) 5,000 cases add terms to nearly every leaf of the term index, so each transaction rewrote
# most of it: the whole download took 46 s of CPU with 5,000, 36 s with 10,000, 31 s with 25,000
# (benchmarks/pull_apply.py --cases 5000 --copies 20). A local save made meanwhile waits for the
# transaction: up to ~5 s at 100,000 cases on a loaded 2-core machine (1-2 s with 5,000).
FLUSH_CHUNK = 25000
# Meta key, set while cases' search terms wait in case_terms for fill_search_terms (flush_projections).
TERMS_LATER = "terms_later"
BULK_CHECKPOINT_PAGES = 8192  # 32 MiB of WAL between checkpoints while applying pulled pages


_INSERT = ("INSERT INTO records (id, type, case_id, data, deleted, server_seq, server_share, updated_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
# A record's id, type and case never change (the server refuses a change that says otherwise).
_UPDATE = "UPDATE records SET data = ?, deleted = ?, server_seq = ?, server_share = ?, updated_at = ? WHERE id = ?"

_LIST_TIME = "UPDATE case_index SET updated_at = ? WHERE case_id = ? AND updated_at < ?"

_MASK64 = (1 << 64) - 1
# A record's share as it counts in the running digest: NULL unless synced (t.UNSYNCED_SHARE keeps room).
_COUNTED_SHARE = "CASE WHEN server_seq > 0 THEN server_share END"


class _HeldAlready(Exception):
    """A record of a page applied as new is here already (apply_page)."""


def _nothing_to_recover(row, reason: str) -> bool:
    """A recovery change (first in the outbox) the server refused because it holds the record already."""
    return row.seq < 0 and reason.split(":")[0] in NOTHING_TO_RECOVER


_PROJECTED = frozenset(PROJECTED_TYPES)
_FACTS = frozenset(FACT_TYPES)


def _new_records(records: list[dict[str, Any]], digest: int, changed_cases: set[str],
                 fact_cases: set[str]) -> tuple[list[tuple], int]:
    """apply_page's rows for records this store has none of, with no change of this device waiting:
    (id, type, case id, data, deleted, seq, share, updated_at) each, and the digest with their
    shares; their cases are added to `changed_cases` (listed types) and `fact_cases`. What
    apply_page's general loop does for them, without its questions about a version stored before
    (a first download's 46,669 records, benchmarks/pull_apply.py: 93 -> 65 ms of CPU)."""
    upserts: list[tuple] = []
    append, from_bytes = upserts.append, int.from_bytes
    for rec in records:
        rid, rtype, case_id, data = rec["id"], rec["type"], rec["case_id"], rec["data"]
        if type(data) is not str:
            data = canonical_json(data)
        h = rec.get("hash") or record_hash_of_json(rtype, case_id, data, rec["deleted"])
        share = from_bytes(sha256(f"{rid}:{h}".encode()).digest()[:8], "big", signed=True)  # digest_share
        digest ^= share & _MASK64
        if rtype in _PROJECTED:
            changed_cases.add(case_id)
        if rtype in _FACTS:
            fact_cases.add(case_id)
        append((rid, rtype, case_id, data, 1 if rec["deleted"] else 0, rec["seq"], share, rec.get("hlc", 0)))
    return upserts, digest


def digest_share(record_id: str, hash_hex: str) -> int:
    """A synced record's share of the scope digest (sync.wire.digest_item) as `records.server_share`
    keeps it: a signed 64-bit integer, what SQLite stores in 8 bytes (the hex hash took 65)."""
    # digest_item read as a signed number at once (a first download takes one per record).
    return int.from_bytes(sha256(f"{record_id}:{hash_hex}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def _recoverable(engine):
    """A write transaction of state that can be fetched, rebuilt or written again: pulled pages,
    projections, the bookkeeping of the last sync.

    Its commit does not wait for the disk (synchronous=NORMAL; WAL keeps it atomic): power lost
    right after it can only undo the page together with its cursor, which the next sync pulls
    again, a projection together with its queue entry, or the record of the last sync, which the
    next sync writes again. The next FULL commit (any local save) flushes it anyway. Local saves
    keep synchronous=FULL: "saved" means on disk.

    The WAL is folded back into the database every BULK_CHECKPOINT_PAGES pages rather than every
    1,000: a download rewrites the same index pages page after page, and each checkpoint copied
    them again.
    """
    with writing(engine) as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA synchronous = NORMAL")
        raw.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
        try:
            with conn.begin():
                yield conn
        finally:
            try:
                raw.execute("PRAGMA wal_autocheckpoint = 1000")  # SQLite's default
                raw.execute("PRAGMA synchronous = FULL")
            except Exception:
                conn.invalidate()  # never back to the pool with the relaxed setting
                raise


def _chunks(ids: list[str], size: int = 500):
    for start in range(0, len(ids), size):
        yield tuple(ids[start:start + size])


def _marks(chunk: tuple) -> str:
    return ",".join("?" * len(chunk))


# A change may go only with its author's own token, and not ahead of an earlier change to the same case
# that waits for someone else (the server applies a device's changes in order).
_SENDABLE = ("user IN ({marks}) AND NOT EXISTS (SELECT 1 FROM outbox AS before WHERE before.case_id = outbox.case_id "
             "AND before.seq < outbox.seq AND before.user NOT IN ({marks}))")


class StoreReplica:
    """`senders`: the authors whose changes this replica hands to a push (the people signed in to the
    server in this session: their own token goes with them); None: every change (a test's server, or
    counting what is pending). Others' changes wait (`waiting_by_author`)."""

    def __init__(self, store: OpenStore, *,
                 senders: frozenset[str] | set[str] | None = None):
        self.store = store
        self.engine = store.engine
        self.projector = store.projector
        self._deferred = False
        self.senders = tuple(sorted(senders)) if senders is not None else None

    def _sendable(self) -> tuple[str, tuple]:
        """A WHERE clause (with its parameters) for the changes this replica may push."""
        if self.senders is None:
            return "1", ()
        if not self.senders:
            return "0", ()
        marks = ",".join("?" * len(self.senders))
        return _SENDABLE.format(marks=marks), self.senders * 2

    # --- state ----------------------------------------------------------------------------------
    def get_state(self, key: str, default: Any = None) -> Any:
        return self.store.get_meta(key, default)

    def set_state(self, key: str, value: Any) -> None:
        self.store.set_meta(key, value)

    def set_states(self, values: dict[str, Any]) -> None:
        """Several values in one transaction: the end of every sync writes a few (last sync, its
        report, the clock offset). Not waited on to reach the disk: see _recoverable."""
        with _recoverable(self.engine) as conn:
            write_metas(conn, values)

    def cursor(self) -> int:
        return int(self.store.get_meta("cursor", 0))

    def seqs_held_above(self, seq: int) -> set[int]:
        """The server's numbers above `seq` of records here (a push's answer numbers records beyond the
        cursor). Asked only when the server's epoch changed: a scan, no index for it."""
        with self.engine.connect() as conn:
            return set(conn.exec_driver_sql("SELECT server_seq FROM records WHERE server_seq > ?", (seq,)).scalars())

    # --- push -----------------------------------------------------------------------------------
    def pending_count(self) -> int:
        """Changes this replica may push now (all of them when `senders` is None)."""
        if self.senders is None:
            with self.engine.connect() as conn:
                return conn.execute(select(func.count()).select_from(t.outbox)).scalar_one()
        where, params = self._sendable()
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(f"SELECT count(*) FROM outbox WHERE {where}", params).scalar_one()

    def waiting_by_author(self) -> dict[str, int]:
        """Changes that wait for their author to sign in, by author (empty when `senders` is None)."""
        if self.senders is None:
            return {}
        where, params = self._sendable()
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(f"SELECT user, count(*) FROM outbox WHERE NOT ({where}) GROUP BY user",
                                        params).all()
        return {user: n for user, n in rows}

    def pending_batch(self, limit: int, after: str | None = None) -> list[dict[str, Any]]:
        columns = "change_id, record_id, record_type, case_id, op, fields, base_seq, hlc, user"
        where, params = self._sendable()
        with self.engine.connect() as conn:  # plain SQL: a push of 1,000 cases reads 5,000 rows
            if after is None:
                rows = conn.exec_driver_sql(f"SELECT {columns} FROM outbox WHERE {where} ORDER BY seq LIMIT ?",
                                            (*params, limit)).all()
            else:
                rows = conn.exec_driver_sql(
                    f"SELECT {columns} FROM outbox WHERE {where} AND seq > (SELECT seq FROM outbox "
                    "WHERE change_id = ?) ORDER BY seq LIMIT ?", (*params, after, limit)).all()
        device = self.store.device_id
        return [{"change_id": c, "record_id": r, "record_type": rt, "case_id": k, "op": op, "fields": RawJSON(f),
                 "base_seq": b, "hlc": h, "user": u, "device_id": device} for c, r, rt, k, op, f, b, h, u in rows]

    def acknowledge(self, results: list[PushResult]) -> list[int]:
        """Drop applied/duplicate changes from the outbox; keep rejected ones aside with the reason.

        Protocol 2 answers give each applied change's record as the server now holds it (seq, hash,
        hlc). A record with nothing left to push whose content hashes the same is marked synced at
        that seq here, in the same transaction; its seq is returned so that the pull that follows
        leaves it out instead of bringing the device's own change back.
        """
        done = [r.change_id for r in results if r.status in ("applied", "duplicate")]
        rejected = {r.change_id: r.reason or "" for r in results if r.status == "rejected"}
        known = {r.change_id: r for r in results if r.status == "applied" and r.seq and r.hash}
        now = datetime.now(UTC).isoformat(timespec="seconds")
        confirmed: list[int] = []
        rows = []
        with writing(self.engine) as conn, conn.begin():
            if rejected:
                rows = [r for r in conn.execute(select(t.outbox).where(t.outbox.c.change_id.in_(list(rejected))))
                        if not _nothing_to_recover(r, rejected[r.change_id])]
            if rows:
                conn.execute(t.rejected_changes.insert(), [
                    {"change_id": r.change_id, "record_id": r.record_id, "record_type": r.record_type,
                     "case_id": r.case_id, "op": r.op, "fields": r.fields, "reason": rejected[r.change_id],
                     "rejected_at": now} for r in rows])
            states: dict[str, PushResult] = {}  # record id -> its state after the batch
            for chunk in _chunks(list(known)):
                for change_id, record_id in conn.exec_driver_sql(
                        f"SELECT change_id, record_id FROM outbox WHERE change_id IN ({_marks(chunk)})", chunk):
                    states[record_id] = known[change_id]
            ids = done + list(rejected)
            for chunk in _chunks(ids):
                conn.exec_driver_sql(f"DELETE FROM outbox WHERE change_id IN ({_marks(chunk)})", chunk)
            if states:
                confirmed = self._confirm(conn, states)
        # What the outbox held of them is free pages now: given back once there are enough (a large
        # push), so that a store filled on this laptop does not stay twice its size after its push.
        release_free_pages(self.engine)
        return confirmed

    def prepare_recovery(self, began_at: int, epoch: str, state: dict[str, Any]) -> Recovery:
        """After a restore of the server: what it lost that this laptop holds goes back in the outbox
        (desktop.store.recovery), in one transaction with `state`."""
        return prepare_recovery(self.store, began_at, epoch, recovering=self.store.author,
                                signed_in=set(self.senders) if self.senders is not None else None, state=state)

    def _confirm(self, conn, states: dict[str, PushResult]) -> list[int]:
        """Mark records synced whose content is what the server answered it holds."""
        updates, touched, confirmed, facts = [], set(), [], set()
        meta = read_metas(conn, ("digest", "synced_count"))
        digest, count = parse_digest(meta.get("digest")), int(meta.get("synced_count") or 0)
        for chunk in _chunks(list(states)):
            rows = conn.exec_driver_sql(
                f"SELECT id, type, case_id, data, deleted, {_COUNTED_SHARE}, updated_at FROM records "
                f"WHERE id IN ({_marks(chunk)}) AND id NOT IN (SELECT record_id FROM outbox)", chunk).all()
            for rid, rtype, case_id, data, deleted, old_share, updated_at in rows:
                state = states[rid]
                if record_hash_of_json(rtype, case_id, data, bool(deleted)) != state.hash:
                    continue  # some field lost to another device's edit, or a conflict: pulled as usual
                if old_share is not None:
                    digest ^= old_share & _MASK64
                else:
                    count += 1
                share = digest_share(rid, state.hash)
                digest ^= share & _MASK64
                hlc = state.hlc if state.hlc is not None else updated_at
                if hlc != updated_at and rtype in PROJECTED_TYPES:
                    touched.add(case_id)
                if hlc != updated_at and rtype in FACT_TYPES:
                    facts.add(case_id)
                updates.append((state.seq, share, hlc, rid))
                confirmed.append(state.seq)
        if updates:
            conn.exec_driver_sql("UPDATE records SET server_seq = ?, server_share = ?, updated_at = ? WHERE id = ?",
                                 updates)
            write_metas(conn, {"digest": format_digest(digest), "synced_count": count})
            queue_cases(conn, facts)
            if touched:
                self.projector.refresh(conn, touched)
        return confirmed

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

        From a protocol 2 server a record's `data` is its canonical JSON text, stored as it is, and
        its `hash` is taken as sent (the digest check compares those hashes with the server's;
        the answer's zstd frame checksum covers the bytes in transit). Without `hash` (protocol
        1) the hash is computed here from the data.
        """
        held = self.projector.held if self._deferred else None
        try:
            try:
                # A first download's records are new here, but for one the server sends again
                # (changed meanwhile): inserted without looking them up first, and if one is here
                # already, the page's transaction is rolled back and the page applied as any other.
                self._apply_page(records, cursor, evictions, held, new=held is not None)
            except _HeldAlready:
                self._apply_page(records, cursor, evictions, held)
        except BaseException:
            if held is not None:
                self.projector.stop_holding()  # the page may not be in the table: build from the table
            raise

    def _apply_page(self, records: list[dict[str, Any]], cursor: int, evictions: list[str], held,
                    new: bool = False) -> None:
        ids = [r["id"] for r in records]
        with _recoverable(self.engine) as conn:
            pending: dict[str, dict[str, Any]] = {}
            local_deleted: set[str] = set()
            existing: dict[str, tuple] = {}
            has_outbox = conn.exec_driver_sql("SELECT 1 FROM outbox LIMIT 1").first() is not None
            has_records = conn.exec_driver_sql("SELECT 1 FROM records LIMIT 1").first() is not None
            new = new and not has_outbox
            for start in range(0, len(ids), 500) if (has_outbox or (has_records and not new)) else ():
                chunk = tuple(ids[start:start + 500])
                marks = ",".join("?" * len(chunk))
                if has_outbox:
                    for record_id, op, fields in conn.exec_driver_sql(
                            f"SELECT record_id, op, fields FROM outbox WHERE record_id IN ({marks}) ORDER BY seq",
                            chunk):
                        if op == "delete":
                            local_deleted.add(record_id)
                        pending.setdefault(record_id, {}).update(json.loads(fields))
                for row in conn.exec_driver_sql(
                        f"SELECT id, {_COUNTED_SHARE}, data, deleted, updated_at FROM records WHERE id IN ({marks})",
                        chunk):
                    existing[row[0]] = row
            meta = read_metas(conn, ("digest", "synced_count"))
            digest = parse_digest(meta.get("digest"))
            count = int(meta.get("synced_count") or 0)
            changed_cases: set[str] = set()
            stamped: dict[str, int] = {}  # cases whose listed records changed in no listed field
            fact_cases: set[str] = set()
            if not existing and not pending:  # all new here, nothing of this device's waiting: a first download
                upserts, digest = _new_records(records, digest, changed_cases, fact_cases)
                count += len(records)
            else:
                upserts = []
                for rec in records:
                    rid, rtype, case_id, deleted_on_server = rec["id"], rec["type"], rec["case_id"], rec["deleted"]
                    server_data = rec["data"]
                    server_json = server_data if type(server_data) is str else canonical_json(server_data)
                    h = rec.get("hash") or record_hash_of_json(rtype, case_id, server_json, deleted_on_server)
                    old = existing.get(rid)
                    if old is not None and old[1] is not None:
                        digest ^= old[1] & _MASK64
                    else:
                        count += 1
                    share = digest_share(rid, h)
                    digest ^= share & _MASK64
                    local = pending.get(rid)
                    if local:
                        server_data = json.loads(server_data) if type(server_data) is str else server_data
                        data = canonical_json({**server_data, **local})
                    else:
                        data = server_json
                    deleted = 1 if (deleted_on_server or rid in local_deleted) else 0
                    updated_at = rec.get("hlc", 0)
                    if old is None or old[2:] != (data, deleted, updated_at):
                        if rtype in PROJECTED_TYPES:
                            if old is not None and old[3] == deleted and (old[4] or 0) <= updated_at and (
                                    old[2] == data or listed_fields_equal(rtype, old[2], data)):
                                if not deleted:  # only its time moved (a deleted record is in no list)
                                    stamped[case_id] = max(stamped.get(case_id, 0), updated_at)
                            else:
                                changed_cases.add(case_id)
                        if rtype in FACT_TYPES:
                            fact_cases.add(case_id)
                    upserts.append((rid, rtype, case_id, data, deleted, rec["seq"], share, updated_at))
            # Records held already are updated in place: only their own table page changes. (Deleting
            # and inserting them again also rewrote a page of each of the three indexes of `records`,
            # and every page written is encrypted and written again at the commit.)
            inserts = [u for u in upserts if u[0] not in existing] if existing else upserts
            updates = [(u[3], u[4], u[5], u[6], u[7], u[0]) for u in upserts if u[0] in existing] if existing else ()
            if updates:
                conn.exec_driver_sql(_UPDATE, updates)
            if inserts and new and has_records:
                try:
                    conn.exec_driver_sql(_INSERT, inserts)
                except sa_exc.IntegrityError:
                    raise _HeldAlready() from None  # the transaction is rolled back
            elif inserts:
                conn.exec_driver_sql(_INSERT, inserts)  # plain executemany: no per-row statement compiling
            evicted = self._evict(conn, evictions)
            for row in evicted:
                if row.server_share is not None:
                    digest ^= row.server_share & _MASK64
                    count -= 1
            touched = changed_cases | set(evictions)
            # A case's list row shows when any of its listed records last changed: that alone is moved.
            # (A time can only grow here; a record whose time went back is projected above.)
            times = [(at, case_id, at) for case_id, at in stamped.items() if case_id not in touched]
            if times:
                conn.exec_driver_sql(_LIST_TIME, times)
            queue_cases(conn, fact_cases | {row.case_id for row in evicted})
            values: dict[str, Any] = {"cursor": cursor, "digest": format_digest(digest), "synced_count": count}
            if self._deferred:
                # Queued in the same transaction, so a crash cannot lose the need to re-project.
                if touched:
                    conn.exec_driver_sql(_QUEUE, [(c,) for c in sorted(touched)])
            else:
                self.projector.refresh(conn, touched)
            write_metas(conn, values)
            if held is not None:  # last, just before the commit: what the table holds from now on
                if not held.hold(upserts, PROJECTED_TYPES, [u[2] for u in upserts if u[0] in existing] if existing else ()):
                    self.projector.stop_holding()  # too much between two builds: the rest from the table
                elif evictions:
                    held.forget(evictions)

    # --- projections of a long download, once at the end ------------------------------------------------
    def defer_projections(self, on: bool) -> None:
        """While on, pulled pages queue their cases instead of re-projecting them page by page.

        A download of a whole office brings each case's records over several pages (registration
        first, assessments and tasks later); projecting once at the end halves the work. The queue
        lives in the database, so `flush_projections` after a crash still finds it.

        A first download (no records here yet) also keeps the listed records its pages write until
        the next build, which projects them from memory instead of reading them back
        (desktop/store/pulled.py); its last build ends that.
        """
        self._deferred = on
        if on and self.projector.held is None:
            with self.engine.connect() as conn:
                if conn.exec_driver_sql("SELECT 1 FROM records LIMIT 1").first() is None:
                    self.projector.hold_pulled()

    def flush_projections(self) -> int:
        """Re-project the queued cases (in chunks, each its own transaction); returns how many.

        In a first download (search_terms empty when a build during the download begins), the builds
        leave the cases' new search terms out (meta TERMS_LATER says so, in the same transaction)
        and the last build, out of deferral, adds all of them in one pass in key order
        (projection.fill_search_terms): each build had added terms all over the table's key, and
        rewritten most of its pages every time. Search finds the downloaded cases at the end; the
        case list fills as before. A download cut short leaves the key set, and the next
        flush (the next cycle's start, or CaseService.list_left_over) adds the terms.
        """
        try:
            return self._flush_projections()
        finally:
            held = self.projector.held
            if held is not None:
                held.close_window()  # a build drops what was held: the pages after it start afresh
                if not self._deferred:
                    self.projector.stop_holding()  # the download's last build

    def _flush_projections(self) -> int:
        done = 0
        while True:
            with self.engine.connect() as conn:  # nothing queued (every sync asks): no write lock taken
                queued = conn.exec_driver_sql("SELECT 1 FROM projection_queue LIMIT 1").first() is not None
                later = bool(read_metas(conn, (TERMS_LATER,)).get(TERMS_LATER))
            if not queued:
                if later and not self._deferred:
                    with _recoverable(self.engine) as conn:
                        if read_metas(conn, (TERMS_LATER,)).get(TERMS_LATER):  # not filled meanwhile
                            fill_search_terms(conn)
                            conn.exec_driver_sql("DELETE FROM meta WHERE key = ?", (TERMS_LATER,))
                return done
            with _recoverable(self.engine) as conn:
                chunk = [r[0] for r in conn.exec_driver_sql(
                    "SELECT case_id FROM projection_queue ORDER BY case_id LIMIT ?", (FLUSH_CHUNK,))]
                later = bool(read_metas(conn, (TERMS_LATER,)).get(TERMS_LATER))  # in this transaction
                if not later and self._deferred and conn.exec_driver_sql(
                        "SELECT 1 FROM search_terms LIMIT 1").first() is None:
                    later = True  # a first download: its terms wait for its last build
                    write_metas(conn, {TERMS_LATER: 1})
                self.projector.refresh(conn, chunk, terms=not later, pulled=True)
                conn.exec_driver_sql("DELETE FROM projection_queue WHERE case_id = ?", [(c,) for c in chunk])
            done += len(chunk)

    def queued_projections(self) -> list[str]:
        """The cases a long download has queued and not projected yet (in case id order)."""
        with self.engine.connect() as conn:
            return [r[0] for r in conn.exec_driver_sql("SELECT case_id FROM projection_queue ORDER BY case_id")]

    def _evict(self, conn, case_ids: list[str]):
        """Remove cases that left this device's scope, unless something about them is still unsent."""
        if not case_ids:
            return []
        unsent = {r[0] for r in conn.execute(select(t.outbox.c.case_id).where(t.outbox.c.case_id.in_(case_ids)))}
        gone = [c for c in case_ids if c not in unsent]
        if not gone:
            return []
        rows = conn.execute(select(t.records.c.id, literal_column(_COUNTED_SHARE).label("server_share"), t.records.c.case_id)
                            .where(t.records.c.case_id.in_(gone))).all()
        attachment_ids = [r.id for r in rows]
        conn.execute(delete(t.attachment_blobs).where(t.attachment_blobs.c.attachment_id.in_(attachment_ids)))
        conn.execute(delete(t.records).where(t.records.c.case_id.in_(gone)))
        return rows

    # --- verification ---------------------------------------------------------------------------
    def digest(self) -> ScopeDigest:
        return ScopeDigest(int(self.store.get_meta("synced_count", 0)), self.store.get_meta("digest", EMPTY_DIGEST))

    def sync_state(self) -> dict[str, Any]:
        """What the end of every sync reads (pending changes, cursor, digest, clock offset), in one read
        transaction instead of six (each a BEGIN and a ROLLBACK: a sync with nothing to do is mostly those)."""
        where, params = self._sendable()
        with self.engine.connect() as conn:
            pending = conn.exec_driver_sql(f"SELECT count(*) FROM outbox WHERE {where}", params).scalar_one()
            meta = read_metas(conn, ("cursor", "synced_count", "digest", "clock_offset_ms"))
        return {"pending": pending, "cursor": int(meta.get("cursor") or 0),
                "digest": ScopeDigest(int(meta.get("synced_count") or 0), meta.get("digest") or EMPTY_DIGEST),
                "clock_offset_ms": int(meta.get("clock_offset_ms") or 0)}

    def cycle_start(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """What the start of every sync reads, in one read transaction instead of four: the state values
        `keys`, the changes pending (as pending_count), the cursor, and whether an interrupted download left
        cases to project (flush_projections)."""
        where, params = self._sendable()
        with self.engine.connect() as conn:
            pending = conn.exec_driver_sql(f"SELECT count(*) FROM outbox WHERE {where}", params).scalar_one()
            queued = conn.exec_driver_sql("SELECT 1 FROM projection_queue LIMIT 1").first() is not None
            meta = read_metas(conn, (*keys, "cursor", TERMS_LATER))
        return {**{k: meta.get(k) for k in keys}, "pending": pending, "cursor": int(meta.get("cursor") or 0),
                "projections_queued": queued or bool(meta.get(TERMS_LATER))}

    def recompute_digest(self) -> ScopeDigest:
        """The digest from the stored shares (what `check` compares with the running one)."""
        value, count = 0, 0
        with self.engine.connect() as conn:
            for (share,) in conn.exec_driver_sql("SELECT server_share FROM records WHERE server_seq > 0 AND server_share IS NOT NULL"):
                value ^= share & _MASK64
                count += 1
        return ScopeDigest(count, format_digest(value))

    def reset_for_repair(self) -> None:
        with writing(self.engine) as conn, conn.begin():
            unsent = select(t.outbox.c.record_id)
            conn.execute(delete(t.records).where(t.records.c.server_seq > 0, t.records.c.id.not_in(unsent)))
            conn.execute(t.records.update().values(server_share=None, server_seq=0))
            for key, value in (("cursor", 0), ("digest", EMPTY_DIGEST), ("synced_count", 0)):
                self.store.set_meta(key, value, conn)
            conn.execute(delete(t.case_index))
            conn.execute(delete(t.task_index))
            conn.execute(delete(t.search_terms))
            conn.execute(delete(t.case_terms))
            conn.exec_driver_sql("DELETE FROM meta WHERE key = ?", (TERMS_LATER,))  # all terms written again
            case_ids = [r[0] for r in conn.execute(select(t.records.c.case_id).distinct())]
            self.projector.refresh(conn, case_ids)
            for table in t.fact_tables.values():
                conn.execute(delete(table))
            queue_cases(conn, case_ids)
