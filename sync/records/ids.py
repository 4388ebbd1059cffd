"""Identifiers and clocks that let records be created offline on any device.

Record and change ids are UUIDv7 (time-ordered, globally unique without coordination). The
hybrid logical clock gives each change a timestamp that never goes backwards on a device and
that follows the server's clock once the device has learned its offset at a sync.
"""

from __future__ import annotations

import threading
import time

import uuid6


def new_id() -> str:
    return str(uuid6.uuid7())


class HybridClock:
    """Hybrid logical clock: milliseconds (corrected by the server offset) and a counter.

    Timestamps are ints (ms * 10_000 + counter) so that they sort and compare cheaply; the
    offset is what the last sync measured between the server's clock and ours, so a laptop whose
    clock is days off still stamps its edits in server time.
    """

    COUNTER_SPAN = 10_000

    def __init__(self, offset_ms: int = 0, last: int = 0):
        self.offset_ms = offset_ms
        self._last = last
        self._lock = threading.Lock()

    def now(self) -> int:
        with self._lock:
            wall = (int(time.time() * 1000) + self.offset_ms) * self.COUNTER_SPAN
            self._last = wall if wall > self._last else self._last + 1
            return self._last

    def observe(self, remote: int) -> None:
        """Never issue a timestamp below one already seen from elsewhere."""
        with self._lock:
            self._last = max(self._last, remote)

    @property
    def last(self) -> int:
        return self._last


def hlc_to_ms(ts: int) -> int:
    return ts // HybridClock.COUNTER_SPAN
