"""Ukrainian text helpers shared by storage, search and the server: sort keys and normalisation.

Why hand-written: SQLCipher's SQLite has no ICU collation, and the Unicode default collation
(as in pyuca) files Ґ under Г and Є under Е, which is wrong for Ukrainian. A sort key that maps
each letter to its place in the Ukrainian alphabet is a few lines and can be stored in an
indexed column, so the case list sorts by surname with an index scan.
"""

from __future__ import annotations

import unicodedata

UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_APOSTROPHES = "'\u2019\u02bc`\u2018"

# Each Ukrainian letter maps to a code point in a private block, in alphabet order; Latin letters
# and digits sort after a space but before Cyrillic, other characters keep their own order.
_KEY_BASE = 0xE000
_LETTER_KEYS = {ch: chr(_KEY_BASE + 0x100 + i) for i, ch in enumerate(UKRAINIAN_ALPHABET)}
# Russian-only letters that appear in old records sort next to their closest Ukrainian letter.
_LETTER_KEYS.update({"ё": _LETTER_KEYS["е"], "ъ": _LETTER_KEYS["ь"], "ы": _LETTER_KEYS["и"],
                     "э": _LETTER_KEYS["е"]})


# uk_sort_key's mapping as one str.translate table (a C loop; the Python loop over the characters was
# ~60 us a case of a first download's case list): letters to their keys, apostrophes and hyphens dropped.
_SORT_TABLE: dict[int, str | None] = {ord(ch): key for ch, key in _LETTER_KEYS.items()}
_SORT_TABLE.update({ord(ch): None for ch in _APOSTROPHES + "-"})


def normalize_apostrophes(text: str) -> str:
    """Every apostrophe look-alike becomes the ASCII one (people type all of them)."""
    for ch in _APOSTROPHES[1:]:
        text = text.replace(ch, "'")
    return text


def uk_sort_key(text: str | None) -> str:
    """A string whose plain code-point order is Ukrainian alphabetical order (case-insensitive).

    Apostrophes and hyphens are ignored at the first level, as in dictionaries.
    """
    if not text:
        return ""
    return unicodedata.normalize("NFC", text.strip().lower()).translate(_SORT_TABLE)


def fold_for_search(text: str | None) -> str:
    """Lower-case, NFC, unified apostrophes removed: the form search terms are stored and queried in."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).lower()
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    return text.strip()
