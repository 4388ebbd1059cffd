"""A real `poruch-server` process for end-to-end tests, and fresh databases to run it on.

`make_database_url(tmp_path)` gives a fresh SQLite URL, or, when PORUCH_TEST_DATABASE_URL points
at a PostgreSQL server, a freshly created database on it (dropped by the returned cleanup). When
that variable is set and PostgreSQL is unreachable, this raises: the tests fail, they never skip.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import httpx

from tests.support import forked, loopback

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0  # on an idle machine; stretched by the run queue per core (start_timeout)
ENV_DATABASE = "PORUCH_TEST_DATABASE_URL"


class TestDatabase(NamedTuple):
    url: str
    cleanup: Callable[[], None]
    backend: str  # "sqlite" or "postgresql"


def _libpq_url(sqlalchemy_url) -> str:
    return sqlalchemy_url.set(drivername="postgresql").render_as_string(hide_password=False)


def make_database_url(tmp_path: Path, backend: str | None = None) -> TestDatabase:
    """A fresh, empty database. `backend` None: PostgreSQL if PORUCH_TEST_DATABASE_URL is set, else SQLite."""
    from sqlalchemy.engine import make_url

    base = os.environ.get(ENV_DATABASE)
    if backend is None:
        backend = "postgresql" if base else "sqlite"
    if backend == "sqlite":
        path = Path(tmp_path) / f"server-{secrets.token_hex(4)}.sqlite3"
        return TestDatabase(f"sqlite:///{path.as_posix()}", lambda: None, "sqlite")
    if not base:
        raise RuntimeError(f"{ENV_DATABASE} is not set")
    import psycopg

    admin = make_url(base)
    name = f"poruch_t_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq_url(admin), autocommit=True, connect_timeout=10) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def cleanup() -> None:
        with psycopg.connect(_libpq_url(admin), autocommit=True, connect_timeout=10) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return TestDatabase(admin.set(database=name).render_as_string(hide_password=False), cleanup, "postgresql")


def start_timeout(workers: int = 1) -> float:
    """How long a start may take: a start is ~2.5 s of CPU (imports), 45 s of wall at load 29 on 2 cores,
    so a fixed bound fails a healthy server on a crowded machine. A server that never answers still fails."""
    crowding = max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    return START_TIMEOUT_S * crowding * (2 if workers > 1 else 1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """`poruch-server serve` on 127.0.0.1, started for real (python -m sync.server.cli)."""

    def __init__(self, database_url: str, data_dir: Path, *, port: int | None = None,
                 env: dict[str, str] | None = None, workers: int = 1, repo: Path = REPO):
        """`repo`: the source tree the server runs from (benchmarks compare another commit's)."""
        self.repo = Path(repo)
        self.database_url = database_url
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self._fixed_port = port is not None
        self.env = {**os.environ, "PYTHONPATH": str(self.repo), **(env or {})}
        self.workers = workers
        self.proc: subprocess.Popen | None = None
        self.log_path = self.data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _argv(self, *args: str) -> list[str]:
        return ["--data-dir", str(self.data_dir), "--database", self.database_url, *args]

    def _cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "sync.server.cli", *self._argv(*args)]

    def _forks(self) -> bool:
        """Forked from the test worker's forkserver (tests/support/forked.py): one worker process, this tree."""
        return forked.enabled() and self.workers == 1 and self.repo == REPO

    # --- life cycle -------------------------------------------------------------------------------
    def start(self) -> ServerProcess:
        for attempt in range(3):
            serve = ["serve", "--port", str(self.port), "--log-level", "warning", "--workers", str(self.workers)]
            if self._forks():
                self.proc = forked.ForkedProcess(self._argv(*serve), self.env, str(self.repo), str(self.log_path))
            else:
                log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child, closed in stop()
                self.proc = subprocess.Popen(self._cli(*serve),
                                             cwd=self.repo, env=self.env, stdout=log, stderr=subprocess.STDOUT)
                self._log = log
            try:
                # Each worker process imports the application anew: on a loaded machine that takes a while.
                self.wait_healthy(start_timeout(self.workers))
                return self
            except RuntimeError:
                # A free port picked for us may have been taken meanwhile: pick another (first start only).
                if self._fixed_port or attempt == 2 or "address already in use" not in self.log_tail().lower():
                    raise
                self._close()
                self.port = free_port()
            except BaseException:
                # Never healthy in time (or the test was interrupted): the fixture that asked for it will not
                # tear it down, so stop it here rather than leave a server running for the rest of the run.
                self.kill()
                raise
        return self

    def wait_healthy(self, timeout: float | None = None) -> None:
        timeout = start_timeout() if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"poruch-server exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                if loopback.get(f"{self.url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"poruch-server not healthy after {timeout}s:\n{self.log_tail()}")
            time.sleep(0.05)  # polling a condition with a bounded deadline

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._close()

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as in a power cut."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self._close()

    def restart(self, *, hard: bool = False) -> ServerProcess:
        """Stop (or SIGKILL) and start again on the same port: clients keep their URL."""
        self.kill() if hard else self.stop()
        self._fixed_port = True
        return self.start()

    def _close(self) -> None:
        self.proc = None
        log = getattr(self, "_log", None)
        if log is not None:
            log.close()
            self._log = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- administration through the real CLI ---------------------------------------------------
    def run_cli(self, *args: str, password: str | None = None) -> str:
        done = self.cli_result(*args, password=password)
        if done.returncode != 0:
            raise RuntimeError(f"poruch-server {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout

    def cli_result(self, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
        """`poruch-server ARGS` run for real; the caller looks at its exit code and output."""
        env = dict(self.env)
        if password is not None:
            env["PORUCH_PASSWORD"] = password
        if not self._forks():
            return subprocess.run(self._cli(*args), cwd=self.repo, env=env, capture_output=True, text=True,
                                  timeout=120)
        with tempfile.TemporaryDirectory(prefix="poruch-cli-") as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            code = forked.run(self._argv(*args), env, str(self.repo), str(out), str(err), timeout=120)
            return subprocess.CompletedProcess(self._cli(*args), code, _text(out), _text(err))

    def create_office(self, name: str, katottg: str) -> str:
        return self.run_cli("create-office", "--name", name, "--katottg", katottg).strip().splitlines()[-1]

    def create_user(self, username: str, password: str, role: str, office_id: str | None = None, *,
                    district_of_office: str | None = None, display_name: str = "") -> None:
        args = ["create-user", "--username", username, "--role", role]
        if office_id and role in ("caseworker", "supervisor"):
            args += ["--office", office_id]
        elif role == "district":
            args += ["--district-of-office", district_of_office or office_id or ""]
        if display_name:
            args += ["--display-name", display_name]
        self.run_cli(*args, password=password)

    def revoke_device(self, device_id: str) -> None:
        self.run_cli("revoke-device", device_id)


def _text(path: Path) -> str:
    """A command's output as subprocess.run(text=True) would have given it (universal newlines)."""
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def duplicates_checked(engine, timeout: float = 30.0) -> None:
    """Until the server has checked every case its pushes queued for the duplicate check (sync.server.checks_later:
    it runs once the pushes pause; the flags it raises commit with the cases taken off the queue)."""
    from sqlalchemy import func, select

    from sync.server import models as m

    deadline = time.monotonic() + timeout * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    while True:
        with engine.connect() as conn:
            if not conn.execute(select(func.count()).select_from(m.duplicate_queue)).scalar_one():
                return
        if time.monotonic() > deadline:
            raise AssertionError("the server's duplicate check did not take the queued cases in time")
        time.sleep(0.02)  # polling a condition with a bounded deadline
