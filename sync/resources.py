"""Where the packaged resources (reference data, translations, icons) live.

Resolved relative to the source tree, and to PyInstaller's unpack folder when frozen, so that
both the desktop client and the server find the same files without configuration.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def reference_dir() -> Path:
    return resources_dir() / "reference"
