"""A mouse wheel turned over a form scrolls the form: it does not change a drop-down, date or number
field that the person has not clicked into.

Qt gives such a field the focus on a wheel turn and changes its value (QComboBox and
QAbstractSpinBox take Qt.WheelFocus): scrolling down the registration form with the pointer over
«Документ» silently chose «Інший документ» (seen in the demo under Xvfb, 05.12.2026). One
application-wide filter: each such field is polished with StrongFocus instead (a click or Tab still
focuses it), and a wheel turn that reaches it without the focus is passed on, not accepted, so Qt
offers it to the form's scroll area behind it. Once clicked into, the wheel changes the value as
usual.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

_GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Install on the QApplication (make_app does) before any field is made."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            if isinstance(watched, _GUARDED) and not watched.hasFocus():
                event.ignore()  # not accepted: Qt goes on to the parent widget
                return True
        elif (kind == QEvent.Type.Polish and isinstance(watched, _GUARDED)
              and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False
