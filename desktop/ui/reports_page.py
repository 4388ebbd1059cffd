"""Reports: the office report (on a district laptop, the district report: one column per office) for
a month, a quarter or dates, its tables and charts, saved as XLSX, CSV or PDF.

Everything is computed on the database worker (desktop.ui.tasks.QueryOp): the report through
desktop.services.reports.ReportService, which brings the facts up to date first and keeps computed
periods in memory, and the charts: the chart definitions' ReportLab drawings (the PDF's and the web
console's, sync.reports.output.charts) as SVG, rendered by QtSvg into pictures. A period seen before
comes back from the service's cache in a few milliseconds and its page, already built, is shown again:
the window never waits on the GUI thread. Saving writes through ReportService.save, which records the
export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QDate, QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.reports import ReportService
from desktop.ui.context import AppContext
from desktop.ui.referral_letter_pdf import _font_family as font_family
from sync.reports.layout import ReportResult, TableResult
from sync.reports.output.cells import label_columns, made_at, omitted_note, text_grid
from sync.reports.period import Period, PeriodError, last_month, month

log = logging.getLogger(__name__)

FORMATS = {"xlsx": "Excel (*.xlsx)", "csv": "CSV (*.csv)", "pdf": "PDF (*.pdf)"}
MONTHS_SHOWN = 24
QUARTERS_SHOWN = 8
PAGES_KEPT = 8  # built pages kept for switching back (each a few hundred cells and a dozen pictures)
CHART_WIDTH = 560  # points: 747 pixels at 96 dpi, as wide as the PDF's charts are on paper


@dataclass
class ScreenReport:
    key: tuple
    result: ReportResult
    charts: dict[str, QImage] | None  # table id -> picture; None: the page built before is still right


def chart_image(svg: str, scale: float) -> QImage:
    """An SVG chart drawn by QtSvg into a picture `scale` pixels a point (QImage and QPainter work off the
    GUI thread; a QPixmap would not)."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(round(size.width() * scale), round(size.height() * scale), QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def compute_for_screen(service: ReportService, period: Period, layout: str | None, lang: str,
                       shown: ReportResult | None, scale: float, control=None) -> ScreenReport:
    """On the database worker: the report (cached by the service while nothing changed) and, unless the
    page already shows this very result, its charts as pictures."""
    from sync.reports.output.charts import chart_drawing, render_svg

    progress = control.report if control is not None else None
    result = service.report(period, layout=layout, lang=lang, progress=progress)
    key = (period, result.layout, lang)
    if result is shown:
        return ScreenReport(key, result, None)
    charts = {}
    for table in result.tables:
        drawing = chart_drawing(table, CHART_WIDTH)
        if drawing is not None:
            charts[table.id] = chart_image(render_svg(drawing), scale)
    return ScreenReport(key, result, charts)


