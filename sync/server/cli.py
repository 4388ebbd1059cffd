"""`poruch-server`: run the server and administer it from the command line."""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import json
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from sync.server import cli_audit, cli_partners
from sync.server.settings import ServerSettings
from sync.startup import freeze_startup_objects

WORKER_HEALTHCHECK_S = 60


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="poruch-server", description="Poruch central sync server")
    p.add_argument("--data-dir", type=Path, help="server data directory (env PORUCH_SERVER_DATA_DIR)")
    p.add_argument("--database", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host:5432/poruch "
                                      "(env PORUCH_SERVER_DATABASE_URL; default: SQLite in the data directory)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="apply migrations, then serve HTTP")
    s.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=None, help="port (default 8765)")
    s.add_argument("--log-level", default=None, choices=("critical", "error", "warning", "info", "debug"))
    s.add_argument("--workers", type=int, default=1,
                   help="worker processes (default 1; writes stay serialised by the database lock)")
    s.add_argument("--forwarded-allow-ips", default=None,
                   help="comma-separated addresses of TLS proxies whose X-Forwarded-For is trusted (default 127.0.0.1)")

    sub.add_parser("migrate", help="apply database migrations")

    o = sub.add_parser("create-office", help="create an office (and its raion/oblast on demand); prints its id")
    o.add_argument("--name", required=True)
    o.add_argument("--katottg", required=True, help="KATOTTG code of the office's hromada or settlement")

    u = sub.add_parser("create-user", help="create a user (password from PORUCH_PASSWORD or a prompt)")
    u.add_argument("--username", required=True)
    u.add_argument("--role", required=True,
                   choices=("caseworker", "supervisor", "district", "analyst", "administrator"))
    u.add_argument("--office", help="office id (caseworker, supervisor)")
    g = u.add_mutually_exclusive_group()
    g.add_argument("--district-of-office", metavar="ID", help="district user: the district of this office")
    g.add_argument("--raion", metavar="KATOTTG", help="district user: the raion's KATOTTG code")
    u.add_argument("--display-name", default="")

    sub.add_parser("list-offices", help="list offices")
    d = sub.add_parser("list-devices", help="list enrolled devices")
    d.add_argument("--json", action="store_true")
    r = sub.add_parser("revoke-device", help="revoke a device: it is wiped at its next contact")
    r.add_argument("device_id")
    a = sub.add_parser("aggregates", help="the de-identified national release (disclosure control applied)")
    a.add_argument("--level", choices=("oblast", "raion", "hromada"), default="oblast")
    a.add_argument("--from", dest="first", required=True, metavar="YYYY-MM", help="first month")
    a.add_argument("--to", dest="last", metavar="YYYY-MM", help="last month (default: --from)")
    a.add_argument("--tables", help="table ids, comma-separated (default: all)")
    a.add_argument("--format", choices=("json", "csv", "xlsx"), default="json")
    a.add_argument("--out", type=Path, help="file (default: standard output; xlsx needs a file)")
    a.add_argument("--lang", choices=("uk", "en"), default="uk")
    a.add_argument("--min-count", type=int, help="threshold (default: the server's, 10); at least 3")
    sub.add_parser("refresh-report-facts", help="bring the report facts up to date (also done before each report)")
    sub.add_parser("restored", help="run once after restoring the database from a backup: laptops that synced "
                   "after the backup give back what it lost instead of taking its older state (docs/server.md, Backups)")
    c = sub.add_parser("check-digests", help="compare each office's stored digest with its records")
    c.add_argument("--repair", action="store_true", help="rewrite the digests that differ")
    cli_audit.add_parsers(sub)
    cli_partners.add_parsers(sub)
    return p


def _settings(args) -> ServerSettings:
    overrides = {}
    if args.data_dir:
        overrides["data_dir"] = args.data_dir
    if args.database:
        overrides["database_url"] = args.database
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    for name in ("log_level", "forwarded_allow_ips"):
        if getattr(args, name, None):
            overrides[name] = getattr(args, name)
    return ServerSettings(**overrides)


