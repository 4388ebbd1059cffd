"""Screenshots of possible duplicates across offices, offscreen, into docs/screenshots/duplicates-*.png.

Real processes: a local poruch-server (SQLite), two offices, two enrolled supervisors' laptops with
synthetic cases. Office B registers two people office A already has: one with the same RNOKPP,
one spelled in an older passport Latin with no RNOKPP. After both sync, B's supervisor opens
View → Possible duplicates in other offices (1), answers "the same person" for the first pair and
sees office A's contact (2).

    .venv/bin/python scripts/duplicate_screenshots.py
"""

from __future__ import annotations

import copy
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

_OLD = {"г": "g", "и": "y", "й": "y", "х": "kh", "є": "ye", "ю": "yu", "я": "ya", "ї": "yi", "ж": "zh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "sch", "ь": "", "а": "a", "б": "b", "в": "v", "д": "d", "е": "e", "з": "z",
        "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "'": ""}


def old_latin(word: str) -> str:
    out = "".join(_OLD.get(ch, ch) for ch in word.lower())
    return out[:1].upper() + out[1:]


def set_up(folder: Path) -> tuple[demo.DemoServer, dict]:
    from desktop.services.cases import CaseService
    from desktop.services.synthetic import generate_registrations

    world = start_world(folder, (("olena", "Олена Коваль", 0), ("iryna", "Ірина Савчук", 1)))
    stores = world.stores
    regs = generate_registrations(10, seed=1313)
    CaseService(stores["olena"]).register_many(regs)
    same = copy.deepcopy(regs[0])
    same.household = []
    latin = copy.deepcopy(regs[1])
    p = latin.person
    p["surname"], p["given_name"], p["patronymic"] = old_latin(p["surname"]), old_latin(p["given_name"]), None
    p["rnokpp"], p["unzr"], p["id_document_number"], p["phones"] = None, None, None, ["+380501112233"]
    latin.displacement = {**latin.displacement, "idp_certificate_number": None}
    latin.household = []
    CaseService(stores["iryna"]).register_many([same, latin] + generate_registrations(4, seed=1314))
    world.sync_all()
    world.close_stores()
    return world.server, {"password": world.password}


def run(folder: Path) -> None:
    server, facts = set_up(folder)
    try:
        shell = session(folder / "iryna", facts["password"])
        synced(shell)
        from desktop.ui.cross_duplicates import CrossDuplicatesDialog

        shell.window.show_cross_duplicates()
        listing = shell.window.findChild(CrossDuplicatesDialog)
        wait_until(lambda: listing.tree.topLevelItemCount() >= 2, what="possible duplicates")
        save(shell.window, "duplicates-1-list", listing)
        listing.same_button.click()
        wait_until(lambda: listing.current() is not None and listing.current().status == "same_person",
                   what="decision")
        synced(shell)
        listing.reload()
        wait_until(lambda: listing.current() is not None and listing.current().data.get("other_contact"),
                   what="the other office's contact")
        save(shell.window, "duplicates-2-same-person", listing)
        shell.shutdown()
    finally:
        server.stop()


def main() -> int:
    return run_in_app(run, "duplicates")


if __name__ == "__main__":
    sys.exit(main())
