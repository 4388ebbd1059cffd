"""The sync engine, adapted for Qt (after Electrum's qt_event_listener).

The laptop's sync (desktop.services.sync_cycle.build_sync) publishes plain events on its worker
thread: progress, conflicts, errors, the attachments and the office directory; this adapter
re-emits them as Qt signals on the GUI thread (a signal emitted from another thread is queued to
the receiver's thread). The cycle's result (with the server's clock offset) comes back through
the task runner; nothing is written onto the adapter from the worker.
Cycles run on the network pool: on demand, every `interval_s`, and a few seconds after a local
save; never two at once (a request during a cycle schedules one more cycle after it).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal

from desktop.services.sync_cycle import CycleResult, LaptopSync, build_sync
from desktop.services.sync_status import sync_status
from desktop.ui.context import AppContext
from sync.client import events as ev

log = logging.getLogger(__name__)

OFFLINE_CODES = frozenset({"offline", "timeout"})
PULL_REFRESH_S = 2.0


@dataclass(frozen=True)
class SyncState:
    enrolled: bool = False
    online: bool | None = None      # None: not tried yet
    running: bool = False
    pending: int = 0
    conflicts: int = 0
    rejected: int = 0               # changes the server refused, kept aside (desktop/ui/rejected_changes.py)
    last_sync: str | None = None    # ISO time of the last successful cycle
    error_code: str | None = None
    activity: str = ""               # what a running cycle is doing, in words
    needs_sign_in: bool = False      # enrolled, but the person at the laptop has no server token yet
    waiting: tuple = ()              # ((author, changes), ...) that wait for their author to sign in
    recovered: tuple = ()            # (given back, kept here) by a cycle after a restore of the server


# Sync errors in plain words, by the engine's error code (its own text is bilingual and technical).
ERROR_TEXTS = {
    "offline": QT_TRANSLATE_NOOP("sync", "Немає зв'язку з сервером. Зміни збережено на цьому комп'ютері й буде "
                                         "надіслано, щойно з'явиться зв'язок."),
    "timeout": QT_TRANSLATE_NOOP("sync", "Сервер не відповів вчасно. Зміни збережено; спробуємо ще раз пізніше."),
    "rate_limited": QT_TRANSLATE_NOOP("sync", "Сервер зараз перевантажений. Спробуємо ще раз за кілька хвилин."),
    "server_error": QT_TRANSLATE_NOOP("sync", "Помилка на сервері. Зміни збережено; якщо повторюється, "
                                              "повідомте адміністратора."),
    "authentication_failed": QT_TRANSLATE_NOOP("sync", "Сервер не прийняв облікові дані цього пристрою або "
                                                       "користувача. Зверніться до адміністратора; якщо сервер "
                                                       "відновили з резервної копії: Налаштування → Користувачі → "
                                                       "«Підключити комп'ютер знову»."),
    "forbidden": QT_TRANSLATE_NOOP("sync", "Немає прав на синхронізацію. Зверніться до адміністратора."),
    "device_revoked": QT_TRANSLATE_NOOP("sync", "Цей пристрій відкликано адміністратором."),
    "unsupported_protocol": QT_TRANSLATE_NOOP("sync", "Ця версія програми застаріла для сервера. Оновіть «Поруч»; "
                                                      "ваші зміни збережено."),
    "insecure_url": QT_TRANSLATE_NOOP("sync", "Адреса сервера має починатися з https://."),
    "rejected_changes": QT_TRANSLATE_NOOP("sync", "Сервер відхилив деякі зміни; їх відкладено для перегляду."),
    "not_enrolled": QT_TRANSLATE_NOOP("sync", "Цей комп'ютер не підключено до сервера."),
    "not_signed_in": QT_TRANSLATE_NOOP("sync", "Ви ще не ввійшли на сервер із цього комп'ютера: ваші зміни чекають. "
                                               "Налаштування → Користувачі → «Увійти на сервер»."),
    "verification_failed": QT_TRANSLATE_NOOP("sync", "Дані на комп'ютері й на сервері не збігаються. "
                                                     "Повідомте адміністратора."),
    "server_behind": QT_TRANSLATE_NOOP("sync", "На сервері старіші дані, ніж на цьому комп'ютері: імовірно, його "
                                               "відновили з резервної копії. Синхронізацію зупинено, усі дані тут "
                                               "збережено. Повідомте адміністратора сервера: після команди "
                                               "«poruch-server restored» синхронізація відновиться й поверне "
                                               "на сервер роботу з цього комп'ютера."),
    "attachments_failed": QT_TRANSLATE_NOOP("sync", "Записи синхронізовано, але не всі файли вкладень вдалося "
                                                    "передати. Спробуємо ще раз під час наступної синхронізації."),
    "audit_not_sent": QT_TRANSLATE_NOOP("sync", "Записи синхронізовано, але журнал аудиту цього разу не "
                                                "надіслано. Він залишається тут і піде з наступною синхронізацією."),
}
OTHER_ERROR = QT_TRANSLATE_NOOP("sync", "Синхронізація не вдалася. Зміни збережено; спробуємо ще раз пізніше.")


def error_text(code: str | None) -> str:
    """A sync error in plain words, in the interface language."""
    if not code:
        return ""
    return QCoreApplication.translate("sync", ERROR_TEXTS.get(code, OTHER_ERROR))


class SyncAdapter(QObject):
    progress = Signal(object)       # events.Progress
    finished = Signal(object)       # SyncReport
    conflict = Signal(object)       # events.ConflictFound
    error = Signal(object)          # events.ErrorOccurred
    revoked = Signal()              # the server revoked this device: its data must be destroyed
    state_changed = Signal(object)  # SyncState
    _relay = Signal(object)         # engine thread -> GUI thread

    def __init__(self, ctx: AppContext, laptop: LaptopSync | None = None, *, interval_s: int = 60,
                 after_change_ms: int = 5000, parent: QObject | None = None, needs_sign_in: bool = False):
        super().__init__(parent or ctx)
        self.ctx = ctx
        self.laptop = laptop
        self.engine = laptop.engine if laptop is not None else None
        self.state = SyncState(enrolled=laptop is not None or needs_sign_in, needs_sign_in=needs_sign_in)
        self._again = False
        self._stopped = False
        self._last_refresh = 0.0
        self._unsubscribe = laptop.events.subscribe(self._relay.emit) if laptop is not None else None
        self._relay.connect(self._on_event)
        self.periodic = QTimer(self)
        self.periodic.setInterval(interval_s * 1000)
        self.periodic.timeout.connect(self.sync_now)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(after_change_ms)
        self.soon.timeout.connect(self.sync_now)
        # Counting pending changes reads the whole outbox (slow when it holds millions after a
        # big offline import): a burst of saves asks once, and never twice at the same time.
        self._status_soon = QTimer(self)
        self._status_soon.setSingleShot(True)
        self._status_soon.setInterval(300)
        self._status_soon.timeout.connect(self.refresh_status)
        self._status_reading = False
        self._cycles_ended = 0  # a status read begun before a cycle ended is older than what it left
        self._blob_stop = threading.Event()
        ctx.changed.connect(self._on_local_change)
        ctx.sync = self

    @classmethod
    def for_context(cls, ctx: AppContext, **kwargs) -> SyncAdapter:
        """The adapter of an enrolled store, or an idle one for a standalone office."""
        laptop, needs_sign_in = cls._session_sync(ctx)
        return cls(ctx, laptop, needs_sign_in=needs_sign_in, **kwargs)

    @staticmethod
    def _session_sync(ctx: AppContext):
        """(the session's LaptopSync or None, whether the person must sign in to the server first)."""
        from sync.client.errors import NotSignedIn, SyncError

        try:
            return build_sync(ctx.store), False
        except NotSignedIn:  # enrolled: their changes wait until they sign in (Settings → Users)
            return None, True
        except SyncError:  # not enrolled: a standalone office
            return None, False

    def signed_in(self) -> None:
        """The person has just signed in to the server: sync from now on, with their own token."""
        if self.laptop is not None or self._stopped:
            return
        laptop, needs_sign_in = self._session_sync(self.ctx)
        if laptop is None:
            return
        self.laptop, self.engine = laptop, laptop.engine
        self._unsubscribe = laptop.events.subscribe(self._relay.emit)
        self._set(enrolled=True, needs_sign_in=needs_sign_in)
        self.start(first_after_ms=0)

    def enrolled_again(self, device_secret: str, user_token: str) -> None:
        """The laptop enrolled again with a server that no longer knew it (Users → «Підключити комп'ютер
        знову»): the next requests carry the new credentials, and a sync starts at once."""
        if self.laptop is None:
            self.signed_in()
            return
        transport = self.laptop.engine.transport
        transport.device_secret, transport.user_token = device_secret, user_token
        self.sync_now()

    # --- control ----------------------------------------------------------------------------------
    def start(self, first_after_ms: int = 1500) -> None:
        self.refresh_status()
        if self.engine is not None:
            self.periodic.start()
            QTimer.singleShot(first_after_ms, self, self.sync_now)
        elif self.ctx.cases is not None:
            # No sync cycle will list the cases an interrupted import saved without their list rows: list them now.
            self.ctx.runner.run_db(self.ctx.cases.list_left_over, self._listed_left_over, self._list_failed, owner=self)

    def _listed_left_over(self, count: int) -> None:
        if count:
            self.ctx.refreshed.emit()

    def _list_failed(self, exc: Exception) -> None:
        log.warning("could not list the cases left unlisted: %s", type(exc).__name__)  # listed at the next import

    def sync_now(self) -> None:
        if self.engine is None or self._stopped or not self.ctx.is_open:
            return
        if self.state.running:
            self._again = True
            return
        self.soon.stop()
        self._set(running=True, activity=self.tr("Синхронізація…"))
        laptop, stop = self.laptop, self._blob_stop
        self.ctx.runner.run_net(lambda: laptop.run(stop=stop), self._cycle_done, self._cycle_failed, owner=self)

    def stop(self) -> None:
        """No new cycles; a running one stops retrying (locking, quitting)."""
        self._stopped = True
        self.periodic.stop()
        self.soon.stop()
        self._blob_stop.set()
        if self.laptop is not None:
            self.laptop.cancel()

    def close(self) -> None:
        """After the workers are idle: release the event subscription and the HTTP client."""
        self.stop()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.laptop is not None:
            try:
                self.laptop.close()
            except Exception:  # closing a client must never stop a lock
                log.debug("closing the transport failed", exc_info=True)

    # --- status -------------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        if not self.ctx.is_open:
            return
        if self._status_reading:
            self._status_soon.start()  # read again once the current read is done
            return
        self._status_reading = True
        engine = self.engine
        engine_running = engine.running if engine is not None else False

        store = self.ctx.store
        began_after = self._cycles_ended

        def job():
            status = sync_status(store)
            waiting = tuple(sorted(status["waiting_for_sign_in"].items()))
            return (status["pending_changes"], status["conflicts"], status["last_sync"], status["rejected_changes"],
                    waiting)

        def failed(_exc: Exception) -> None:
            self._status_reading = False

        def done(result) -> None:
            self._status_reading = False
            if began_after != self._cycles_ended:
                # Counted while a cycle was still sending (its count is stale): the read the cycle's end
                # asked for follows (_status_soon), and shows what the cycle left.
                return
            pending, conflicts, last_sync, rejected, waiting = result
            self._set(running=self.state.running or engine_running, pending=pending, conflicts=conflicts,
                      last_sync=last_sync, rejected=rejected, waiting=waiting)

        self.ctx.read(job, done, failed, owner=self)

    def _set(self, **changes) -> None:
        self.state = replace(self.state, **changes)
        self.state_changed.emit(self.state)

    # --- results ------------------------------------------------------------------------------------
    def _cycle_done(self, result: CycleResult) -> None:
        error_code = (result.report.error_code or result.attachments.error_code
                      or ("audit_not_sent" if result.audit_error else None))
        self._set(running=False, online=True, error_code=error_code, activity="")
        # The cycle measured the server's clock again: this session's edits are stamped with it from now on.
        if self.ctx.cases is not None:
            self.ctx.cases.clock.offset_ms = result.clock_offset_ms
        self._after_cycle()

    def _cycle_failed(self, exc: Exception) -> None:
        code = getattr(exc, "code", None) or "sync_error"
        if code == "busy":  # another cycle (the command line) holds the lock: not an error to show
            self._set(running=False, activity="")
        else:
            online = code not in OFFLINE_CODES
            self._set(running=False, online=online, error_code=code, activity="")
        self._after_cycle()

    def _after_cycle(self) -> None:
        self._cycles_ended += 1
        self.refresh_status()
        if self._again and not self._stopped:
            self._again = False
            self.sync_now()

    def _on_local_change(self, _cs) -> None:
        if self.engine is not None and not self._stopped:
            self.soon.start()
        self._status_soon.start()

    def _on_event(self, payload: Any) -> None:
        if self._stopped and not isinstance(payload, ev.ErrorOccurred):
            return
        if isinstance(payload, ev.Progress):
            self._set(activity=self._describe(payload))
            self.progress.emit(payload)
            if payload.phase in ("pull", "repair") and time.monotonic() - self._last_refresh > PULL_REFRESH_S:
                self._last_refresh = time.monotonic()
                self.ctx.refreshed.emit()
        elif isinstance(payload, ev.Done):
            if payload.report.pulled:
                self.ctx.refreshed.emit()
            if payload.report.recovered or payload.report.kept_here:  # shown until the window closes
                self._set(recovered=(payload.report.recovered, payload.report.kept_here))
            self.finished.emit(payload.report)
        elif isinstance(payload, ev.ConflictFound):
            self._set(conflicts=payload.open_total)
            self.conflict.emit(payload)
        elif isinstance(payload, ev.ErrorOccurred):
            self.error.emit(payload)
            if payload.wipe:
                self.revoked.emit()
        elif isinstance(payload, ev.AttachmentsSynced):
            if payload.report.downloaded:  # an open case shows its files as available now
                self.ctx.refreshed.emit()
        elif isinstance(payload, ev.DirectoryRefreshed):
            self.ctx.set_directory(payload.directory)

    def _describe(self, p) -> str:
        if p.phase == "push":
            return self.tr("Надсилання змін: %1 з %2").replace("%1", str(p.done)).replace("%2", str(p.total or 0))
        if p.phase == "pull":
            return self.tr("Отримання даних: %1").replace("%1", str(p.done))
        if p.phase == "repair":
            return self.tr("Відновлення даних із сервера: %1").replace("%1", str(p.done))
        return self.tr("Перевірка даних…")
