"""Server-side translation of the console: gettext catalogues kept as .po files, compiled with Babel.

Source strings are Ukrainian; `locale/en/LC_MESSAGES/console.po` holds the English. The .po is read and
compiled in memory at start-up (no compiled .mo committed, no build step). `make console-messages`
extracts the messages from the templates and modules and updates the .po; tests/test_console_translations.py
requires every message translated with its placeholders kept.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCALE_DIR = HERE / "locale"
DOMAIN = "console"
LANGUAGES = ("uk", "en")  # Ukrainian first: the default, and the language of the source strings
DEFAULT_LANGUAGE = "uk"
LANGUAGE_COOKIE = "poruch_console_lang"


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Marks a message for extraction where it is defined; it is translated where it is shown."""
    return message


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(language: str):
    """gettext translations of a language (Babel is imported on first use: the server starts faster)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    with po_path(language).open("rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def language_of(cookie_value: str | None) -> str:
    return cookie_value if cookie_value in LANGUAGES else DEFAULT_LANGUAGE
