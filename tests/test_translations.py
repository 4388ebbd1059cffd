"""The English translation is complete, keeps every placeholder, and is up to date with the code.

After Electrum's i18n check: a translation that drops or renames a placeholder (%1, %n, {name})
shows the wrong number or crashes a format call, so it is refused here, not found by a user.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TS = REPO / "resources" / "translations" / "poruch_en.ts"
PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"</?[a-z]+>")


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name"), m) for ctx in root.iter("context") for m in ctx.iter("message")]


def translations_of(message: ET.Element) -> list[str]:
    tr = message.find("translation")
    if message.get("numerus") == "yes":
        return [f.text or "" for f in tr.iter("numerusform")]
    return [tr.text or ""]


ALL = messages(TS)


def test_the_file_has_messages():
    assert len(ALL) > 300


def test_every_message_is_finished():
    unfinished = [(ctx, m.findtext("source")) for ctx, m in ALL
                  if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
                  or not all(t.strip() for t in translations_of(m))]
    assert unfinished == []


def test_placeholders_and_markup_are_kept():
    wrong = []
    for context, message in ALL:
        source = message.findtext("source")
        for text in translations_of(message):
            same_placeholders = sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source))
            same_tags = sorted(TAG.findall(text)) == sorted(TAG.findall(source))
            # A keyboard mnemonic stays a mnemonic (the letter may change with the language).
            same_mnemonic = ("&" in source.replace("&&", "")) == ("&" in text.replace("&&", ""))
            if not (same_placeholders and same_tags and same_mnemonic):
                wrong.append((context, source, text))
    assert wrong == []


def test_ts_is_up_to_date_with_the_code(tmp_path):
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    tool = str(tool) if tool.exists() else shutil.which("pyside6-lupdate")
    files = subprocess.run(["git", "ls-files", "desktop/ui/*.py"], cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.split()
    copy = tmp_path / "poruch_en.ts"
    shutil.copy(TS, copy)
    subprocess.run([tool, *files, "-ts", str(copy), "-no-obsolete", "-silent"], cwd=REPO, check=True,
                   capture_output=True)

    def sources(path: Path) -> set[tuple[str, str]]:
        return {(ctx, m.findtext("source")) for ctx, m in messages(path)}

    fresh, committed = sources(copy), sources(TS)
    assert sorted(fresh - committed) == [], "strings in the code but not in the .ts: run `make lupdate`"
    assert sorted(committed - fresh) == [], "strings in the .ts no longer in the code: run `make lupdate`"
