"""Transfers between offices and the changes the server refused: `poruch transfer`, `poruch rejected`.

Every step is recorded here and travels with the next `poruch sync` (it works offline).
"""

from __future__ import annotations

import json

from desktop.cli.common import CliError, open_store, say, user_option

STATE_WORDS = {"pending": "чекає відповіді", "accepted": "прийнято", "declined": "відхилено",
               "revoked": "відкликано", "expired": "термін минув"}


def _refused(exc: Exception) -> CliError:
    from desktop.services.rejected_changes import plain_words

    issues = getattr(exc, "issues", None) or []
    code = issues[0].code if issues else str(exc)
    uk, en = plain_words(code)
    if code in ("required",) or (issues and issues[0].field in ("reason", "decision_note")):
        uk, en = "Вкажіть причину.", "Give a reason."
    return CliError(f"{uk} / {en} ({code})")


def _office(service, value: str) -> tuple[str, str | None]:
    """An office id, or the name of one of the offices the directory offers."""
    for o in service.targets():
        if value in (o.id, o.name):
            return o.id, o.name
    return value, None


def cmd_transfer(args) -> int:
    from desktop.services.transfers import TransferService
    from sync.records.issues import ValidationError

    store = open_store(args)
    try:
        service = TransferService(store)
        action = args.transfer_command
        try:
            if action == "list":
                return _list(service, args)
            if action == "send":
                office, name = _office(service, args.to)
                service.request(args.case_id, office, reason=args.reason, consent=args.consent, to_office_name=name)
                say("Запит на передачу записано; його буде надіслано під час синхронізації. "
                    "Доки інший офіс не відповість, справу тут можна лише переглядати.")
            elif action == "accept":
                service.accept(args.transfer_id)
                say("Передачу прийнято; справа надійде після синхронізації.")
            elif action == "decline":
                service.decline(args.transfer_id, args.reason)
                say("Передачу відхилено; офіс-відправник дізнається після синхронізації.")
            elif action == "revoke":
                service.revoke(args.transfer_id)
                say("Передачу відкликано.")
        except ValidationError as exc:
            raise _refused(exc) from None
        except KeyError:
            raise CliError("Не знайдено. / Not found.") from None
    finally:
        store.close()
    return 0


def _list(service, args) -> int:
    transfers = service.list()
    if args.json:
        say(json.dumps([{"id": x.id, **x.data} for x in transfers], ensure_ascii=False, indent=1))
        return 0
    if not transfers:
        say("Передач немає. / No transfers.")
        return 0
    for x in transfers:
        d = x.data
        if x.side == "outgoing":
            where = f"→ {d.get('to_office_name') or d.get('to_office')}"
        else:
            who = d.get("preview_name") or "(без імені: немає згоди)"
            where = f"← {d.get('from_office_name') or d.get('from_office')}: {who}, {d.get('preview_birth_year') or '—'}"
        say(f"{x.id}\t{STATE_WORDS.get(x.state, x.state)}\t{where}\t{d.get('reason') or ''}")
    return 0


def cmd_rejected(args) -> int:
    from desktop.services.rejected_changes import RejectedChanges, plain_words
    from sync.records.issues import ValidationError

    store = open_store(args)
    try:
        service = RejectedChanges(store)
        if args.rejected_command == "list":
            changes = service.list()
            if args.json:
                say(json.dumps([{"change_id": c.change_id, "record_type": c.record_type, "case_id": c.case_id,
                                 "reason": c.reason, "rejected_at": c.rejected_at, "case_here": c.case_here,
                                 "fields": sorted(c.fields)} for c in changes], ensure_ascii=False, indent=1))
                return 0
            if not changes:
                say("Відхилених змін немає. / No refused changes.")
            for c in changes:
                uk, en = plain_words(c.reason)
                say(f"{c.change_id}\t{c.record_type}\t{c.rejected_at}\t{uk} / {en} ({c.reason})")
            return 0
        try:
            if args.rejected_command == "reapply":
                service.reapply(args.change_id)
                say("Зміну внесено знову; її буде надіслано під час синхронізації.")
            else:
                service.discard(args.change_id)
                say("Зміну відкинуто; рішення записано в історію.")
        except ValidationError as exc:
            code = exc.issues[0].code if exc.issues else ""
            words = {"supervisor_only": "Вирішує керівник. / A supervisor decides.",
                     "case_not_here": "Справи вже немає на цьому комп'ютері. / The case is no longer on this "
                                      "computer.",
                     "transfer_pending": "Справа чекає на передачу. / The case is waiting for a transfer."}
            raise CliError(words.get(code, code)) from None
        except KeyError:
            raise CliError("Не знайдено. / Not found.") from None
    finally:
        store.close()
    return 0


def register(sub) -> None:
    s = sub.add_parser("transfer", help="передати справу до іншого офісу; відповісти на вхідні передачі")
    ts = s.add_subparsers(dest="transfer_command", metavar="ACTION", required=True)
    a = ts.add_parser("list", help="вихідні та вхідні передачі")
    a.add_argument("--json", action="store_true")
    user_option(a)
    a = ts.add_parser("send", help="надіслати справу до іншого офісу (керівник або район)")
    a.add_argument("case_id")
    a.add_argument("--to", required=True, help="офіс: id або назва з довідника офісів")
    a.add_argument("--reason", required=True, help="причина передачі")
    a.add_argument("--consent", action="store_true", help="особа погодилася на передачу своїх даних")
    user_option(a)
    a = ts.add_parser("accept", help="прийняти вхідну передачу")
    a.add_argument("transfer_id")
    user_option(a)
    a = ts.add_parser("decline", help="відхилити вхідну передачу")
    a.add_argument("transfer_id")
    a.add_argument("--reason", required=True)
    user_option(a)
    a = ts.add_parser("revoke", help="відкликати свою передачу, доки на неї не відповіли")
    a.add_argument("transfer_id")
    user_option(a)
    s.set_defaults(func=cmd_transfer)

    s = sub.add_parser("rejected", help="зміни, які сервер відхилив: переглянути, внести знову або відкинути")
    rs = s.add_subparsers(dest="rejected_command", metavar="ACTION", required=True)
    a = rs.add_parser("list", help="перелік із причинами")
    a.add_argument("--json", action="store_true")
    user_option(a)
    for name, text in (("reapply", "внести зміну знову як нову"), ("discard", "відкинути зміну")):
        a = rs.add_parser(name, help=text)
        a.add_argument("change_id")
        user_option(a)
    s.set_defaults(func=cmd_rejected)
