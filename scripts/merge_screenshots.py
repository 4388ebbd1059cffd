"""Screenshots of merging the same person's cases of two offices, offscreen, into docs/screenshots/merge-*.png.

Real processes: a local poruch-server (SQLite), the two offices of one raion with a supervisor each and
the district's user, each on an enrolled laptop. Office B registers a person office A already has
(same RNOKPP, another phone, an e-mail and the IDP certificate A lacks); B's supervisor decides "the
same person"; everyone syncs. In the district user's window: the possible duplicates (1), the merge
window with both values of every field (2), the merge made, each kept value with its source (3), the
merged case read-only with its banner (4), the merge undone (5), and "Merge…" from a case: the
laptop's own look-alikes of the person (6).

    .venv/bin/python scripts/merge_screenshots.py
"""

from __future__ import annotations

import copy
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from screenshot_world import run_in_app, session, start_world, synced  # noqa: E402
from screenshots import save, wait_until  # noqa: E402

from desktop import demo  # noqa: E402


def set_up(folder: Path) -> tuple[demo.DemoServer, str, str]:
    from desktop.services.cases import CaseService
    from desktop.services.cross_duplicates import CrossDuplicates
    from desktop.services.enrolment import enroll_device
    from desktop.services.synthetic import generate_registrations

    world = start_world(folder, (("olena", "Олена Коваль", 0), ("iryna", "Ірина Савчук", 1)))
    world.server.admin("create-user", "--username", "mykola", "--role", "district", "--district-of-office",
                       world.offices[0], "--display-name", "Микола Район", password=world.password)
    stores = world.stores
    regs = generate_registrations(6, seed=2613)
    first = regs[0]
    first.person = {**first.person, "email": None}
    first.displacement = {**first.displacement, "idp_certificate_number": None, "idp_certificate_date": None}
    CaseService(stores["olena"]).register_many(regs)
    same = copy.deepcopy(regs[0])
    same.household = []
    same.person = {**same.person, "phones": ["+380931234567"], "email": "person@example.org",
                   "notes": "Звернулася до нашого офісу після переїзду"}
    same.displacement = {**same.displacement, "idp_certificate_number": "1423-5001234567",
                         "idp_certificate_date": "2024-02-19"}
    CaseService(stores["iryna"]).register_many([same] + generate_registrations(3, seed=2614))
    world.sync_all()
    (pair,) = [x for x in CrossDuplicates(stores["iryna"]).list() if x.status == "open"]
    CrossDuplicates(stores["iryna"]).decide(pair.id, "same_person")
    world.sync_all()
    world.sync_all()
    district = enroll_device(folder / "mykola", world.server.url, "mykola", world.password, "ноутбук району")
    demo.sync(district, quiet=True)
    district.close()
    world.close_stores()
    return world.server, world.password, pair.own_case


def run(folder: Path) -> None:
    server, password, merged_case = set_up(folder)
    try:
        shell = session(folder / "mykola", password)
        synced(shell)
        from desktop.ui.cross_duplicates import ITEM_ROLE, CrossDuplicatesDialog
        from desktop.ui.merge_dialog import MergeDialog

        shell.window.show_cross_duplicates()
        listing = shell.window.findChild(CrossDuplicatesDialog)
        wait_until(lambda: listing.tree.topLevelItemCount() >= 2, what="possible duplicates")
        for i in range(listing.tree.topLevelItemCount()):
            if listing.tree.topLevelItem(i).data(0, ITEM_ROLE).own_case == merged_case:
                listing.tree.setCurrentItem(listing.tree.topLevelItem(i))
        wait_until(lambda: listing.merge_button.isEnabled(), what="merge offered")
        save(shell.window, "merge-1-duplicates", listing)
        listing.merge_button.click()
        dialog = listing.findChild(MergeDialog)
        wait_until(lambda: dialog.preview is not None, what="merge preview")
        save(shell.window, "merge-2-choose", dialog)
        dialog.merge_button.click()
        wait_until(lambda: dialog.merge is not None, what="merged")
        save(shell.window, "merge-3-merged", dialog)
        merged_case = dialog.merge.data["merged_case"]
        dialog.close()
        listing.close()
        shell.window.open_case(merged_case)
        from desktop.ui.case_view.case_window import CaseWindow

        window = shell.window.findChild(CaseWindow)
        wait_until(lambda: window.merge_banner.state is not None, what="merge banner")
        save(shell.window, "merge-4-merged-case")
        window.merge_banner.details_button.click()
        dialog = window.merge_banner.findChild(MergeDialog)
        wait_until(lambda: dialog.merge is not None, what="merge details")
        dialog.undo_button.click()
        wait_until(lambda: dialog.merge is not None and dialog.merge.state == "undone", what="undone")
        save(shell.window, "merge-5-undone", dialog)
        dialog.close()
        from desktop.ui.merge_dialog import MergeCandidatesDialog

        window.merge_button.click()  # from a case: the laptop's own look-alikes (here: the other office's case)
        chooser = window.findChild(MergeCandidatesDialog)
        wait_until(lambda: chooser.candidates is not None, what="candidates")
        save(shell.window, "merge-6-from-case", chooser)
        shell.shutdown()
    finally:
        server.stop()


def main() -> int:
    return run_in_app(run, "merge")


if __name__ == "__main__":
    sys.exit(main())
