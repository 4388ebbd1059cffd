"""`poruch-server audit verify|query` and `poruch-server policy show|set`.

`audit verify` recomputes the server log's hash chain, checks each laptop's log as received (numbers
without gaps, every hash following from the one before), lists the breaks flagged when entries
arrived, and, given a checkpoint a laptop kept (`poruch audit checkpoint`), checks that the server's
log still holds what the checkpoint was signed for. Exit code 0 when everything holds, 1 otherwise.

`audit query` answers "who viewed or changed case X", "what did user Y export", by time range.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine, select

from sync.server import audit_query
from sync.server import models as m
from sync.server.settings import ServerSettings


def add_parsers(sub) -> None:
    a = sub.add_parser("audit", help="check the audit log's hash chains, or ask it questions")
    asub = a.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help="check the server's chain and every laptop's chain (exit 1 on a break)")
    v.add_argument("--checkpoint", type=Path, action="append", default=[],
                   help="a checkpoint a laptop kept (JSON from `poruch audit checkpoint`); may be repeated")
    v.add_argument("--json", action="store_true")
    q = asub.add_parser("query", help="entries by case, user, device, kind of action and time (newest first)")
    q.add_argument("--case", default="", help="case id: who viewed or changed it")
    q.add_argument("--user", default="", help="user name: what they did")
    q.add_argument("--device", default="", help="device id")
    q.add_argument("--what", choices=sorted(audit_query.CATEGORIES), default="",
                   help="views, changes, exports, sign_ins, wipes, chain (breaks of a laptop's log)")
    q.add_argument("--action", default="", help="one action exactly, e.g. laptop_export")
    q.add_argument("--since", default="", help="first day, YYYY-MM-DD (UTC)")
    q.add_argument("--until", default="", help="last day, YYYY-MM-DD (UTC), included")
    q.add_argument("--limit", type=int, default=200)
    q.add_argument("--json", action="store_true", help="one JSON object per line")

    p = sub.add_parser("policy", help="an office's policies (closure approval, wipe after failed unlocks, lockout)")
    psub = p.add_subparsers(dest="policy_command", required=True)
    show = psub.add_parser("show", help="the policies of every office, or of one")
    show.add_argument("--office", default="")
    s = psub.add_parser("set", help="change an office's policies")
    s.add_argument("--office", required=True, help="office id")
    s.add_argument("--closure-approval", choices=("on", "off"), help="closing a case needs a supervisor")
    s.add_argument("--wipe-after", metavar="N|off", help="wipe a laptop after N failed unlocks (3-100), or off")
    s.add_argument("--lockout-days", metavar="D|off", help="lock a laptop after D days without contact, or off")


def _day_ms(text: str, *, after: bool = False) -> int | None:
    if not text:
        return None
    day = date.fromisoformat(text)
    if after:
        day += timedelta(days=1)
    return int(datetime.combine(day, time(), UTC).timestamp() * 1000)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


# --- audit verify -------------------------------------------------------------------------------------
def verify(engine: Engine, settings: ServerSettings, checkpoints: list[Path], as_json: bool) -> int:
    # The chains' modules (the protocol's models, cryptography) are imported by the command that needs
    # them, not by every `poruch-server` command that builds this parser.
    from sync.auditchain import public_key_text
    from sync.server.audit import verify_server_chain
    from sync.server.signing import load_or_create

    report = verify_server_chain(engine)
    problems: list[str] = [f"server log: entry {i} does not follow from the entry before (removed, inserted or "
                           "edited entries)" for i in report.broken_at]
    devices = _device_chains(engine)
    for device_id, breaks in devices.items():
        problems += [f"laptop {device_id}: entry {b.seq}: {b.kind} ({b.detail})" for b in breaks]
    with engine.connect() as conn:
        flagged = conn.execute(select(m.audit_log.c.device_id, m.audit_log.c.object_ids, m.audit_log.c.at)
                               .where(m.audit_log.c.action == "audit_chain_break").order_by(m.audit_log.c.id)).all()
    for row in flagged:
        ids = json.loads(row.object_ids)
        problems.append(f"laptop {row.device_id}: flagged when received {_iso(row.at)}: entry {ids.get('seq')} "
                        f"{ids.get('kind')} ({ids.get('detail', '')})")
    key = public_key_text(load_or_create(settings.audit_key_path()))
    for path in checkpoints:
        problems += [f"checkpoint {path.name}: {p}" for p in _check_checkpoint(engine, key, path)]
    if as_json:
        print(json.dumps({"ok": not problems, "entries": report.entries, "last_id": report.last_id,
                          "last_hash": report.last_hash, "laptops": len(devices), "problems": problems},
                         ensure_ascii=False, indent=1))
    else:
        print(f"server log: {report.entries} entries, last {report.last_id} {report.last_hash[:16]}…; "
              f"{len(devices)} laptop log(s)")
        for p in problems:
            print(f"BROKEN: {p}")
        print("the audit log is intact" if not problems else f"{len(problems)} problem(s)")
    return 0 if not problems else 1


def _device_chains(engine: Engine) -> dict[str, list]:
    """Each laptop's entries as received, checked as a chain of its own."""
    from sync.auditchain import verify_laptop_chain
    from sync.server.audit_intake import LAPTOP_PREFIX, laptop_entry

    a = m.audit_log.c
    out: dict[str, list] = {}
    with engine.connect() as conn:
        device_ids = [r[0] for r in conn.execute(select(a.device_id).where(a.device_seq.is_not(None)).distinct())]
        for device_id in sorted(device_ids):
            rows = conn.execute(select(a.at, a.action, a.object_ids, a.device_seq)
                                .where(a.device_id == device_id, a.device_seq.is_not(None),
                                       a.action.startswith(LAPTOP_PREFIX)).order_by(a.device_seq, a.id)).all()
            out[device_id] = verify_laptop_chain(laptop_entry(r) for r in rows)
    return out


