"""Report periods: a month ("2026-11"), a quarter ("2026-Q4"), a year ("2026") or dates ("2026-01-05..2026-02-20")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS_UK = ("січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень",
             "жовтень", "листопад", "грудень")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


class PeriodError(ValueError):
    pass


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: str = "dates"  # month | quarter | year | dates

    def __post_init__(self):
        if self.end < self.start:
            raise PeriodError("the period ends before it starts / період закінчується раніше, ніж починається")

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()

    @property
    def before_iso(self) -> str:
        """The day before the period: the state "at the start" is the state at the end of that day."""
        return (self.start - timedelta(days=1)).isoformat()

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start_iso}..{self.end_iso}"

    def label(self, lang: str = "uk") -> str:
        if self.kind == "month":
            names = MONTHS_EN if lang == "en" else MONTHS_UK
            return f"{names[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return f"Q{q} {self.start.year}" if lang == "en" else f"{q}-й квартал {self.start.year}"
        if self.kind == "year":
            return str(self.start.year) if lang == "en" else f"{self.start.year} рік"
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period."""
        out, y, m = [], self.start.year, self.start.month
        while date(y, m, 1) <= self.end:
            first, last = max(date(y, m, 1), self.start), min(_month_end(y, m), self.end)
            kind = "month" if (first.day == 1 and last == _month_end(y, m)) else "dates"
            out.append(Period(first, last, kind))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def previous(self) -> Period:
        """The period of the same kind just before (a month before a month...)."""
        if self.kind == "month":
            return month(self.start.year - (self.start.month == 1), 12 if self.start.month == 1 else self.start.month - 1)
        if self.kind == "quarter":
            first = self.start.replace(day=1)
            y, m = (first.year - 1, first.month + 9) if first.month <= 3 else (first.year, first.month - 3)
            return Period(date(y, m, 1), _month_end(y, m + 2), "quarter")
        length = self.end - self.start
        return Period(self.start - length - timedelta(days=1), self.start - timedelta(days=1), self.kind)


def month(year: int, number: int) -> Period:
    return Period(date(year, number, 1), _month_end(year, number), "month")


def parse_period(text: str) -> Period:
    """"2026-11", "2026-Q4", "2026", "2026-01-05..2026-02-20" (or with dd.mm.yyyy dates)."""
    value = (text or "").strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return month(int(m[1]), int(m[2]))
        if m := re.fullmatch(r"(\d{4})-[QqКк]([1-4])", value):
            y, q = int(m[1]), int(m[2])
            return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")
        if re.fullmatch(r"\d{4}", value):
            return Period(date(int(value), 1, 1), date(int(value), 12, 31), "year")
        if ".." in value:
            a, b = (_parse_day(p) for p in value.split("..", 1))
            return Period(a, b, "dates")
    except ValueError as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(_message(value)) from None
    raise PeriodError(_message(value))


def _parse_day(text: str) -> date:
    text = text.strip()
    if re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", text):
        d, m, y = text.split(".")
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text)


def _message(value: str) -> str:
    return (f"Період «{value[:40]}» не розпізнано: місяць 2026-11, квартал 2026-Q4, рік 2026 або дати "
            "2026-01-01..2026-03-31. / Unknown period: a month 2026-11, a quarter 2026-Q4, a year or dates.")


def last_month(today: date | None = None) -> Period:
    today = today or date.today()
    first = today.replace(day=1) - timedelta(days=1)
    return month(first.year, first.month)
