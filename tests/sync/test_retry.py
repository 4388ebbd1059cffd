"""The one retry rule of the sync cycle and the attachment pass (sync.client.retry), on its own.

The engine's and the attachment pass's use of it run against real servers and a socket-cutting
proxy in test_engine.py, test_faults.py and test_attachments_sync.py.
"""

from __future__ import annotations

import threading

import pytest

from sync.client import errors as e
from sync.client.retry import RetryPolicy, with_retries

QUICK = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.01)


class Failing:
    """Raises the given errors in turn, then answers."""

    def __init__(self, *errors: e.SyncError):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "answer"


def test_transient_failures_are_tried_again_and_the_answer_returned():
    fn = Failing(e.SyncTimeout("ReadTimeout"), e.ServerError("HTTP 503", status=503))
    told = []
    assert with_retries(fn, QUICK, threading.Event(), on_retry=lambda exc, n, wait: told.append((exc.code, n))) \
        == "answer"
    assert fn.calls == 3 and told == [("timeout", 1), ("server_error", 2)]


def test_a_failure_that_is_not_transient_is_raised_at_once():
    fn = Failing(e.AccessDenied("no", status=403))
    with pytest.raises(e.AccessDenied):
        with_retries(fn, QUICK, threading.Event())
    assert fn.calls == 1


def test_attempts_run_out_with_the_last_error():
    fn = Failing(*[e.ServerError(f"HTTP 50{i}", status=500) for i in range(10)])
    with pytest.raises(e.ServerError) as info:
        with_retries(fn, QUICK, threading.Event())
    assert fn.calls == QUICK.attempts and info.value.detail == "HTTP 503"


def test_the_caller_may_allow_fewer_attempts_for_some_failures():
    unreachable = e.ServerUnreachable("ConnectError", connect_failed=True)
    fn = Failing(unreachable, unreachable, unreachable)
    with pytest.raises(e.ServerUnreachable):
        with_retries(fn, QUICK, threading.Event(), attempts=lambda exc: 2 if exc.connect_failed else 9)
    assert fn.calls == 2


def test_a_set_stop_event_ends_the_retries():
    stop = threading.Event()
    stop.set()
    fn = Failing(e.SyncTimeout("ReadTimeout"), e.SyncTimeout("ReadTimeout"))
    with pytest.raises(e.SyncTimeout):
        with_retries(fn, RetryPolicy(base_delay=60), stop)
    assert fn.calls == 1


def test_delays_double_with_jitter_up_to_the_cap_and_a_429_says_how_long():
    policy = RetryPolicy(base_delay=1.0, max_delay=5.0)
    error = e.ServerError("HTTP 500", status=500)
    for attempt, base in ((1, 1.0), (2, 2.0), (3, 4.0)):
        assert all(0.5 * base <= policy.delay(attempt, error) <= 1.5 * base for _ in range(50))
    assert all(policy.delay(10, error) <= 7.5 for _ in range(50))  # the cap, jittered
    assert policy.delay(1, e.RateLimited("slow down", status=429, retry_after=3.0)) == 3.0
    assert policy.delay(1, e.RateLimited("slow down", status=429, retry_after=60.0)) == 5.0
