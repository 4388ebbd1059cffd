"""Fixtures shared by every test area: a fresh encrypted store per test, with synthetic data only.

The suite runs in parallel (`make test`: pytest-xdist, several worker processes, each running whole
test files). Every test must pass alone, in any order, next to any other test. The rules:

1. Files: write only under `tmp_path` / `tmp_path_factory` (per test / per worker). Each worker also
   gets its own TMPDIR (set below), so `tempfile`, the attachment viewer's private folder and every
   child process stay inside the worker's folder; never a fixed path, the repository or the home folder.
2. Ports: never a fixed one. Servers take a free port (`tests/support/server_process.py`,
   `free_port()`), and retry when another worker took it first.
3. Databases: `make_database_url()` per server: a new SQLite file, or a new PostgreSQL database
   (random name) when PORUCH_TEST_DATABASE_URL is set. Never a shared, named database.
4. Environment: change it with `monkeypatch.setenv/delenv` (undone after the test), or pass `env=` to
   a child process. XDG_DATA_HOME/XDG_CONFIG_HOME point into the worker's folder, so a default data
   folder (platformdirs: ~/.local/share/Poruch) is never the real one.
5. Qt: one QApplication per worker, shared by its tests; leave it as found: language back to Ukrainian,
   no window left open, background jobs joined (`runner.wait_idle`) before the store closes.
6. Module- and session-scoped fixtures exist once per worker (a worker runs a whole file, so a module's
   server starts once); they must not depend on another file having run. Names you create on a shared
   server are unique (tests/sync/conftest.py `World.office`).
7. No sleeps to wait for something: wait on a signal (`qtbot.waitSignal`) or poll a condition with a
   deadline. Argon2id is slow on purpose: hash a password once per module, not per test. The suite's
   own processes derive key slots at a test cost (TEST_KDF below; a slot keeps the cost it was made
   with, so `poruch` child processes unlock such stores cheaply too), and test users on servers get
   cheap hashes (tests/support/passwords.py). A test about the real cost asks for `product_kdf`;
   tests/store/test_keyslots.py checks that the product itself keeps its cost.
8. Long tests are marked `slow` (a minute or more) or `bundle` (builds the packaged application):
   their files start first, then the others longest first (tests/file_seconds.json, measured), so
   that long files run beside the rest instead of finishing the run alone.
9. Servers: `ServerProcess` (tests/support/server_process.py) starts `poruch-server serve` and runs its
   commands in processes forked from a forkserver that imported the server once per worker
   (tests/support/forked.py): real processes, started without importing everything again. Several
   worker processes (`workers=2`) and another tree (`repo=`) still start with `python -m`, and so does
   everything with PORUCH_TEST_EXEC_SERVERS=1.
"""

from __future__ import annotations

import os
import tempfile

import pytest

from tests.support.file_order import order_by_length, register_recorder

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_PASSWORD = "тестовий-пароль-1"
# Argon2id at its smallest: the suite creates and unlocks over a thousand stores, each at the product's
# cost about 0.25 s of CPU (tests/store: 46.5 -> 21 s of CPU with this). Applied in pytest_configure.
TEST_KDF = {"iterations": 1, "lanes": 1, "memory_cost": 8}


def pytest_configure(config):
    from desktop.store import keyslots

    config.product_kdf = dict(keyslots.DEFAULT_KDF)
    keyslots.DEFAULT_KDF = dict(TEST_KDF)
    register_recorder(config)
    # Servers and `poruch-server` commands forked from a process that imported them once (a quarter of
    # the suite's CPU was their imports). PORUCH_TEST_EXEC_SERVERS=1 starts each with `python -m` instead.
    if os.environ.get("PORUCH_TEST_EXEC_SERVERS") != "1":
        from tests.support import forked

        forked.enable()


def pytest_collection_modifyitems(config, items):
    """Rule 8: the bundle's file first, then the longest files (tests/support/file_order.py; run with
    --no-loadscope-reorder, xdist hands out whole files in this order)."""
    order_by_length(items)


def pytest_terminal_summary(terminalreporter):
    """Figures that tests recorded with record_property("bundle", ...): the build time and size."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == "bundle" and value:
                terminalreporter.write_line(f"bundle: built in {value.get('build_s')} s, "
                                            f"{value.get('size_mb')} MB")
                return


@pytest.fixture(scope="session", autouse=True)
def worker_private_folders(tmp_path_factory):
    """TMPDIR and the XDG data/config folders of this worker (rules 1 and 4)."""
    root = tmp_path_factory.mktemp("worker")
    folders = {name: root / name for name in ("tmp", "xdg-data", "xdg-config")}
    for folder in folders.values():
        folder.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TMPDIR", str(folders["tmp"]))
        mp.setattr(tempfile, "tempdir", str(folders["tmp"]))
        mp.setenv("XDG_DATA_HOME", str(folders["xdg-data"]))
        mp.setenv("XDG_CONFIG_HOME", str(folders["xdg-config"]))
        yield root


@pytest.fixture
def product_kdf(request, monkeypatch):
    """Key slots made and checked at the product's Argon2id cost (request it before `store`)."""
    from desktop.store import keyslots

    monkeypatch.setattr(keyslots, "DEFAULT_KDF", dict(request.config.product_kdf))
    return keyslots.DEFAULT_KDF


@pytest.fixture
def store(tmp_path):
    from desktop.store.store import create_store

    s = create_store(tmp_path / "data", "olena", TEST_PASSWORD, display_name="Олена Тестова",
                     office_name="Тестовий офіс")
    yield s
    s.close()


@pytest.fixture
def cases(store):
    from desktop.services.cases import CaseService

    return CaseService(store)
