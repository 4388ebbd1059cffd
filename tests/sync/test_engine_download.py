"""A long download against a real server process: the case list fills while pages arrive, the collector is
paused, pages are fetched ahead of the one being applied, and the first page is small (the engine's other
behaviour: test_engine.py)."""

from __future__ import annotations

import gc
import math
import threading
import time

import pytest

from sync.client import engine as engine_module
from sync.client import errors as e
from sync.client.pages import goes_with, latest_versions
from sync.wire import PullPage
from tests.support.server_process import duplicates_checked
from tests.sync.engine_helpers import raised, register


def colleague_of_sender(world, sender: str, colleague: str, cases: int):
    """Two laptops of one office: `sender`'s registers `cases` cases and sends them; returns the
    colleague's, which has not downloaded them yet. The server's duplicate check of those cases has
    committed (its flags would otherwise land during the colleague's download, and the check after
    it would pull them: a short pull of its own, outside the download the tests look at)."""
    _, (u1, u2) = world.office(sender, colleague)
    a, b = world.client(u1), world.client(u2)
    register(a, cases)
    a.sync()
    duplicates_checked(world.db)
    return b


def counted_pulls(engine, monkeypatch) -> tuple[list[int], threading.Event]:
    """The cursors of the pages `engine` pulls, as they come, and an event set once the first page and
    PAGES_AHEAD pages after the next one have been fetched (as many as fetching ahead may get)."""
    pulls: list[int] = []
    fetched = threading.Event()
    pull = engine.transport.pull

    def counting_pull(*args, **kwargs):
        page = pull(*args, **kwargs)
        pulls.append(page.cursor)
        if len(pulls) >= 2 + engine_module.PAGES_AHEAD:
            fetched.set()
        return page

    monkeypatch.setattr(engine.transport, "pull", counting_pull)
    return pulls, fetched


