"""Cases an import saved without their list rows (killed between its chunks and its lists) are listed when a
session starts on a laptop that does not sync; a syncing laptop lists them at the start of its next cycle."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.store.replica import StoreReplica
from desktop.ui.sync_adapter import SyncAdapter
from tests.gui.conftest import registration


def _listed(store) -> list[str]:
    with store.engine.connect() as conn:
        return sorted(r[0] for r in conn.exec_driver_sql("SELECT case_id FROM case_index"))


def test_a_standalone_office_lists_at_session_start_what_an_interrupted_import_left_unlisted(ctx, qtbot):
    service = ctx.cases
    lists = service.lists_later()
    saved = sorted(next(iter(cs.case_ids)) for cs in service.register_many(
        [registration(i) for i in range(30)], lists=lists))  # the chunk's commit; the lists never written
    assert StoreReplica(ctx.store).queued_projections() == saved
    assert _listed(ctx.store) == []
    adapter = SyncAdapter.for_context(ctx)
    assert adapter.engine is None  # a standalone office: no sync cycle will come
    with qtbot.waitSignal(ctx.refreshed, timeout=30_000):  # the case list reloads when it is told
        adapter.start()
    assert _listed(ctx.store) == saved
    assert StoreReplica(ctx.store).queued_projections() == []
    adapter.stop()


def test_nothing_left_unlisted_changes_nothing(ctx, qtbot):
    told: list[bool] = []
    ctx.refreshed.connect(lambda: told.append(True))
    adapter = SyncAdapter.for_context(ctx)
    adapter.start()
    assert ctx.runner.wait_idle(30_000)
    QCoreApplication.processEvents()  # the job's answer, delivered on the GUI thread
    assert told == []
    adapter.stop()
