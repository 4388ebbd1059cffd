"""The listed records a first download has written since its lists were last built, kept in memory.

A long download queues the cases its pages touch (projection_queue) and builds their list and search
rows a few times while it runs (StoreReplica.flush_projections). Each build read every listed record
of those cases back from the encrypted table. In a first download the pages have just written them:
StoreReplica.apply_page hands each page's listed records (as stored: merged with fields this device
has not pushed yet, deleted or not) to `PulledRecords.hold`, in the page's transaction, and the next
build projects the cases it finds complete here from these texts (Projector.refresh(pulled=True))
and reads the others from the table as before.

The queue stays the source of truth: what is held only saves a read. A case is projected from here
only if every listed record it has in the table was written by a pulled page since the last build:
- holding starts with a first download (no records in the table) and ends with its last build;
- a case whose records were written before (held by an earlier build, or turned away because the
  window was full) is "out" for the rest of the download;
- any other writer that projects a case (a local save, an enrolment, a push's answer: they all
  re-project what they change, through the store's one Projector) puts it out, as does an eviction;
- a page whose transaction fails ends the holding altogether (what is held may not be in the table);
- the build itself leaves cases with changes waiting in the outbox to the table (written by another
  process, say), and puts every case it took out: pages after it may add records to them.
Memory: at most AT_MOST records between two builds (the window is dropped after each build), plus
the ids of the cases out. A window that would hold more ends the holding for the rest of the download
(`hold` says so): the builds read from the table as before, and nothing more is kept or tracked.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

# Records held between two builds at most: a listed record's JSON text is ~260 bytes here; with its
# ids and tuple ~450 bytes, so ~27 MB at the bound. The 5,000 cases of benchmarks/pull_apply.py are
# 26,669 listed records; a district's 100,000 cases (533,000) stay under it for their first two
# builds (at 20,000 and 60,000 records: 11,000 and 23,000 listed), then the holding ends.
AT_MOST = 60_000


class PulledRecords:
    def __init__(self, at_most: int | None = None):
        self.at_most = AT_MOST if at_most is None else at_most
        self._lock = threading.Lock()  # pages are applied on the sync thread; other writers forget from theirs
        self._pages: list[list[tuple]] = []  # each page's listed upserts, not sorted by case yet
        self._by_case: dict[str, list[tuple]] = {}  # the pages before the last take, by case
        self._count = 0
        self._out: set[str] = set()

    def __len__(self) -> int:
        return self._count

    def hold(self, upserts: list[tuple], listed_types: tuple[str, ...], rewritten: Iterable[str] = ()) -> bool:
        """A pulled page's records as apply_page writes them, (id, type, case id, data, deleted, seq,
        share, updated_at), in the page's transaction: those of `listed_types` are kept. `rewritten`:
        the cases of records the table held already (a record held twice is not sorted out: its
        case is read from the table). False: more than `at_most` would be held; the caller stops
        holding (nothing held is used any more)."""
        page = [u for u in upserts if u[1] in listed_types]
        with self._lock:
            if self._count + len(page) > self.at_most:
                return False
            self._out.update(rewritten)
            self._pages.append(page)
            self._count += len(page)
            return True

    def forget(self, case_ids: Iterable[str]) -> None:
        """These cases were written by something else than a pulled page: from the table from now on."""
        with self._lock:
            self._out.update(case_ids)

    def take(self, case_ids: Iterable[str]) -> tuple[list[tuple], set[str]]:
        """The live listed records held of those of `case_ids` held complete, as apply_page wrote
        them, and which cases they are. Every case taken is out afterwards: the records the pages
        after this build bring join those in the table."""
        rows: list[tuple] = []
        taken: set[str] = set()
        with self._lock:
            by_case = self._sorted()
            for case_id in case_ids:
                held = by_case.pop(case_id, None)
                if held is None:
                    continue
                self._count -= len(held)
                self._out.add(case_id)
                taken.add(case_id)
                rows += [u for u in held if not u[4]]
        return rows, taken

    def close_window(self) -> None:
        """After a build: what it did not take is dropped (those cases are read from the table)."""
        with self._lock:
            self._out.update(self._sorted())
            self._by_case = {}
            self._count = 0

    def _sorted(self) -> dict[str, list[tuple]]:
        by_case, out = self._by_case, self._out
        for page in self._pages:
            for upsert in page:
                case_id = upsert[2]
                if case_id in out:
                    self._count -= 1
                    continue
                held = by_case.get(case_id)
                if held is None:
                    by_case[case_id] = [upsert]
                else:
                    held.append(upsert)
        self._pages = []
        return by_case
