"""The `poruch` sync commands as separate processes against a real server."""

from __future__ import annotations

import json
import time

import pytest

from desktop import cli
from desktop.services.cases import CaseService
from desktop.services.synthetic import generate_registrations
from desktop.store.store import unlock_store
from sync.client import transport as transport_module
from sync.server import admin_ops
from sync.server.db import write_transaction
from tests.support.server_process import free_port
from tests.sync.conftest import PASSWORD, poruch_process, start_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The command line does not depend on the server's database: SQLite only."""
    w, finish = start_world(tmp_path_factory.mktemp("sync-cli"), "sqlite")
    yield w
    finish()


def enroll(world, username, data_dir):
    done = poruch_process(data_dir, "enroll", "--server", world.url, "--device-name", f"ноутбук {username}",
                  username=username)
    assert done.returncode == 0, done.stderr
    return done


def add_cases(data_dir, username, n, seed=1):
    store = unlock_store(data_dir, username, PASSWORD)
    try:
        CaseService(store).register_many(generate_registrations(n, seed=seed))
        return store.device_id
    finally:
        store.close()


def status(data_dir) -> dict:
    done = poruch_process(data_dir, "status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_enroll_sync_status_and_a_second_laptop_gets_everything(world, tmp_path):
    _, (u1, u2) = world.office("oksana", "petro")
    d1, d2 = tmp_path / "one", tmp_path / "two"
    assert "зареєстровано" in enroll(world, u1, d1).stdout
    add_cases(d1, u1, 12)

    done = poruch_process(d1, "sync")
    assert done.returncode == 0, done.stderr
    assert "Синхронізовано" in done.stdout
    st = status(d1)
    assert st["pending_changes"] == 0 and st["conflicts"] == 0 and st["last_error"] is None
    assert st["last_sync"] and st["cursor"] > 0 and st["server_url"] == world.url
    assert st["rejected_changes"] == 0

    enroll(world, u2, d2)  # downloads the office's scope
    exports = [poruch_process(d, "export", "--format", "jsonl").stdout for d in (d1, d2)]
    assert exports[0] == exports[1] and len(exports[0].splitlines()) == 12

    human = poruch_process(d1, "status")
    assert "Очікують надсилання: 0" in human.stdout


# Libraries a `poruch sync` with nothing to do has no use for; each was once loaded at its start-up
# (issue 16: the whole command within 0.8 s). Listed by top-level package.
NOT_FOR_A_NOOP_SYNC = ("rapidfuzz", "stdnum", "uklatn", "phonenumbers", "platformdirs", "alembic",
                       "openpyxl", "python_calamine", "reportlab", "faker", "numpy", "PySide6")


def test_a_sync_with_nothing_to_do_loads_no_library_it_does_not_use(world, tmp_path):
    _, (u1,) = world.office("iryna")
    data_dir = tmp_path / "noop"
    enroll(world, u1, data_dir)
    assert poruch_process(data_dir, "sync").returncode == 0  # whatever a first sync does once is done
    # -X importtime through the environment: every module the whole command imports, lazily or not.
    done = poruch_process(data_dir, "sync", extra_env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "надіслано змін: 0; отримано записів: 0" in done.stdout
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "desktop.services.sync_cycle" in imported and "sqlalchemy" in imported  # the log is the command's
    loaded = sorted(m for m in imported if m.split(".")[0] in NOT_FOR_A_NOOP_SYNC)
    assert loaded == []


def test_a_revoked_laptop_is_refused_and_wiped(world, tmp_path):
    _, (u1,) = world.office("roman")
    data_dir = tmp_path / "lost"
    enroll(world, u1, data_dir)
    device_id = add_cases(data_dir, u1, 2)
    with write_transaction(world.db) as conn:
        assert admin_ops.revoke_device(conn, device_id)
    done = poruch_process(data_dir, "sync")
    assert done.returncode == 5
    assert "відкликано" in done.stderr and "знищено" in done.stderr
    assert not (data_dir / "keyslots.json").exists()
    assert not list(data_dir.glob("poruch.db*"))


def test_offline_sync_exits_3_with_plain_words_and_keeps_changes(world, tmp_path):
    _, (u1,) = world.office("sofia")
    data_dir = tmp_path / "offline"
    enroll(world, u1, data_dir)
    add_cases(data_dir, u1, 1)
    store = unlock_store(data_dir, u1, PASSWORD)
    store.set_meta("server_url", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    store.close()
    started = time.monotonic()
    done = poruch_process(data_dir, "sync", "--retry-delay", "2")
    sync_s = time.monotonic() - started
    assert done.returncode == 3
    assert done.stderr.startswith("Сервер недоступний")
    started = time.monotonic()
    st = status(data_dir)
    status_s = time.monotonic() - started  # the same start-up and store opening, without the network
    # Told quickly, not after a minute of retries: the first contact waits one retry delay (1-3 s here),
    # the full schedule at least 35 s. Compared with `status` so that a busy machine's slow start-up
    # (20 s at load 15) does not count.
    assert sync_s < status_s + 25, (sync_s, status_s)
    assert st["pending_changes"] > 0 and st["last_error"].startswith("Сервер недоступний")


def test_plain_http_to_another_machine_is_refused(tmp_path):
    data_dir = tmp_path / "insecure"
    done = poruch_process(data_dir, "enroll", "--server", "http://10.255.255.1:8765", username="someone")
    assert done.returncode == 2
    assert "https://" in done.stderr
    assert not data_dir.exists() or not any(data_dir.iterdir())


def test_an_unsupported_protocol_asks_to_update_the_application(world, tmp_path, monkeypatch, capsys):
    _, (u1,) = world.office("taras")
    data_dir = tmp_path / "old"
    enroll(world, u1, data_dir)
    monkeypatch.setattr(transport_module, "PROTOCOL_VERSION", 99)
    monkeypatch.setenv("PORUCH_PASSWORD", PASSWORD)
    code = cli.main(["--data-dir", str(data_dir), "sync"])
    assert code == 6
    assert "Оновіть програму" in capsys.readouterr().err


def test_changes_outside_the_scope_are_rejected_kept_aside_and_reported(world, tmp_path):
    other_office, _ = world.office("zenon")
    _, (u1,) = world.office("larysa")
    data_dir = tmp_path / "rejects"
    enroll(world, u1, data_dir)
    store = unlock_store(data_dir, u1, PASSWORD)
    reg = generate_registrations(1, seed=3, office_id=other_office)[0]
    CaseService(store).register(reg)
    store.close()
    done = poruch_process(data_dir, "sync")
    assert done.returncode == 7, done.stderr
    assert "відхилив" in done.stderr
    st = status(data_dir)
    assert st["pending_changes"] == 0 and st["rejected_changes"] > 0


@pytest.mark.parametrize("args", [["sync"], ["status"]])
def test_commands_on_a_folder_without_a_store_say_so(tmp_path, args):
    done = poruch_process(tmp_path / "nothing", *args)
    assert done.returncode == 2 and "немає" in done.stderr and "Traceback" not in done.stderr