def test_the_case_list_fills_during_a_long_download(world, monkeypatch):
    """A first download lists the cases that have arrived after LISTS_EVERY records, not only at the
    end (a district laptop's window shows what is listed), then each time as many records again have
    arrived (each build rewrites search terms all over their table: builds at a fixed spacing made a
    download grow with the square of its size); the end result is the same."""
    b = colleague_of_sender(world, "olha", "petro", 30)
    monkeypatch.setattr(engine_module, "LISTS_EVERY", 20)
    engine = b.engine(page_size=20)
    listed_during = []

    def on_progress(p) -> None:
        if p.phase == "pull":
            with b.store.engine.connect() as conn:
                listed_during.append(conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar())

    engine.events.subscribe(on_progress, "progress")
    builds = []
    flush = engine.replica.flush_projections
    monkeypatch.setattr(engine.replica, "flush_projections", lambda: builds.append(report_so_far()) or flush())

    def report_so_far() -> int:
        return len(listed_during)  # pages applied when the lists were built

    report = engine.run_cycle()
    assert report.ok and report.verified and report.pages > 4
    assert 0 < listed_during[len(listed_during) // 2] < 30  # half-way: some cases listed, not all
    during = [n for n in builds if 0 < n < report.pages]  # not the leftovers' at the start, nor the end's
    assert report.pulled >= 6 * 20 and 0 < len(during) <= math.log2(report.pulled / 20) + 1  # fixed: pulled / 20
    with b.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar() == 30
    assert b.replica.queued_projections() == []


@pytest.mark.parametrize("enabled_before", [True, False])
def test_a_long_download_runs_without_the_automatic_collector_and_leaves_it_as_it_was(world, enabled_before):
    """The pages of a long download are applied and listed with automatic garbage collection off (a
    first download's tuples and dicts made it walk the heap again and again); afterwards it is as it
    was: on for the command line, still off in the window (which collects on its own timer)."""
    b = colleague_of_sender(world, "olha", "petro", 12)
    engine = b.engine(page_size=20)
    during = []
    engine.events.subscribe(lambda p: during.append(gc.isenabled()) if p.phase == "pull" else None,
                            "progress")
    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        report = engine.run_cycle()
        after = gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
    assert report.ok and report.verified and report.pages > 3
    assert during and not any(during)
    assert after is enabled_before


def test_a_download_fetches_several_pages_ahead_of_the_one_being_applied_and_no_more(world, monkeypatch):
    """While a page is applied (or the lists are built), the pages after it are fetched, up to
    PAGES_AHEAD of them waiting: the server's work for a page and the laptop's overlap, and a build
    taking several pages' time no longer leaves the server idle. Nothing beyond that is fetched."""
    b = colleague_of_sender(world, "marta", "ivan", 12)
    monkeypatch.setattr(engine_module, "MERGE_UP_TO", 0)  # each page applied alone: their fetches are counted
    engine = b.engine(page_size=5)
    pulls, enough = counted_pulls(engine, monkeypatch)
    apply_page = b.replica.apply_page
    seen_during_second = []

    def slow_apply(records, cursor, evictions):
        if not seen_during_second and len(pulls) > 1 and cursor == pulls[1]:  # the second page waits for those ahead
            seen_during_second.append(enough.wait(10))
            time.sleep(0.3)  # room for a fetch too many, if one were made
            seen_during_second.append(len(pulls))
        return apply_page(records, cursor, evictions)

    monkeypatch.setattr(b.replica, "apply_page", slow_apply)
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.ok and report.verified and report.pages > 2 + engine_module.PAGES_AHEAD + 1
    # two pages applied or in hand, PAGES_AHEAD waiting, one fetched and held until there is room
    assert seen_during_second == [True, 2 + engine_module.PAGES_AHEAD + 1]
    assert pulls == sorted(set(pulls))  # in order, each once


def test_a_page_fetched_ahead_that_fails_is_raised_after_the_pages_before_it_are_applied(world, monkeypatch):
    """A fetch ahead that fails ends the cycle where its page would have been applied: the pages
    before it are applied with their cursor (the next cycle resumes after them), none after it."""
    b = colleague_of_sender(world, "zlata", "bohdan", 12)
    engine = b.engine(page_size=5)
    cursors = []
    pull = engine.transport.pull

    def failing_pull(*args, **kwargs):
        if len(cursors) == 3:
            raise e.ProtocolMismatch("the fourth page")
        page = pull(*args, **kwargs)
        cursors.append(page.cursor)
        return page

    monkeypatch.setattr(engine.transport, "pull", failing_pull)
    try:
        error = raised(engine.run_cycle)
    finally:
        engine.transport.close()
    assert isinstance(error, e.ProtocolMismatch) and error.report.pages == 3
    assert b.replica.cursor() == cursors[2]
    assert b.sync().verified  # resumes after the third page


def test_a_download_asks_for_a_small_first_page_then_full_pages(world, monkeypatch):
    """The first page of a pull is at most FIRST_PAGE records (it comes back sooner, and the pages
    after it are fetched while it is applied); the rest are of the engine's page size."""
    b = colleague_of_sender(world, "sofiia", "taras", 6)
    monkeypatch.setattr(engine_module, "FIRST_PAGE", 4)
    engine = b.engine(page_size=10)
    limits, sizes = [], []
    pull = engine.transport.pull

    def noting_pull(cursor, limit, *args, **kwargs):
        page = pull(cursor, limit, *args, **kwargs)
        limits.append(limit)
        sizes.append(len(page.records))
        return page

    monkeypatch.setattr(engine.transport, "pull", noting_pull)
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.ok and report.verified and len(limits) > 2
    assert limits == [4] + [10] * (len(limits) - 1)
    assert sizes[0] == 4 and sizes[1] == 10 and report.pulled == sum(sizes)


def test_pages_fetched_while_one_is_applied_are_applied_together_up_to_a_bound(world, monkeypatch):
    """In a long download the pages already waiting go with the next one in one local transaction (each
    transaction wrote again the index pages it shared with the one before), up to MERGE_UP_TO records;
    each is counted as a page, and the result is the same."""
    b = colleague_of_sender(world, "nataliia", "oleh", 12)
    monkeypatch.setattr(engine_module, "MERGE_UP_TO", 12)
    engine = b.engine(page_size=5)
    pulls, waiting = counted_pulls(engine, monkeypatch)
    applied = []
    apply_page = b.replica.apply_page

    def slow_apply(records, cursor, evictions):
        applied.append(len(records))
        if len(applied) == 2:
            assert waiting.wait(10)  # the pages after it are fetched meanwhile (PAGES_AHEAD of them)
        return apply_page(records, cursor, evictions)

    monkeypatch.setattr(b.replica, "apply_page", slow_apply)
    try:
        report = engine.run_cycle()
    finally:
        engine.transport.close()
    assert report.ok and report.verified and report.pulled == sum(applied)
    assert report.pages > len(applied) and max(applied) == 10  # two pages of 5 at once, not three
    with b.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar() == 12


def _page(records: list[tuple[str, int]], cursor: int, **kwargs) -> PullPage:
    return PullPage([{"id": rid, "version": v} for rid, v in records], kwargs.pop("evictions", []), cursor,
                    True, 0, **kwargs)


def test_a_record_in_two_pages_applied_together_is_its_later_version_where_it_came_first():
    """A record changed on the server between two pages comes in both: applied one by one, the first
    inserts it and the second updates it in place; applied together, the same."""
    pages = [_page([("a", 1), ("b", 1)], 2), _page([("c", 1), ("a", 2)], 4)]
    assert [(r["id"], r["version"]) for r in latest_versions(pages)] == [("a", 2), ("b", 1), ("c", 1)]
    assert latest_versions([pages[0]]) == pages[0].records


def test_only_pages_of_one_epoch_without_evictions_and_within_the_bound_go_together():
    first = _page([("a", 1), ("b", 1)], 2, epoch="e1", epoch_seq=5)
    assert goes_with(first, _page([("c", 1), ("d", 1)], 4, epoch="e1", epoch_seq=5), 2, 4)
    assert not goes_with(first, _page([("c", 1), ("d", 1)], 4, epoch="e1", epoch_seq=5), 3, 4)  # 5 records
    assert not goes_with(first, _page([("c", 1)], 4, epoch="e2", epoch_seq=9), 2, 4)  # checked on its own
    assert not goes_with(first, _page([("c", 1)], 4, epoch="e1", epoch_seq=5, evictions=["k"]), 2, 4)
    evicting = _page([], 2, epoch="e1", epoch_seq=5, evictions=["k"])
    assert not goes_with(evicting, _page([("c", 1)], 4, epoch="e1", epoch_seq=5), 0, 4)
    assert not goes_with(first, _page([("c", 1)], 2, epoch="e1", epoch_seq=5), 2, 4)  # the cursor did not move

