"""Per-installation preferences in the data folder: plain JSON, written atomically, no personal data.

Not QSettings: the registry / ~/.config would scatter files outside the data folder, and the
emergency wipe must be able to remove everything Poruch keeps by deleting one folder.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from sync.atomic import write_atomic

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LANGUAGES = ("uk", "en")


@dataclass
class Settings:
    language: str = "uk"
    autolock_minutes: float = 10.0
    sync_interval_s: int = 60
    office_name: str = ""  # shown on the unlock screen before the database is open

    def validated(self) -> Settings:
        """Fall back to defaults for values a hand-edited file got wrong, instead of refusing to start."""
        default = Settings()
        if self.language not in LANGUAGES:
            self.language = default.language
        if not isinstance(self.autolock_minutes, int | float) or not 0 < self.autolock_minutes <= 240:
            self.autolock_minutes = default.autolock_minutes
        if not isinstance(self.sync_interval_s, int) or not 10 <= self.sync_interval_s <= 3600:
            self.sync_interval_s = default.sync_interval_s
        if not isinstance(self.office_name, str):
            self.office_name = default.office_name
        return self


def load_settings(data_dir: Path) -> Settings:
    path = Path(data_dir) / SETTINGS_FILE
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError):
        log.warning("settings file unreadable; using defaults")
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known}).validated() if isinstance(raw, dict) \
        else Settings()


def save_settings(data_dir: Path, settings: Settings) -> None:
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    write_atomic(data_dir / SETTINGS_FILE, json.dumps(asdict(settings.validated()), indent=1).encode())
