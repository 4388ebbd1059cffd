"""Key slots: the random database key, wrapped once per local user with a password-derived key.

The database key is 256 random bits and never changes. Each user's slot holds it encrypted with
AES-256-GCM under a key derived from that user's password by Argon2id, so changing a password
rewraps one slot and re-encrypts nothing, and destroying the slots makes the data unrecoverable.
The slot file is written atomically. Failed unlocks are counted per user in a second small file
(no secrets in it) and slow down further attempts, across restarts too.

A slot also seals the person's own secrets (their server sign-in token) under the same
password-derived key: only their password releases them, so a colleague unlocking the laptop can
never send anything under their name, and removing the slot removes them. The role is not kept
here (the encrypted store holds what the server says: desktop/store/identity.py); `role` in old
files is read once, when such a store is upgraded.
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from desktop.store.files import (  # noqa: F401  (SLOTS_FILE kept importable from here)
    DB_PAGE_SIZES,
    LEGACY_DB_PAGE_SIZE,
    NEW_DB_PAGE_SIZE,
    SLOTS_FILE,
)
from sync.atomic import write_atomic

ATTEMPTS_FILE = "unlock-attempts.json"
FAILURES_FILE = "failed-unlocks.json"  # who failed when: moved into the audit log at the next unlock
MAX_FAILURES_KEPT = 500
FORMAT_VERSION = 1
# About 0.2 s and 64 MiB on a 2-core laptop: cheap for a person, expensive for a guesser.
DEFAULT_KDF = {"iterations": 3, "lanes": 4, "memory_cost": 65536}
FREE_ATTEMPTS = 3
MAX_DELAY_S = 60.0


class KeySlotError(Exception):
    """Base for key slot problems; messages are written for the person at the keyboard."""


class WrongPassword(KeySlotError):
    def __init__(self, failures: int):
        self.failures = failures
        super().__init__("Неправильне ім'я користувача або пароль. / Wrong user name or password.")


class UnlockThrottled(KeySlotError):
    def __init__(self, retry_after: float):
        self.retry_after = retry_after
        super().__init__(
            f"Забагато невдалих спроб. Спробуйте через {int(retry_after) + 1} с. / "
            f"Too many failed attempts. Try again in {int(retry_after) + 1} s."
        )


class UnknownUser(KeySlotError):
    pass


class SlotsCorrupted(KeySlotError):
    pass


@dataclass(frozen=True)
class SlotInfo:
    username: str
    display_name: str
    role: str  # in a store: from the encrypted database; from the file only for an old file's upgrade


@dataclass(frozen=True)
class OpenedSlot:
    """What a password releases: the database key, the slot's own key (to seal secrets later in the
    session) and the secrets sealed so far."""

    db_key: bytes
    slot_key: bytes
    secrets: dict


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _seal(slot_key: bytes, username: str, secrets: dict) -> dict:
    nonce = os.urandom(12)
    data = AESGCM(slot_key).encrypt(nonce, json.dumps(secrets).encode(), f"{username}\nsealed".encode())
    return {"nonce": _b64(nonce), "data": _b64(data)}


def _unseal(slot_key: bytes, username: str, sealed: dict | None) -> dict:
    if not sealed:
        return {}
    try:
        data = AESGCM(slot_key).decrypt(_unb64(sealed["nonce"]), _unb64(sealed["data"]), f"{username}\nsealed".encode())
        return json.loads(data)
    except (InvalidTag, KeyError, ValueError):
        return {}  # damaged: the person signs in to the server again


def _read_failures(data_dir: Path) -> list[dict]:
    try:
        doc = json.loads((Path(data_dir) / FAILURES_FILE).read_text("utf-8"))
        return [f for f in doc if isinstance(f, dict) and isinstance(f.get("at"), int)
                and isinstance(f.get("user"), str)] if isinstance(doc, list) else []
    except (OSError, ValueError):
        return []


def _note_failure(data_dir: Path, username: str, at_ms: int) -> None:
    """A failed unlock, for the audit log (the database cannot be written while it is locked)."""
    failures = [*_read_failures(data_dir), {"user": username, "at": at_ms}][-MAX_FAILURES_KEPT:]
    write_atomic(Path(data_dir) / FAILURES_FILE, json.dumps(failures).encode())


def failed_unlocks_since(data_dir: Path, after_ms: int) -> list[dict]:
    """Failed unlocks noted after `after_ms`, oldest first: [{"user", "at"}]."""
    return sorted((f for f in _read_failures(data_dir) if f["at"] > after_ms), key=lambda f: f["at"])


def _derive(password: str, salt: bytes, kdf: dict) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=kdf["iterations"], lanes=kdf["lanes"],
                    memory_cost=kdf["memory_cost"]).derive(password.encode("utf-8"))


class KeySlots:
    """The slot file of one data directory."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / SLOTS_FILE
        self.attempts_path = self.data_dir / ATTEMPTS_FILE

    # --- reading and writing the file -------------------------------------------------------
    def exists(self) -> bool:
        return self.path.exists()

    def _load(self) -> dict:
        try:
            doc = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:  # a new store: its database is made with the page size noted here
            return {"version": FORMAT_VERSION, "slots": {}, "db_page_size": NEW_DB_PAGE_SIZE}
        except (OSError, ValueError) as exc:
            raise SlotsCorrupted(
                "Файл ключів пошкоджено; відновіть його з резервної копії або зареєструйте пристрій "
                "заново. / The key slot file is damaged."
            ) from exc
        if (doc.get("version") != FORMAT_VERSION or not isinstance(doc.get("slots"), dict)
                or doc.get("db_page_size", LEGACY_DB_PAGE_SIZE) not in DB_PAGE_SIZES):
            raise SlotsCorrupted("Невідомий формат файлу ключів. / Unknown key slot file format.")
        return doc

    def _save(self, doc: dict) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode())

    @property
    def db_page_size(self) -> int:
        """The page size the database was made with (desktop.store.files.NEW_DB_PAGE_SIZE)."""
        return self._load().get("db_page_size", LEGACY_DB_PAGE_SIZE)

    def users(self) -> list[SlotInfo]:
        slots = self._load()["slots"]
        return [SlotInfo(u, s.get("display_name", u), s.get("role", "caseworker"))
                for u, s in sorted(slots.items())]

    def forget_roles(self) -> None:
        """Drop the plain-text roles of an old file (the store holds them now)."""
        doc = self._load()
        if any("role" in s for s in doc["slots"].values()):
            for s in doc["slots"].values():
                s.pop("role", None)
            self._save(doc)

    # --- slot operations ------------------------------------------------------------------------
    def add(self, username: str, password: str, db_key: bytes, *, display_name: str = "",
            kdf: dict | None = None, secrets: dict | None = None) -> OpenedSlot:
        """A new slot; returns what opening it would (one Argon2id derivation, not two)."""
        if not username or not password:
            raise KeySlotError("Потрібні ім'я користувача і пароль. / A user name and password are required.")
        doc = self._load()
        if username in doc["slots"]:
            raise KeySlotError(f"Користувач «{username}» уже існує. / User already exists.")
        doc["slots"][username], slot_key = self._wrap(username, password, db_key, display_name or username,
                                                      kdf or DEFAULT_KDF, secrets)
        self._save(doc)
        return OpenedSlot(db_key, slot_key, dict(secrets or {}))

    def _wrap(self, username: str, password: str, db_key: bytes, display_name: str, kdf: dict,
              secrets: dict | None = None) -> tuple[dict, bytes]:
        salt, nonce = os.urandom(16), os.urandom(12)
        slot_key = _derive(password, salt, kdf)
        wrapped = AESGCM(slot_key).encrypt(nonce, db_key, username.encode())
        slot = {"kdf": "argon2id", "kdf_params": dict(kdf), "salt": _b64(salt), "nonce": _b64(nonce),
                "wrapped_key": _b64(wrapped), "display_name": display_name}
        if secrets:
            slot["sealed"] = _seal(slot_key, username, secrets)
        return slot, slot_key

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, or WrongPassword / UnlockThrottled. Never sleeps: the caller decides."""
        return self.open(username, password).db_key

    def open(self, username: str, password: str) -> OpenedSlot:
        """The database key, the slot key and the sealed secrets, or WrongPassword / UnlockThrottled."""
        retry_after = self.retry_after(username)
        if retry_after > 0:
            raise UnlockThrottled(retry_after)
        slot = self._load()["slots"].get(username)
        if slot is None:
            # Same message and cost as a wrong password: do not reveal which user names exist.
            _derive(password, b"\0" * 16, DEFAULT_KDF)
            raise WrongPassword(self._record_failure(username))
        slot_key = _derive(password, _unb64(slot["salt"]), slot["kdf_params"])
        try:
            key = AESGCM(slot_key).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped_key"]), username.encode())
        except InvalidTag:
            raise WrongPassword(self._record_failure(username)) from None
        self._clear_failures(username)
        return OpenedSlot(key, slot_key, _unseal(slot_key, username, slot.get("sealed")))

    def change_password(self, username: str, old_password: str, new_password: str) -> None:
        """Rewrap one slot with the person's own old password: their sealed secrets move with it."""
        opened = self.open(username, old_password)
        self._rewrap(username, new_password, opened.db_key, opened.secrets)

    def set_password(self, username: str, new_password: str, db_key: bytes) -> None:
        """Rewrap one slot (an unlocked supervisor resetting a colleague's forgotten password).

        Without the old password the sealed secrets cannot be opened: they are dropped, and the
        person signs in to the server again (desktop/services/users.py)."""
        self._rewrap(username, new_password, db_key, None)

    def _rewrap(self, username: str, new_password: str, db_key: bytes, secrets: dict | None) -> None:
        if not new_password:
            raise KeySlotError("Пароль не може бути порожнім. / The password cannot be empty.")
        doc = self._load()
        slot = doc["slots"].get(username)
        if slot is None:
            raise UnknownUser(f"Немає користувача «{username}». / No such user.")
        doc["slots"][username], _slot_key = self._wrap(username, new_password, db_key, slot["display_name"],
                                                       slot.get("kdf_params", DEFAULT_KDF), secrets)
        self._save(doc)

    def seal(self, username: str, slot_key: bytes, secrets: dict) -> None:
        """Replace the secrets sealed in a slot, with the slot key its password released (no new
        Argon2 derivation: the person is signed in already)."""
        doc = self._load()
        slot = doc["slots"].get(username)
        if slot is None:
            raise UnknownUser(f"Немає користувача «{username}». / No such user.")
        AESGCM(slot_key).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped_key"]), username.encode())  # the right key
        if secrets:
            slot["sealed"] = _seal(slot_key, username, secrets)
        else:
            slot.pop("sealed", None)
        self._save(doc)

    def has_sealed(self, username: str) -> bool:
        return "sealed" in self._load()["slots"].get(username, {})

    def remove(self, username: str) -> None:
        doc = self._load()
        if username not in doc["slots"]:
            raise UnknownUser(f"Немає користувача «{username}». / No such user.")
        if len(doc["slots"]) == 1:
            raise KeySlotError("Не можна видалити останнього користувача. / Cannot remove the last user.")
        del doc["slots"][username]
        self._save(doc)

    def destroy(self) -> None:
        """Overwrite then delete the slot file: without it the database key is gone for good."""
        if self.path.exists():
            size = max(self.path.stat().st_size, 4096)
            with open(self.path, "r+b") as f:
                f.write(os.urandom(size))
                f.flush()
                os.fsync(f.fileno())
            self.path.unlink()

    # --- slowing down guessing ------------------------------------------------------------------
    def _attempts(self) -> dict:
        try:
            return json.loads(self.attempts_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def _record_failure(self, username: str) -> int:
        attempts = self._attempts()
        entry = attempts.get(username, {"failures": 0, "last": 0.0})
        entry = {"failures": entry["failures"] + 1, "last": time.time()}
        attempts[username] = entry
        self.data_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(self.attempts_path, json.dumps(attempts).encode())
        _note_failure(self.data_dir, username, int(entry["last"] * 1000))
        return entry["failures"]

    def _clear_failures(self, username: str) -> None:
        attempts = self._attempts()
        if attempts.pop(username, None) is not None:
            write_atomic(self.attempts_path, json.dumps(attempts).encode())

    def retry_after(self, username: str) -> float:
        """Seconds to wait before the next attempt: 0 for the first few, then doubling up to a minute."""
        entry = self._attempts().get(username)
        if not entry or entry["failures"] < FREE_ATTEMPTS:
            return 0.0
        delay = min(MAX_DELAY_S, 2.0 ** (entry["failures"] - FREE_ATTEMPTS))
        return max(0.0, entry["last"] + delay - time.time())
