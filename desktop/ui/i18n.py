"""Interface language: Ukrainian is the source language of the code, English comes from a .qm file.

Qt's own strings (dialog buttons, wizard buttons, context menus of text fields) come from Qt's
shipped qtbase_<lang>.qm, so a Ukrainian interface has no stray "Cancel" or "Next >".
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from sync.resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = {"uk": "Українська", "en": "English"}  # each named in its own language
LOCALES = {"uk": QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine),
           "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


def translations_dir() -> Path:
    return resources_dir() / "translations"


class Language:
    """The translators installed on the application; `switch()` replaces them."""

    def __init__(self, app: QCoreApplication, qm_dir: Path | None = None):
        self.app = app
        self.qm_dir = Path(qm_dir) if qm_dir else translations_dir()
        self.current = "uk"
        self._installed: list[QTranslator] = []

    def switch(self, lang: str) -> bool:
        """Install `lang`; False if its .qm is missing (the interface then stays Ukrainian)."""
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}")
        for tr in self._installed:
            self.app.removeTranslator(tr)
        self._installed = []
        ok = True
        if lang != "uk":
            ok = self._load(f"poruch_{lang}", self.qm_dir)
            if not ok:
                log.warning("no compiled translation for %s in %s (run `make translations`)", lang, self.qm_dir)
        self._load(f"qtbase_{lang}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))
        self.current = lang if ok else "uk"
        QLocale.setDefault(LOCALES[self.current])
        return ok

    def _load(self, name: str, folder: Path) -> bool:
        tr = QTranslator(self.app)
        if not tr.load(name, str(folder)):
            return False
        self.app.installTranslator(tr)
        self._installed.append(tr)
        return True
