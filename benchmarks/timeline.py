"""Timestamped marks of a sync cycle's steps, for push_timeline.py and pull_timeline.py.

`begin()` before the cycle, `mark(what)` from any thread, `marked(owner, name, label)` to wrap a method or a
module function in "<label> start" / "<label> end" marks from outside (nothing in the wrapped code changes);
`MARKS` holds (seconds since `begin()`, thread name, what).
"""

from __future__ import annotations

import threading
import time

MARKS: list[tuple[float, str, str]] = []
_started = [0.0]


def begin() -> None:
    MARKS.clear()
    _started[0] = time.perf_counter()


def mark(what: str) -> None:
    MARKS.append((time.perf_counter() - _started[0], threading.current_thread().name, what))


def marked(owner, name: str, label: str) -> None:
    """`owner.name` wrapped in "<label> start" / "<label> end" marks, the end mark even when it raises."""
    step = getattr(owner, name)

    def wrapped(*args, **kwargs):
        mark(f"{label} start")
        try:
            return step(*args, **kwargs)
        finally:
            mark(f"{label} end")

    setattr(owner, name, wrapped)
