"""Retrying a request with backoff: one rule for the sync cycle and the attachment pass.

A transient failure (timeout, dropped connection, 5xx, 429) is tried again after a delay that
doubles each attempt, with +-50 % jitter so that the laptops of an office that lost the link
together do not come back together; the Retry-After of a 429 or a 503 server_busy is honoured. Anything else is raised at
once. Waiting is on a `threading.Event`, so closing the application ends the wait.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sync.client import errors as e

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 7          # per request, per cycle
    base_delay: float = 0.5    # seconds; doubles each attempt, with +-50 % jitter
    max_delay: float = 20.0
    first_contact_attempts: int = 2  # an offline laptop is told so quickly, not after a minute

    def delay(self, attempt: int, error: e.SyncError) -> float:
        if isinstance(error, e.RateLimited) and error.retry_after:
            return min(self.max_delay, error.retry_after)
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1)) * random.uniform(0.5, 1.5)


def with_retries(fn: Callable[[], T], policy: RetryPolicy, stop: threading.Event, *,
                 attempts: Callable[[e.SyncError], int] | None = None,
                 on_retry: Callable[[e.SyncError, int, float], None] | None = None) -> T:
    """`fn()`, tried again while it raises a transient SyncError, up to `policy.attempts` in all.

    `attempts(error)`: how many attempts this failure allows instead (it may differ by failure, or
    say what a failure means for the caller); `on_retry(error, attempt, wait)` is told before each
    wait. The last error is raised when attempts run out or `stop` is set.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except e.SyncError as exc:
            limit = attempts(exc) if attempts is not None else policy.attempts
            if not exc.transient or attempt >= limit or stop.is_set():
                raise
            wait = policy.delay(attempt, exc)
            log.info("request failed (%s), retry %d in %.2f s", exc.code, attempt, wait)
            if on_retry is not None:
                on_retry(exc, attempt, wait)
            if stop.wait(wait):
                raise
