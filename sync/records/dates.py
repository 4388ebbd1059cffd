"""Dates as caseworkers type them (dd.mm.yyyy) and as files carry them (ISO), plus plausibility checks."""

from __future__ import annotations

import re
from datetime import date

from sync.records.issues import ValidationIssue

# Four-digit years only: "01.02.03" is ambiguous and must be refused, not guessed.
_DMY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def parse_date(text: str) -> date:
    """dd.mm.yyyy (or d.m.yyyy) or yyyy-mm-dd; ValueError on anything else, including impossible dates."""
    if not isinstance(text, str):
        raise ValueError("a date must be given as text")
    text = text.strip()
    if m := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError("a date must be dd.mm.yyyy or yyyy-mm-dd")
    return date(year, month, day)  # raises ValueError for 31.02 and the like


def format_date(d: date | None) -> str:
    return "" if d is None else f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def check_not_future(field: str, d: date | None, today: date | None = None) -> list[ValidationIssue]:
    if d is not None and d > (today or date.today()):
        return [ValidationIssue(field, "date_in_future")]
    return []


def check_plausible_birth_date(field: str, d: date | None, today: date | None = None) -> list[ValidationIssue]:
    """Not in the future and not before 1900 (both are typing mistakes, so errors)."""
    if d is not None and d < EARLIEST_BIRTH_DATE:
        return [ValidationIssue(field, "date_too_old")]
    return check_not_future(field, d, today)