def _check_checkpoint(engine: Engine, public_key: str, path: Path) -> list[str]:
    from sync.auditchain import Checkpoint, signature_valid
    from sync.server.audit_intake import LAPTOP_PREFIX

    try:
        doc = json.loads(path.read_text("utf-8"))
        cp = Checkpoint.parse(doc["text"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"unreadable ({exc})"]
    if not signature_valid(public_key, doc["text"], doc.get("signature", "")):
        return ["not signed by this server's audit key"]
    a = m.audit_log.c
    problems = []
    with engine.connect() as conn:
        server_row = conn.execute(select(a.hash).where(a.id == cp.server_size)).first()
        if server_row is None:
            problems.append(f"the server log has no entry {cp.server_size} (cut short below the checkpoint)")
        elif server_row.hash != cp.server_hash:
            problems.append(f"the server log's entry {cp.server_size} is not the one signed (rewritten)")
        if cp.size:
            held = conn.execute(select(a.object_ids).where(a.device_id == cp.device_id, a.device_seq == cp.size,
                                                           a.action.startswith(LAPTOP_PREFIX))).first()
            if held is None:
                problems.append(f"laptop entry {cp.size} is missing from the server log")
            elif json.loads(held.object_ids).get("hash") != cp.hash:
                problems.append(f"laptop entry {cp.size} is not the one signed (rewritten)")
    return problems


# --- audit query --------------------------------------------------------------------------------------
def query(engine: Engine, args: argparse.Namespace) -> int:
    try:
        since, until = _day_ms(args.since), _day_ms(args.until, after=True)
    except ValueError:
        print("error: --since and --until are dates, YYYY-MM-DD", file=sys.stderr)
        return 2
    f = audit_query.AuditFilter(username=args.user, device_id=args.device, case_id=args.case, action=args.action,
                                category=args.what, since_ms=since, until_ms=until)
    with engine.connect() as conn:
        rows = audit_query.entries(conn, f, max(1, min(args.limit, 100_000)))
        names = {r.id: r.username for r in conn.execute(select(m.users.c.id, m.users.c.username))}
    for e in rows:
        who = names.get(e["user_id"]) or e["ids"].get("user") or "-"
        if args.json:
            print(json.dumps({"id": e["id"], "at": _iso(e["at"]), "action": e["action"], "user": who,
                              "device_id": e["device_id"], "objects": e["ids"]}, ensure_ascii=False))
        else:
            objects = "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                                for k, v in e["ids"].items() if k != "hash")
            print(f"{_iso(e['at'])}  {e['action']:<24} {who:<20} {(e['device_id'] or '-')[:8]:<8}  {objects}")
    if not args.json:
        print(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}", file=sys.stderr)
    return 0


# --- policy ---------------------------------------------------------------------------------------------
def _setting(text: str | None):
    if text is None:
        return "keep"
    if text.strip().lower() == "off":
        return None
    try:
        return int(text)
    except ValueError:
        return text  # refused by set_policy with its range


def policy(engine: Engine, args: argparse.Namespace) -> int:
    from sync.server.admin_ops import list_offices
    from sync.server.db import write_transaction
    from sync.server.policies import policies, set_policy

    if args.policy_command == "set":
        with write_transaction(engine) as conn:
            p = set_policy(conn, args.office, by=None,
                           closure_requires_approval=None if args.closure_approval is None
                           else args.closure_approval == "on",
                           wipe_after_failed_unlocks=_setting(args.wipe_after),
                           lockout_after_days=_setting(args.lockout_days))
        offices = [{"id": p.office_id, "name": ""}]
        found = {p.office_id: p}
    else:
        with engine.connect() as conn:
            offices = [o for o in list_offices(conn) if not args.office or o["id"] == args.office]
            found = policies(conn, [o["id"] for o in offices])
    for o in offices:
        p = found[o["id"]]
        print(f"{o['id']}  closure approval: {'on' if p.closure_requires_approval else 'off'}; "
              f"wipe after failed unlocks: {p.wipe_after_failed_unlocks or 'off'}; "
              f"lockout after days without contact: {p.lockout_after_days or 'off'}"
              + (f"  ({o['name']})" if o["name"] else ""))
    return 0
