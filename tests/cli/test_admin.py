"""`poruch init`, unlocking, `users`, `check`, `reference`, and the real console script."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from desktop.cli import main
from desktop.store import tables as t
from desktop.store.database import writing
from desktop.store.keyslots import KeySlots
from desktop.store.store import unlock_store
from sync.resources import reference_dir
from tests.cli.conftest import PASSWORD, synthetic_rows, write_csv


def test_init_refuses_an_existing_store_and_short_passwords(poruch, env, tmp_path):
    code, _, err = poruch("init", "--username", "other")
    assert code == 1 and "вже є база" in err
    env.setenv("PORUCH_PASSWORD", "short")
    code, _, err = poruch.__class__(tmp_path / "new", poruch.capsys)("init", "--username", "a")
    assert code == 2 and "щонайменше 10" in err  # the one rule of the window and the CLI


def test_default_data_dir_from_environment(env, tmp_path, capsys):
    env.setenv("PORUCH_DATA_DIR", str(tmp_path / "from-env"))
    assert main(["init", "--username", "olena"]) == 0
    assert (tmp_path / "from-env" / "poruch.db").exists()
    from desktop.services.paths import default_data_dir

    assert default_data_dir() == tmp_path / "from-env"
    env.delenv("PORUCH_DATA_DIR")
    assert default_data_dir().name == "Poruch"


def test_wrong_password_and_throttling(poruch, env):
    env.setenv("PORUCH_PASSWORD", "не той пароль")
    code, out, err = poruch("export")
    assert code == 2 and out == ""
    assert "Неправильне ім'я користувача або пароль" in err and "Wrong user name or password" in err
    for _ in range(3):
        poruch("export")
    code, _, err = poruch("export")
    assert code == 2 and "Спробуйте через" in err  # slowed down after repeated failures
    code, _, err = poruch("--username", "nobody", "check")
    assert code == 2


def test_users_add_passwd_remove_list(poruch, env):
    env.setenv("PORUCH_NEW_PASSWORD", "пароль-петра-1")
    code, out, err = poruch("users", "add", "petro", "--display-name", "Петро Тестовий")
    assert code == 0, err
    assert "Додано користувача «petro» (фахівець)" in out
    unlock_store(poruch.data_dir, "petro", "пароль-петра-1").close()

    # Two users now: commands must be told which one is unlocking.
    code, _, err = poruch("export")
    assert code == 2 and "--username" in err
    env.setenv("PORUCH_USER", "olena")
    assert poruch("export")[0] == 0

    # A caseworker cannot manage users.
    env.setenv("PORUCH_PASSWORD", "пароль-петра-1")
    code, _, err = poruch("users", "--username", "petro", "add", "ivan")
    assert code == 2 and "керівник або адміністратор" in err

    # petro changes his own password: old from PORUCH_PASSWORD, new from PORUCH_NEW_PASSWORD.
    env.setenv("PORUCH_NEW_PASSWORD", "новий-пароль-петра")
    code, out, _ = poruch("users", "passwd", "petro")
    assert code == 0 and "змінено" in out
    unlock_store(poruch.data_dir, "petro", "новий-пароль-петра").close()
    code, _, err = poruch("users", "passwd", "petro")  # the old password no longer works
    assert code == 2 and "Неправильне" in err

    # A supervisor resets a forgotten password without knowing it.
    env.setenv("PORUCH_PASSWORD", PASSWORD)
    env.setenv("PORUCH_NEW_PASSWORD", "скинутий-пароль")
    assert poruch("users", "passwd", "petro", "--reset")[0] == 0
    unlock_store(poruch.data_dir, "petro", "скинутий-пароль").close()

    code, out, _ = poruch("users", "list")
    assert code == 0 and "olena\tОлена Тестова\tкерівник" in out and "petro\tПетро Тестовий\tфахівець" in out
    assert poruch("users", "remove", "petro")[0] == 0
    assert [u.username for u in KeySlots(poruch.data_dir).users()] == ["olena"]
    code, _, err = poruch("users", "remove", "olena")
    assert code == 1 and "останнього" in err


def test_check_passes_on_a_good_store(poruch, tmp_path):
    assert poruch("import", write_csv(tmp_path / "a.csv", synthetic_rows(20)))[0] == 0
    code, out, _ = poruch("check")
    assert code == 0, out
    assert "olena (supervisor)" in out and "Справ / cases: 20" in out and "pending changes: 80" in out
    assert "Перевірку пройдено" in out


def test_check_fails_on_a_damaged_key_slot_file(poruch):
    path = poruch.data_dir / "keyslots.json"
    path.write_text(path.read_text("utf-8")[:200], encoding="utf-8")  # cut short, as by a crash
    code, out, _ = poruch("check")
    assert code == 1
    assert "ПРОБЛЕМА / PROBLEM: Файл ключів пошкоджено" in out


def test_check_finds_a_damaged_slot(poruch):
    path = poruch.data_dir / "keyslots.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["slots"]["olena"]["wrapped_key"] = "AAAA"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = poruch("check")
    assert code == 1 and "ключ користувача «olena» пошкоджено" in out


def test_check_finds_and_repairs_a_stale_case_list(poruch, tmp_path):
    assert poruch("import", write_csv(tmp_path / "a.csv", synthetic_rows(5)))[0] == 0
    store = unlock_store(poruch.data_dir, "olena", PASSWORD)
    with writing(store.engine) as conn, conn.begin():
        conn.execute(delete(t.case_index).where(t.case_index.c.case_id.in_(
            conn.execute(t.case_index.select().limit(2)).scalars().all())))
    store.close()
    code, out, _ = poruch("check")
    assert code == 1 and "2 справ відсутні у списку" in out and "--repair" in out
    code, out, _ = poruch("check", "--repair")
    assert code == 0 and "перебудовано" in out
    assert poruch("check")[0] == 0


def test_repair_keeps_the_hostilities_flag_of_the_cases_it_rebuilds(poruch, tmp_path):
    """`check --repair` projected without the list in force: every rebuilt case lost its flag."""
    with (reference_dir() / "hostilities_occupation_376.csv").open(encoding="utf-8", newline="") as f:
        listed = [r["code"] for r in csv.DictReader(f) if r["code"].startswith("UA") and r["start_dates"]
                  and not r["end_dates"] and r["in_katottg_2025_05_16"] == "1"]
    rows = synthetic_rows(4, seed=11)
    for row, code in zip(rows[:3], listed, strict=False):
        row["origin_katottg"] = code  # three origins on the list, the fourth (random) most likely not
    assert poruch("import", write_csv(tmp_path / "a.csv", rows))[0] == 0

    def flags(store):
        with store.engine.connect() as conn:
            return dict(conn.execute(select(t.case_index.c.origin_katottg, t.case_index.c.origin_listed)).all())

    store = unlock_store(poruch.data_dir, "olena", PASSWORD)
    before = flags(store)
    assert sum(before.values()) >= 3 and all(before[code] == 1 for code in listed[:3])
    with writing(store.engine) as conn, conn.begin():
        conn.execute(delete(t.case_index))
    store.close()

    code, out, _ = poruch("check", "--repair")
    assert code == 0 and "перебудовано" in out
    store = unlock_store(poruch.data_dir, "olena", PASSWORD)
    try:
        assert flags(store) == before
    finally:
        store.close()


def test_reference_load_hostilities(poruch, env):
    env.delenv("PORUCH_PASSWORD")  # installing reference data needs no password
    src = reference_dir() / "hostilities_occupation_376.csv"
    code, out, err = poruch("reference", "load-hostilities", src, "--edition", "Тестова редакція")
    assert code == 0, err
    assert "Встановлено перелік територій" in out and "Тестова редакція" in out
    assert (poruch.data_dir / "reference" / "hostilities_occupation.csv").exists()
    bad = poruch.data_dir / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = poruch("reference", "load-hostilities", bad)
    assert code == 1 and err


def test_usage_errors_exit_2(poruch, tmp_path):
    assert poruch("frobnicate")[0] == 2
    assert poruch("export", "--format", "pdf")[0] == 2
    code, _, err = poruch.__class__(tmp_path / "nothing-here", poruch.capsys)("export")
    assert code == 2 and "немає сховища" in err


def test_search_prints_matches(poruch, tmp_path):
    pytest.importorskip("desktop.services.search")
    rows = synthetic_rows(30, seed=4)
    assert poruch("import", write_csv(tmp_path / "a.csv", rows))[0] == 0
    code, out, _ = poruch("search", rows[7]["rnokpp"])
    assert code == 0 and rows[7]["surname"] in out and rows[7]["birth_date"] in out
    code, out, _ = poruch("search", rows[7]["rnokpp"], "--json")
    hits = json.loads(out)
    assert code == 0 and hits[0]["surname"] == rows[7]["surname"] and hits[0]["case_id"]
    code, out, _ = poruch("search", "Щзхщзхщзх", "--json")
    assert code == 0 and json.loads(out) == []


def test_console_script_end_to_end(tmp_path):
    """The installed `poruch` entry point, as an administrator's script would run it."""
    script = Path(sys.executable).with_name("poruch")
    assert script.exists(), "the package is not installed in the venv (pip install -e .)"
    env = {**os.environ, "PORUCH_PASSWORD": PASSWORD, "PYTHONIOENCODING": "utf-8"}
    env.pop("PORUCH_USER", None)
    data = tmp_path / "data"

    def run(*args):
        return subprocess.run([str(script), "--data-dir", str(data), *map(str, args)], env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120)

    assert run("init", "--username", "admin").returncode == 0
    rows = synthetic_rows(25, seed=8)
    rows[4]["birth_date"] = "31.02.2020"
    result = run("import", write_csv(tmp_path / "a.csv", rows, delimiter=";", bom=True))
    assert result.returncode == 1 and "рядок 6: помилка" in result.stdout
    result = run("export", "--format", "jsonl")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 24
    assert run("check").returncode == 0
    env["PORUCH_PASSWORD"] = "wrong-password"
    result = run("check")
    assert result.returncode == 2 and "Wrong user name or password" in result.stderr
    # A script without PORUCH_PASSWORD and without a terminal: a clear message, not a traceback.
    del env["PORUCH_PASSWORD"]
    for command in ("check", "status"):
        result = subprocess.run([str(script), "--data-dir", str(data), command], env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "set PORUCH_PASSWORD or run the command in a terminal" in result.stderr


def test_python_dash_m_reports_errors_of_every_command_cleanly(poruch, env):
    """`python -m desktop.cli` (the package's __main__) reports the errors of every command as `poruch` does."""
    from desktop.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices
    env_vars = {**os.environ, "PORUCH_PASSWORD": "wrong-password", "PYTHONIOENCODING": "utf-8"}
    for command in ("check", "status"):
        if command not in commands:
            continue
        result = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(poruch.data_dir), command],
                                env=env_vars, capture_output=True, text=True, encoding="utf-8", timeout=120)
        assert result.returncode == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr and "Wrong user name or password" in result.stderr
