"""The real-server set-up the cross-office screenshot scripts share (transfer_screenshots.py,
duplicate_screenshots.py): a local poruch-server (SQLite), the two offices of one raion, supervisors
enrolled on their own laptops; then a window unlocked as one of them, and a sync awaited in it.

Synthetic people only (desktop.services.synthetic); the folder is the caller's temporary one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screenshots import build_translations, wait_until

from desktop import demo
from desktop.ui.app import WINDOW_SIZE, PoruchApp, make_app

RAION_HROMADAS = ("UA32080150000035443", "UA32080030000070006")  # Ірпінська, Бородянська (Бучанський р-н)
OFFICE_NAMES = ("ЦНСП Ірпінської міської ради", "ЦНСП Бородянської селищної ради")


@dataclass
class World:
    server: demo.DemoServer
    password: str
    offices: list[str]  # office ids, in OFFICE_NAMES order
    stores: dict        # user name -> the open store of their enrolled laptop (folder / user name)

    def sync_all(self) -> None:
        for store in self.stores.values():
            demo.sync(store, quiet=True)

    def close_stores(self) -> None:
        for store in self.stores.values():
            store.close()


def start_world(folder: Path, people: tuple[tuple[str, str, int], ...]) -> World:
    """A running server with both offices, and each (user name, display name, office index) a supervisor
    enrolled on a laptop of their own. The caller stops `world.server`."""
    from desktop.services.enrolment import enroll_device

    server = demo.DemoServer(folder, demo.free_port())
    server.start()
    password = demo.make_password()
    offices = [server.admin("create-office", "--name", name, "--katottg", code).splitlines()[-1]
               for name, code in zip(OFFICE_NAMES, RAION_HROMADAS, strict=True)]
    for username, name, office in people:
        server.admin("create-user", "--username", username, "--role", "supervisor", "--office", offices[office],
                     "--display-name", name, password=password)
    stores = {u: enroll_device(folder / u, server.url, u, password, f"ноутбук {u}") for u, _, _ in people}
    return World(server, password, offices, stores)


def session(folder: Path, password: str) -> PoruchApp:
    """The application on `folder`, unlocked: its main window shown at the screenshots' size."""
    shell = PoruchApp(folder, sync_interval_s=3600)
    shell.start()
    w = shell.window
    w.resize(*WINDOW_SIZE)
    w.show()
    w.password.setText(password)
    w.submit()
    wait_until(lambda: shell.ctx is not None and hasattr(shell.window, "cases"), what="main window")
    shell.window.resize(*WINDOW_SIZE)
    return shell


def synced(shell: PoruchApp) -> None:
    adapter = shell.ctx.sync
    adapter.sync_now()
    wait_until(lambda: adapter.state.online is not None and not adapter.state.running, what="sync")


def run_in_app(run: Callable[[Path], None], name: str) -> int:
    """A screenshot script's main: translations built, one Fusion-styled application, `run` given a
    fresh folder that is removed afterwards."""
    from PySide6.QtWidgets import QApplication

    build_translations()
    make_app()
    QApplication.instance().setStyle("Fusion")
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / name)
    return 0
