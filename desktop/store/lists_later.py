"""The case list and search rows of new cases saved over several transactions, written once at the end.

An import saves its cases in chunks, one transaction each. Projecting each chunk's cases in its own
transaction inserted their search terms all over the term index, and every commit encrypted and wrote
each page it touched again: at 100,000 rows the late chunks rewrote nearly half of the index's
30,000 pages, and the commits and checkpoints took most of the import. Each chunk's transaction now
queues its cases in projection_queue (`hold`), with its records; `write` projects all of them in one
pass over each index, from the fields at hand (Projector.project_new), and takes them off the queue
in the same transaction. A crash in between leaves them queued, as an interrupted download leaves
its cases: the next sync cycle, or the next import's dry run, builds their rows from the records
(StoreReplica.flush_projections). Until then the new cases are saved but not listed, which is what
an import in progress shows anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.store.projection import PROJECTED_TYPES, Projector

_QUEUE = "INSERT OR IGNORE INTO projection_queue (case_id) VALUES (?)"
SLICE = 1000  # cases projected after each step: about 0.3 s of work, ~30,000 new objects


class ListsLater:
    def __init__(self, projector: Projector):
        self.projector = projector
        self._records: list[tuple[str, str, str, dict[str, Any], int]] = []
        self._cases: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._cases)

    def hold(self, conn, written: list[tuple[str, str, str, dict[str, Any], int]]) -> None:
        """In the transaction that saved these new records: their cases wait for `write`."""
        cases = sorted({w[2] for w in written} - self._cases)
        conn.exec_driver_sql(_QUEUE, [(c,) for c in cases])
        self._cases.update(cases)
        self._records += [w for w in written if w[1] in PROJECTED_TYPES]

    def write(self, conn, step: Callable[[], None] | None = None) -> int:
        """The rows of the held cases still queued (a sync may have built some meanwhile); how many.

        Projected SLICE cases at a time, `step()` before each slice (all in the caller's transaction): the
        rows of 100,000 cases are millions of objects, and Python's collector, which an application
        runs on its GUI thread, would scan them all at once (the import wizard freezes what is alive
        at each progress step: a 354 ms pass of generation 0 without the steps)."""
        held = sorted(self._cases)
        queued: set[str] = set()
        listed: set[str] = set()
        run = conn.exec_driver_sql
        for start in range(0, len(held), 500):
            chunk = tuple(held[start : start + 500])
            marks = ",".join("?" * len(chunk))
            queued.update(
                r[0] for r in run(f"SELECT case_id FROM projection_queue WHERE case_id IN ({marks})", chunk)
            )
            listed.update(
                r[0] for r in run(f"SELECT case_id FROM case_index WHERE case_id IN ({marks})", chunk)
            )
        fresh = queued - listed
        by_case: dict[str, list[tuple[str, str, str, dict[str, Any], int]]] = {}
        for record in self._records:
            if record[2] in fresh:
                by_case.setdefault(record[2], []).append(record)
        self._records = []
        cases = list(by_case)
        for start in range(0, len(cases), SLICE):
            if step is not None:
                step()
            self.projector.project_new(conn, [r for c in cases[start : start + SLICE] for r in by_case[c]])
        if queued & listed:  # listed by an edit meanwhile: from the records, as any edit
            self.projector.refresh(conn, queued & listed)
        run("DELETE FROM projection_queue WHERE case_id = ?", [(c,) for c in sorted(queued)])
        self._cases = set()
        return len(queued)
