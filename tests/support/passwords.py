"""Password hashes for the test users that fixtures write straight into a server's database.

Argon2id at the product's parameters costs about 0.25 s of CPU in the server for every login and
enrolment. The server verifies with the parameters stored in each hash, so test users get the
smallest Argon2id hash: the same code path, a fraction of the cost. The product's own hashing
(sync.server.security.hash_password) is unchanged and checked in tests/server/test_passwords.py.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher

_CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@cache
def cheap_password_hash(password: str) -> str:
    return _CHEAP.hash(password)
