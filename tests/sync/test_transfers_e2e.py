"""Case transfers between two offices, with a real server and real laptops: request (offline), accept
after being offline, decline, revoke, a revoke racing an accept, expiry, a district user's one-step
move, and an edit that reaches the server after the case moved. Every device converges, nothing is lost.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from desktop.services.rejected_changes import RejectedChanges
from desktop.services.reports import ReportService
from desktop.services.synthetic import generate_registrations
from desktop.services.transfers import TransferRefused, TransferService
from desktop.store import tables as t
from sync.client.directory import refresh_directory, search_offices
from sync.records.issues import ValidationError
from sync.reports.output.jsonfile import report_json
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import write_transaction
from sync.server.orgs import create_office
from sync.server.reports import scope_report
from tests.reports.fixture import period_now
from tests.support.server_process import duplicates_checked
from tests.sync.conftest import PASSWORD, _password_hash, poruch

# Two hromadas of one raion (Житомирський), for the district user's one-step move.
RAION_HROMADAS = ("UA18040010000031446", "UA18040030000089649")


def two_offices(world):
    """Office A (a supervisor and a caseworker) and office B (a supervisor)."""
    office_a, (sup_a, worker_a) = world.office("sup-a", "worker-a", role="supervisor")
    with write_transaction(world.db) as conn:  # the second user of A is a caseworker
        conn.execute(update(m.users).where(m.users.c.username == worker_a).values(role="caseworker"))
    office_b, (sup_b,) = world.office("sup-b", role="supervisor")
    return office_a, office_b, world.client(sup_a), world.client(worker_a), world.client(sup_b)


def register(client, seed: int) -> str:
    regs = generate_registrations(1, seed=seed)
    cs = client.cases.register(regs[0])
    case_id = next(iter(cs.case_ids))
    client.cases.add("assessment", case_id, {"housing": "high", "income_employment": "medium"})
    return case_id


def case_ids(client) -> set[str]:
    with client.store.engine.connect() as conn:
        return set(conn.execute(select(t.records.c.case_id).where(t.records.c.type != "transfer")).scalars())


def history_of(client, case_id: str) -> list[dict]:
    with client.store.engine.connect() as conn:
        rows = conn.execute(select(t.records.c.data).where(t.records.c.case_id == case_id,
                                                           t.records.c.type == "history")).scalars()
        return [json.loads(r) for r in rows]


def rejected(client) -> list[dict]:
    with client.store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(t.rejected_changes))]


def settle(*clients) -> None:
    """Each laptop syncs twice; in between, the server checks the cases pushed for duplicates (it does once the
    pushes pause: sync.server.checks_later), so the second round brings what that check flagged."""
    for _ in range(2):
        for c in clients:
            report = c.sync()
            assert report.ok and report.verified
        duplicates_checked(clients[0].server_db)


def converged(world, office: str, *clients) -> None:
    """Every laptop of the office holds exactly what the server holds for it."""
    server = world.server_shares(office)
    for c in clients:
        assert c.synced_records() == server


def test_a_transfer_made_offline_is_accepted_a_day_later_and_an_edit_after_it_is_kept_aside(world):
    office_a, office_b, a, worker, b = two_offices(world)
    case_id = register(a, seed=31)
    settle(a, worker, b)
    assert case_id in case_ids(worker) and case_id not in case_ids(b)

    # Office A's supervisor, offline, sends the case to office B; the case is read-only here from now on.
    transfers = TransferService(a.store)
    transfers.request(case_id, office_b, reason="Переїхала до громади Б", consent=True)
    with pytest.raises(ValidationError):
        a.cases.update("case", case_id, {"stage": "assessment"})
    with pytest.raises(TransferRefused):  # one pending transfer per case
        transfers.request(case_id, office_b, reason="ще раз", consent=True)
    # A colleague's laptop of office A, which has not synced, still edits the case.
    worker.cases.add("journal_entry", case_id, {"kind": "call", "text": "Дзвінок після передачі"})
    assert a.sync().ok

    # Office B was offline all along; it syncs and sees the request with a preview, not the case.
    assert b.sync().ok
    incoming = TransferService(b.store).incoming_waiting()
    assert len(incoming) == 1
    offer = incoming[0].data
    assert offer["transferred_case"] == case_id and offer["from_office"] == office_a
    assert offer["preview_name"] and offer["preview_birth_year"] > 1900
    assert offer["preview_priority"] == "high" and offer["preview_needs"] == ["housing:high", "income_employment:medium"]
    assert case_id not in case_ids(b)  # none of the case's records before acceptance

    TransferService(b.store).accept(incoming[0].id)
    assert b.sync().ok
    assert case_id in case_ids(b)
    assert [h["fields"] for h in history_of(b, case_id) if h["action"] == "transfer"] == [["pending"], ["accepted"]]

    # The sender is told, and the case leaves its laptop; the colleague's late edit is refused, kept aside.
    assert a.sync().ok
    assert case_id not in case_ids(a)
    assert [x.state for x in transfers.list("outgoing")] == ["accepted"]
    report = worker.sync()
    assert report.ok
    late = rejected(worker)
    assert sorted(r["record_type"] for r in late) == ["history", "journal_entry"]
    assert all(r["reason"].startswith("case_transferred") for r in late)
    assert "Дзвінок після передачі" in next(r["fields"] for r in late if r["record_type"] == "journal_entry")
    assert case_id not in case_ids(worker)
    settle(a, worker, b)
    converged(world, office_a, a, worker)
    converged(world, office_b, b)

    # The reports count it: out of office A, into office B, the same on each laptop and on the server.
    period = period_now()
    for client, office, direction in ((a, office_a, "out"), (b, office_b, "in")):
        laptop = ReportService(client.store).report(period, layout="office")
        assert laptop.table("transfers").value((direction,), ("accepted",)) == 1
        assert laptop.table("transfers").total == 1
        server = scope_report(world.db, [office], period)
        assert transfers_table(server) == transfers_table(laptop)


def transfers_table(result) -> dict:
    return next(table for table in report_json(result)["tables"] if table["id"] == "transfers")


def test_decline_leaves_the_case_where_it_was_and_the_sender_is_told(world):
    office_a, office_b, a, _, b = two_offices(world)
    case_id = register(a, seed=32)
    TransferService(a.store).request(case_id, office_b, reason="Причина", consent=False)
    settle(a, b)
    offer = TransferService(b.store).incoming_waiting()[0]
    assert offer.data["preview_name"] is None  # no consent: no name across the office boundary
    with pytest.raises(ValidationError):
        TransferService(b.store).decline(offer.id, " ")
    TransferService(b.store).decline(offer.id, "Немає місць у шелтері")
    settle(b, a)
    out = TransferService(a.store).list("outgoing")[0]
    assert out.state == "declined" and out.data["decision_note"] == "Немає місць у шелтері"
    assert case_id in case_ids(a) and case_id not in case_ids(b)
    a.cases.update("case", case_id, {"stage": "assessment"})  # editable again
    settle(a, b)
    converged(world, office_a, a)
    converged(world, office_b, b)


def test_a_revoke_racing_an_accept_leaves_the_case_in_one_place(world):
    office_a, office_b, a, _, b = two_offices(world)
    case_id = register(a, seed=33)
    TransferService(a.store).request(case_id, office_b, reason="Причина", consent=True)
    settle(a, b)
    offer = TransferService(b.store).incoming_waiting()[0]
    out = TransferService(a.store).list("outgoing")[0]
    # Both answer offline; the sender's revoke reaches the server first.
    TransferService(b.store).accept(offer.id)
    TransferService(a.store).revoke(out.id)
    assert a.sync().ok
    assert b.sync().ok
    late = rejected(b)
    assert len(late) == 1 and late[0]["reason"] == "transfer_closed: revoked"
    settle(a, b)
    assert TransferService(b.store).get(offer.id).state == "revoked"
    assert case_id in case_ids(a) and case_id not in case_ids(b)
    converged(world, office_a, a)
    converged(world, office_b, b)


def test_an_unanswered_transfer_expires_and_both_offices_are_told(world):
    office_a, office_b, a, _, b = two_offices(world)
    case_id = register(a, seed=34)
    TransferService(a.store).request(case_id, office_b, reason="Причина", consent=True)
    settle(a, b)
    out = TransferService(a.store).list("outgoing")[0]
    with world.db.connect() as conn:
        row = conn.execute(select(m.transfers).where(m.transfers.c.id == out.id)).one()
    assert row.expires_at - row.requested_at == 14 * 24 * 3600 * 1000  # the default
    with write_transaction(world.db) as conn:  # fourteen days pass
        conn.execute(update(m.transfers).where(m.transfers.c.id == out.id).values(expires_at=row.requested_at - 1))
    settle(a, b)  # found at the next pull
    assert TransferService(a.store).get(out.id).state == "expired"
    assert TransferService(b.store).list("incoming")[0].state == "expired"
    assert case_id in case_ids(a) and case_id not in case_ids(b)
    assert any(h["fields"] == ["expired"] for h in history_of(a, case_id) if h["action"] == "transfer")
    converged(world, office_a, a)
    converged(world, office_b, b)


def test_a_district_user_moves_a_case_between_offices_of_the_district_in_one_step(world):
    with write_transaction(world.db) as conn:
        offices = [create_office(conn, f"Офіс переміщень {i}", code) for i, code in enumerate(RAION_HROMADAS)]
        org = admin_ops.resolve_user_org(conn, "district", district_of_office=offices[0])
        admin_ops.create_user(conn, "transfer-district", PASSWORD, "district", org, password_hash=_password_hash())
        org = admin_ops.resolve_user_org(conn, "caseworker", office_id=offices[0])
        admin_ops.create_user(conn, "transfer-worker", PASSWORD, "caseworker", org, password_hash=_password_hash())
        admin_ops.create_user(conn, "transfer-head", PASSWORD, "supervisor", org, password_hash=_password_hash())
    worker, district = world.client("transfer-worker"), world.client("transfer-district")

    # The office directory names where a supervisor may send a case: the district's other offices
    # (ids and names only), and offices elsewhere by search.
    head = world.client("transfer-head")
    engine = head.engine()
    try:
        refresh_directory(engine.transport, head.replica)
        assert [(o.id, o.name) for o in TransferService(head.store).targets()] == [(offices[1], "Офіс переміщень 1")]
        assert [o.id for o in search_offices(engine.transport, "переміщень 1")] == [offices[1]]
        assert [o.id for o in TransferService(head.store).find_offices("ПЕРЕМІЩЕНЬ")] == [offices[1]]  # not its own
    finally:
        engine.transport.close()
    case_id = register(worker, seed=35)
    settle(worker, district)
    with pytest.raises(TransferRefused):  # a caseworker may not
        TransferService(worker.store).request(case_id, offices[1], reason="x", consent=True)
    # A pending transfer holds the case: moving it by its office field meanwhile is refused.
    held = register(worker, seed=39)
    settle(worker, district, head)
    TransferService(head.store).request(held, offices[1], reason="Чекає відповіді", consent=True)
    assert head.sync().ok
    district.cases.update("case", held, {"office_id": offices[1]})
    assert district.sync().rejected == 1
    assert [r["reason"] for r in rejected(district)] == ["transfer_pending"]
    assert held not in world.server_case_ids(offices[1])
    TransferService(district.store).request(case_id, offices[1], reason="Рішення району", consent=True)
    settle(district, worker)
    assert world.server_case_ids(offices[1]) >= {case_id}
    assert case_id not in case_ids(worker)
    states = {x.side: x.state for x in TransferService(district.store).list() if x.case_id == case_id}
    assert states == {"outgoing": "accepted", "incoming": "accepted"}
    converged(world, offices[0], worker)


def test_the_command_line_sends_and_accepts_a_transfer(world, tmp_path):
    office_a, office_b, a, _, b = two_offices(world)
    case_id = register(a, seed=36)
    assert a.sync().ok
    dir_a, dir_b = a.data_dir, b.data_dir
    user_a, user_b = a.store.user.username, b.store.user.username
    a.close()
    b.close()
    world.clients.remove(a)
    world.clients.remove(b)

    done = poruch(dir_a, "transfer", "send", case_id, "--to", office_b, "--reason", "Переїзд", "--consent",
                  username=user_a)
    assert done.returncode == 0, done.stderr
    again = poruch(dir_a, "transfer", "send", case_id, "--to", office_b, "--reason", "Ще раз", username=user_a)
    assert again.returncode == 1 and "transfer_pending" in again.stderr
    assert poruch(dir_a, "sync", username=user_a).returncode == 0
    assert poruch(dir_b, "sync", username=user_b).returncode == 0
    listed = json.loads(poruch(dir_b, "transfer", "list", "--json", username=user_b).stdout)
    assert [(x["side"], x["state"], x["transferred_case"]) for x in listed] == [("incoming", "pending", case_id)]
    done = poruch(dir_b, "transfer", "accept", listed[0]["id"], username=user_b)
    assert done.returncode == 0, done.stderr
    assert poruch(dir_b, "sync", username=user_b).returncode == 0
    assert world.server_case_ids(office_b) >= {case_id}
    assert poruch(dir_a, "sync", username=user_a).returncode == 0
    sent = json.loads(poruch(dir_a, "transfer", "list", "--json", username=user_a).stdout)
    assert [(x["side"], x["state"]) for x in sent] == [("outgoing", "accepted")]


def test_a_refused_change_applied_again_under_a_local_name_is_sent_as_the_server_user(world, tmp_path):
    """A standalone office enrolled later as another server user (`poruch enroll --server-user`): applying a
    refused change again makes a new change by the server user, so the server accepts it (it was refused
    again as author_mismatch when the change named the local name)."""
    from tests.sync.conftest import enrolled_later

    office_a, (head, second) = world.office("kerivnyk-a", "zastupnyk-a", role="supervisor")
    office_b, (sup_b,) = world.office("sup-b", role="supervisor")
    a, x = enrolled_later(world, tmp_path / "office", head, generate_registrations(1, seed=41)[0])
    deputy, b = world.client(second), world.client(sup_b)
    assert deputy.sync().ok
    TransferService(deputy.store).request(x, office_b, reason="Переїзд", consent=True)
    assert deputy.sync().ok
    TransferService(a.store).request(x, office_b, reason="Переїзд (друга спроба)", consent=True)
    assert a.sync().rejected == 1
    assert b.sync().ok
    for offer in TransferService(b.store).incoming_waiting():
        TransferService(b.store).decline(offer.id, "Немає місць")
    settle(b, deputy, a)
    service = RejectedChanges(a.store)
    (refused,) = service.list()
    service.reapply(refused.change_id)
    report = a.sync()
    assert report.ok and report.rejected == 0 and rejected(a) == []
    settle(a, b, deputy)
    (offer,) = TransferService(b.store).incoming_waiting()
    assert offer.data["transferred_case"] == x and offer.data["requested_by"] == head
    converged(world, office_a, a, deputy)


def test_refused_changes_are_listed_applied_again_or_discarded_with_history(world):
    office_a, office_b, a, worker, b = two_offices(world)
    second = f"sup2-{office_a[:8]}"
    with write_transaction(world.db) as conn:  # a second supervisor of office A, on a laptop of their own
        org = admin_ops.resolve_user_org(conn, "supervisor", office_id=office_a)
        admin_ops.create_user(conn, second, PASSWORD, "supervisor", org, password_hash=_password_hash())
    sup2 = world.client(second)
    x, y = register(a, seed=37), register(a, seed=38)
    settle(a, sup2, worker)
    # Both supervisors send both cases to office B, the second one offline: theirs are refused.
    for case_id in (x, y):
        TransferService(a.store).request(case_id, office_b, reason="Переїзд", consent=True)
        TransferService(sup2.store).request(case_id, office_b, reason="Переїзд (друга спроба)", consent=True)
    assert a.sync().ok
    report = sup2.sync()
    assert report.rejected == 2
    service = RejectedChanges(sup2.store)
    refused = service.list()
    assert [c.code for c in refused] == ["transfer_pending", "transfer_pending"] and all(c.case_here for c in refused)
    assert TransferService(sup2.store).pending_for_case(x).data["requested_by"] == a.store.user.username

    # Office B declines both; the second supervisor applies one request again and discards the other.
    assert b.sync().ok
    for offer in TransferService(b.store).incoming_waiting():
        TransferService(b.store).decline(offer.id, "Немає місць")
    settle(b, a, sup2)
    by_case = {c.fields["transferred_case"]: c for c in service.list()}
    service.reapply(by_case[x].change_id)
    service.discard(by_case[y].change_id)
    assert service.list() == []
    report = sup2.sync()
    assert report.ok and report.rejected == 0
    settle(a, sup2, b)
    assert [o.data["transferred_case"] for o in TransferService(b.store).incoming_waiting()] == [x]
    assert {h["action"] for h in history_of(sup2, x)} >= {"rejected_reapplied"}
    assert {h["action"] for h in history_of(sup2, y)} >= {"rejected_discarded"}
    converged(world, office_a, a, sup2)
    converged(world, office_b, b)

    # A caseworker sees what was refused on their laptop, but a supervisor decides.
    worker_refused = RejectedChanges(worker.store)
    assert not worker_refused.may_decide()
