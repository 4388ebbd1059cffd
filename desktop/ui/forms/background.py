"""Callbacks for background work that never keep a widget alive.

A job's closures are released on the worker thread when the job ends. If one of them held the
last reference to a widget (a dialog closed while its query ran), Qt would destroy that widget on
the worker thread and crash. So worker functions capture only services and plain data, and
callbacks hold their widget weakly: a widget that is gone simply gets no result.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import shiboken6


def weak(method: Callable[..., Any]) -> Callable[..., None]:
    """A bound method of a QObject, called only while that object is alive."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        bound = ref()
        if bound is not None and shiboken6.isValid(bound.__self__):
            bound(*args)

    return call


def weak_call(owner: Any, fn: Callable[..., Any]) -> Callable[..., None]:
    """`fn(owner, *args)` while `owner` is alive; `fn` itself must not reference `owner`."""
    ref = weakref.ref(owner)

    def call(*args: Any) -> None:
        alive = ref()
        if alive is not None and shiboken6.isValid(alive):
            fn(alive, *args)

    return call
