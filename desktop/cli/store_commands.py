"""Commands on the local store: init, import, export, report, search, users, check, reference data.

Messages are in Ukrainian, errors with an English second half. Exit codes: 0 ok, 1 failure or
problems found, 2 usage or authentication.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

from desktop.cli.common import (
    ENV_NEW_PASSWORD,
    ENV_PASSWORD,
    CliError,
    auth_errors,
    data_dir,
    new_password,
    open_store,
    password,
    require_store,
    say,
    user_option,
)
from desktop.services.users import ROLES
from sync.client.errors import SyncError

ENV_SERVER_PASSWORD = "PORUCH_SERVER_PASSWORD"  # a colleague's server password, if not their new local one
ROLE_LABELS = {"caseworker": "фахівець", "supervisor": "керівник", "district": "район",
               "administrator": "адміністратор"}


# --- commands --------------------------------------------------------------------------------------

def cmd_init(args) -> int:
    from desktop.store.store import StoreError, create_store

    folder = data_dir(args)
    secret = new_password(ENV_PASSWORD, args.username)
    try:
        store = create_store(folder, args.username, secret, display_name=args.display_name or "",
                             role="supervisor", office_name=args.office_name or "")
    except StoreError as exc:
        raise CliError(str(exc)) from None
    store.close()
    say(f"Створено зашифроване сховище: {folder}")
    say(f"Перший користувач: «{args.username}» (керівник). Пароль ніде не записано: запам'ятайте його.")
    return 0


def _place_choices(values: list[str]) -> dict[str, str]:
    """--place "м. Миколаївка, Донецька обл.=UA14..." -> {text: code}."""
    from sync.reference import get_codifier

    choices = {}
    for value in values or []:
        text, sep, code = value.rpartition("=")
        code = code.strip().upper()
        if not sep or not text.strip() or code not in get_codifier():
            raise CliError(f"--place очікує «текст=КОД» з кодом КАТОТТГ, що є в кодифікаторі: {value!r}. / "
                           "--place takes TEXT=CODE with a KATOTTG code.", 2)
        choices[text.strip()] = code
    return choices


def _print_questions(analysis) -> None:
    """Places with several candidates, so that --place can choose (names of places, never of people)."""
    matcher = analysis.matcher
    for q in analysis.places:
        if not q.candidates:
            continue
        kind = "схожі назви" if q.near else "кілька місць"
        lines = ", ".join(str(n) for n in q.lines[:10]) + (" …" if len(q.lines) > 10 else "")
        say(f"Місце «{q.text}» (рядки {lines}): {kind}; оберіть --place \"{q.text}=КОД\":")
        for code in q.candidates:
            say(f"    {code}  {matcher.label(code)}")


def cmd_import(args) -> int:
    from desktop.services.cases import CaseService
    from desktop.services.import_table import TableError
    from desktop.services.importer import ImportAborted, Importer

    places = _place_choices(args.place)
    store = open_store(args)
    try:
        started = time.perf_counter()
        importer = Importer(CaseService(store), dry_run=args.dry_run, allow_duplicates=args.allow_duplicates,
                            skip_possible_duplicates=args.skip_possible_duplicates, places=places)
        try:
            report = importer.run(Path(args.file))
        except (ImportAborted, TableError) as exc:
            raise CliError(f"{exc}\nНічого не імпортовано. / Nothing was imported.") from None
        except (OSError, csv.Error) as exc:  # unreadable or damaged file part-way through
            raise CliError(f"Не вдалося прочитати файл: {type(exc).__name__}. Нічого не імпортовано. / "
                           "Cannot read the file; nothing was imported.") from None
        say(report.render())
        if importer.analysis is not None:
            _print_questions(importer.analysis)
        say(f"Тривалість / took: {time.perf_counter() - started:.1f} с")
        if args.report:
            report.write(Path(args.report))
            say(f"Звіт записано / report written: {args.report}")
    finally:
        store.close()
    return 1 if (report.failed or report.skipped) else 0


def cmd_export(args) -> int:
    from desktop.services import exporter

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "jsonl")
    if fmt not in exporter.FORMATS:
        raise CliError("Формат: jsonl, csv або xlsx (--format). / Format: jsonl, csv or xlsx.", 2)
    if fmt == "xlsx" and not args.out:
        raise CliError("Для xlsx потрібен файл: --out FILE. / XLSX needs --out FILE.", 2)
    from desktop.services.export_log import record_export

    store = open_store(args)
    try:
        if args.out:
            try:
                if fmt == "jsonl":
                    count = exporter.export_to_file(store.engine, fmt, Path(args.out))
                    record_export(store, what="cases", fmt=fmt, path=args.out, count=count, scope="all")
                else:  # recorded by the service, as from the window
                    count = exporter.export_cases(store, fmt, Path(args.out))
            except OSError as exc:
                raise CliError(f"Не вдалося записати файл: {exc.strerror or exc}. / Cannot write the file.") from None
            print(f"Експортовано справ / cases exported: {count} → {args.out}", file=sys.stderr)
        else:
            sys.stdout.flush()
            out = sys.stdout.buffer
            # No BOM on a pipe: the reader is a program, not Excel.
            count = exporter.write_csv(store.engine, out, bom=False) if fmt == "csv" \
                else exporter.write_jsonl(store.engine, out)
            out.flush()
            record_export(store, what="cases", fmt=fmt, path=None, count=count, scope="all")
    finally:
        store.close()
    return 0


def cmd_search(args) -> int:
    from sqlalchemy import select

    from desktop.services.import_columns import CATEGORY_LABELS, STATUS_LABELS
    from desktop.services.search import CaseSearch
    from desktop.store import tables as t
    from sync.records.dates import format_date, parse_date

    store = open_store(args)
    try:
        hits = CaseSearch(store.engine).search(args.query, limit=args.limit)
        ci = t.case_index.c
        with store.engine.connect() as conn:
            rows = {r.case_id: r for r in conn.execute(select(
                ci.case_id, ci.surname, ci.given_name, ci.patronymic, ci.birth_date, ci.category, ci.status)
                .where(ci.case_id.in_([h.case_id for h in hits]))).all()}
    finally:
        store.close()
    found = [(h, rows[h.case_id]) for h in hits if h.case_id in rows]
    if args.json:
        say(json.dumps([{"case_id": h.case_id, "surname": r.surname, "given_name": r.given_name,
                         "patronymic": r.patronymic, "birth_date": r.birth_date, "category": r.category,
                         "status": r.status, "score": h.score, "matched": h.matched} for h, r in found],
                       ensure_ascii=False, indent=1, default=str))
        return 0
    if not found:
        say("Нічого не знайдено. / Nothing found.")
        return 0
    for _, r in found:
        name = " ".join(p for p in (r.surname, r.given_name, r.patronymic) if p)
        born = format_date(parse_date(r.birth_date)) if r.birth_date else "—"
        say(f"{name}\t{born}\t{CATEGORY_LABELS.get(r.category, r.category or '')}\t"
            f"{STATUS_LABELS.get(r.status, r.status or '')}\t{r.case_id}")
    return 0


def cmd_users(args) -> int:
    """The people of this laptop (desktop/services/users.py, the same as Settings → Users)."""
    from desktop.services.users import NotAllowed, UserError, UserService
    from desktop.store.keyslots import KeySlotError, KeySlots

    folder = data_dir(args)
    require_store(folder)
    slots = KeySlots(folder)
    try:
        if args.users_command == "passwd" and not args.reset:
            # The user's own current password: from PORUCH_PASSWORD or a prompt. Rewraps one slot.
            old = password(f"Поточний пароль користувача «{args.user}»: ")
            new = new_password(ENV_NEW_PASSWORD, args.user)
            auth_errors(slots.change_password, args.user, old, new)
            say(f"Пароль користувача «{args.user}» змінено.")
            return 0
        store = open_store(args)
        try:
            users = UserService(store)
            if args.users_command == "list":
                for u in users.users():
                    server = ("" if not users.enrolled else "\tна сервері" if u.signed_in
                              else "\tще не входив на сервер")
                    waiting = f"\tчекають змін: {u.waiting}" if u.waiting else ""
                    say(f"{u.username}\t{u.display_name}\t{ROLE_LABELS.get(u.role, u.role)}{server}{waiting}")
            elif args.users_command == "add":
                secret = new_password(ENV_NEW_PASSWORD, args.user)
                server_secret = None
                if users.enrolled and not args.offline:
                    server_secret = os.environ.get(ENV_SERVER_PASSWORD) or None
                row = users.add(args.user, secret, display_name=args.display_name or "", role=args.role,
                                server_password=server_secret, offline=args.offline)
                say(f"Додано користувача «{row.username}» ({ROLE_LABELS.get(row.role, row.role)}).")
                if users.enrolled and not row.signed_in:
                    say("Користувач ще не ввійшов на сервер: його зміни чекатимуть, доки він не ввійде "
                        "(poruch users signin). / Not signed in to the server yet: their changes wait.")
            elif args.users_command == "signin":
                users.sign_in(os.environ.get(ENV_SERVER_PASSWORD) or password(
                    f"Пароль користувача «{store.author}» на сервері / Server password: "))
                say(f"«{store.author}» увійшов на сервер; його зміни підуть із наступною синхронізацією.")
            elif args.users_command == "passwd":  # --reset: a supervisor sets a forgotten password
                users.reset_password(args.user, new_password(ENV_NEW_PASSWORD, args.user))
                say(f"Пароль користувача «{args.user}» встановлено заново.")
                if users.enrolled:
                    say("Щоб надсилати зміни, він має знову ввійти на сервер (poruch users signin).")
            elif args.users_command == "remove":
                users.remove(args.user, drop_waiting=args.force)
                say(f"Користувача «{args.user}» видалено з цього пристрою; його записи в справах лишаються.")
        finally:
            store.close()
    except NotAllowed as exc:
        raise CliError(str(exc), 2) from None
    except (KeySlotError, UserError) as exc:
        raise CliError(str(exc)) from None
    except SyncError as exc:
        raise CliError(exc.message, exc.exit_code) from None
    return 0


def check_key_slots(folder: Path) -> tuple[list[str], list]:
    """Problems of the slot file (parseable, every slot complete) and the users it lists."""
    import base64

    from desktop.store.keyslots import KeySlotError, KeySlots

    slots = KeySlots(folder)
    if not slots.exists():
        return ["файл ключів (keyslots.json) відсутній: базу неможливо відкрити. / The key slot file is missing."], []
    try:
        users = slots.users()
        doc = json.loads(slots.path.read_text("utf-8"))
    except (KeySlotError, OSError, ValueError) as exc:
        return [str(exc)], []
    problems = []
    sizes = {"salt": 16, "nonce": 12, "wrapped_key": 48}  # wrapped: 32-byte key + 16-byte GCM tag
    for name, slot in sorted(doc["slots"].items()):
        try:
            ok = all(len(base64.b64decode(slot[k], validate=True)) == n for k, n in sizes.items())
            ok = ok and all(int(slot["kdf_params"][k]) > 0 for k in ("iterations", "lanes", "memory_cost"))
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            problems.append(f"ключ користувача «{name}» пошкоджено: він не зможе увійти. / Slot damaged.")
    if not users:
        problems.append("у файлі ключів немає жодного користувача. / No users in the key slot file.")
    return problems, users


def check_store(store, *, repair: bool = False) -> tuple[list[str], list[str]]:
    """(information, problems) about an unlocked store: database integrity, outbox, the case list."""
    from sqlalchemy import func, select

    from desktop.store import tables as t
    from desktop.store.database import integrity_check, writing

    info: list[str] = []
    problems = [f"база даних / database: {p}" for p in integrity_check(store.engine)]
    r, ci = t.records.c, t.case_index.c
    live = select(r.id).where(r.type == "case", r.deleted == 0)
    with store.engine.connect() as conn:
        pending = conn.execute(select(func.count()).select_from(t.outbox)).scalar()
        cases = conn.execute(select(func.count()).select_from(live.subquery())).scalar()
        missing = conn.execute(live.where(r.id.not_in(select(ci.case_id)))).scalars().all()
        extra = conn.execute(select(ci.case_id).where(ci.case_id.not_in(live))).scalars().all()
        for key in ("device_id", "office_id"):
            if store.get_meta(key) is None:
                problems.append(f"у базі немає «{key}». / Missing {key} in meta.")
    info.append(f"Справ / cases: {cases}; змін, що очікують синхронізації / pending changes: {pending}")
    if missing or extra:
        text = (f"список справ не збігається із записами: {len(missing)} справ відсутні у списку, "
                f"{len(extra)} зайвих. / The case list does not match the records.")
        if repair:
            with writing(store.engine) as conn, conn.begin():
                store.projector.refresh(conn, [*missing, *extra])  # with the hostilities flags in force
            info.append(f"Список справ перебудовано / case list rebuilt: {len(missing) + len(extra)}")
        else:
            problems.append(text + " Виправити: poruch check --repair")
    return info, problems


def cmd_check(args) -> int:
    folder = data_dir(args)
    require_store(folder)
    problems, users = check_key_slots(folder)
    if not problems:  # without a readable slot the database cannot be opened at all
        store = open_store(args)
        try:
            from desktop.store.identity import all_users

            with store.engine.connect() as conn:  # the roles are the store's, not the slot file's
                roles = {u.username: u.role for u in all_users(conn)}
            say("Користувачі / users: " + ", ".join(f"{u.username} ({roles.get(u.username, '?')})" for u in users))
            info, problems = check_store(store, repair=args.repair)
        finally:
            store.close()
        for line in info:
            say(line)
    for p in problems:
        say(f"ПРОБЛЕМА / PROBLEM: {p}")
    if problems:
        return 1
    say("Перевірку пройдено: проблем не знайдено. / All checks passed.")
    return 0


def cmd_report(args) -> int:
    """The office report (or, on a district laptop, the district report) for a period, offline."""
    from desktop.services.reports import FORMATS, ReportService
    from sync.reports.period import PeriodError, last_month, parse_period

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() if args.out else "")
    if fmt not in FORMATS:
        raise CliError("Формат звіту: xlsx, csv або pdf (--format або розширення файлу --out). / "
                       "Report format: xlsx, csv or pdf.", 2)
    try:
        period = parse_period(args.period) if args.period else last_month()
    except PeriodError as exc:
        raise CliError(str(exc), 2) from None
    out = Path(args.out) if args.out else Path(f"poruch-report-{period.code}.{fmt}")
    store = open_store(args)
    try:
        service = ReportService(store)
        stale = service.stale_cases()
        if stale > 500:
            print(f"Оновлюю дані для звітів: {stale} справ… / Updating report data for {stale} cases…",
                  file=sys.stderr, flush=True)
        layout = {"office": "office", "district": "district"}.get(args.layout or "")
        result = service.report(period, layout=layout, lang=args.lang)
        try:
            service.save(result, fmt, out)
        except OSError as exc:
            raise CliError(f"Не вдалося записати файл: {exc.strerror or exc}. / Cannot write the file.") from None
    finally:
        store.close()
    print(f"{result.title}: {result.scope}, {period.label(args.lang)} → {out}", file=sys.stderr)
    return 0


def cmd_reference(args) -> int:
    from sync.reference import install_edition

    try:
        report = install_edition(Path(args.file), data_dir(args), edition=args.edition)
    except (OSError, ValueError) as exc:
        raise CliError(str(exc)) from None
    say(report.summary())
    return 0


# --- parser ----------------------------------------------------------------------------------------

def register(sub) -> None:
    """Add the store commands to the `poruch` parser (desktop.cli.build_parser)."""
    s = sub.add_parser("init", help="створити нове зашифроване сховище з першим користувачем (керівник)")
    s.add_argument("--username", required=True)
    s.add_argument("--display-name")
    s.add_argument("--office-name")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("import", help="імпортувати CSV, XLSX або XLS (нові справи; рядки з id — виправлення справ)")
    s.add_argument("file")
    s.add_argument("--dry-run", action="store_true", help="лише перевірити, нічого не записувати")
    s.add_argument("--report", help="записати проблемні рядки у файл: .xlsx або .csv")
    s.add_argument("--allow-duplicates", action="store_true",
                   help="реєструвати й тих, чий РНОКПП чи УНЗР уже є у сховищі або вище у файлі")
    s.add_argument("--skip-possible-duplicates", action="store_true",
                   help="не реєструвати й можливих дублікатів (схоже ім'я і та сама дата народження, та сама довідка)")
    s.add_argument("--place", action="append", metavar="ТЕКСТ=КОД",
                   help="код КАТОТТГ для місця, записаного текстом, яке підходить до кількох місць (можна кілька разів)")
    user_option(s)
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("export", help="експортувати всі справи: jsonl, csv або xlsx")
    s.add_argument("--format", choices=("jsonl", "csv", "xlsx"))
    s.add_argument("--out", help="файл (без нього jsonl і csv пишуться у stdout)")
    user_option(s)
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("report", help="звіт офісу (або району на районному ноутбуці) за період: xlsx, csv, pdf")
    s.add_argument("--period", help="місяць 2026-11, квартал 2026-Q4, рік 2026 або дати 2026-01-01..2026-03-31 "
                                    "(типово — минулий місяць)")
    s.add_argument("--format", choices=("xlsx", "csv", "pdf"), help="типово — за розширенням --out")
    s.add_argument("--out", help="файл звіту (типово poruch-report-ПЕРІОД.ФОРМАТ у поточній теці)")
    s.add_argument("--layout", choices=("office", "district"),
                   help="office: усі офіси разом; district: стовпець на кожен офіс (типово — за охопленням ноутбука)")
    s.add_argument("--lang", choices=("uk", "en"), default="uk")
    user_option(s)
    s.set_defaults(func=cmd_report)

    s = sub.add_parser("search", help="знайти особу: ім'я кирилицею чи латиницею, РНОКПП, телефон, довідка")
    s.add_argument("query")
    s.add_argument("--json", action="store_true")
    s.add_argument("--limit", type=int, default=50)
    user_option(s)
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("users", help="користувачі цього пристрою")
    us = s.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    a = us.add_parser("add", help="додати колегу (пароль нового: PORUCH_NEW_PASSWORD або запит); на підключеному "
                                  "комп'ютері він входить на сервер своїм паролем (PORUCH_SERVER_PASSWORD, "
                                  "типово — той самий)")
    a.add_argument("user")
    a.add_argument("--role", choices=ROLES, default="caseworker", help="роль в автономному офісі (інакше — від сервера)")
    a.add_argument("--display-name")
    a.add_argument("--offline", action="store_true",
                   help="додати без входу на сервер: його зміни чекатимуть, доки він не ввійде")
    a = us.add_parser("signin", help="увійти на сервер (пароль на сервері: PORUCH_SERVER_PASSWORD або запит)")
    a = us.add_parser("passwd", help="змінити пароль (старий: PORUCH_PASSWORD, новий: PORUCH_NEW_PASSWORD)")
    a.add_argument("user")
    a.add_argument("--reset", action="store_true",
                   help="керівник встановлює новий пароль без старого (входить своїм паролем)")
    a = us.add_parser("remove", help="видалити ключ користувача з цього пристрою")
    a.add_argument("user")
    a.add_argument("--force", action="store_true", help="навіть якщо його зміни ще не надіслано (вони пропадуть)")
    us.add_parser("list", help="перелік користувачів")
    for a in us.choices.values():
        user_option(a)
    user_option(s)
    s.set_defaults(func=cmd_users)

    s = sub.add_parser("check", help="перевірити цілісність бази, файлу ключів і списку справ")
    s.add_argument("--repair", action="store_true", help="перебудувати список справ, якщо він не збігається")
    user_option(s)
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("reference", help="довідники")
    rs = s.add_subparsers(dest="reference_command", metavar="ACTION", required=True)
    a = rs.add_parser("load-hostilities", help="встановити нову редакцію переліку територій бойових дій/окупації")
    a.add_argument("file")
    a.add_argument("--edition", help="назва редакції, напр. «Наказ № 1234 від 01.09.2025»")
    s.set_defaults(func=cmd_reference)
