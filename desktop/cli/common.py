"""What every `poruch` command shares: errors and exit codes, options, passwords, opening the store.

Passwords never go on the command line (they would end up in shell history and `ps`): they come
from PORUCH_PASSWORD (and PORUCH_NEW_PASSWORD for a new one) or from a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.services.paths import resolve_data_dir

ENV_USER = "PORUCH_USER"
ENV_PASSWORD = "PORUCH_PASSWORD"
ENV_NEW_PASSWORD = "PORUCH_NEW_PASSWORD"


class CliError(Exception):
    """A failure told to the person in words, with the command's exit code (desktop.cli.main prints it)."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def say(text: str = "") -> None:
    print(text, flush=True)


def user_option(parser: argparse.ArgumentParser) -> None:
    """--username, accepted before or after the command; SUPPRESS keeps a value given before it."""
    parser.add_argument("--username", default=argparse.SUPPRESS,
                        help=f"користувач, що відкриває сховище (або {ENV_USER}; якщо користувач один — він)")


# --- passwords -------------------------------------------------------------------------------------

def ask_password(prompt: str) -> str:
    """A password typed at the terminal; without a terminal (a script, a pipe) a clear error, not a traceback."""
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        raise CliError(f"Пароль не введено. Задайте змінну {ENV_PASSWORD} або запустіть команду в терміналі. / "
                       f"No password given: set {ENV_PASSWORD} or run the command in a terminal.", 2) from None


def password(prompt: str) -> str:
    """The current password: PORUCH_PASSWORD, else a prompt."""
    value = os.environ.get(ENV_PASSWORD)
    return value if value is not None else ask_password(prompt)


def new_password(env: str, who: str) -> str:
    """A new password: from `env`, else typed twice; the window's rule (desktop/services/users.py)."""
    from desktop.services.users import password_problem

    value = os.environ.get(env)
    if value is None:
        value = ask_password(f"Новий пароль для «{who}»: ")
        if ask_password("Повторіть пароль: ") != value:
            raise CliError("Паролі не збігаються. / The passwords do not match.", 2)
    problem = password_problem(value)
    if problem:
        raise CliError(problem, 2)
    return value


# --- the store -------------------------------------------------------------------------------------

def data_dir(args) -> Path:
    return resolve_data_dir(getattr(args, "data_dir", None))


def require_store(folder: Path) -> None:
    from desktop.store.store import store_exists

    if not store_exists(folder):
        raise CliError(f"У теці {folder} немає сховища «Поруч»; створіть його: poruch --data-dir DIR init. / "
                       "No Poruch store in this folder.", 2)


def username(args, folder: Path) -> str:
    """--username, else PORUCH_USER, else the only user of the laptop."""
    from desktop.store.keyslots import KeySlotError, KeySlots

    name = getattr(args, "username", None) or os.environ.get(ENV_USER)
    if name:
        return name
    try:
        users = KeySlots(folder).users()
    except KeySlotError as exc:
        raise CliError(str(exc)) from None
    if len(users) == 1:
        return users[0].username
    raise CliError("Вкажіть користувача: --username або змінна PORUCH_USER. / Say which user: --username.", 2)


def auth_errors(fn, *args):
    """Run an unlock; wrong password and throttling become exit code 2 with their own messages, the
    office's policies (lockout: 2; the local data wiped after failed unlocks: 5) theirs."""
    from desktop.services.device_guard import LockedOut, WipedAfterFailedUnlocks
    from desktop.store.database import DatabaseError
    from desktop.store.keyslots import KeySlotError, UnlockThrottled, WrongPassword

    try:
        return fn(*args)
    except LockedOut as exc:
        days, limit = exc.lockout.days_without_contact, exc.lockout.limit_days
        raise CliError(f"Цей комп'ютер не з'єднувався з сервером {days} дн. (правила офісу дозволяють {limit}); "
                       "вхід заблоковано, доки він не з'єднається з сервером. Підключіть його до мережі й "
                       f"виконайте будь-яку команду ще раз, або зверніться до адміністратора. / No contact with the "
                       f"server for {days} days (the office allows {limit}): connect to the network and try again.",
                       2) from None
    except WipedAfterFailedUnlocks as exc:
        from desktop.services.remote_wipe import report_wiped

        report_wiped(exc.guard, "failed_unlocks")
        raise CliError(f"Після {exc.failures} невдалих спроб входу локальні дані знищено за правилами офісу. / "
                       f"Local data destroyed after {exc.failures} failed unlocks (office policy).", 5) from None
    except (WrongPassword, UnlockThrottled) as exc:
        raise CliError(str(exc), 2) from None
    except (KeySlotError, DatabaseError) as exc:
        raise CliError(str(exc), 1) from None


def open_store(args):
    """The store unlocked the way every `poruch` command does it: folder, user, password, errors.

    First, before any password, an enrolled laptop asks the server whether it was revoked (a short
    timeout; offline, it carries on) and wipes itself if so; then the office's policies apply."""
    from desktop.services.device_guard import unlock_with_policies

    folder = data_dir(args)
    require_store(folder)
    check_revoked(folder)
    user = username(args, folder)
    store = auth_errors(unlock_with_policies, folder, user, password(f"Пароль користувача «{user}»: "))
    if store.migrated_backup:
        print(f"Базу даних оновлено до нової версії; копію попередньої збережено: {store.migrated_backup} / "
              "The database was upgraded; a copy of the old one was kept.", file=sys.stderr)
    return store


def check_revoked(folder: Path) -> None:
    """A revoked or lost laptop wipes itself at its first contact, before anyone unlocks it (exit code 5)."""
    from desktop.services.remote_wipe import wipe_if_revoked

    result = wipe_if_revoked(folder)
    if result is not None:
        from sync.client.errors import DeviceRevoked

        n = len(result.removed)
        raise CliError(f"{DeviceRevoked().message} (видалено файлів: {n}, ключі першими / {n} files removed, "
                       "key slots first)", 5)
