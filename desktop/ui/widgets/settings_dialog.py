"""Preferences of this installation: interface language and the auto-lock time."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox

from desktop.ui.i18n import LANGUAGES
from desktop.ui.settings import Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Налаштування"))
        self.language = QComboBox(self)
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.autolock = QSpinBox(self)
        self.autolock.setRange(1, 240)
        self.autolock.setSuffix(self.tr(" хв"))
        self.autolock.setValue(max(1, round(settings.autolock_minutes)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Мова інтерфейсу"), self.language)
        form.addRow(self.tr("&Блокувати після бездіяльності"), self.autolock)
        form.addRow(buttons)

    def result_settings(self) -> Settings:
        return replace(self.settings, language=self.language.currentData(), autolock_minutes=self.autolock.value())
