"""Fixtures shared by every test area: a fresh encrypted store per test, with synthetic data only."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEST_PASSWORD = "тестовий-пароль-1"


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
