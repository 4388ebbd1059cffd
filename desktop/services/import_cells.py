"""Cells of an imported file: their comparison form, their text, dates, the empty and the clearing cell.

The smallest layer of the import: the columns (import_columns) and the free-text values
(import_values) read cells through these helpers. Parsers raise CellError with a validation code;
they never put the value in a message.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from sync.records.dates import parse_date
from sync.text import fold_for_search

CLEAR_MARKS = frozenset({"-", "\u2013", "\u2014"})  # "-" clears a field in an update (Excel turns it into a dash)

_LATIN_LOOKALIKES = str.maketrans("aceiopxyk", "асеіорхук")
_SEPARATORS = re.compile(r"[\s_\-./\\]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ISO_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?")


def fold_key(text: Any) -> str:
    """The comparison form of a header or a choice value: 'Ім’я ' == 'імя', 'По-батькові' == 'по батькові'."""
    folded = fold_for_search(unicodedata.normalize("NFKC", str(text or "")))
    folded = _SEPARATORS.sub(" ", folded).strip(" :*")
    # "IПН" typed with a Latin I: only when the word is otherwise Cyrillic, so "email" stays Latin.
    if any("\u0400" <= ch <= "\u04ff" for ch in folded):
        folded = folded.translate(_LATIN_LOOKALIKES)
    return folded


class CellError(ValueError):
    """A cell that cannot be read as its column's type; `code` is a ValidationIssue code."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def cell_text(value: Any) -> str:
    """A cell as text: spreadsheet numbers lose their '.0', everything is trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    # Control characters come from broken exports and would end up in names and search terms.
    return _CONTROL.sub("", str(value)).strip()


def parse_date_cell(value: Any) -> str:
    """An ISO date from a date cell, dd.mm.yyyy or yyyy-mm-dd; CellError("invalid_date") otherwise."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    if m := _ISO_MIDNIGHT.fullmatch(text):  # what some tools write for a date-only value
        text = m.group(1)
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise CellError("invalid_date") from None


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def is_clear_mark(value: Any) -> bool:
    return isinstance(value, str) and value.strip() in CLEAR_MARKS
