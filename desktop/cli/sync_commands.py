"""Sync commands of the `poruch` command line: enroll, sync, status.

Exit codes (also `sync.client.errors.*.exit_code`): 0 all sent and up to date; 1 changes (or
attachment files) still pending or an unexpected error; 2 usage or not enrolled; 3 server
unreachable or timed out; 4 authentication failed (2 for a wrong local password, as in every
command); 5 device revoked (local data wiped); 6 application too old for the server; 7 the server
rejected some changes; 8 server error or failed verification.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys

from desktop.cli.common import ENV_USER, CliError, data_dir, open_store, password, user_option
from desktop.services.enrolment import enroll_store
from desktop.services.session_sync import waiting_for
from desktop.services.sync_cycle import LaptopSync, build_sync
from desktop.services.sync_status import sync_status
from desktop.store.database import DB_FILE
from desktop.store.replica import StoreReplica
from desktop.store.store import OpenStore, store_exists
from sync.client import errors as e
from sync.client.engine import SyncReport
from sync.client.retry import RetryPolicy
from sync.client.transport import check_server_url

EXIT_PENDING = 1
ENV_SERVER_PASSWORD = "PORUCH_SERVER_PASSWORD"  # enrolling an existing store: the server's password, if not the same


def register(subparsers) -> None:
    """Add the sync commands to the `poruch` parser (desktop.cli.build_parser)."""
    p = subparsers.add_parser("enroll", help="зареєструвати цей комп'ютер на сервері / enrol this computer")
    p.add_argument("--server", required=True, help="адреса сервера, https://… / server URL")
    user_option(p)
    p.add_argument("--device-name", default=None, help="назва пристрою / device name (default: host name)")
    p.add_argument("--server-user", default=None,
                   help="ім'я на сервері, якщо автономний офіс підключається пізніше (типово — те саме) / "
                        "server user name when a standalone office enrols later")
    p.add_argument("--again", action="store_true",
                   help="знову, коли сервер, відновлений з резервної копії, не знає цього комп'ютера (дані "
                        "лишаються) / again, when a server restored from a backup no longer knows this computer")
    _tuning_options(p)
    p.set_defaults(func=cmd_enroll)

    p = subparsers.add_parser("sync", help="синхронізувати зараз / sync now")
    user_option(p)
    p.add_argument("--json", action="store_true", help="звіт у JSON / print the report as JSON")
    _tuning_options(p)
    p.set_defaults(func=cmd_sync)

    p = subparsers.add_parser("status", help="стан синхронізації / sync status")
    user_option(p)
    p.add_argument("--json", action="store_true", help="у форматі JSON / as JSON")
    p.set_defaults(func=cmd_status)

    p = subparsers.add_parser("attachments", help="файли вкладень на цьому комп'ютері, бюджет / attachment files "
                                                  "held here, the budget")
    user_option(p)
    p.add_argument("--budget-mb", type=float, default=None,
                   help="скільки МБ файлів власних справ завантажувати наперед / MB of own cases' files to "
                        "fetch ahead of opening")
    p.set_defaults(func=cmd_attachments)


def _tuning_options(p: argparse.ArgumentParser) -> None:
    # Tests only; by default the engine's own sizes (the protocol's largest batch and page).
    p.add_argument("--batch-size", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--page-size", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--retry-delay", type=float, default=0.5, help=argparse.SUPPRESS)
    p.add_argument("--retries", type=int, default=7, help=argparse.SUPPRESS)


# --- helpers ------------------------------------------------------------------------------------------
def _enroll_username(args) -> str:
    name = getattr(args, "username", None) or os.environ.get(ENV_USER, "").strip()
    if not name:
        raise CliError(f"Вкажіть користувача: --username або {ENV_USER}. / Give a user name.", 2)
    return name


def _server_password() -> str:
    secret = password("Пароль / Password: ")
    if not secret:
        raise CliError("Потрібен пароль. / A password is required.", 2)
    return secret


def _sync(store: OpenStore, args) -> LaptopSync:
    retry = RetryPolicy(attempts=max(1, args.retries), base_delay=args.retry_delay)
    return build_sync(store, retry=retry, batch_size=args.batch_size, page_size=args.page_size)


def _waiting_lines(store: OpenStore) -> list[str]:
    """"N changes wait for NAME to sign in", one line per person (never sent under anyone else's name)."""
    return [f"Чекають, доки «{author}» увійде й синхронізує: змін {n}. / {n} changes wait for {author} to sign in."
            for author, n in sorted(waiting_for(store).items())]


def _fail(code: int, message: str) -> int:
    print(message, file=sys.stderr)
    return code


def _revoked(store: OpenStore) -> int:
    from desktop.services.remote_wipe import wipe_and_report

    result = wipe_and_report(store.data_dir, "remote", store=store)
    print(e.DeviceRevoked().message, file=sys.stderr)
    print(f"Видалено файлів: {len(result.removed)}; ключі знищено першими. / "
          f"{len(result.removed)} files removed, key slots first.", file=sys.stderr)
    return e.DeviceRevoked.exit_code


def _summary(report: SyncReport) -> str:
    parts = [f"надіслано змін: {report.pushed}"]
    if report.duplicates:
        parts.append(f"уже були на сервері: {report.duplicates}")
    parts.append(f"отримано записів: {report.pulled}")
    if report.rejected:
        parts.append(f"відхилено: {report.rejected}")
    if report.conflicts:
        parts.append(f"нових конфліктів: {report.conflicts}")
    if report.repaired:
        parts.append("дані перевірено й відновлено з сервера")
    if report.recovered or report.kept_here:
        parts.append(f"сервер відновлено з резервної копії: повернуто на нього записів {report.recovered}"
                     + (f", записів колег лише тут: {report.kept_here}" if report.kept_here else ""))
    return "; ".join(parts) + f" ({report.duration_s:.1f} с)."


def _run_cycle(store: OpenStore, sync: LaptopSync, as_json: bool = False) -> int:
    """One cycle with the exit code of the module docstring; a revoked device is wiped here."""
    try:
        result = sync.run()
        report, blobs = result.report, result.attachments
    except e.DeviceRevoked:
        return _revoked(store)
    except e.SyncError as exc:
        if as_json:
            print(json.dumps(getattr(exc, "report", SyncReport()).as_dict(), ensure_ascii=False))
        return _fail(exc.exit_code, exc.message)
    finally:
        sync.close()
    if as_json:
        print(json.dumps({**report.as_dict(), "attachments": blobs.as_dict()}, ensure_ascii=False))
    else:
        print("Синхронізовано: " + _summary(report))
        if blobs.uploaded or blobs.downloaded or blobs.waiting:
            print(f"Файли вкладень: надіслано {blobs.uploaded}, отримано {blobs.downloaded}"
                  + (f", ще не завантажено на сервер з іншого комп'ютера: {blobs.waiting}" if blobs.waiting else "")
                  + ".")
    if result.audit_error:
        print(f"Журнал аудиту не надіслано: {result.audit_error} / The audit log was not sent.", file=sys.stderr)
    waiting = _waiting_lines(store)
    for line in waiting:
        print(line, file=sys.stderr)
    if report.rejected:
        return _fail(e.ChangesRejected.exit_code, e.ChangesRejected(str(report.rejected)).message)
    if report.pending:
        return _fail(EXIT_PENDING, f"Ще не надіслано змін: {report.pending} (їх зроблено під час синхронізації). "
                                   f"/ {report.pending} changes made during the sync are still pending.")
    if blobs.error:
        return _fail(EXIT_PENDING, blobs.error)
    return EXIT_PENDING if waiting else 0


# --- commands -----------------------------------------------------------------------------------------
def _enroll_existing(args) -> int:
    """A standalone office's store joins a server, keeping its cases; then everything is sent."""
    from desktop.services.enrolment import AlreadyEnrolled, enroll_existing_store

    store = open_store(args)  # the local user and password, as for every command
    try:
        if store.get_meta("mode") != "standalone" and args.again:
            return _enroll_again(store, args)
        if store.get_meta("mode") != "standalone":
            return _fail(2, "Цей комп'ютер уже підключено до сервера. Якщо сервер відновили з резервної копії й "
                            "він не знає цього комп'ютера: «poruch enroll --again». / This computer is already "
                            "enrolled (if a server restored from a backup no longer knows it: --again).")
        try:
            check_server_url(args.server)
            server_user = args.server_user or store.user.username
            secret = os.environ.get(ENV_SERVER_PASSWORD) or password(
                f"Пароль користувача «{server_user}» на сервері / Server password: ")
            device_name = args.device_name or socket.gethostname()
            resp = enroll_existing_store(store, args.server, server_user, secret, device_name)
        except AlreadyEnrolled:
            return _fail(2, "Цей комп'ютер уже підключено до сервера. / This computer is already enrolled.")
        except e.SyncError as exc:
            return _fail(exc.exit_code, exc.message)
        pending = StoreReplica(store).pending_count()
        print(f"Автономний офіс підключено до сервера: «{resp.office.name}», пристрій «{device_name}». "
              f"Надсилаю всі справи офісу (змін: {pending})…")
        code = _run_cycle(store, _sync(store, args))
    finally:
        store.close()
    if code not in (0, e.DeviceRevoked.exit_code):
        print("Дані надіслано не повністю; виконайте «poruch sync», коли з'явиться зв'язок. / "
              "Not everything was sent; run 'poruch sync' when online.", file=sys.stderr)
    return code


def _enroll_again(store: OpenStore, args) -> int:
    """An enrolled laptop a restored server no longer knows enrols again under its own id; the sync that follows
    gives back what the server lost."""
    from desktop.services.enrolment import enroll_again

    try:
        check_server_url(args.server)
        server_user = args.server_user or store.author
        secret = os.environ.get(ENV_SERVER_PASSWORD) or password(
            f"Пароль користувача «{server_user}» на сервері / Server password: ")
        device_name = args.device_name or store.get_meta("device_name") or socket.gethostname()
        resp = enroll_again(store, args.server, server_user, secret, device_name)
    except e.SyncError as exc:
        return _fail(exc.exit_code, exc.message)
    print(f"Комп'ютер знову зареєстровано для «{resp.office.name}»; усі дані тут збережено. Синхронізація…")
    return _run_cycle(store, _sync(store, args))


def cmd_enroll(args) -> int:
    folder = data_dir(args)
    if store_exists(folder):
        return _enroll_existing(args)
    if (folder / DB_FILE).exists():
        return _fail(2, f"У теці є база даних «Поруч» без файлу ключів: {folder} / A store without key slots.")
    username = _enroll_username(args)
    try:
        check_server_url(args.server)  # before asking for a password
        device_name = args.device_name or socket.gethostname()
        store, resp = enroll_store(folder, args.server, username, _server_password(), device_name)
    except e.SyncError as exc:
        return _fail(exc.exit_code, exc.message)
    print(f"Пристрій «{device_name}» зареєстровано для «{resp.office.name}» "
          f"(користувач {resp.user.display_name or username}, роль {resp.user.role}). Завантаження даних…")
    try:
        code = _run_cycle(store, _sync(store, args))
    finally:
        store.close()
    if code not in (0, e.DeviceRevoked.exit_code):
        print("Дані завантажено не повністю; виконайте «poruch sync», коли з'явиться зв'язок. / "
              "The download is incomplete; run 'poruch sync' when online.", file=sys.stderr)
    return code


def cmd_sync(args) -> int:
    store = open_store(args)
    try:
        try:
            sync = _sync(store, args)
        except e.SyncError as exc:
            return _fail(exc.exit_code, exc.message)
        return _run_cycle(store, sync, args.json)
    finally:
        store.close()


def cmd_status(args) -> int:
    store = open_store(args)
    try:
        status = sync_status(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=1))
        return 0
    print(f"Офіс: {status['office_name'] or '—'}; сервер: {status['server_url'] or 'не підключено'}")
    print(f"Очікують надсилання: {status['pending_changes']}; "
          f"остання синхронізація: {status['last_sync'] or 'ще не було'}")
    print(f"Конфлікти для перегляду: {status['conflicts']}; відхилені зміни: {status['rejected_changes']}")
    for author, n in sorted(status["waiting_for_sign_in"].items()):
        print(f"Чекають, доки «{author}» увійде: змін {n}")
    if status["audit_error"] or (status["server_url"] and status["audit_unsent"]):
        print(f"Журнал аудиту: сервер ще не підтвердив записів {status['audit_unsent']}"
              + (f" ({status['audit_error']})" if status["audit_error"] else ""))
    if status["last_error"]:
        print(f"Остання помилка: {status['last_error']}")
    return 0


def cmd_attachments(args) -> int:
    from desktop.services.attachments import held_summary, set_budget

    store = open_store(args)
    try:
        if args.budget_mb is not None:
            try:
                set_budget(store, args.budget_mb)
            except ValueError:
                raise CliError("Бюджет має бути від 0 до 1000000 МБ. / The budget must be 0-1000000 MB.", 2) from None
        held = held_summary(store)
    finally:
        store.close()
    print(f"Файлів на цьому комп'ютері: {held['held_files']} ({held['held_mb']:.1f} МБ); ще не завантажено: "
          f"{held['missing_files']} (завантажаться, коли їх відкриють); бюджет для власних справ: "
          f"{held['budget_mb']:g} МБ")
    return 0
