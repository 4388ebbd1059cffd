"""The window runs without PySide's `__feature__` import layer (desktop/ui/__init__.py says why)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import builtins, json, sys
import PySide6.QtCore
layer = builtins.__import__
installed = layer is getattr(builtins, "__feature_import__", None)
import desktop.ui.app  # the window's entry point, as poruch-gui loads it
from PySide6.QtWidgets import QLabel  # Qt's lazily loaded types still come through the import left in place

def late():
    from desktop.services import importer  # an import inside a function, as in the dry run's checks
    return importer.__name__

print(json.dumps({"installed": installed, "now_layer": builtins.__import__ is layer,
                  "now_wrapped": builtins.__import__ is getattr(builtins, "__orig_import__", None),
                  "label": QLabel.__name__, "late": late()}))
"""


def _probe() -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_loading_the_window_takes_the_feature_layer_out_and_keeps_qt_importable():
    seen = _probe()
    # This PySide6 installs the layer: if a later one stops doing so, desktop/ui/__init__.py has nothing
    # left to do and can go.
    assert seen["installed"] is True
    assert seen["now_layer"] is False
    assert seen["now_wrapped"] is True
    assert seen["label"] == "QLabel"
    assert seen["late"] == "desktop.services.importer"


def test_no_module_of_poruch_selects_a_pyside_feature():
    # snake_case or true_property would need the layer that the window takes out.
    selecting = re.compile(r"^\s*(from\s+__feature__\s+import|import\s+__feature__)", re.MULTILINE)
    users = [str(path.relative_to(ROOT)) for folder in ("desktop", "sync", "scripts", "benchmarks", "tests")
             for path in (ROOT / folder).rglob("*.py") if selecting.search(path.read_text(encoding="utf-8"))]
    assert users == []


def test_dropping_the_layer_twice_changes_nothing():
    from desktop.ui import drop_feature_import_layer

    assert drop_feature_import_layer() is False  # gone since desktop.ui was first imported
