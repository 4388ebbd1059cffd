"""What a device knows of its server's epochs: a server restored from a backup (docs/sync-protocol.md, Verification).

The server's counter only grows, and its epoch changes when its database is put back from a backup
(`poruch-server restored`, or noticed at its start). The engine asks this module three things: whether a page
or digest of another epoch may be applied (a device that synced after the backup must first give back what
the server lost: EpochChanged), how to enter the new epoch (the recovery: desktop.store.recovery), and what to
do when the server's counter is below this device's cursor without a new epoch (stop, keeping everything).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, NoReturn

from sync.client import errors as e

log = logging.getLogger(__name__)

SERVER_WENT_BACK = "server_went_back"  # state: the server was seen behind this device (ServerEpochs.went_back)
SERVER_EPOCH = "server_epoch"  # state: the server's epoch this device last synced in (ServerEpochs.check)


class ServerEpochs:
    """One per engine, `begin` at the start of every cycle. `confirmed`: the server numbers this cycle's push
    answers gave (numbered in the current epoch: not a sign of having synced before the backup)."""

    def __init__(self, replica: Any):
        self.replica = replica
        self.known: str | None = None     # the epoch this device last synced in: sent with pushes
        self._checked: str | None = None  # the server's epoch, once checked in this cycle

    def begin(self, known: str | None) -> None:
        self.known, self._checked = known, None

    def check(self, epoch: str | None, began_at: int, cursor: int, confirmed: set[int]) -> None:
        """A page or digest in `epoch`. A device holding nothing numbered above `began_at` lost nothing and goes
        on in the new epoch; one that does synced after the backup - also when other devices' pushes have taken
        the server's counter past its cursor, which the cursor alone cannot tell - and must recover first."""
        if epoch is None or epoch == self._checked:
            return
        known = self.known  # as stored: read at the cycle's start (begin), kept in step by check and enter
        if known is not None and known != epoch and (cursor > began_at or self._held_above(began_at, confirmed)):
            raise e.EpochChanged(epoch, began_at)  # before anything is applied: the engine recovers
        if known != epoch:
            self.replica.set_state(SERVER_EPOCH, epoch)
        self._checked = self.known = epoch

    def enter(self, epoch: str, began_at: int, report: Any, confirmed: set[int]) -> None:
        """The server began a new epoch at `began_at`. A device holding records numbered above it synced after
        the backup: what the server lost goes back into the outbox first (desktop.store.recovery); the cycle then
        pushes it and pulls what was written since the restore."""
        state = {SERVER_EPOCH: epoch, SERVER_WENT_BACK: None}
        cursor = self.replica.cursor()
        if cursor > began_at or self._held_above(began_at, confirmed):
            if not hasattr(self.replica, "prepare_recovery"):
                self.went_back(began_at, cursor, epoch=epoch)
            recovery = self.replica.prepare_recovery(began_at, epoch, state)
            report.recovered, report.kept_here = recovery.queued, recovery.kept_here
            log.warning("the server was restored (epoch from %s): giving back %s records, %s kept here only",
                        began_at, recovery.queued, recovery.kept_here)
        else:
            self.replica.set_states(state)
        self._checked = self.known = epoch

    def after_stop(self, server_epoch: str | None, epoch_seq: int, mark: dict) -> int:
        """A device stopped because the server went back syncs again once the server is in a new epoch (the
        operator ran `poruch-server restored`); returns where the recovery begins. Seen through the epoch, the
        backup's counter is `epoch_seq`; seen only through the cursor it is not known, so everything this device
        may send goes back (the merge takes equal values without a conflict)."""
        if server_epoch is None or server_epoch == self.known:
            raise e.ServerBehind(behind_detail(mark))
        return epoch_seq if mark.get("epoch") == server_epoch else 0

    def went_back(self, server_cursor: int, local_cursor: int, *, epoch: str | None = None) -> NoReturn:
        """The server's sequence is below what this device already pulled: it went back (restored from a
        backup) and no longer has changes it acknowledged. Its older state is not taken for the truth - moving
        the cursor back, then a repair, would delete this device's acknowledged records the server lost and
        overwrite newer values with older ones. Nothing is applied, reset or repaired, now or in the cycles
        after (the mark stays), until the server is in a new epoch (after_stop)."""
        seen_at = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        mark = {"server_cursor": server_cursor, "device_cursor": local_cursor, "seen_at": seen_at}
        if epoch is not None:
            mark["epoch"] = epoch
        self.replica.set_state(SERVER_WENT_BACK, mark)
        log.error("the server's sequence (%s) is behind this device's cursor (%s): syncing stopped",
                  server_cursor, local_cursor)
        raise e.ServerBehind(behind_detail(mark))

    def _held_above(self, seq: int, confirmed: set[int]) -> bool:
        """Whether this device held records numbered above `seq` before this cycle."""
        held = getattr(self.replica, "seqs_held_above", None)
        return held is not None and not held(seq) <= confirmed


def behind_detail(mark: dict[str, Any]) -> str:
    return f"{mark.get('server_cursor')} < {mark.get('device_cursor')}"
