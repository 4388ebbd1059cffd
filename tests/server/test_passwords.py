"""The server's password hashes keep Argon2id's recommended cost; test users' cheap hashes
(tests/support/passwords.py) go through the same verification."""

from __future__ import annotations

from argon2 import extract_parameters, profiles

from sync.server.security import hash_password, verify_password
from tests.support.passwords import cheap_password_hash


def test_the_server_hashes_with_the_recommended_argon2id_cost():
    params = extract_parameters(hash_password("пароль-1"))
    assert params.type.name == "ID"
    wanted = profiles.RFC_9106_LOW_MEMORY  # 64 MiB, 3 passes, 4 lanes
    assert (params.memory_cost, params.time_cost, params.parallelism) == \
           (wanted.memory_cost, wanted.time_cost, wanted.parallelism) == (65536, 3, 4)


def test_a_cheap_test_hash_is_verified_like_any_other():
    for stored in (cheap_password_hash("пароль-1"), hash_password("пароль-1")):
        assert verify_password(stored, "пароль-1")
        assert not verify_password(stored, "пароль-2")
    assert not verify_password(None, "пароль-1")
