"""The client sync cycle (docs/sync-protocol.md, "A sync cycle"): push, pull, verify, record.

The engine talks to a local store only through a `Replica` and to the server only through a
`Transport`, so it runs the same under the GUI's background thread, the command line and tests.
Safety comes from the protocol, not from the engine being careful: pushes are idempotent by
change id, and each pulled page is applied together with its cursor, so the engine may be killed
at any point and simply run again.

Optional replica methods used when present: `open_conflicts()`, `rejected_count()`, `sync_state()`
(pending count, cursor, digest and clock offset in one read), `cycle_start(keys)` (those state values, pending count,
cursor and queued projections in one read), `prepare_recovery(...)`
(after a restore of the server: desktop.store.recovery),
`set_states(dict)` (several values in one local transaction), and `defer_projections(bool)` with
`flush_projections()` (a long download builds the local lists once, at the end).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sync.client import errors as e
from sync.client.epochs import SERVER_EPOCH, SERVER_WENT_BACK, ServerEpochs
from sync.client.events import (
    CONFLICT,
    DONE,
    ERROR,
    PROGRESS,
    ConflictFound,
    Done,
    ErrorOccurred,
    EventBus,
    Progress,
)
from sync.client.pages import PagesAhead, goes_with, latest_versions
from sync.client.replica import PushResult, Replica
from sync.client.retry import RetryPolicy, with_retries
from sync.client.transport import PreparedBody, Transport
from sync.protocol import MAX_PULL_LIMIT, MAX_PUSH_BATCH, PUSH_TARGET_BYTES, DigestResponse
from sync.startup import collector_paused
from sync.wire import PullPage, RawJSON, encode_push_within

log = logging.getLogger(__name__)
T = TypeVar("T")
OFFSET_WRITE_THRESHOLD_MS = 100  # do not rewrite the stored offset for network jitter
# During a long download the case list is built after the first this many records (ten pages; about
# 2,000 cases), not only at the end: a district laptop's 100,000 cases take minutes, and the window
# shows what is listed. Each later build waits until twice as many records again have arrived as
# were listed before it (at 20,000, 60,000, 180,000, ...): builds at a fixed spacing made the download
# grow with the square of its size; a growing spacing keeps the total linear. Tripling rather than
# doubling: a build re-projects the cases it had listed that got records since (a case's assessments
# and journal arrive pages after its registration), and commits the pages of eight list indexes; the
# 5,000-case download (46,669 records) built at 20,000 and 40,000 records, now only at 20,000.
LISTS_EVERY = 20_000
# Pages fetched and waiting while one is applied. The server's work for a page (reading, encoding,
# compressing: ~70 ms for 5,000 records) and the laptop's (~40 ms to apply it) overlap; a list build
# (~250 ms for 2,000 cases) takes several pages' time, and with one page ahead the server waited idle
# through it. A waiting page of 5,000 records holds ~10 MB.
PAGES_AHEAD = 3
# The first page of a pull is at most this many records: it comes back sooner (~15 ms instead of ~60 for
# 5,000), and the pages after it are fetched while it is applied.
FIRST_PAGE = 1000
# In a long download, pages already fetched when one is to be applied go with it, in one local
# transaction, up to this many records: every transaction writes again the index pages it shares
# with the one before (records by case, by type, the page of meta) and each page written is encrypted
# at the commit. The laptop falls behind the server when its CPU is short, which is when this saves:
# benchmarks/pull_apply.py's 5,000 cases (46,669 records in pages of 2,000, always waiting): 24
# transactions wrote 2,392 pages, 5 wrote 1,714; in the engine's own pages of 5,000, 10 wrote 1,954.
# A cut loses at most these records (the cursor is stored with them), fetched again by the next cycle.
MERGE_UP_TO = 10_000
# A push of at least this many changes runs with the automatic garbage collector paused (sync.startup.
# collector_paused): its batches' answers are thousands of results and acknowledged rows, none in a cycle,
# and the collections they set off took 10-50 ms of a push of 1,000 cases (5,304 changes), mostly while
# the answer of a batch was read, before the next batch went out.
PAUSE_PUSH_FROM = 500
# The last batch of a long push is cut to about this many changes (SyncEngine._batch_size). A push of 1,000
# cases (5,304 changes) as 2,000 + 2,000 + 1,004 + 300 instead of 2,000 + 2,000 + 1,304, SQLite server,
# 4 x 6 rounds alternating, load 0.9-1.8: median 410 -> 354 ms; PostgreSQL 3 x 5 rounds: 401 -> 391 ms (the
# extra request costs more there). A small first batch too (the server starts sooner) was slower: 345 -> 367.
TAIL_BATCH = 300


@dataclass
class SyncReport:
    ok: bool = False
    pushed: int = 0        # changes the server applied
    duplicates: int = 0    # changes it had already (a retried batch)
    rejected: int = 0      # changes it refused; kept aside on this device
    pulled: int = 0        # records received
    pages: int = 0
    evicted: int = 0       # cases that left the scope
    conflicts: int = 0     # open conflict records received
    repaired: bool = False
    verified: bool = False
    recovered: int = 0     # records given back to a server restored from a backup (desktop.store.recovery)
    kept_here: int = 0     # records of others it lost, which only their authors may give back
    pending: int = 0       # changes still waiting after the cycle
    cursor: int = 0
    retries: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    duration_s: float = 0.0
    error_code: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SyncStatus:
    pending_changes: int
    last_sync: str | None
    conflicts: int
    last_error: str | None
    rejected_changes: int
    cursor: int
    server_url: str | None
    running: bool
    last_report: dict[str, Any] | None = field(default=None)


def _cycle_start(replica: Replica) -> dict[str, Any]:
    """The epoch state, pending count, cursor and whether projections are queued: in one local read where the
    replica can (`cycle_start`; a sync with nothing to do is mostly such reads, each a transaction)."""
    keys = (SERVER_EPOCH, SERVER_WENT_BACK)
    if hasattr(replica, "cycle_start"):
        return replica.cycle_start(keys)
    return {**{k: replica.get_state(k) for k in keys}, "pending": replica.pending_count(),
            "cursor": replica.cursor(), "projections_queued": True}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class _Outgoing:
    """A batch of changes and its request body, encoded (and compressed) ahead of sending."""

    changes: list[dict[str, Any]]
    body: RawJSON | PreparedBody


class SyncEngine:
    def __init__(self, replica: Replica, transport: Transport, *, events: EventBus | None = None,
                 batch_size: int = MAX_PUSH_BATCH, page_size: int = MAX_PULL_LIMIT, retry: RetryPolicy | None = None):
        self.replica = replica
        self.transport = transport
        self.events = events or EventBus()
        self.batch_size = max(1, min(batch_size, MAX_PUSH_BATCH))
        self.push_max_bytes = PUSH_TARGET_BYTES
        self.page_size = max(1, min(page_size, MAX_PULL_LIMIT))
        self.retry = retry or RetryPolicy()
        self._cycle_lock = threading.Lock()
        self._stop = threading.Event()
        self._contacted = False
        self._offset: tuple[float, int] | None = None  # (round trip s, offset ms) of the best sample
        self._new_conflicts: list[dict[str, Any]] = []
        self._pool: ThreadPoolExecutor | None = None  # the running cycle's: page prefetch, push side work
        self._skip: set[int] = set()  # seqs of records the push answers confirmed (not pulled back)
        self._page_digest: DigestResponse | None = None  # the scope's, brought by the last pulled page
        self.epochs = ServerEpochs(replica)  # a server restored from a backup (sync.client.epochs)

    # --- public ---------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._cycle_lock.locked()

    def cancel(self) -> None:
        """Stop waiting between retries (closing the app); the cycle ends with the last error."""
        self._stop.set()

    def status(self) -> SyncStatus:
        r = self.replica
        return SyncStatus(
            pending_changes=r.pending_count(), last_sync=r.get_state("last_sync"),
            conflicts=_optional(r, "open_conflicts"), last_error=r.get_state("last_error"),
            rejected_changes=_optional(r, "rejected_count"), cursor=r.cursor(),
            server_url=r.get_state("server_url") or self.transport.base_url, running=self.running,
            last_report=r.get_state("last_report"))

    def run_cycle(self) -> SyncReport:
        """One full cycle; returns the report, or raises SyncError (with `.report`) after recording it."""
        if not self._cycle_lock.acquire(blocking=False):
            raise e.SyncBusy()
        self._stop.clear()
        self._contacted, self._offset, self._new_conflicts = False, None, []
        self._skip = set()
        report = SyncReport()
        started = time.monotonic()
        sent0, received0 = self.transport.counters.bytes_sent, self.transport.counters.bytes_received
        try:
            start = _cycle_start(self.replica)
            self.epochs.begin(start[SERVER_EPOCH])
            if start[SERVER_WENT_BACK]:  # stays stopped until the server begins a new epoch: ServerEpochs.went_back
                server = self._call(self.transport.digest, report)
                began_at = self.epochs.after_stop(server.epoch, server.epoch_seq, start[SERVER_WENT_BACK])
                self.epochs.enter(server.epoch, began_at, report, self._skip)
                start = None  # the recovery changed the outbox and the cursor
            with ThreadPoolExecutor(2, thread_name_prefix="poruch-sync") as pool:
                self._pool = pool
                if hasattr(self.replica, "flush_projections") and (start is None or start["projections_queued"]):
                    with collector_paused(True):  # as at a download's end: up to 100,000 cases' lists and terms
                        self.replica.flush_projections()  # left over by a download that was interrupted
                try:
                    self._exchange(report, start)
                except e.EpochChanged as changed:  # nothing of this cycle was applied: recover, then again
                    self.epochs.enter(changed.epoch, changed.epoch_seq, report, self._skip)
                    self._exchange(report)
            report.ok = True
            self._finish(report, started, sent0, received0, None)
        except e.SyncError as exc:
            self._finish(report, started, sent0, received0, exc)
            exc.report = report
            raise
        except Exception as exc:  # a bug or a local database problem: still recorded in plain words
            self._finish(report, started, sent0, received0, e.SyncError(type(exc).__name__))
            raise
        finally:
            self._cycle_lock.release()
        if self._new_conflicts:
            self.events.publish(CONFLICT, ConflictFound(self._new_conflicts,
                                                        _optional(self.replica, "open_conflicts")))
        self.events.publish(DONE, Done(report))
        return report

    # --- the phases -----------------------------------------------------------------------------------
    def _exchange(self, report: SyncReport, start: dict[str, Any] | None = None) -> None:
        """Push, pull, verify. `start`: the pending count and cursor read at the cycle's start (a push does
        not move the cursor), or None to read them here."""
        self._push_all(report, None if start is None else start["pending"])
        self._pull_all(report, "pull", None if start is None else start["cursor"])
        self._verify(report)

    def _push_all(self, report: SyncReport, pending: int | None = None) -> None:
        """Push the outbox in batches, one request at a time and in order, but without waiting idle.

        While a batch is on its way, the other thread acknowledges the previous answer and reads,
        encodes and compresses the next batch, so it goes out the moment the answer is in: the device's work and the
        server's overlap instead of taking turns (a push of 1,000 cases is 3 batches). This thread
        only talks to the server: handing the sending to a thread that first had to wake up and win
        the interpreter lock from the acknowledging one cost up to 40 ms a batch.
        """
        total = self.replica.pending_count() if pending is None else pending
        if total:
            self.events.publish(PROGRESS, Progress("push", 0, total))
        with collector_paused(total >= PAUSE_PUSH_FROM):
            self._push_batches(report, total)

    def _push_batches(self, report: SyncReport, total: int) -> None:
        """`_push_all`'s batches; `total`: the changes pending when it began."""
        done = 0
        batch = self._outgoing(self.replica.pending_batch(self._batch_size(total))) if total else None
        read = len(batch.changes) if batch is not None else 0  # changes read into batches so far
        answered: tuple[_Outgoing, Any] | None = None  # the last answer, not yet acknowledged
        while batch is not None or answered is not None:
            size = self._batch_size(total - read)
            side = self._pool.submit(self._between_requests, answered, batch, size)
            try:
                answer = self._call(lambda b=batch: self._send(b), report) if batch else None
            except BaseException:
                wait([side])  # its acknowledgement stands; the failed batch stays in the outbox
                raise
            acknowledged, following = side.result()
            if acknowledged is not None:
                results, confirmed = acknowledged
                if confirmed:  # records now known to be as the server holds them: not pulled back
                    self._skip.update(confirmed)
                for r in results:
                    if r.status == "applied":
                        report.pushed += 1
                    elif r.status == "duplicate":
                        report.duplicates += 1
                    else:
                        report.rejected += 1
                done += len(results)
                total = max(total, done + self.replica.pending_count())  # edits made meanwhile join the cycle
                self.events.publish(PROGRESS, Progress("push", done, total))
            answered = (batch, answer) if batch is not None else None
            batch = following
            read += len(batch.changes) if batch is not None else 0

    def _send(self, batch: _Outgoing):
        if self.epochs.known is None:  # before the first pull from a server that has epochs
            return self.transport.push(batch.body)
        return self.transport.push(batch.body, epoch=self.epochs.known)

    def _batch_size(self, left: int) -> int:
        """How many changes the next batch reads, `left` being those not read yet (an estimate: edits
        saved meanwhile join). The last batch of a long push is kept small: its answer is the one
        acknowledged with nothing else to overlap (the others are acknowledged while the next batch is
        on its way), so the cycle ends sooner after a small one. A push too small to gain from it is
        not cut: an extra request costs more than acknowledging a few hundred changes."""
        size = self.batch_size
        if size >= 2 * TAIL_BATCH and 3 * TAIL_BATCH <= left <= size + TAIL_BATCH:
            return left - TAIL_BATCH
        return size

    def _between_requests(self, answered: tuple[_Outgoing, Any] | None, current: _Outgoing | None,
                          size: int | None = None):
        """Acknowledge the last answer, then read the batch after `current` (after none: whatever is
        still pending, such as edits saved meanwhile) and encode it; `size`: how many it reads."""
        results = self._acknowledge(answered[0].changes, answered[1]) if answered is not None else None
        after = current.changes[-1]["change_id"] if current is not None else None
        return results, self._outgoing(self.replica.pending_batch(size or self.batch_size, after=after))

    def _outgoing(self, changes: list[dict[str, Any]]) -> _Outgoing | None:
        """The batch as it goes out: cut by encoded size as well as by count (the server bounds a push
        body); the changes left out lead the next batch."""
        if not changes:
            return None
        body, count = encode_push_within(changes, self.push_max_bytes)
        prepare = getattr(self.transport, "prepare", None)  # compressed here, off the requests' path
        return _Outgoing(changes[:count], prepare(body) if prepare is not None else body)

    def _acknowledge(self, batch: list[dict[str, Any]], answer) -> tuple[list[PushResult], list[int] | None]:
        sent = {c["change_id"] for c in batch}
        results = [r for r in answer.results if r.change_id in sent]  # PushResults (Transport.push)
        if len({r.change_id for r in results}) != len(sent):
            # The server answers every change of a batch. Without that, a later batch already on
            # its way could overtake a change of this one.
            raise e.ProtocolMismatch("push: the answer does not name every change sent")
        return results, self.replica.acknowledge(results)

    def _pull_all(self, report: SyncReport, phase: str, cursor: int | None = None) -> None:
        """Pull pages until the server says there is no more; the next page is fetched while one is applied."""
        cursor = self.replica.cursor() if cursor is None else cursor
        self._page_digest = None
        skip = _ranges(self._skip)

        def fetch(c: int, limit: int = self.page_size) -> PullPage:
            # The last page brings the scope's digest along: the check after the pull needs no request.
            if skip:
                return self._call(lambda: self.transport.pull(c, limit, skip=skip, digest=True), report)
            return self._call(lambda: self.transport.pull(c, limit, digest=True), report)

        page = fetch(cursor, min(self.page_size, FIRST_PAGE))
        bulk = page.more and hasattr(self.replica, "flush_projections")
        if bulk:  # a long download: the replica projects the cases for its lists once, at the end
            self.replica.defer_projections(True)
        try:
            with collector_paused(page.more):
                cursor = self._apply_pages(report, phase, page, cursor, fetch, bulk)
        finally:
            if bulk:
                self.replica.defer_projections(False)
                self.events.publish(PROGRESS, Progress("index", 0, None))
                with collector_paused(True):
                    self.replica.flush_projections()
        report.cursor = cursor

    def _apply_pages(self, report: SyncReport, phase: str, page: PullPage, cursor: int,
                     fetch: Callable[[int], PullPage], bulk: bool = False) -> int:
        ahead = PagesAhead(self._pool, fetch, PAGES_AHEAD)
        try:
            return self._apply_pages_fetched(report, phase, page, cursor, ahead, bulk)
        except BaseException as exc:
            ahead.stop()
            if ahead.started and not isinstance(exc, e.EpochChanged):  # that one: the cycle goes on, with retries
                self._stop.set()  # the cycle ends: let the fetch under way give up its retries
            raise

    def _apply_pages_fetched(self, report: SyncReport, phase: str, page: PullPage, cursor: int,
                             ahead: PagesAhead, bulk: bool) -> int:
        since_lists = 0  # records applied since the lists were last built (a long download)
        listed = 0  # records applied when they were last built
        while True:
            self.epochs.check(page.epoch, page.epoch_seq, cursor, self._skip)
            if page.cursor < cursor:
                self.epochs.went_back(page.cursor, cursor)
            if page.more and page.cursor <= cursor:
                raise e.ProtocolMismatch("pull: the cursor did not advance")
            if page.more:
                ahead.start(page.cursor)  # from the first page on, the pages after it are fetched meanwhile
            pages = [page]
            if bulk and page.more:  # the pages already waiting that can go with it (MERGE_UP_TO)
                records = len(page.records)
                # Not past the next build of the lists either: they are built where they were.
                bound = min(MERGE_UP_TO, max(LISTS_EVERY, 2 * listed) - since_lists)
                while (nxt := ahead.waiting()) is not None and goes_with(page, nxt, records, bound):
                    pages.append(ahead.next())
                    records += len(nxt.records)
                    page = nxt
                    if not page.more:
                        break
            if len(pages) > 1:
                self.replica.apply_page(latest_versions(pages), page.cursor, [])
            elif page.records or page.evictions or page.cursor != cursor:
                self.replica.apply_page(page.records, page.cursor, page.evictions)
            cursor = page.cursor
            for applied in pages:
                report.pages += 1
                report.pulled += len(applied.records)
                report.evicted += len(applied.evictions)
                if phase == "pull":  # a repair re-pulls old conflicts: they are not news
                    opened = [r for r in applied.records if r["type"] == "conflict" and not r["deleted"]
                              and _data(r).get("status") == "open"]
                    report.conflicts += len(opened)
                    self._new_conflicts += opened
                since_lists += len(applied.records)
            if bulk and page.more and since_lists >= max(LISTS_EVERY, 2 * listed):
                # The window lists what is projected: build the lists of what has arrived so far,
                # while the next page is fetched, so the case list fills during a long download.
                self.replica.flush_projections()
                listed += since_lists
                since_lists = 0
            self.events.publish(PROGRESS, Progress(phase, report.pulled, None))
            if not page.more:
                self._page_digest = page.digest
                return cursor
            page = ahead.next()

    def _verify(self, report: SyncReport) -> None:
        """Compare what the scope holds with the server; pull again (and repair if needed) on a mismatch.

        The digest is the one the last pulled page brought, or (from a server that does not send it,
        or once that one is used) asked for.
        """
        repaired_once = False
        for _ in range(5):
            state = _sync_state(self.replica)  # one local read for the three
            if state["pending"]:
                return  # someone is editing: the next cycle checks
            self.events.publish(PROGRESS, Progress("verify", 0, 1))
            server, self._page_digest = self._page_digest, None
            fresh = server is None
            if fresh:
                server = self._call(self.transport.digest, report)
            local_cursor = state["cursor"]
            self.epochs.check(server.epoch, server.epoch_seq, local_cursor, self._skip)
            if server.cursor < local_cursor:
                if fresh:  # read after everything this device pulled: the server's numbers went back
                    self.epochs.went_back(server.cursor, local_cursor)
                continue  # read before changes this device then pulled: ask again
            local = state["digest"]
            if (server.count, server.digest) == (local.count, local.digest):
                report.verified = True
                return
            if server.cursor > local_cursor:
                self._pull_all(report, "pull")  # changes arrived after our pull: not a divergence
                continue
            if repaired_once:
                raise e.VerificationFailed(f"{local.count}/{server.count} {local.digest}/{server.digest}")
            log.warning("scope digest differs from the server (%s records here, %s there): repairing",
                        local.count, server.count)
            self._skip.clear()  # the repair forgets what was confirmed: pull everything
            self.replica.reset_for_repair()
            report.repaired = repaired_once = True
            self._pull_all(report, "repair")
        raise e.VerificationFailed("the scope kept changing during the check")

    # --- requests with backoff ------------------------------------------------------------------------
    def _call(self, fn: Callable[[], T], report: SyncReport) -> T:
        """`fn()` with retries (sync.client.retry); every answer's server time samples the clock offset."""
        def timed() -> T:
            t0 = time.time()
            result = fn()
            self._contacted = True
            server_ms = getattr(result, "server_time_ms", None)
            if server_ms is not None:
                self._sample_offset(t0, time.time(), server_ms)
            return result

        def attempts(exc: e.SyncError) -> int:
            if not getattr(exc, "connect_failed", False):
                self._contacted = True  # the server was reached, even if the answer was lost
            elif not self._contacted:
                return self.retry.first_contact_attempts
            return self.retry.attempts

        def count(*_) -> None:
            report.retries += 1

        return with_retries(timed, self.retry, self._stop, attempts=attempts, on_retry=count)

    def _sample_offset(self, t0: float, t1: float, server_ms: int) -> None:
        """Clock offset from the answer with the shortest round trip (the least network noise)."""
        rtt = t1 - t0
        if self._offset is None or rtt < self._offset[0]:
            self._offset = (rtt, int(server_ms - (t0 + t1) * 500))

    # --- bookkeeping ----------------------------------------------------------------------------------
    def _finish(self, report: SyncReport, started: float, sent0: int, received0: int,
                error: e.SyncError | None) -> None:
        r = self.replica
        report.duration_s = round(time.monotonic() - started, 4)
        report.bytes_sent = self.transport.counters.bytes_sent - sent0
        report.bytes_received = self.transport.counters.bytes_received - received0
        now = _sync_state(r)
        report.cursor, report.pending = now["cursor"], now["pending"]
        try:
            state: dict[str, Any] = {}
            if self._offset is not None:
                old = now["clock_offset_ms"]
                if abs(self._offset[1] - old) >= OFFSET_WRITE_THRESHOLD_MS:
                    state["clock_offset_ms"] = self._offset[1]
            if error is None and report.rejected:
                error = e.ChangesRejected(f"{report.rejected}")
                report.ok = True  # acknowledged all the same: the cycle itself completed
            if error is not None:
                report.error_code, report.error = error.code, error.message
            if report.ok:
                state["last_sync"] = now_iso()
            state["last_error"] = report.error
            state["last_report"] = {k: v for k, v in report.as_dict().items() if k != "error"}
            _set_states(r, state)
        except Exception:  # the store may be gone (a revoked device being wiped)
            log.exception("could not record the sync result")
        if error is not None and not (report.ok and isinstance(error, e.ChangesRejected)):
            self.events.publish(ERROR, ErrorOccurred(error.code, error.message, error.transient,
                                                     isinstance(error, e.DeviceRevoked), error))


