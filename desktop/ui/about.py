"""Help → About: the application's version and the server this laptop is enrolled to."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.version import APP_VERSION


class AboutDialog(QDialog):
    """What a person asked for support needs to say: which version, which server, which office."""

    def __init__(self, facts: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Про програму"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{escape(self.tr('Поруч'))}</h2>", self)
        self.version = QLabel(self.tr("Версія %1").replace("%1", APP_VERSION), self)
        self.version.setObjectName("aboutVersion")
        self.server = QLabel(self._server_text(facts), self)
        self.server.setObjectName("aboutServer")
        self.server.setWordWrap(True)
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        blurb = QLabel(self.tr(
            "Ведення справ соціальної підтримки внутрішньо переміщених осіб і тих, хто повертається додому. "
            "Працює без інтернету; дані зашифровано на цьому комп'ютері й синхронізуються з сервером, "
            "коли є зв'язок."), self)
        blurb.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        for widget in (title, self.version, self.server, blurb, buttons):
            layout.addWidget(widget)

    def _server_text(self, facts: dict) -> str:
        office = facts.get("office_name") or ""
        if facts.get("mode") == "standalone" or not facts.get("server_url"):
            text = self.tr("Автономний офіс «%1»: цей комп'ютер не підключено до сервера. Його можна підключити "
                           "пізніше, і справи офісу збережуться.").replace("%1", office)
            return escape(text)
        lines = [self.tr("Сервер: %1").replace("%1", facts["server_url"]),
                 self.tr("Офіс: %1").replace("%1", office),
                 self.tr("Пристрій: %1").replace("%1", facts.get("device_name") or "—")]
        last = facts.get("last_sync")
        lines.append(self.tr("Остання синхронізація: %1").replace(
            "%1", last[:16].replace("T", " ") if last else self.tr("ще не було")))
        return "<br>".join(escape(line) for line in lines)


def about_facts(store) -> dict:
    """The meta entries the About window shows (a handful of tiny reads)."""
    return {key: store.get_meta(key) for key in ("mode", "server_url", "office_name", "device_name", "last_sync")}
