"""What every screen of an unlocked session shares: the store, the services, the background runner.

Screens never reach into each other: a write is a `ctx.mutation` (desktop.ui.tasks.MutationOp), which
runs it on the database worker and then emits `changed` with the ChangeSet, and every screen that shows cases
refreshes from that one signal. Records that change underneath (a sync pull) emit `refreshed`:
every screen reloads what it shows.

Locking is asynchronous so the window never freezes behind a slow sync request: the session
stops taking work at once, the key is dropped when the workers are idle, then `locked` fires.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.cases import CaseService, ChangeSet
from desktop.services.search import CaseSearch
from desktop.services.users import local_people
from desktop.store.store import OpenStore
from desktop.ui.tasks import MutationOp, QueryOp, TaskRunner
from sync.client.directory import STATE_KEY as DIRECTORY_KEY
from sync.directory import ASSIGNABLE_ROLES, OfficeDirectory
from sync.records.permissions import may_approve_plan, may_close, may_reassign
from sync.text import uk_sort_key

log = logging.getLogger(__name__)


class SessionLocked(Exception):
    """Work was asked of a session that is locking or locked."""


class AppContext(QObject):
    changed = Signal(object)  # ChangeSet
    refreshed = Signal()      # records changed outside this session's writes (a sync pull)
    locking = Signal()        # the session stops taking work; screens hide personal data now
    locked = Signal()         # the key is dropped and the database closed

    def __init__(self, store: OpenStore, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self.cases = CaseService(store)
        self.search = CaseSearch(store.engine)
        self.sync: Any = None  # the session's SyncAdapter sets itself here
        self.state = "open"  # "open" -> "locking" -> "locked"
        self._local_users = local_people(store)  # roles as the server said them (the encrypted store's)
        self._names = {u.author: u.display_name for u in self._local_users}
        self.directory: OfficeDirectory | None = None  # the office directory from the server (sync.directory)
        self._directory_names: dict[str, str] = {}
        try:
            stored = store.get_meta(DIRECTORY_KEY)  # one small row, read once per unlock
            self.set_directory(OfficeDirectory.model_validate(stored) if stored else None)
        except Exception:  # an unreadable copy only costs names until the next sync
            log.warning("the stored office directory could not be read", exc_info=True)
        self._lock_poll = QTimer(self)
        self._lock_poll.setInterval(50)
        self._lock_poll.timeout.connect(self._finish_lock)

    @property
    def user(self) -> str:
        return self.store.user.username

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def role(self) -> str:
        return self.store.user.role

    def may_reassign(self) -> bool:
        """Supervisors and district users hand cases to colleagues (sync/records/permissions.py, which the
        server enforces too)."""
        return may_reassign(self.role)

    def may_approve_plan(self) -> bool:
        return may_approve_plan(self.role)

    def may_close(self, office_id: str | None) -> bool:
        """Closing needs a supervisor where the office's policy says so (the policy came with the last sync)."""
        policy = self.store.get_meta("office_policy") or {}
        return may_close(self.role, office_id in (policy.get("closure_approval_offices") or []))

    def set_directory(self, directory: OfficeDirectory | None) -> None:
        self.directory = directory
        self._directory_names = directory.names() if directory else {}

    def display_name(self, username: str | None) -> str:
        """A colleague's name: from this laptop's users, else from the office directory, else the user name."""
        if not username:
            return ""
        return self._names.get(username) or self._directory_names.get(username) or username

    def registration_offices(self) -> list[tuple[str, str]]:
        """(id, name) of the offices a new case may belong to, when there is a choice to make.

        Empty for an office laptop (its cases belong to its office). A district laptop is enrolled
        for the district administration, which holds no cases itself: a new case needs one of the
        district's offices, which the office directory names."""
        if self.directory is None or self.store.office_id in {o.id for o in self.directory.offices}:
            return []
        return sorted(((o.id, o.name) for o in self.directory.offices), key=lambda item: uk_sort_key(item[1]))

    def assignable_people(self, office_id: str | None) -> list[tuple[str, str]]:
        """(user name, display name) of everyone a case of `office_id` can be assigned to, in Ukrainian order.

        The office directory when the laptop has one; a standalone office has only its own users."""
        people = {u.author: u.display_name or u.username for u in self._local_users
                  if u.role in ASSIGNABLE_ROLES}
        if self.directory is not None:
            people.update({p.username: p.display_name or p.username for p in self.directory.assignable(office_id)})
        return sorted(people.items(), key=lambda item: (uk_sort_key(item[1]), item[0]))

    def query(self, fn: Callable[..., Any], *, parent: QObject | None = None) -> QueryOp:
        """A read on the database worker (desktop.ui.tasks): `.success(...).failure(...).run()`."""
        self._check_open()
        return QueryOp(self.runner, fn, parent=parent)

    def mutation(self, fn: Callable[..., ChangeSet], *, parent: QObject | None = None) -> MutationOp:
        """A write on the database worker; `changed` fires with its ChangeSet on the GUI thread when it is saved."""
        self._check_open()
        return MutationOp(self.runner, fn, self.changed, parent=parent)

    def write(self, fn: Callable[[], ChangeSet], on_done: Callable[[ChangeSet], None] | None = None,
              on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        """mutation(fn) with these callbacks, run now."""
        op = self.mutation(fn, parent=owner)
        if on_done:
            op.success(on_done)
        if on_error:
            op.failure(on_error)
        op.run()

    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None] | None = None, *, owner: QObject | None = None) -> None:
        """query(fn) with these callbacks, run now."""
        op = self.query(fn, parent=owner).success(on_done)
        if on_error:
            op.failure(on_error)
        op.run()

    def _check_open(self) -> None:
        if self.state != "open":
            raise SessionLocked()

    # --- locking ----------------------------------------------------------------------------------
    def lock(self) -> None:
        """Stop taking work, let running jobs finish, then close the store; `locked` fires when done."""
        if self.state != "open":
            return
        self.state = "locking"
        if self.sync is not None:
            self.sync.stop()  # cancels retry waits, so a sync in progress ends quickly
        self.locking.emit()
        self._lock_poll.start()
        self._finish_lock()

    def _finish_lock(self) -> None:
        if self.state != "locking" or not self.runner.is_idle():
            return
        self._lock_poll.stop()
        self.close_store()
        self.state = "locked"
        self.locked.emit()

    def lock_now(self, msecs: int = 30_000) -> None:
        """Lock synchronously (quitting the application): waits for the workers."""
        if self.state == "locked":
            return
        if self.state == "open":
            self.state = "locking"
            if self.sync is not None:
                self.sync.stop()
            self.locking.emit()
        if not self.runner.wait_idle(msecs):
            log.warning("background work still running while quitting")
        self._lock_poll.stop()
        self.close_store()
        self.state = "locked"
        self.locked.emit()

    def close_store(self) -> None:
        if self.sync is not None:
            self.sync.close()
        self.store.close()
        # The key is wiped and the engine refuses to connect (StoreClosed); drop the services too, so
        # that nothing of the session (caches of names and search terms) outlives the lock.
        self.search = None
        self.cases = None