def _ranges(seqs: set[int]) -> list[tuple[int, int]]:
    """Sorted seqs as [first, last] runs (a pushed batch gets consecutive numbers)."""
    out: list[tuple[int, int]] = []
    for seq in sorted(seqs):
        if out and seq == out[-1][1] + 1:
            out[-1] = (out[-1][0], seq)
        else:
            out.append((seq, seq))
    return out


def _data(record: dict[str, Any]) -> dict[str, Any]:
    """A pulled record's fields (protocol 2 sends them as canonical JSON text)."""
    data = record["data"]
    return json.loads(data) if isinstance(data, str) else data


def _set_states(replica: Any, values: dict[str, Any]) -> None:
    """One transaction when the replica can (a store flushes to disk once per commit)."""
    if hasattr(replica, "set_states"):
        replica.set_states(values)
        return
    for key, value in values.items():
        replica.set_state(key, value)


def _sync_state(replica: Any) -> dict[str, Any]:
    """Pending count, cursor, digest and clock offset: in one read when the replica can."""
    if hasattr(replica, "sync_state"):
        return replica.sync_state()
    return {"pending": replica.pending_count(), "cursor": replica.cursor(), "digest": replica.digest(),
            "clock_offset_ms": int(replica.get_state("clock_offset_ms", 0) or 0)}


def _optional(replica: Any, method: str) -> int:
    fn = getattr(replica, method, None)
    return int(fn()) if fn else 0


def transport_for(replica: Replica, *, user_token: str | None = None, **kwargs: Any) -> Transport:
    """The transport of an enrolled store: the device secret and the signed-in person's own token.

    Never another person's: a change is accepted only from its author (sync/records/permissions.py),
    and a person who has not signed in to the server yet cannot sync (NotSignedIn).
    """
    url = replica.get_state("server_url")
    if not url or not replica.get_state("device_secret"):
        raise e.NotEnrolled()
    if not user_token:
        raise e.NotSignedIn()
    return Transport(url, device_id=replica.get_state("device_id"), device_secret=replica.get_state("device_secret"),
                     user_token=user_token, **kwargs)
