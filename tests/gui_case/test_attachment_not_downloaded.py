"""An attachment whose bytes have not arrived from the server yet says so, and opens once they have."""

from __future__ import annotations

import hashlib
import secrets

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from desktop.services.attachments import StoreBlobs
from desktop.ui.case_view.case_window import CaseWindow
from tests.gui_case.conftest import register

NOT_YET = "Ще не на цьому ноутбуці — завантажиться, коли відкриєте"
TIP = "Цього файлу ще немає на цьому ноутбуці"


def test_a_file_not_yet_downloaded_says_so_instead_of_failing(ctx, qtbot, store, cases, monkeypatch):
    case_id = register(cases)
    content = secrets.token_bytes(3000)  # generated, not a document
    cs = cases.add_attachment(case_id, {"filename": "довідка.pdf", "description": "Довідка ВПО"}, content)
    attachment_id = next(i for i in cs.record_ids if cases.attachment_content(i) is not None)
    # As if the record had been pulled from a colleague's laptop and its bytes were still on the way.
    with store.engine.begin() as conn:
        conn.exec_driver_sql("delete from attachment_blobs where attachment_id = ?", (attachment_id,))

    window = CaseWindow(ctx, case_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.data is not None, timeout=10_000)
    tab = window.attachments_tab
    assert tab.table.item(0, 0).text() == "довідка.pdf"
    assert tab.table.item(0, 1).text() == f"{NOT_YET} · Довідка ВПО"
    assert TIP in tab.table.item(0, 0).toolTip()

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    # A standalone office has no server to fetch it from: said in plain words, nothing opened.
    qtbot.waitUntil(lambda: "не підключено до сервера" in window.message.text(), timeout=10_000)
    assert opened == []

    # The next sync brings the bytes: the open case shows the file as usual and it opens.
    assert StoreBlobs(store).save_blob(hashlib.sha256(content).hexdigest(), content) == 1
    ctx.refreshed.emit()
    qtbot.waitUntil(lambda: tab.table.item(0, 1).text() == "Довідка ВПО", timeout=10_000)
    assert tab.table.item(0, 0).toolTip() == ""
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    with open(opened[0], "rb") as fh:
        assert fh.read() == content
