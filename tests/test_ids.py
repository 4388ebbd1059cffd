"""Record and change ids: UUIDv7 as the uuid6 package made them, always increasing on a device."""

from __future__ import annotations

import threading
import time
import uuid

from sync.records.ids import new_id


def test_ids_are_uuid7_in_their_canonical_text_and_always_increase():
    before = time.time_ns() // 1_000_000
    ids = [new_id() for _ in range(20_000)]  # far more than one a millisecond
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for text in ids[:500] + ids[-500:]:
        u = uuid.UUID(text)
        assert (u.version, u.variant, str(u)) == (7, uuid.RFC_4122, text)
    assert int(ids[0].replace("-", "")[:12], 16) >= before  # Unix milliseconds up front
    assert len({text[19:] for text in ids}) == len(ids)  # the random tail differs


def test_ids_made_on_several_threads_are_unique():
    made: list[list[str]] = [[] for _ in range(4)]

    def make(out: list[str]) -> None:
        out.extend(new_id() for _ in range(5_000))

    threads = [threading.Thread(target=make, args=(out,)) for out in made]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    everything = [i for out in made for i in out]
    assert len(set(everything)) == len(everything) == 20_000
    assert all(out == sorted(out) for out in made)


def test_a_forked_child_does_not_repeat_its_parents_ids():
    """The random bytes are read ahead 4 KiB at a time: a child forked with some left must read its own."""
    import os

    new_id()  # the parent now holds unread random bytes
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next ids, to the parent, then out without running the test runner's exit hooks
        os.close(read)
        os.write(write, ",".join(new_id() for _ in range(50)).encode())
        os._exit(0)
    os.close(write)
    parent = {new_id() for _ in range(50)}
    with os.fdopen(read) as pipe:
        child = set(pipe.read().split(","))
    os.waitpid(pid, 0)
    assert len(child) == 50
    assert {i[14:] for i in child}.isdisjoint({i[14:] for i in parent})  # the random parts: never the same
