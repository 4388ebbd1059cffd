"""What every tab of the case screen shares: the loaded case, writing through the worker, formats.

The case itself is read by desktop.services.reads.read_case (a CaseData)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desktop.services.reads import CaseData
from desktop.ui.forms.fields import ui_lang
from sync.records.dates import format_date, parse_date
from sync.records.issues import ValidationError

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
PRIORITY_COLOURS = {"none": "#5f6368", "low": "#2e7d32", "medium": "#8a6d00", "high": "#c25e00",
                    "critical": "#b3261e"}


def show_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return format_date(parse_date(value[:10]))
    except ValueError:
        return value


def show_datetime(value: str | None) -> str:
    """A stored UTC time as the local dd.mm.yyyy HH:MM the caseworker lives in."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def today_iso() -> str:
    return date.today().isoformat()


def error_message(exc: Exception) -> str:
    """Words for a failed write: validation messages as they are, anything else in general terms."""
    if isinstance(exc, ValidationError):
        lang = ui_lang()
        return "; ".join(dict.fromkeys(i.message(lang) for i in exc.errors or exc.issues))
    log.warning("case write failed: %s", type(exc).__name__)
    return QCoreApplication.translate("CaseTab", "Не вдалося зберегти. Спробуйте ще раз; якщо помилка "
                                                 "повториться, зверніться до адміністратора.")


class CaseTab(QWidget):
    """A tab of the case screen. `notify` reports success or failure to the window's message line."""

    notify = Signal(str, str)  # text, "info" | "error"

    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.data: CaseData | None = None

    def set_data(self, data: CaseData) -> None:
        self.data = data
        self.populate(data)

    def populate(self, data: CaseData) -> None:  # each tab fills itself in
        raise NotImplementedError

    def is_dirty(self) -> bool:
        return False

    def write(self, fn, done_text: str = "", on_done=None) -> None:
        """Run a write built only from services and data, never widgets (desktop.ui.tasks).

        The callbacks run only while this tab exists (the runner guards them by `parent`).
        """
        def written(cs) -> None:
            if done_text:
                self.notify.emit(done_text, "info")
            if on_done is not None:
                on_done(cs)

        self.ctx.mutation(fn, parent=self).success(written).failure(self._write_failed).run()

    def _write_failed(self, exc: Exception) -> None:
        self.notify.emit(error_message(exc), "error")


def make_table(headers: list[str], parent: QWidget, stretch: int | None = None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.setWordWrap(False)  # one line per row; the full text is in the tooltip
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def cell(text: str, record_id: str | None = None, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)  # never edited in place
    if record_id is not None:
        item.setData(ID_ROLE, record_id)
    if tooltip:
        item.setToolTip(tooltip)
    return item
