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
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


from desktop import demo  # noqa: E402

sys.path.insert(0, str(REPO / "scripts"))
from screenshot_world import run_in_app, session, start_world, synced  # noqa: E402
from screenshots import save, wait_until  # noqa: E402


def set_up(folder: Path) -> tuple[demo.DemoServer, dict]:
    from desktop.services.cases import CaseService
    from desktop.services.synthetic import add_activity, generate_registrations

    people = (("olena", "Олена Коваль", 0), ("taras", "Тарас Мельник", 0), ("iryna", "Ірина Савчук", 1))
    world = start_world(folder, people)
    service = CaseService(world.stores["olena"])
    case_ids = [next(iter(cs.case_ids)) for cs in service.register_many(generate_registrations(12, seed=1301))]
    add_activity(service, case_ids, seed=1301)
    world.sync_all()
    # Taras, offline from here on, writes in the case that is about to move.
    CaseService(world.stores["taras"]).add("journal_entry", case_ids[0], {
        "kind": "call", "text": "Дзвонила: просить допомогти з документами на новому місці."})
    world.close_stores()
    return world.server, {"password": world.password, "case_id": case_ids[0], "offices": world.offices}


def run(folder: Path) -> None:
    server, facts = set_up(folder)
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
    return run_in_app(run, "transfers")


if __name__ == "__main__":
    sys.exit(main())
