"""Fixtures for the `poruch` command line: a store made by `init`, synthetic import files, a runner.

Every person here is made up (Faker uk_UA names, RNOKPPs computed from a made-up birth date).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from desktop.cli import main
from sync.records.identifiers import make_rnokpp
from sync.resources import reference_dir

PASSWORD = "тестовий-пароль-1"
IMPORT_HEADER = ["surname", "given_name", "patronymic", "birth_date", "sex", "rnokpp", "phone", "origin_katottg",
                 "current_katottg", "idp_certificate_number", "idp_certificate_date", "category"]
MOBILE = ("50", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99")


@cache
def settlement_codes() -> tuple[str, ...]:
    with open(reference_dir() / "katottg.csv", encoding="utf-8-sig", newline="") as f:
        return tuple(sorted(r["code"] for r in csv.DictReader(f) if r["category"] in ("C", "X", "M")))


def synthetic_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    """n made-up people as import rows (English headers), each with a unique, consistent RNOKPP."""
    from faker import Faker

    fake = Faker("uk_UA")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    codes = settlement_codes()
    rows, used = [], set()
    while len(rows) < n:
        sex = rng.choice(("male", "female"))
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 75))
        rnokpp = make_rnokpp(birth, sex, rng)
        if rnokpp in used:
            continue
        used.add(rnokpp)
        male = sex == "male"
        phones = [f"+380{rng.choice(MOBILE)}{rng.randrange(10**7):07d}" for _ in range(rng.choice((0, 1, 1, 2)))]
        rows.append({
            "surname": fake.last_name_male() if male else fake.last_name_female(),
            "given_name": fake.first_name_male() if male else fake.first_name_female(),
            "patronymic": fake.middle_name_male() if male else fake.middle_name_female(),
            "birth_date": f"{birth:%d.%m.%Y}",
            "sex": rng.choice(("ч", "чоловіча", "male")) if male else rng.choice(("ж", "жіноча", "female")),
            "rnokpp": rnokpp,
            "phone": ", ".join(phones),
            "origin_katottg": rng.choice(codes),
            "current_katottg": rng.choice(codes),
            "idp_certificate_number": f"{rng.randrange(1000, 9999)}-{rng.randrange(10**9):09d}",
            "idp_certificate_date": f"{date(2022, 3, 1) + timedelta(days=rng.randrange(900)):%d.%m.%Y}",
            "category": rng.choice(("ВПО", "idp", "внутрішньо переміщена особа")),
        })
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], *, header: list[str] | None = None, delimiter: str = ",",
              bom: bool = False, names: dict[str, str] | None = None) -> Path:
    """Rows to a CSV file; `names` renames columns in the header (e.g. to Ukrainian aliases)."""
    header = header or IMPORT_HEADER
    with open(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow([(names or {}).get(h, h) for h in header])
        for row in rows:
            w.writerow([row.get(h, "") for h in header])
    return path


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("PORUCH_PASSWORD", PASSWORD)
    monkeypatch.delenv("PORUCH_USER", raising=False)
    monkeypatch.delenv("PORUCH_NEW_PASSWORD", raising=False)
    monkeypatch.delenv("PORUCH_DATA_DIR", raising=False)
    return monkeypatch


class Runner:
    """`poruch --data-dir <dir> ...` in-process; returns (exit code, stdout, stderr)."""

    def __init__(self, data_dir: Path, capsys):
        self.data_dir = data_dir
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--data-dir", str(self.data_dir), *map(str, args)])
        out, err = self.capsys.readouterr()
        return code, out, err


@pytest.fixture
def poruch(tmp_path, env, capsys) -> Runner:
    """A runner on a fresh store created by `poruch init` (user olena, supervisor)."""
    run = Runner(tmp_path / "data", capsys)
    code, _, err = run("init", "--username", "olena", "--display-name", "Олена Тестова", "--office-name", "Офіс")
    assert code == 0, err
    return run


@pytest.fixture
def open_store(poruch):
    """Unlock the CLI's store in the test (after the commands that needed it have run)."""
    from desktop.store.store import unlock_store

    opened = []

    def _open():
        s = unlock_store(poruch.data_dir, "olena", PASSWORD)
        opened.append(s)
        return s

    yield _open
    for s in opened:
        s.close()
