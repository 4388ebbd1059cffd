"""The referral letter as a one-page A4 PDF (desktop.services.referrals says what it holds), drawn with Qt's
own PDF writer: DejaVu Sans from resources/fonts is embedded, so every Cyrillic letter reads the same in any
viewer. (The reports' PDFs are ReportLab's, sync.reports.output.pdf: they need no Qt, for the server.)"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from desktop.services import referrals as r
from sync.resources import resources_dir

FAMILY = "DejaVu Sans"


@cache
def _font_family() -> str:
    """Load the packaged fonts once; the family name Qt knows them by."""
    family = FAMILY
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / "fonts" / name))
        if font_id < 0:
            raise RuntimeError(f"font {name} could not be loaded")
        family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family


def _html(letter: r.ReferralLetter) -> str:
    e = html.escape
    rows = "".join(f"<tr><td class='l'>{e(label)}</td><td>{e(value).replace(chr(10), '<br>')}</td></tr>"
                   for label, value in r.letter_rows(letter))
    choices = "<br>".join(e(c) for c in r.LETTER_ANSWER_CHOICES)
    lines = "<br>".join(e(x) for x in r.LETTER_ANSWER_LINES)
    return f"""
<style>
 h1 {{ font-size: 17pt; margin: 0; }} .n {{ font-size: 11pt; color: #444; }}
 td {{ padding: 3px 6px 3px 0; vertical-align: top; font-size: 10.5pt; }} td.l {{ color: #555; width: 150px; }}
 p {{ font-size: 10.5pt; }} .small {{ font-size: 8pt; color: #666; }}
</style>
<h1>{e(r.LETTER_TITLE)}</h1>
<div class='n'>{e(r.LETTER_NUMBER.format(reference=letter.reference, issued_on=letter.issued_on))}</div>
<br>
<table cellspacing='0'>{rows}</table>
<p>{e(r.LETTER_REQUEST)}</p>
<p>{e(r.LETTER_SIGNED.format(caseworker=letter.caseworker))}<br><br>{e(r.LETTER_SIGNATURE)}</p>
<p>- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -</p>
<p><b>{e(r.LETTER_ANSWER_TITLE.format(reference=letter.reference))}</b><br>{choices}<br>
______________________________________________________________________<br><br>{lines}</p>
<p class='small'>{e(r.LETTER_FOOTER)}</p>
"""


def write_letter_pdf(letter: r.ReferralLetter, path: Path) -> int:
    """Write the letter to `path` (A4, one page); the number of pages drawn (1)."""
    family = _font_family()
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(20, 18, 20, 18), QPageLayout.Unit.Millimeter))
    writer.setResolution(300)
    writer.setTitle(f"{r.LETTER_TITLE} {letter.reference}")
    writer.setCreator("Poruch")
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)  # points measured at the PDF's resolution, not the screen's
    doc.setDefaultFont(QFont(family, 10))
    doc.setHtml(_html(letter))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    painter = QPainter()
    if not painter.begin(writer):  # the folder cannot be written to
        raise OSError(f"cannot write {path.name}")
    try:
        doc.drawContents(painter)
    finally:
        painter.end()
    return doc.pageCount()
