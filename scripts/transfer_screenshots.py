"""Screenshots of a case transfer between two offices, offscreen, into docs/screenshots/transfer-*.png.

Real processes: a local poruch-server (SQLite), two offices of one raion, three enrolled laptops
(office A's supervisor, a second supervisor of A who works offline, office B's supervisor) with
synthetic cases. The windows are driven as people would: A sends a case (1, 2), B sees it
among its incoming transfers and accepts it (3), and the offline laptop's late edit comes back
refused, on the rejected-changes screen its status bar opens (4).

    .venv/bin/python scripts/transfer_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop import demo  # noqa: E402
from desktop.ui.app import WINDOW_SIZE, PoruchApp, make_app  # noqa: E402

sys.path.insert(0, str(REPO / "scripts"))
from screenshots import build_translations, save, wait_until  # noqa: E402

RAION_HROMADAS = ("UA32080150000035443", "UA32080030000070006")  # Ірпінська, Бородянська (Бучанський р-н)


def set_up(folder: Path) -> tuple[demo.DemoServer, dict]:
    from desktop.services.cases import CaseService
    from desktop.services.enrolment import enroll_device
    from desktop.services.synthetic import add_activity, generate_registrations

    server = demo.DemoServer(folder, demo.free_port())
    server.start()
    password = demo.make_password()
    offices = [server.admin("create-office", "--name", name, "--katottg", code).splitlines()[-1]
               for name, code in zip(("ЦНСП Ірпінської міської ради", "ЦНСП Бородянської селищної ради"),
                                     RAION_HROMADAS, strict=True)]
    people = (("olena", "Олена Коваль", 0), ("taras", "Тарас Мельник", 0), ("iryna", "Ірина Савчук", 1))
    for username, name, office in people:
        server.admin("create-user", "--username", username, "--role", "supervisor", "--office", offices[office],
                     "--display-name", name, password=password)
    stores = {u: enroll_device(folder / u, server.url, u, password, f"ноутбук {u}") for u, _, _ in people}
    service = CaseService(stores["olena"])
    case_ids = [next(iter(cs.case_ids)) for cs in service.register_many(generate_registrations(12, seed=1301))]
    add_activity(service, case_ids, seed=1301)
    for u in ("olena", "taras", "iryna"):
        demo.sync(stores[u], quiet=True)
    # Taras, offline from here on, writes in the case that is about to move.
    CaseService(stores["taras"]).add("journal_entry", case_ids[0], {
        "kind": "call", "text": "Дзвонила: просить допомогти з документами на новому місці."})
    for store in stores.values():
        store.close()
    return server, {"password": password, "case_id": case_ids[0], "offices": offices}


def session(folder: Path, password: str) -> PoruchApp:
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


def run(folder: Path) -> None:
    server, facts = set_up(folder)
    server.start()
    try:
        # Office A's supervisor sends the case (the directory from the last sync names office B).
        shell = session(folder / "olena", facts["password"])
        synced(shell)
        w = shell.window
        w.open_case(facts["case_id"])
        case = w.tabs.currentWidget()
        wait_until(lambda: case.data is not None, what="case")
        case.start_transfer()
        from desktop.ui.transfer_dialog import TransferDialog

        dialog = case.findChild(TransferDialog)
        dialog.reason.setPlainText("Родина переїхала до Бородянки до родичів; потрібен супровід на новому місці.")
        dialog.consent.setChecked(True)
        save(w, "transfer-1-dialog", dialog)
        dialog.send()
        wait_until(lambda: case.transfer_banner.isVisible(), what="transfer banner")
        synced(shell)
        case.transfer_banner.load()
        wait_until(lambda: "Чекає відповіді" in case.transfer_banner.text.text(), what="banner after sync")
        save(w, "transfer-2-case-pending")
        shell.shutdown()

        # Office B sees the request with the preview, not the case, and accepts it.
        shell = session(folder / "iryna", facts["password"])
        synced(shell)
        from desktop.ui.transfers_dialog import TransfersDialog

        shell.window.show_transfers()
        listing = shell.window.findChild(TransfersDialog)
        wait_until(lambda: listing.incoming.topLevelItemCount() > 0, what="incoming transfers")
        save(shell.window, "transfer-3-incoming", listing)
        listing.accept_button.click()
        wait_until(lambda: listing.current() is not None and listing.current().state == "accepted", what="accept")
        listing.close()
        synced(shell)
        shell.shutdown()

        # The office laptop that was offline: its late note is refused, kept aside, one click away.
        shell = session(folder / "taras", facts["password"])
        synced(shell)
        wait_until(lambda: shell.window.status.rejected.isVisible(), what="rejected count")
        shell.window.status.rejected.click()
        from desktop.ui.rejected_changes import RejectedChangesDialog

        rejected = shell.window.findChild(RejectedChangesDialog)
        wait_until(lambda: rejected.current() is not None, what="rejected changes")
        save(shell.window, "transfer-4-rejected-changes", rejected)
        shell.shutdown()
    finally:
        server.stop()


def main() -> int:
    build_translations()
    make_app()
    QApplication.instance().setStyle("Fusion")
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp) / "transfers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
