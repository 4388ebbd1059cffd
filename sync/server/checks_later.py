"""The duplicate check, after the push: the cases a push touched wait in `duplicate_queue` (written in the
push's own transaction, so they survive anything that happens after its commit) and a thread of the server
process checks them once the pushes pause, in transactions of its own under the writer lock.

A pushed batch used to index its persons and look for their look-alikes in other offices before its answer:
a third of a registration push's apply on the server, waited for by the laptop. A pair is now flagged a
moment after the push instead (CHECK_QUIET_S after the last push committed with none being applied, at most
CHECK_MAX_DELAY_S while pushes keep coming) and reaches the offices with their next pull, as any server-made
record.

Each round takes the writer lock, reads the oldest queued cases (at most QUEUE_CHUNK), indexes their persons
as stored, flags the pairs (sync.server.duplicates.check_cases), compares again the aid of every case it
linked or indexed (sync.server.aid_overlap: a person's numbers link households once indexed), takes the
cases off the queue and commits: all or nothing. A server killed in between leaves them queued, and every
server process looks at the queue when it starts (the application's lifespan). When the application stops, its
thread ends after the round it is in (`stop_checks`): no check runs on a database being closed or removed, and
what is still queued is checked at the next start. With several worker
processes each checks after its own pushes; the lock makes them take turns, and a round that finds the
queue empty does nothing.

A round that fails on its data (not on the database being away) is tried again on the first half of its
cases, then the first quarter, down to a single case: the cases before a bad one are checked, and a case
whose check fails alone is left queued and skipped by this process until it restarts, with an error in the
log naming the case (no personal data). One bad case does not stop the check for every case queued after it.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

from sync.server import aid_overlap, duplicates
from sync.server import models as m
from sync.server.bulk import id_chunks, in_
from sync.server.db import checkpoint_soon, now_ms, write_on
from sync.server.push import finish, server_batch

log = logging.getLogger(__name__)
CHECK_QUIET_S = 0.2  # no push committed for this long: the laptops' runs of batches are over
CHECK_MAX_DELAY_S = 2.0  # a server that never goes quiet still checks this often
RETRY_S = 5.0  # after a failed round (the database away): the queue keeps the cases
QUEUE_CHUNK = 2000  # cases a round (a transaction holding the writer lock)
_Q = m.duplicate_queue.c


def check_queued(conn: Connection, now: int, limit: int = QUEUE_CHUNK, skipped: frozenset[int] = frozenset()) -> int:
    """One round in `conn`'s transaction, which must hold the writer lock: the number of queue rows done.
    `skipped`: queue rows whose check failed alone, left queued."""
    rows = conn.execute(_oldest(skipped).limit(limit)).all()
    if not rows:
        return 0
    batch = server_batch(conn, now)
    indexed = duplicates.check_cases(batch, [r.case_id for r in rows])
    aid_overlap.check_batch(batch, indexed)
    if skipped:
        for chunk in id_chunks(conn, [r.id for r in rows]):
            conn.execute(delete(m.duplicate_queue).where(in_(conn, _Q.id, chunk)))
    else:
        conn.execute(delete(m.duplicate_queue).where(_Q.id <= rows[-1].id))
    finish(batch)
    return len(rows)


def _oldest(skipped: frozenset[int]):
    stmt = select(_Q.id, _Q.case_id).order_by(_Q.id)
    return stmt.where(_Q.id.not_in(sorted(skipped))) if skipped else stmt


def check_all(engine: Engine, stop: threading.Event | None = None) -> int:
    """Check everything queued, a round (a transaction) at a time; the number of queue rows done. A round that
    fails on its data is narrowed down to the case that fails (see the module's docstring); a failure of the
    database itself is raised, the cases staying queued. `stop` set: no further round begins."""
    done, limit, narrowing = 0, QUEUE_CHUNK, False
    skipped = _SKIPPED.setdefault(id(engine), set())
    with engine.connect() as conn:
        while stop is None or not stop.is_set():
            first = conn.execute(_oldest(frozenset(skipped)).limit(1)).first()
            if first is None:  # nothing queued (or only cases skipped here): no lock taken
                conn.rollback()
                return done
            try:
                with write_on(conn, lock=True):
                    n = check_queued(conn, now_ms(), limit, frozenset(skipped))
            except Exception as exc:
                if _database_away(exc):
                    raise
                if limit > 1:  # a binary search: the bad case is among the first `limit` rows
                    limit, narrowing = limit // 2, True
                    continue
                skipped.add(first.id)
                log.error("the duplicate check of case %s failed (%s); it stays queued (row %d) and is skipped "
                          "until the server restarts", first.case_id, _where(exc), first.id)
                limit, narrowing = QUEUE_CHUNK, False
                continue
            if n:
                checkpoint_soon(engine)
            done += n
            if n == 0:
                return done
            if narrowing:  # the first half was good: the bad case leads the next `limit` rows (unless it was not
                narrowing = False  # the data after all: then the round after next goes back to full size)
            else:
                limit = QUEUE_CHUNK
    return done


def _where(exc: Exception) -> str:
    """The error's type and the line that raised it, without its message (which may quote a person's data)."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return type(exc).__name__
    last = frames[-1]
    return f"{type(exc).__name__} in {last.name}, {last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def _database_away(exc: Exception) -> bool:
    """The database itself failed (gone, restarting, locked): the whole round is tried again later. Any other
    error comes from the cases' data or from a bug the data sets off."""
    if isinstance(exc, OperationalError | InterfaceError | DisconnectionError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def check_soon(engine: Engine, quiet_s: float = CHECK_QUIET_S) -> None:
    """Have the queue checked by this process's thread for `engine` once the pushes pause (see above)."""
    with _LOCK:
        checker = _CHECKERS.get(id(engine))
        if checker is None:
            wanted, stop = threading.Event(), threading.Event()
            thread = threading.Thread(target=_checks, args=(engine, wanted, stop, quiet_s), name="duplicate-check",
                                      daemon=True)
            checker = _CHECKERS[id(engine)] = _Checker(wanted, stop, thread)
            thread.start()
    checker.wanted.set()


def stop_checks(engine: Engine, timeout_s: float = 30.0) -> None:
    """End this process's check thread for `engine` (the application stops): it finishes the round it is in, if
    any, and begins no other; the cases left queued are checked at the next start. A push after this starts a
    thread again."""
    with _LOCK:
        checker = _CHECKERS.pop(id(engine), None)
    if checker is None:
        return
    checker.stop.set()
    checker.wanted.set()
    if checker.thread is not threading.current_thread():
        checker.thread.join(timeout_s)


@contextmanager
def pushing(engine: Engine) -> Iterator[None]:
    """Around a push being applied in this process: the check does not start meanwhile (it would take the
    writer lock between two batches of one laptop's run, whose next batch would then wait for it)."""
    key = id(engine)
    with _LOCK:
        _APPLYING[key] = _APPLYING.get(key, 0) + 1
    try:
        yield
    finally:
        with _LOCK:
            _APPLYING[key] -= 1


@dataclass
class _Checker:
    """A process's check thread for one engine: `wanted` wakes it (a push committed), `stop` ends it."""

    wanted: threading.Event
    stop: threading.Event
    thread: threading.Thread


_CHECKERS: dict[int, _Checker] = {}
_SKIPPED: dict[int, set[int]] = {}  # queue rows whose check failed alone, per engine: left for the next start
_APPLYING: dict[int, int] = {}  # pushes being applied in this process, per engine
_LOCK = threading.Lock()


def _checks(engine: Engine, wanted: threading.Event, stop: threading.Event, quiet_s: float) -> None:
    while True:
        wanted.wait()
        wanted.clear()
        due = time.monotonic() + max(CHECK_MAX_DELAY_S, quiet_s)
        while time.monotonic() < due and not stop.is_set():
            if wanted.wait(quiet_s):
                wanted.clear()  # another push committed meanwhile: its run is not over
            elif not _APPLYING.get(id(engine)):
                break  # quiet, and no push of this process on its way
        wanted.clear()
        if stop.is_set():
            return
        try:
            check_all(engine, stop)
        except Exception:  # the cases stay queued: tried again after RETRY_S, and at the next start
            if stop.is_set():
                return
            log.warning("the duplicate check failed; its cases stay queued", exc_info=True)
            if stop.wait(RETRY_S):
                return
            wanted.set()
