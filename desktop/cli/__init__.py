"""The `poruch` command line: for administrators and scripts (create a store, import, export, users,
check, enrol, sync).

- `common`: errors and exit codes, options, passwords, opening the store (every command uses it);
- `store_commands`: init, import, export, search, users, check, reference;
- `sync_commands`: enroll, sync, status;
- `transfer_commands`: transfer (to another office), rejected (changes the server refused);
- `audit_commands`: the laptop's audit log (verify, checkpoint, show).

Messages are in Ukrainian, errors with an English second half. Exit codes: 0 ok, 1 failure or
problems found, 2 usage or authentication; the sync commands add theirs (see sync_commands).
"""

from __future__ import annotations

import argparse
import sys

# httpx imports its own command-line client (click, rich, pygments) whenever those are installed,
# as the test tools install them: ~0.1 s of every command's start. Poruch never runs it.
sys.modules.setdefault("httpx._main", None)

from desktop.cli import audit_commands, store_commands, sync_commands, transfer_commands  # noqa: E402
from desktop.cli.common import CliError  # noqa: E402
from sync.startup import freeze_startup_objects  # noqa: E402

__all__ = ["CliError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="poruch", description="Поруч: командний рядок для адміністраторів і скриптів. "
                                "Пароль: змінна PORUCH_PASSWORD або запит.")
    p.add_argument("--data-dir", help="тека сховища (або PORUCH_DATA_DIR; типово тека даних користувача)")
    p.add_argument("--username", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    store_commands.register(sub)
    sync_commands.register(sub)
    transfer_commands.register(sub)
    audit_commands.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return int(exc.code or 0)
    if argv is None:  # run as the program, not called by other code (tests): start-up is over
        freeze_startup_objects()
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(str(exc), file=sys.stderr, flush=True)
        return exc.code
    except KeyboardInterrupt:
        print("\nПерервано. / Interrupted.", file=sys.stderr)
        return 1
