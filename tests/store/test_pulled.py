"""What a first download holds of the listed records its pages wrote (desktop/store/pulled.py): a case is
projected from there only if every listed record it has was written by a page since the last build."""

from __future__ import annotations

from desktop.store.pulled import PulledRecords

LISTED = ("case", "person", "task")


def upsert(rid: str, rtype: str, case_id: str, data: str = "{}", deleted: int = 0, at: int = 1) -> tuple:
    """A row as apply_page writes it: (id, type, case id, data, deleted, seq, share, updated_at)."""
    return (rid, rtype, case_id, data, deleted, 7, 11, at)


def test_the_listed_records_of_a_case_are_taken_in_the_order_they_were_written_and_only_once():
    held = PulledRecords()
    held.hold([upsert("c1", "case", "c1"), upsert("h1", "history", "c1"), upsert("p1", "person", "c1"),
               upsert("c2", "case", "c2")], LISTED)
    held.hold([upsert("t1", "task", "c1", deleted=1), upsert("t2", "task", "c1", at=5)], LISTED)
    assert len(held) == 5  # not the history entry
    rows, taken = held.take(["c1", "c3"])
    assert taken == {"c1"} and [r[0] for r in rows] == ["c1", "p1", "t2"]  # the deleted task is in no list
    assert rows[-1] == upsert("t2", "task", "c1", at=5)
    # Taken: the pages after this build add to what the table holds of it, so it is read from there.
    held.hold([upsert("t3", "task", "c1")], LISTED)
    assert held.take(["c1"]) == ([], set())
    assert held.take(["c2"])[1] == {"c2"} and len(held) == 0


def test_a_case_written_by_something_else_is_not_taken():
    held = PulledRecords()
    held.hold([upsert("c1", "case", "c1"), upsert("c2", "case", "c2")], LISTED)
    held.forget(["c1"])  # a local save of the case, an eviction
    held.hold([upsert("p1", "person", "c1")], LISTED)  # and a page after it
    assert held.take(["c1", "c2"])[1] == {"c2"}


def test_a_record_held_twice_leaves_its_case_to_the_table():
    held = PulledRecords()
    held.hold([upsert("c1", "case", "c1"), upsert("c2", "case", "c2")], LISTED)
    held.hold([upsert("c1", "case", "c1", data='{"stage": "x"}')], LISTED, rewritten=["c1"])
    assert held.take(["c1", "c2"])[1] == {"c2"}


def test_a_window_closed_by_a_build_leaves_what_it_did_not_take_to_the_table():
    held = PulledRecords()
    held.hold([upsert("c1", "case", "c1"), upsert("c2", "case", "c2")], LISTED)
    held.take(["c1"])
    held.close_window()
    held.hold([upsert("p2", "person", "c2"), upsert("c3", "case", "c3")], LISTED)
    assert held.take(["c2", "c3"])[1] == {"c3"}


def test_a_page_that_would_hold_more_than_the_bound_is_refused():
    held = PulledRecords(at_most=3)
    assert held.hold([upsert("c1", "case", "c1"), upsert("p1", "person", "c1")], LISTED)
    assert not held.hold([upsert("t1", "task", "c1"), upsert("c2", "case", "c2")], LISTED)  # would make 4
    assert len(held) == 2  # apply_page stops holding: StoreReplica's test below
