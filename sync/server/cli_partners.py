"""`poruch-server partners list|show|add|edit|retire|restore|import|export`: the national directory of
referral partners (sync.server.partners). Laptops receive changes with their next sync."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

_FIELDS = (("name", "назва"), ("kind", "вид: office, state, ngo, international, business, community"),
           ("services", "коди послуг через ;"), ("territories", "коди КАТОТТГ через ; (порожньо: уся країна)"),
           ("phone", "телефон"), ("email", "ел. пошта"), ("address", "адреса"), ("website", "сайт"),
           ("notes", "примітки"))


def add_parsers(sub) -> None:
    p = sub.add_parser("partners", help="the national directory of referral partners")
    ps = p.add_subparsers(dest="partners_command", required=True)
    ls = ps.add_parser("list", help="list entries")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--active", action="store_true", help="leave retired entries out")
    sh = ps.add_parser("show", help="one entry as JSON")
    sh.add_argument("code")
    add = ps.add_parser("add", help="add an entry")
    add.add_argument("--code", required=True, help="short latin code, e.g. legal_aid_centre_kyiv")
    edit = ps.add_parser("edit", help="change the given fields of an entry")
    edit.add_argument("code")
    for parser, required in ((add, True), (edit, False)):
        for name, text in _FIELDS:
            parser.add_argument(f"--{name}", required=required and name in ("name", "kind"), help=text)
    for name, text in (("retire", "retire an entry: laptops stop offering it"), ("restore", "undo a retire")):
        r = ps.add_parser(name, help=text)
        r.add_argument("code")
    im = ps.add_parser("import", help="add or update entries from a CSV (all or nothing)")
    im.add_argument("file", type=Path)
    ps.add_parser("export", help="every entry as CSV on standard output (the import's columns)")


def run(engine: Engine, args) -> int:
    # Imported here, not above: every `poruch-server` command builds this parser, and the directory's
    # module brings FastAPI with its routes (0.3 s of a command's start).
    from sync.partners import PartnerError, to_csv
    from sync.server import partners as ops
    from sync.server.db import write_transaction

    cmd = args.partners_command
    try:
        if cmd in ("list", "export", "show"):
            with engine.connect() as conn:
                found = ops.list_partners(conn, retired=not getattr(args, "active", False))
            if cmd == "export":
                sys.stdout.write(to_csv(found))
            elif cmd == "show":
                match = [p for p in found if p.code == args.code]
                if not match:
                    return _missing(args.code)
                print(json.dumps(match[0].model_dump(exclude={"local_office"}), ensure_ascii=False, indent=1))
            elif args.json:
                print(json.dumps([p.model_dump(exclude={"local_office"}) for p in found], ensure_ascii=False, indent=1))
            else:
                for p in found:
                    where = ";".join(p.territories) or "Україна"
                    print(f"{p.code:32} {p.kind:13} {'(вибув) ' if p.retired else ''}{p.name}  [{where}]")
                print(f"{len(found)} entries")
        elif cmd == "add":
            with write_transaction(engine) as conn:
                p = ops.add_partner(conn, _given(args) | {"code": args.code}, by=None)
            print(f"added {p.code}")
        elif cmd == "edit":
            changes = _given(args)
            if not changes:
                print("nothing to change: give --name, --services, ...", file=sys.stderr)
                return 2
            with write_transaction(engine) as conn:
                ops.edit_partner(conn, args.code, changes, by=None)
            print(f"updated {args.code}")
        elif cmd in ("retire", "restore"):
            with write_transaction(engine) as conn:
                changed = ops.retire_partner(conn, args.code, by=None, retired=cmd == "retire")
            print(f"{cmd}d {args.code}" if changed else f"{args.code}: already {cmd}d")
        elif cmd == "import":
            with write_transaction(engine) as conn:
                report = ops.import_csv(conn, args.file.read_bytes(), by=None)  # writes nothing on a problem
            for line, problem in report.problems:
                print(f"line {line}: {problem}" if line else problem, file=sys.stderr)
            if report.problems:
                print(f"nothing imported: {len(report.problems)} problem(s)", file=sys.stderr)
                return 1
            print(f"added {len(report.added)}, updated {len(report.updated)}, unchanged {report.unchanged}")
    except KeyError:
        return _missing(args.code)
    except (PartnerError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _given(args) -> dict:
    return {name: getattr(args, name) for name, _ in _FIELDS if getattr(args, name) is not None}


def _missing(code: str) -> int:
    print(f"no such partner: {code}", file=sys.stderr)
    return 1
