"""Where the local store lives when nobody says otherwise.

One place decides it, so the desktop app, the command line and the demo all open the same folder:
`--data-dir` wins, then the PORUCH_DATA_DIR environment variable, then the per-user data folder
of the platform (e.g. ~/.local/share/Poruch, %LOCALAPPDATA%\\Poruch\\Poruch).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Poruch"
ENV_DATA_DIR = "PORUCH_DATA_DIR"


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir  # here, not at the top: a command given --data-dir never needs it

    return Path(user_data_dir(APP_NAME, APP_NAME))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The explicit folder if given, else the default one."""
    if explicit:
        return Path(explicit).expanduser()
    return default_data_dir()
