"""The web console's English catalogue is complete, keeps every placeholder, and matches the code.

Like tests/test_translations.py for the desktop's .ts: a translation that drops or renames a placeholder
(%(n)s) raises or shows the wrong number on a page, so it is refused here.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from babel.messages.pofile import read_po

from sync.server.console.i18n import po_path, translations

REPO = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%")


def catalogue():
    with po_path("en").open("rb") as f:
        return read_po(f, locale="en")


def _script():
    spec = importlib.util.spec_from_file_location("console_messages", REPO / "scripts" / "console_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_its_english():
    messages = [m for m in catalogue() if m.id]
    assert len(messages) > 150
    assert [m.id for m in messages if not m.string or m.fuzzy] == []


def test_placeholders_are_kept():
    wrong = [(m.id, m.string) for m in catalogue() if m.id
             and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert wrong == []


def test_catalogue_is_up_to_date_with_the_code():
    in_code = {m.id for m in _script().extract() if m.id}
    in_po = {m.id for m in catalogue() if m.id}
    assert sorted(in_code - in_po) == [], "messages in the console but not in console.po: run `make console-messages`"
    assert sorted(in_po - in_code) == [], "messages in console.po no longer used: run `make console-messages`"


def test_the_compiled_catalogue_translates():
    assert translations("en").gettext("Користувачі") == "Users"
    assert translations("uk").gettext("Користувачі") == "Користувачі"
