"""The pages of a long pull: fetched ahead of the one being applied, and those already fetched applied with it.

Used by the sync cycle (sync.client.engine): one thread of the cycle's pool fetches the pages after a
cursor in order while the cycle applies them; pages waiting when one is to be applied go into its local
transaction (docs/sync-protocol.md, "A sync cycle").
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sync.wire import PullPage


class PagesAhead:
    """The pages after a cursor, fetched in order by one thread of the cycle's pool, up to `depth` of
    them waiting to be applied; a failed fetch is raised where its page would have been."""

    def __init__(self, pool: ThreadPoolExecutor, fetch: Callable[[int], PullPage], depth: int):
        self._pool, self._fetch = pool, fetch
        self._waiting: queue.Queue[tuple[PullPage | None, BaseException | None]] = queue.Queue(depth)
        self._stopped = threading.Event()
        self._peeked: tuple[PullPage | None, BaseException | None] | None = None
        self.started = False

    def start(self, cursor: int) -> None:
        """Begin fetching after `cursor` (once: later calls do nothing)."""
        if not self.started:
            self.started = True
            self._pool.submit(self._run, cursor)

    def next(self) -> PullPage:
        if self._peeked is not None:
            (page, error), self._peeked = self._peeked, None
        else:
            page, error = self._waiting.get()
        if error is not None:
            raise error
        return page

    def waiting(self) -> PullPage | None:
        """The next page if it has been fetched already (next() then returns it), else None."""
        if self._peeked is None:
            try:
                self._peeked = self._waiting.get_nowait()
            except queue.Empty:
                return None
        return self._peeked[0]  # None for a failed fetch: next() raises it

    def stop(self) -> None:
        self._stopped.set()

    def _run(self, cursor: int) -> None:
        while not self._stopped.is_set():
            try:
                page = self._fetch(cursor)
            except BaseException as exc:  # raised by next(), in the pages' order
                self._put((None, exc))
                return
            self._put((page, None))
            if not page.more or page.cursor <= cursor:  # the last page, or one next() refuses
                return
            cursor = page.cursor

    def _put(self, item: tuple[PullPage | None, BaseException | None]) -> None:
        while not self._stopped.is_set():  # stopped: nobody takes it any more
            try:
                self._waiting.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


def goes_with(page: PullPage, nxt: PullPage, records: int, bound: int) -> bool:
    """Whether `nxt` can be applied in one transaction with the pages up to `page` (`records` so far,
    at most `bound`): none evicts (a case evicted and then pulled again must go in that order), same
    epoch, the cursor moves on (else the page is checked as usual, alone)."""
    return (records + len(nxt.records) <= bound and not page.evictions and not nxt.evictions
            and nxt.epoch == page.epoch and nxt.epoch_seq == page.epoch_seq and nxt.cursor > page.cursor)


def latest_versions(pages: list[PullPage]) -> list[dict[str, Any]]:
    """The records of pages applied together; a record changed on the server between two of them
    comes in both: its later version, where it came first (as applying them one by one leaves it)."""
    records = [r for page in pages for r in page.records]
    latest = {r["id"]: r for r in records}  # a repeated key keeps its place and takes the later value
    return records if len(latest) == len(records) else list(latest.values())
