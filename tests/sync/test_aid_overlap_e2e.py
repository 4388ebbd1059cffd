"""Aid overlap with a real server and real laptops: the same person registered in two offices gets
multipurpose cash from both within its 90 days, and a hygiene kit from two partners of one office in the
same month; each is flagged once to the supervisors concerned, a review syncs, and what does not overlap
(another kind of aid, dates further apart, a declined referral) is not flagged (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date

from desktop.services.aid_overlaps import AidOverlaps
from desktop.services.reports import ReportService
from desktop.services.synthetic import generate_registrations
from sync.reports.output.jsonfile import report_json
from sync.server.reports import scope_report
from tests.reports.fixture import period_now
from tests.sync.test_transfers_e2e import converged, settle


def service(client, case_id: str, code: str, provider: str, day: str, status: str = "delivered") -> str:
    cs = client.cases.add("service", case_id, {"service_code": code, "title": code, "provider_code": provider,
                                               "provider_name": provider.upper(), "provider_kind": "ngo",
                                               "status": status, "referred_on": day,
                                               "delivered_on": day if status == "delivered" else None})
    return cs.record_ids[0]


def test_the_same_aid_from_two_offices_or_two_partners_in_overlapping_periods_is_flagged(world):
    office_a, (sup_a,) = world.office("aid-a", role="supervisor")
    office_b, (sup_b,) = world.office("aid-b", role="supervisor")
    a, b = world.client(sup_a), world.client(sup_b)
    reg = generate_registrations(1, seed=77)[0]
    in_a = next(iter(a.cases.register(reg).case_ids))
    same = copy.deepcopy(reg)
    same.household = []
    in_b = next(iter(b.cases.register(same).case_ids))
    settle(a, b)  # the server links the two cases as possibly the same person

    cash_a = service(a, in_a, "cash_assistance", "unicef", "2026-10-01")
    service(a, in_a, "food_kit", "wfp", "2026-10-01")
    settle(a, b)
    cash_b = service(b, in_b, "cash_assistance", "caritas", "2026-11-20")   # within 90 days of 01.10
    service(b, in_b, "cash_assistance", "caritas", "2027-03-01", status="declined")  # declined: no aid
    service(b, in_b, "hygiene_kit", "caritas", "2026-11-20")                 # no counterpart
    settle(b, a)

    for client, own_case, own, other, office in ((a, in_a, cash_a, cash_b, office_b),
                                                  (b, in_b, cash_b, cash_a, office_a)):
        found = AidOverlaps(client.store).list()
        assert len(found) == 1, [x.data for x in found]
        x = found[0]
        assert x.case_id == own_case and x.status == "open"
        assert (x.data["own_service"], x.data["other_service"], x.data["other_office"]) == (own, other, office)
        assert x.data["service_code"] == "cash_assistance" and x.data["other_name"]
    assert AidOverlaps(a.store).list()[0].data["other_from"] == "2026-11-20"

    # Two partners of office A give a hygiene kit in the same month; a third, months later, overlaps neither.
    kit_1 = service(a, in_a, "hygiene_kit", "proliska", "2026-12-01")
    kit_2 = service(a, in_a, "hygiene_kit", "caritas", "2026-12-10")
    service(a, in_a, "hygiene_kit", "unicef", "2027-06-01")
    settle(a, b)
    kits = [x for x in AidOverlaps(a.store).list() if x.data["service_code"] == "hygiene_kit"]
    # Office B's kit of 20.11 overlaps A's kit of 01.12 (30 days) too: flagged across the offices.
    own_pairs = {(x.data["own_service"], x.data["other_service"]) for x in kits if not x.data["other_case"]}
    assert own_pairs in ({(kit_2, kit_1)}, {(kit_1, kit_2)})
    assert {x.data["other_office"] for x in kits if x.data["other_case"]} == {office_b}

    # The supervisor reviews; the review reaches the server and stays; nothing is flagged twice.
    first = AidOverlaps(a.store).list()[0]
    AidOverlaps(a.store).review(first.id)
    a.cases.update("service", cash_a, {"notes": "Виплачено"})
    settle(a, b)
    again = {x.id: x for x in AidOverlaps(a.store).list()}
    assert again[first.id].status == "reviewed" and again[first.id].data["resolved_by"] == a.store.author
    assert len(again) == 1 + len(kits)
    converged(world, office_a, a)
    converged(world, office_b, b)

    # The reports count them: the overlaps whose period meets the month, by kind and review, the same on
    # each laptop and on the server. The month of 01.12.2026 holds cash and kits in both offices.
    for period in (period_now(), period_now(date(2026, 12, 1))):
        for client, office in ((a, office_a), (b, office_b)):
            expected = Counter((x.data["service_code"], x.status) for x in AidOverlaps(client.store).list()
                               if x.data["own_from"] <= period.end_iso and x.data["own_to"] >= period.start_iso)
            laptop = ReportService(client.store).report(period, layout="office")
            table = laptop.table("aid_overlaps")
            assert {k: table.value((k[0],), (k[1],)) for k in expected} == dict(expected)
            assert table.total == sum(expected.values())
            if period.start == date(2026, 12, 1):
                assert table.total >= 3
            assert aid_table(scope_report(world.db, [office], period)) == aid_table(laptop)


def aid_table(result) -> dict:
    return next(table for table in report_json(result)["tables"] if table["id"] == "aid_overlaps")
