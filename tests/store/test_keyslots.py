"""Key slots: users, password changes that rewrap one slot, throttling, atomic writes."""

from __future__ import annotations

import json
import time

import pytest

from desktop.store.keyslots import KeySlots, SlotsCorrupted, UnlockThrottled, WrongPassword
from desktop.store.store import unlock_store
from tests.conftest import TEST_PASSWORD


def test_second_user_opens_the_same_database(store):
    store.add_user("ivan", "інший-пароль", display_name="Іван", role="caseworker")
    store.close()
    s2 = unlock_store(store.data_dir, "ivan", "інший-пароль")
    assert s2.user.role == "caseworker"
    assert s2.office_id  # the same database: its metadata is readable
    s2.close()


def test_change_password_rewraps_only_that_slot(store):
    store.add_user("ivan", "pw-ivan")
    slots_before = json.loads((store.data_dir / "keyslots.json").read_text())["slots"]
    store.close()
    db_before = store.db_path.read_bytes()
    KeySlots(store.data_dir).change_password("olena", TEST_PASSWORD, "новий-пароль")
    slots_after = json.loads((store.data_dir / "keyslots.json").read_text())["slots"]
    assert slots_after["ivan"] == slots_before["ivan"]
    assert slots_after["olena"]["wrapped_key"] != slots_before["olena"]["wrapped_key"]
    assert store.db_path.read_bytes() == db_before  # nothing re-encrypted
    with pytest.raises(WrongPassword):
        KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)
    unlock_store(store.data_dir, "olena", "новий-пароль").close()


def test_remove_user(store):
    store.add_user("ivan", "pw-ivan")
    slots = KeySlots(store.data_dir)
    slots.remove("ivan")
    assert [u.username for u in slots.users()] == ["olena"]
    with pytest.raises(WrongPassword):
        slots.unlock("ivan", "pw-ivan")


def test_unknown_user_is_indistinguishable_from_wrong_password(store):
    with pytest.raises(WrongPassword) as err:
        KeySlots(store.data_dir).unlock("nobody", "x")
    assert "Неправильне ім'я користувача або пароль" in str(err.value)


def test_repeated_failures_are_slowed_down_and_survive_restart(store):
    slots = KeySlots(store.data_dir)
    for _ in range(3):  # the first three failures cost nothing extra
        with pytest.raises(WrongPassword):
            slots.unlock("olena", "wrong")
    # A fresh object (as after restarting the application) still refuses, even the right password.
    with pytest.raises(UnlockThrottled) as err:
        KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)
    assert err.value.retry_after > 0
    assert "Спробуйте через" in str(err.value)
    # Once the delay has passed (simulated by moving the recorded time back), the right password works
    # and clears the counter.
    attempts_file = store.data_dir / "unlock-attempts.json"
    attempts = json.loads(attempts_file.read_text())
    attempts["olena"]["last"] = time.time() - 3600
    attempts_file.write_text(json.dumps(attempts))
    assert len(KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)) == 32
    assert KeySlots(store.data_dir).retry_after("olena") == 0


def test_corrupted_slot_file_gives_a_clear_error(store):
    (store.data_dir / "keyslots.json").write_text("{not json")
    with pytest.raises(SlotsCorrupted) as err:
        KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)
    assert "пошкоджено" in str(err.value)


def test_slot_file_is_replaced_atomically(store):
    store.add_user("ivan", "pw")
    leftovers = [p.name for p in store.data_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert "argon2id" in (store.data_dir / "keyslots.json").read_text()


def test_destroy_makes_the_key_unrecoverable(store):
    slots = KeySlots(store.data_dir)
    slots.destroy()
    assert not (store.data_dir / "keyslots.json").exists()
    with pytest.raises(WrongPassword):
        slots.unlock("olena", TEST_PASSWORD)


def test_the_product_derives_slot_keys_at_full_cost(tmp_path):
    """The suite makes its slots cheaply (tests/conftest.py TEST_KDF); the application must not."""
    import subprocess
    import sys

    code = ("import json, sys; from desktop.store.store import create_store; "
            "s = create_store(sys.argv[1], 'olena', 'пароль-1', display_name='О', office_name='Офіс'); s.close(); "
            "print(json.dumps(json.load(open(sys.argv[1] + '/keyslots.json'))['slots']['olena']['kdf_params']))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True,
                          check=True)
    assert json.loads(done.stdout) == {"iterations": 3, "lanes": 4, "memory_cost": 65536}


def test_product_kdf_gives_a_test_the_full_cost(product_kdf, store):
    slot = json.loads((store.data_dir / "keyslots.json").read_text())["slots"]["olena"]
    assert slot["kdf_params"] == product_kdf == {"iterations": 3, "lanes": 4, "memory_cost": 65536}
    assert len(KeySlots(store.data_dir).unlock("olena", TEST_PASSWORD)) == 32