def months_back(today: date, count: int) -> list[Period]:
    out, y, m = [], today.year, today.month
    for _ in range(count):
        out.append(month(y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out


def quarters_back(today: date, count: int) -> list[Period]:
    from sync.reports.period import parse_period

    out = [parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


class ReportsPage(QWidget):
    shown = Signal(object)  # the ReportResult now on screen
    saved = Signal(str)     # the path of a saved file

    def __init__(self, ctx: AppContext, language: str = "uk", parent: QWidget | None = None,
                 *, today: date | None = None):
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ctx = ctx
        self.lang = language
        self.today = today or date.today()
        self.service = ReportService(ctx.store, today=today)
        font_family()  # the charts' DejaVu Sans, packaged: the labels were measured in it
        self.district: bool | None = None  # known after the first look at the store (on the worker)
        self.result: ReportResult | None = None
        self.pages: dict[tuple, tuple[ReportResult, QWidget]] = {}
        self._wanted: tuple | None = None
        self._busy = False
        self._started = False  # nothing is computed before the page is first shown

        # --- the period and the layout ---
        self.kind = QComboBox(self)
        self.kind.setObjectName("reportPeriodKind")
        self.kind.addItem(self.tr("Місяць"), "month")
        self.kind.addItem(self.tr("Квартал"), "quarter")
        self.kind.addItem(self.tr("Дати"), "dates")
        self.kind.setAccessibleName(self.tr("Вид періоду"))
        self.month = QComboBox(self)
        self.month.setObjectName("reportMonth")
        self.month.setAccessibleName(self.tr("Місяць"))
        for p in months_back(self.today, MONTHS_SHOWN):
            self.month.addItem(p.label(self.lang), p)
        self.month.setCurrentIndex(self.month.findText(last_month(self.today).label(self.lang)))
        self.quarter = QComboBox(self)
        self.quarter.setObjectName("reportQuarter")
        self.quarter.setAccessibleName(self.tr("Квартал"))
        for p in quarters_back(self.today, QUARTERS_SHOWN):
            self.quarter.addItem(p.label(self.lang), p)
        self.quarter.setCurrentIndex(1)  # the last whole quarter
        first = last_month(self.today)
        self.date_from = self._date_edit("reportFrom", self.tr("Від"), first.start)
        self.date_to = self._date_edit("reportTo", self.tr("До"), first.end)
        self.dates_label = QLabel(self.tr("з"), self)
        self.dates_to_label = QLabel(self.tr("по"), self)
        self.show_button = QPushButton(self.tr("Показати"), self)
        self.show_button.setObjectName("reportShow")
        self.show_button.clicked.connect(self.load)
        self.layout_choice = QComboBox(self)
        self.layout_choice.setObjectName("reportLayout")
        self.layout_choice.setAccessibleName(self.tr("Вигляд звіту"))
        self.layout_choice.addItem(self.tr("Звіт району: стовпець на кожен офіс"), "district")
        self.layout_choice.addItem(self.tr("Усі офіси разом"), "office")
        self.layout_choice.hide()

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Період:"), self))
        for w in (self.kind, self.month, self.quarter, self.dates_label, self.date_from, self.dates_to_label,
                  self.date_to, self.show_button, self.layout_choice):
            bar.addWidget(w)
        bar.addStretch(1)
        self.save_buttons = {}
        for fmt, caption in (("xlsx", self.tr("Зберегти XLSX…")), ("csv", self.tr("CSV…")),
                             ("pdf", self.tr("PDF…"))):
            button = QPushButton(caption, self)
            button.setObjectName(f"reportSave_{fmt}")
            button.setToolTip(self.tr("Зберегти звіт у файл %1").replace("%1", fmt.upper()))
            button.clicked.connect(lambda _checked=False, f=fmt: self.choose_file(f))
            button.setEnabled(False)
            bar.addWidget(button)
            self.save_buttons[fmt] = button

        # --- what the report is based on, and where it is going ---
        self.heading = QLabel(self)
        self.heading.setObjectName("panelTitle")
        self.freshness = QLabel(self)
        self.freshness.setObjectName("reportFreshness")
        self.freshness.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QLabel(self)
        self.notes.setObjectName("hint")
        self.notes.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("reportProgress")
        self.progress.setFormat(self.tr("Оновлення даних звіту: %v з %m справ"))
        self.progress.hide()
        self.message = QLabel(self)
        self.message.setObjectName("reportMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.contents = QListWidget(self)
        self.contents.setObjectName("reportContents")
        self.contents.setAccessibleName(self.tr("Таблиці звіту"))
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.currentRowChanged.connect(self._go_to_table)
        self.stack = QStackedWidget(self)
        self.placeholder = QLabel(self.tr("Оберіть період — звіт з’явиться тут."), self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        split = QSplitter(self)
        split.addWidget(self.contents)
        split.addWidget(self.stack)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 980])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.freshness)
        layout.addWidget(self.notes)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.quarter.currentIndexChanged.connect(lambda _i: self.load())
        self.layout_choice.currentIndexChanged.connect(lambda _i: self.load())
        self._kind_changed()
        ctx.changed.connect(lambda _cs: self._data_changed())
        ctx.refreshed.connect(self._data_changed)

    def _date_edit(self, name: str, accessible: str, day: date) -> QDateEdit:
        edit = QDateEdit(QDate(day.year, day.month, day.day), self)
        edit.setObjectName(name)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(accessible)
        return edit

    # --- choosing ----------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.month.setVisible(kind == "month")
        self.quarter.setVisible(kind == "quarter")
        for w in (self.dates_label, self.date_from, self.dates_to_label, self.date_to, self.show_button):
            w.setVisible(kind == "dates")
        if kind != "dates":
            self.load()

    def period(self) -> Period:
        kind = self.kind.currentData()
        if kind == "month":
            return self.month.currentData()
        if kind == "quarter":
            return self.quarter.currentData()
        start, end = self.date_from.date().toPython(), self.date_to.date().toPython()
        return Period(start, end, "dates")

    def select_month(self, period: Period) -> None:
        """Choose a month of the list (and show its report)."""
        self.kind.setCurrentIndex(self.kind.findData("month"))
        index = self.month.findText(period.label(self.lang))
        if index < 0:
            raise ValueError(f"{period.code} is not among the months listed")
        if index == self.month.currentIndex():
            self.load()
        else:
            self.month.setCurrentIndex(index)

    def select_dates(self, start: date, end: date) -> None:
        self.kind.setCurrentIndex(self.kind.findData("dates"))
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))
        self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._started = True
        self.load()  # a period already computed comes back from the cache unless something changed

    def _data_changed(self) -> None:
        """A save or a sync: the next look at a period recomputes it (the service notices the change)."""
        if self.isVisible() and self.result is not None:
            self.load()

    # --- computing ---------------------------------------------------------------------------------
    def load(self) -> None:
        if not self.ctx.is_open or not self._started:
            return
        try:
            period = self.period()
        except PeriodError:
            self._say(self.tr("Дата «по» раніше за дату «з»: виправте період."), error=True)
            return
        if self.district is None:
            self._find_scope(period)
            return
        layout = self.layout_choice.currentData() if self.district else "office"
        key = (period, layout, self.lang)
        self._wanted = key
        if self._busy:
            return  # the running job's answer is checked against _wanted; the newest choice follows it
        self._busy = True
        page = self.pages.get(key)
        shown = page[0] if page else None
        service, lang = self.service, self.lang
        scale = self.logicalDpiX() / 72 * self.devicePixelRatioF()  # pixels a point
        self.message.hide()
        self.progress.hide()
        (self.ctx.query(lambda control: compute_for_screen(service, period, layout, lang, shown, scale, control),
                        parent=self)
         .with_progress(self._progress).success(self._computed).failure(self._failed).run())

    def _find_scope(self, period: Period) -> None:
        service = self.service
        def scope():
            service.refresh()  # the offices held are read off the facts: bring them up to date first
            return service.is_district(), service.offices()

        self.ctx.query(scope, parent=self) \
            .success(self._scope_found).failure(self._failed).run()

    def _scope_found(self, scope) -> None:
        district, offices = scope
        self.district = district
        self.layout_choice.setVisible(district)
        if district:
            self.layout_choice.setToolTip(self.tr("Офіси: %1").replace("%1", ", ".join(n for _, n in offices)))
        self.load()

    def _progress(self, done: int, total: int) -> None:
        if total > 50:  # a handful of changed cases is not worth a bar
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.show()

    def _computed(self, screen: ScreenReport) -> None:
        self._busy = False
        self.progress.hide()
        if screen.charts is not None:
            old = self.pages.pop(screen.key, None)
            if old is not None:
                self.stack.removeWidget(old[1])
                old[1].deleteLater()
            self.pages[screen.key] = (screen.result, self._build(screen.result, screen.charts))
            while len(self.pages) > PAGES_KEPT:  # the page seen longest ago goes
                _, widget = self.pages.pop(next(iter(self.pages)))
                self.stack.removeWidget(widget)
                widget.deleteLater()
        elif screen.key in self.pages:
            self.pages[screen.key] = self.pages.pop(screen.key)  # seen now: the last to go
        else:  # its page was let go meanwhile: draw it again
            self.load()
            return
        if screen.key != self._wanted:
            self.load()  # the choice moved on meanwhile
            return
        result, widget = self.pages[screen.key]
        self.stack.setCurrentWidget(widget)
        self.result = result
        self._describe(result)
        self.contents.blockSignals(True)
        self.contents.clear()
        self.contents.addItems([f"{i}. {t.title}" for i, t in enumerate(result.tables, start=1)])
        self.contents.blockSignals(False)
        self._enable_saving()
        self.shown.emit(result)

    def _failed(self, exc: Exception) -> None:
        # The kind of failure only (a message could quote data); a missing module by its name.
        log.warning("report not made: %s%s", type(exc).__name__,
                    f" ({exc.name})" if isinstance(exc, ImportError) and exc.name else "")
        self._busy = False
        self.progress.hide()
        self._say(self.tr("Звіт не сформовано через внутрішню помилку. Спробуйте ще раз; якщо повторюється, "
                          "повідомте адміністратора."), error=True)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.message.setText(message)
        self.message.setStyleSheet("color: #b3261e;" if error else "")
        self.message.show()

    def _describe(self, result: ReportResult) -> None:
        p = result.period
        self.heading.setText(f"{result.title} — {result.scope}: {p.label(self.lang)} "
                             f"({p.start:%d.%m.%Y} – {p.end:%d.%m.%Y})")
        lines = [self.tr("Сформовано: %1").replace("%1", made_at(result))]
        lines += [f"{label}: {value}" for label, value in result.info]
        notes = []
        if p.end >= self.today >= p.start:
            notes.append(self.tr("Період ще триває: показники «на кінець періоду» — станом на сьогодні."))
        elif p.start > self.today:
            notes.append(self.tr("Період ще не почався."))
        notes.append(self.tr("Зміни інших пристроїв враховано станом на останню синхронізацію (по офісах — "
                             "у таблиці «Синхронізація»)."))
        self.freshness.setText(" · ".join(lines))
        self.notes.setText(" ".join(notes))

    # --- drawing -----------------------------------------------------------------------------------
    def _build(self, result: ReportResult, charts: dict[str, QImage]) -> QWidget:
        area = QScrollArea(self.stack)
        area.setObjectName("reportArea")
        area.setWidgetResizable(True)
        body = QWidget(area)
        column = QVBoxLayout(body)
        column.setSpacing(6)
        sections = []
        for i, table in enumerate(result.tables, start=1):
            title = QLabel(f"{i}. {table.title}", body)
            title.setObjectName("reportTableTitle")
            font = title.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.15)
            title.setFont(font)
            title.setWordWrap(True)
            column.addSpacing(10)
            column.addWidget(title)
            sections.append(title)
            for text in (table.note, omitted_note(table, result.lang)):
                if text:
                    note = QLabel(text, body)
                    note.setObjectName("hint")
                    note.setWordWrap(True)
                    column.addWidget(note)
            column.addWidget(self._table_widget(table, result.lang, body))
            image = charts.get(table.id)
            if image is not None:
                picture = QLabel(body)
                picture.setObjectName(f"reportChart_{table.id}")
                pixmap = QPixmap.fromImage(image)
                pixmap.setDevicePixelRatio(self.devicePixelRatioF())
                picture.setPixmap(pixmap)
                picture.setAccessibleName(self.tr("Діаграма: %1").replace("%1", table.title))
                column.addWidget(picture)
        column.addStretch(1)
        area.setWidget(body)
        area.sections = sections
        self.stack.addWidget(area)
        return area

    def _table_widget(self, table: TableResult, lang: str, parent: QWidget) -> QTableWidget:
        headers, rows = text_grid(table, lang)
        nlab = label_columns(table)
        widget = QTableWidget(len(rows), len(headers), parent)
        widget.setObjectName(f"reportTable_{table.id}")
        widget.setAccessibleName(table.title)
        widget.setHorizontalHeaderLabels(headers)
        widget.verticalHeader().hide()
        widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        widget.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        widget.setWordWrap(True)
        widget.setAlternatingRowColors(True)
        bold = QFont()
        bold.setBold(True)
        grey = QBrush(QColor("#eeeeee"))
        for r, (cells, total) in enumerate(rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if c >= nlab:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if total or (table.row_totals is not None and c == len(cells) - 1):
                    item.setFont(bold)
                if total:
                    item.setBackground(grey)
                widget.setItem(r, c, item)
        header = widget.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for c in range(len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
        widget.resizeColumnsToContents()
        for c in range(nlab):
            widget.setColumnWidth(c, min(max(widget.columnWidth(c), 180), 340))
        for c in range(nlab, len(headers)):
            widget.setColumnWidth(c, min(max(widget.columnWidth(c), 70), 160))
        widget.resizeRowsToContents()
        widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.setFrameShape(QFrame.Shape.StyledPanel)
        frame = 2 * widget.frameWidth()
        width = sum(widget.columnWidth(c) for c in range(len(headers))) + frame
        widget.setMaximumWidth(width)  # no empty band right of a narrow table; a wide one scrolls
        scrollbar = widget.horizontalScrollBar()
        rows_height = header.sizeHint().height() + sum(widget.rowHeight(r) for r in range(len(rows))) + frame
        widget.setFixedHeight(rows_height)
        # Room for the horizontal scroll bar only while the table is wider than the page shows it: a
        # guessed width left a one-row district table hidden under its scroll bar.
        scrollbar.rangeChanged.connect(lambda _low, high: widget.setFixedHeight(
            rows_height + (scrollbar.sizeHint().height() if high > 0 else 0)))
        return widget

    def _go_to_table(self, row: int) -> None:
        area = self.stack.currentWidget()
        sections = getattr(area, "sections", None)
        if sections and 0 <= row < len(sections):
            area.verticalScrollBar().setValue(sections[row].y() - 8)

    # --- saving ------------------------------------------------------------------------------------
    def suggested_name(self, fmt: str) -> str:
        result = self.result
        what = self.tr("Звіт району") if result.layout == "district" else self.tr("Звіт офісу")
        return f"{what} {result.period.code.replace('..', '_')}.{fmt}"

    def choose_file(self, fmt: str) -> None:
        """A save dialog that says what the file holds, then the file is written on the worker."""
        if self.result is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("Зберегти звіт (%1)").replace("%1", fmt.upper()),
                             str(Path(folder) / self.suggested_name(fmt)), FORMATS[fmt])
        dialog.setObjectName("reportSaveDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(fmt)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # to say what the file holds, below
        note = QLabel(self.file_note(), dialog)
        note.setObjectName("reportFileNote")
        note.setWordWrap(True)
        grid = dialog.layout()
        grid.addWidget(note, grid.rowCount(), 0, 1, -1)
        dialog.fileSelected.connect(lambda path, f=fmt: self.save_to(f, Path(path)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def file_note(self) -> str:
        return self.tr("Файл звіту не шифрується. Він містить лише кількості, без імен і даних осіб, яким "
                       "допомагає офіс; таблиці навантаження і прострочених завдань називають фахівців офісу "
                       "(їхні імена користувачів). Збереження буде записано в історію експортів.")

    def save_to(self, fmt: str, path: Path) -> None:
        result, service = self.result, self.service
        if result is None:
            return
        for button in self.save_buttons.values():
            button.setEnabled(False)
        self._say(self.tr("Зберігаю %1…").replace("%1", path.name))
        self.ctx.query(lambda: service.save(result, fmt, path), parent=self) \
            .success(self._saved).failure(self._save_failed).run()

    def _enable_saving(self) -> None:
        for button in self.save_buttons.values():
            button.setEnabled(True)

    def _saved(self, path: Path) -> None:
        self._enable_saving()
        self._say(self.tr("Збережено: %1. Збереження записано в історію експортів.").replace("%1", str(path)))
        self.saved.emit(str(path))

    def _save_failed(self, exc: Exception) -> None:
        self._enable_saving()
        if isinstance(exc, OSError):
            self._say(self.tr("Файл не збережено: %1. Оберіть іншу теку.").replace(
                "%1", exc.strerror or type(exc).__name__), error=True)
        else:
            self._failed(exc)