def _engine(settings: ServerSettings):
    from sync.server.db import make_engine, private_folder
    from sync.server.migrations import upgrade

    private_folder(settings.data_dir)  # the audit key and, by default, the database live here
    engine = make_engine(settings.resolved_database_url())
    upgrade(engine)
    return engine


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(settings: ServerSettings, workers: int = 1) -> int:
    import uvicorn

    from sync.server.app import create_app

    engine = _engine(settings)
    from sync.server import restore_guard

    if epoch := restore_guard.check_at_start(engine, settings.data_dir):
        print(f"WARNING: the database's change counter is below the highest this server saw: it was put back to "
              f"an older state without 'poruch-server restored'. New epoch {epoch}: laptops that synced after "
              "that state stop syncing and keep their data (docs/server.md, Backups).", file=sys.stderr)
    if not _is_loopback(settings.host):
        print(f"WARNING: serving plain HTTP on {settings.host}. Clients refuse plain HTTP except on loopback: "
              "terminate TLS in front of this server (a reverse proxy with HTTPS).", file=sys.stderr)
    options = dict(host=settings.host, port=settings.port, log_level=settings.log_level, server_header=False,
                   timeout_graceful_shutdown=5, proxy_headers=True,
                   forwarded_allow_ips=settings.forwarded_allow_ips)
    if workers > 1:
        # uvicorn's supervisor kills a worker that does not answer its ping within the health-check time
        # (default 5 s): on a loaded machine a worker still importing the application, or one busy in a
        # long request, missed it and was killed and started again, over and over (never healthy in
        # 120 s at load 30). A worker that has really died is still replaced at once.
        options["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK_S
        # Worker processes build the app from the environment: hand them the resolved settings.
        engine.dispose()
        os.environ["PORUCH_SERVER_DATA_DIR"] = str(settings.data_dir)
        os.environ["PORUCH_SERVER_DATABASE_URL"] = settings.resolved_database_url()
    # The highest change number, kept beside the database (sync.server.restore_guard), by this process:
    # with several workers, the one that supervises them.
    keeper = restore_guard.MarkKeeper(engine, settings.data_dir).start()
    # uvicorn stops gracefully on SIGTERM, then raises the signal again with the handler it found: without
    # one of ours the process would end there, before the `finally` below writes the number a last time.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if workers > 1:
            uvicorn.run("sync.server.app:create_app", factory=True, workers=workers, **options)
        else:
            app = create_app(settings, engine=engine)
            freeze_startup_objects()
            uvicorn.run(app, **options)
    finally:
        keeper.stop()
    return 0


def _password() -> str:
    password = os.environ.get("PORUCH_PASSWORD")
    if password:
        return password
    try:
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Repeat password: "):
            raise SystemExit("The passwords differ. / Паролі не збігаються.")
    except (EOFError, KeyboardInterrupt):
        raise SystemExit("\nNo password given: set PORUCH_PASSWORD or run the command in a terminal. / "
                         "Пароль не введено: задайте PORUCH_PASSWORD або запустіть команду в терміналі.") from None
    return first


def _ms(value: int | None) -> str:
    return datetime.fromtimestamp(value / 1000, UTC).isoformat(timespec="seconds") if value else "-"


def _aggregates(engine, settings: ServerSettings, args) -> int:
    import csv
    import io

    from sync.reports.aggregates import FLAT_HEADER, flat_rows
    from sync.reports.definitions import NATIONAL_TABLES
    from sync.reports.period import Period, PeriodError, parse_period
    from sync.server.reports import national

    try:
        first, last = parse_period(args.first), parse_period(args.last or args.first)
    except PeriodError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if first.kind != "month" or last.kind != "month" or last.end < first.start:
        print("error: --from and --to are months (YYYY-MM), --to not before --from", file=sys.stderr)
        return 2
    only = [t.strip() for t in args.tables.split(",") if t.strip()] if args.tables else None
    known = {t.id for t in NATIONAL_TABLES}
    if only and not set(only) <= known:
        print(f"error: tables: {', '.join(sorted(known))}", file=sys.stderr)
        return 2
    threshold = args.min_count or settings.aggregates_min_count
    if threshold < 3:
        print("error: --min-count is at least 3", file=sys.stderr)
        return 2
    if args.format == "xlsx" and not args.out:
        print("error: xlsx needs --out FILE", file=sys.stderr)
        return 2
    months = Period(first.start, last.end, "dates").months()
    payload = national(engine, months, level=args.level, lang=args.lang, threshold=threshold, only=only)
    if args.format == "json":
        data = json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    elif args.format == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(FLAT_HEADER[args.lang])
        writer.writerows(flat_rows(payload, args.lang))
        data = ("\ufeff" + text.getvalue() if args.out else text.getvalue()).encode("utf-8")
    else:
        from sync.reports.output.xlsx import write_rows_xlsx

        out = io.BytesIO()
        write_rows_xlsx(FLAT_HEADER[args.lang], flat_rows(payload, args.lang), out, title="aggregates")
        data = out.getvalue()
    if args.out:
        args.out.write_bytes(data)
        print(f"{len(payload['data'])} tables of {len(payload['areas'])} areas x {len(months)} month(s) "
              f"-> {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = _settings(args)
    if args.command == "serve":
        return _serve(settings, args.workers)
    engine = _engine(settings)
    from sync.server import admin_ops
    from sync.server.db import write_transaction
    from sync.server.orgs import OrgError, create_office

    try:
        if args.command == "migrate":
            from sqlalchemy.engine import make_url

            from sync.server.migrations import current_revision

            url = make_url(settings.resolved_database_url()).render_as_string(hide_password=True)
            print(f"database schema at revision {current_revision(engine)} (the newest): {url}")
        elif args.command == "create-office":
            with write_transaction(engine) as conn:
                print(create_office(conn, args.name, args.katottg))
        elif args.command == "create-user":
            with write_transaction(engine) as conn:
                org = admin_ops.resolve_user_org(conn, args.role, office_id=args.office,
                                                 district_of_office=args.district_of_office, raion_katottg=args.raion)
            password = _password()
            with write_transaction(engine) as conn:
                print(admin_ops.create_user(conn, args.username, password, args.role, org, args.display_name))
        elif args.command == "list-offices":
            with engine.connect() as conn:
                for o in admin_ops.list_offices(conn):
                    print(f"{o['id']}  {o['katottg'] or '-':19}  {o['name']}  ({o['raion'] or '-'})")
        elif args.command == "list-devices":
            with engine.connect() as conn:
                devices = admin_ops.list_devices(conn)
            if args.json:
                print(json.dumps(devices, indent=1))
            for d in [] if args.json else devices:
                state = f"revoked {_ms(d['revoked_at'])}" if d["revoked_at"] else "active"
                since = {None: "", True: "  synced since the restore", False: "  NOT synced since the restore"}
                print(f"{d['id']}  {d['name'] or '-'}  org={d['org_id']}  enrolled={_ms(d['created_at'])}  "
                      f"last_seen={_ms(d['last_seen_at'])}  {state}{since[d['since_restore']]}")
        elif args.command == "revoke-device":
            with write_transaction(engine) as conn:
                if not admin_ops.revoke_device(conn, args.device_id):
                    print(f"no such device: {args.device_id}", file=sys.stderr)
                    return 1
            print(f"revoked {args.device_id}")
        elif args.command == "audit":
            if args.audit_command == "verify":
                return cli_audit.verify(engine, settings, args.checkpoint, args.json)
            return cli_audit.query(engine, args)
        elif args.command == "partners":
            return cli_partners.run(engine, args)
        elif args.command == "policy":
            return cli_audit.policy(engine, args)
        elif args.command == "aggregates":
            return _aggregates(engine, settings, args)
        elif args.command == "refresh-report-facts":
            from sync.server.reports import refresh_facts

            print(f"report facts rebuilt for {refresh_facts(engine)} case(s)")
        elif args.command == "restored":
            from sync.server.restore_guard import begin_epoch

            epoch, seq = begin_epoch(engine, settings.data_dir)
            print(f"new epoch {epoch}, beginning at change number {seq}. Laptops holding changes numbered above "
                  "it synced after the backup: at their next sync they give back the work this database lost "
                  "(switch them all on, supervisors' too; docs/server.md, Backups); the others go on. "
                  "'list-devices' shows which have synced since.")
        elif args.command == "check-digests":
            from sync.server.db import writer

            with writer(engine) as conn:  # under the writer lock: no push changes records meanwhile
                wrong = admin_ops.check_digests(conn, repair=args.repair)
            for office in wrong:
                print(f"{'repaired' if args.repair else 'differs'}: {office}")
            print("all digests match" if not wrong else f"{len(wrong)} office(s) differ")
            return 1 if wrong and not args.repair else 0
    except (admin_ops.AdminError, OrgError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
