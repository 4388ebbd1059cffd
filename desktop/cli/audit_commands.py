"""`poruch audit`: the laptop's own hash-chained audit log (desktop/store/audit.py).

`verify` checks the whole local chain and the server's last signed checkpoint against it (the
checkpoint's entry must still be here, with the hash the server signed: a log cut short or rewritten
below it shows). `checkpoint` prints the kept checkpoint as JSON, for `poruch-server audit verify
--checkpoint FILE`. `show` lists the entries (names of fields, never values).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from desktop.cli.common import CliError, open_store, say, user_option


def register(sub) -> None:
    s = sub.add_parser("audit", help="журнал аудиту цього комп'ютера / this laptop's audit log")
    a = s.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    for name, text in (("verify", "перевірити ланцюжок і останню підписану сервером контрольну точку"),
                       ("checkpoint", "надрукувати останню контрольну точку (JSON) для poruch-server audit verify"),
                       ("show", "показати записи журналу")):
        p = a.add_parser(name, help=text)
        user_option(p)
        if name == "show":
            p.add_argument("--limit", type=int, default=50)
    user_option(s)
    s.set_defaults(func=cmd_audit)


def cmd_audit(args) -> int:
    from desktop.store import audit
    from sync.auditchain import Checkpoint, signature_valid

    store = open_store(args)
    try:
        kept = store.get_meta(audit.AUDIT_CHECKPOINT_KEY)
        with store.engine.connect() as conn:
            if args.audit_command == "checkpoint":
                if not kept:
                    raise CliError("Контрольної точки ще немає: журнал ще не надсилали на сервер. / No checkpoint yet.")
                say(json.dumps(kept, ensure_ascii=False))
                return 0
            if args.audit_command == "show":
                size = audit.size(conn)
                for e in audit.entries_after(conn, max(0, size - args.limit), args.limit):
                    at = datetime.fromtimestamp(e["at"] / 1000, UTC).strftime("%d.%m.%Y %H:%M:%S")
                    fields = ",".join(e["fields"] or [])
                    say(f"{e['seq']}\t{at}\t{e['user']}\t{e['action']}\t{e['case_id'] or '-'}\t"
                        f"{e['record_type'] or '-'}\t{fields}")
                return 0
            problems = [f"запис {b.seq}: {b.kind} ({b.detail})" for b in audit.verify(conn)]
            size = audit.size(conn)
            if kept:
                cp = Checkpoint.parse(kept["text"])
                if not signature_valid(kept["public_key"], kept["text"], kept["signature"]):
                    problems.append("контрольну точку не підписано ключем сервера / checkpoint signature invalid")
                held = [e for e in audit.entries_after(conn, cp.size - 1, 1) if e["seq"] == cp.size]
                if cp.size and (not held or held[0]["hash"] != cp.hash):
                    problems.append(f"запис {cp.size}, підписаний сервером, зникнув або змінився / "
                                    "the entry the server signed is missing or rewritten")
    finally:
        store.close()
    for p in problems:
        say(f"ПРОБЛЕМА / PROBLEM: {p}")
    if problems:
        return 1
    say(f"Журнал аудиту цілий: записів {size}. / The audit log is intact: {size} entries.")
    return 0
