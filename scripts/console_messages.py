"""Refresh the web console's English catalogue from the code (`make console-messages`).

Extracts the marked messages (templates: _(...), Python: N_(...)) with Babel and merges them into
sync/server/console/locale/en/LC_MESSAGES/console.po: new messages arrive untranslated (write their
English, then tests/test_console_translations.py passes), removed ones are dropped.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
CONSOLE = REPO / "sync" / "server" / "console"
PO = CONSOLE / "locale" / "en" / "LC_MESSAGES" / "console.po"


def extract() -> Catalog:
    with tempfile.TemporaryDirectory() as tmp:
        pot = Path(tmp) / "console.pot"
        subprocess.run([str(Path(sys.executable).parent / "pybabel"), "-q", "extract", "-F", str(CONSOLE / "babel.cfg"),
                        "-k", "N_", "--no-location", "--sort-output", "-o", str(pot), "."],
                       cwd=REPO, check=True)
        with pot.open("rb") as f:
            return read_po(f)


def main() -> int:
    template = extract()
    if PO.exists():
        with PO.open("rb") as f:
            catalog = read_po(f, locale="en")
    else:
        catalog = Catalog(locale="en", domain="console", project="Poruch console")
    created = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    catalog.creation_date = created  # a refresh that changes no message changes no line of the file
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, catalog, no_location=True, sort_output=True, ignore_obsolete=True, width=110)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{PO.relative_to(REPO)}: {len(catalog)} messages, {len(missing)} without English")
    return 0


if __name__ == "__main__":
    sys.exit(main())
