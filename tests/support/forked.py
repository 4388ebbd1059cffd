"""`poruch-server` processes forked from one that has imported it already (tests only).

The suite starts the server ~150 times and runs its command line ~100 times. Each of those processes
spent most of its CPU importing the application (FastAPI building the models of every route, SQLAlchemy,
pydantic: ~1.5 s, 61 % of the servers' samples and 78 % of the commands', a quarter of the whole
suite's CPU; py-spy, 05.12.2026). A forkserver (multiprocessing's) imports `sync.server.cli` and the
application once per test worker; each server or command is then forked from it. What a test meets is
still a process of its own: its own pid and sockets, SIGTERM and SIGKILL as before, the same `main(argv)`
with the environment, working folder and output the test gave it. Only the interpreter's start and the
imports are shared.

Benchmarks and `repo=` another tree keep starting `python -m sync.server.cli` (ServerProcess);
tests/support/server_process.py uses this only when tests/conftest.py has switched it on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys

PRELOAD = ["sync.server.cli", "sync.server.app", "sync.server.migrations"]

_context = None


def enable() -> None:
    """Use forked processes from now on, in this process (a test worker); the forkserver starts lazily."""
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _context = ctx


def enabled() -> bool:
    return _context is not None


def _run_cli(argv: list[str], env: dict[str, str], cwd: str, out: str, err: str) -> None:
    """In the forked process: become `python -m sync.server.cli ARGV` as subprocess would have started it."""
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.dup2(target, fd)
        os.close(target)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    # What the forkserver's own start left for signals (SIGINT ignored) is not what a new process has.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.argv = ["poruch-server", *argv]
    from sync.server.cli import main

    try:
        code = main(argv)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


class ForkedProcess:
    """The part of subprocess.Popen's interface ServerProcess uses, for a forked process."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: str, out: str, err: str | None = None):
        assert _context is not None, "forked.enable() first"
        # Daemonic: one a test left running is stopped when the test worker ends (multiprocessing joins the
        # others at exit, which would wait for it forever).
        self._process = _context.Process(target=_run_cli, args=(argv, env, cwd, out, err or out), daemon=True)
        self._process.start()
        self.pid = self._process.pid
        self.args = argv

    @property
    def returncode(self) -> int | None:
        return self._process.exitcode

    def poll(self) -> int | None:
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self._process.join(timeout)
        if self._process.exitcode is None:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return self._process.exitcode

    def send_signal(self, sig: int) -> None:
        if self._process.exitcode is None:
            os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def run(argv: list[str], env: dict[str, str], cwd: str, out: str, err: str, timeout: float) -> int:
    """Run a `poruch-server` command to its end; its output goes to the files `out` and `err`."""
    process = ForkedProcess(argv, env, cwd, out, err)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
