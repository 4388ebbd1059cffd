"""Small pieces several screens share: a centred card, an error line, the application style."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

ERROR_COLOUR = "#b3261e"
ACCENT = "#1f5fa8"

# Kept small on purpose: the platform style does the rest, so Windows and Linux laptops both look
# native. Sizes in pt scale with the screen's DPI.
APP_STYLE = f"""
QLabel#appTitle {{ font-size: 22pt; font-weight: 600; color: {ACCENT}; }}
QLabel#subtitle {{ font-size: 11pt; color: #444; }}
QLabel#panelTitle {{ font-size: 11pt; font-weight: 600; }}
QLabel#hint {{ color: #444; }}
QLabel#error {{ color: {ERROR_COLOUR}; font-weight: 600; }}
QFrame#card {{ background: palette(base); border: 1px solid #c9ced6; border-radius: 8px; }}
QFrame#card QLabel {{ background: transparent; }}
QWidget#unlockScreen, QWidget#firstRun {{ background: #eef1f5; }}
QLabel#caseCount {{ color: #444; padding: 0 6px; }}
QTableView#caseTable {{ gridline-color: #e3e6ea; }}
QPushButton#syncButton {{ padding: 2px 10px; }}
QToolButton#conflictsButton[active="true"] {{ color: {ERROR_COLOUR}; font-weight: 600; }}
"""


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def card_layout(screen: QWidget, card: QFrame, width: int = 440) -> None:
    """Put `card` in the middle of `screen`, at a readable width, whatever the window size."""
    card.setMinimumWidth(width)
    card.setMaximumWidth(width + 120)
    grid = QGridLayout(screen)
    grid.addWidget(card, 1, 1)
    grid.setRowStretch(0, 1)
    grid.setRowStretch(2, 2)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(2, 1)
