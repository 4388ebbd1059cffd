"""Reference data from the server after a sync: the edition of the hostilities/occupation list in force.

An administrator uploads a new edition in the web console; each laptop fetches it after its next sync
(only when its own installed edition differs), checks its SHA-256 and installs it as
`poruch reference load-hostilities` would. Best effort, like the office directory: a failure is logged and
the laptop keeps the edition it has; it never fails a sync.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from sync.client import errors as e
from sync.client.transport import Transport
from sync.reference.hostilities import INSTALLED_META, install_edition, installed_path

log = logging.getLogger(__name__)


def installed_sha256(data_dir: Path) -> str | None:
    try:
        meta = json.loads(installed_path(data_dir).with_name(INSTALLED_META).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return meta.get("sha256") if isinstance(meta, dict) else None


def refresh_hostilities(transport: Transport, data_dir: Path) -> str | None:
    """Install the server's edition if it is not the one installed here; its name when installed, else None."""
    try:
        edition = transport.call("GET", "/api/v1/reference/hostilities")
        if not isinstance(edition, dict) or edition.get("sha256") == installed_sha256(data_dir):
            return None
        data = transport.raw("GET", f"/api/v1/reference/hostilities/{int(edition['id'])}.csv").content
    except e.RequestRejected:
        return None  # 404: the server has no uploaded edition; the packaged list stays in force
    except (e.SyncError, KeyError, TypeError, ValueError) as exc:
        log.info("hostilities list not refreshed: %s", getattr(exc, "code", type(exc).__name__))
        return None
    if hashlib.sha256(data).hexdigest() != edition["sha256"]:
        log.warning("hostilities list not installed: its bytes do not match the server's SHA-256")
        return None
    folder = installed_path(data_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".download-", suffix=".csv", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        report = install_edition(Path(name), data_dir, edition=str(edition.get("edition") or "")[:300] or None)
    except (OSError, ValueError) as exc:
        log.warning("hostilities list not installed: %s", type(exc).__name__)
        return None
    finally:
        Path(name).unlink(missing_ok=True)
    return report.edition
