"""`make run` as a newcomer meets it: `python -m desktop.demo` for real, in a temporary folder.

The demo sets up a real server process, enrols a real encrypted client store and pushes synthetic
cases; the GUI part runs offscreen. A crash of the demo (SIGKILL) must not leave its server behind.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support import loopback

REPO = Path(__file__).resolve().parents[1]
CASES = 12


def demo(folder: Path, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "desktop.demo", "--folder", str(folder), "--cases", str(CASES),
                             *args], cwd=REPO, env=env or os.environ.copy(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", **kw)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "demo"
    out, err = demo(folder, "--setup-only").communicate(timeout=240)
    assert "Traceback" not in err, err
    password = re.search(r"Пароль:\s+(\S+)", out)
    assert "Користувач:  olena.demo" in out and password, out
    assert password.group(1) in (folder / "DEMO.txt").read_text("utf-8")
    return folder


def test_setup_makes_an_enrolled_store_with_synthetic_cases_and_a_conflict(demo_folder):
    from desktop.services import case_list as q
    from desktop.services.conflicts import open_conflicts
    from desktop.store.store import unlock_store

    facts = json.loads((demo_folder / "demo.json").read_text("utf-8"))
    store = unlock_store(demo_folder / "client", facts["user"], facts["password"])
    try:
        with store.engine.connect() as conn:
            assert q.pending_changes(conn) == 0  # everything reached the server
            assert len(open_conflicts(conn)) == 1
        assert store.get_meta("mode") == "enrolled" and store.get_meta("last_sync")
        assert store.get_meta("directory")["people"]  # colleagues' names came with the sync
        # A newcomer can try a transfer: the raion's other office is offered without searching.
        from desktop.services.transfers import TransferService
        assert [o.name for o in TransferService(store).targets()] == ["ЦНСП Ірпінської міської ради"]
    finally:
        store.close()
    # Running again reuses the demo and prints the same credentials.
    out, _ = demo(demo_folder, "--setup-only").communicate(timeout=120)
    assert "Використовую наявну демонстрацію" in out and facts["password"] in out


def test_without_a_display_it_says_what_to_do(demo_folder):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = demo(demo_folder, env=env)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and "xvfb-run make run" in err and "Traceback" not in err


def test_a_killed_demo_takes_its_server_with_it(demo_folder):
    facts = json.loads((demo_folder / "demo.json").read_text("utf-8"))
    proc = demo(demo_folder, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    url = f"http://127.0.0.1:{facts['port']}/health"
    try:
        _wait_until(lambda: _answers(url), "the demo's server to answer")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    _wait_until(lambda: not _answers(url), "the server to stop after its parent died")


def _answers(url: str) -> bool:
    try:
        return loopback.get(url, timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


def _wait_until(condition, what: str, timeout_s: float = 90.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)  # polling another process: there is no signal to wait on


def test_the_console_users_log_in_with_the_printed_password(demo_folder):
    from sqlalchemy import create_engine, select

    from sync.server import models as m
    from sync.server.security import verify_password

    facts = json.loads((demo_folder / "demo.json").read_text("utf-8"))
    assert "/console" in (demo_folder / "DEMO.txt").read_text("utf-8")
    engine = create_engine(f"sqlite:///{demo_folder / 'server' / 'poruch-server.sqlite3'}")
    try:
        with engine.connect() as conn:
            users = {r.username: r for r in conn.execute(select(m.users))}
    finally:
        engine.dispose()
    assert users["admin.demo"].role == "administrator" and users["raion.demo"].role == "district"
    assert users["analyst.demo"].role == "analyst"
    assert verify_password(users["admin.demo"].password_hash, facts["admin_password"])
