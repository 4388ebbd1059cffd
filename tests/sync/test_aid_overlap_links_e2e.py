"""Aid overlap across households and across links made late, with a real server and real laptops (SQLite and
PostgreSQL): a household member of one office's case registered as the person of another office's case, both
households given multipurpose cash within 90 days, is flagged to both once the member's RNOKPP is entered,
although neither service changed; and two registrations of one person that the duplicate check links only
after a correction are compared then, with the cash both already had. A case sharing nothing is not flagged."""

from __future__ import annotations

import copy
import random
from datetime import date

from sqlalchemy import select

from desktop.services.aid_overlaps import AidOverlaps
from desktop.services.synthetic import generate_registrations
from sync.records.identifiers import make_rnokpp
from sync.server import models as sm
from tests.sync.test_aid_overlap_e2e import service
from tests.sync.test_cross_duplicates_e2e import _person_id, flagged
from tests.sync.test_transfers_e2e import converged, settle


def overlaps(client) -> list[tuple[str, str, str | None]]:
    return sorted((x.data["own_service"], x.data["other_service"], x.data["other_case"])
                  for x in AidOverlaps(client.store).list())


def test_a_household_member_registered_in_another_office_is_checked_once_its_number_is_known(world):
    office_a, (sup_a,) = world.office("hh-a", role="supervisor")
    office_b, (sup_b,) = world.office("hh-b", role="supervisor")
    a, b = world.client(sup_a), world.client(sup_b)
    family, adult, stranger = generate_registrations(3, seed=91)
    number = make_rnokpp(date.fromisoformat(adult.person["birth_date"]), adult.person["sex"], random.Random(5))
    adult.person.update(rnokpp=number, rnokpp_refused=False)
    adult.household = []
    member = {"surname": adult.person["surname"], "given_name": adult.person["given_name"],
              "patronymic": adult.person.get("patronymic"), "birth_date": adult.person["birth_date"],
              "sex": adult.person["sex"], "relationship": "sibling"}   # entered without the number at first
    family.household = [member]
    in_a = next(iter(a.cases.register(family).case_ids))
    in_b = next(iter(b.cases.register(adult).case_ids))
    lone = next(iter(b.cases.register(stranger).case_ids))
    settle(a, b)
    assert flagged(a) == [] and flagged(b) == []  # a member is not a possible duplicate of a person

    cash_a = service(a, in_a, "cash_assistance", "unicef", "2026-10-01")
    cash_b = service(b, in_b, "cash_assistance", "caritas", "2026-11-20")  # within 90 days of 01.10
    service(b, lone, "cash_assistance", "caritas", "2026-11-20")            # shares nothing with A's case
    settle(a, b)
    assert overlaps(a) == [] and overlaps(b) == []  # nothing links the households yet

    member_id = _record_id(a, in_a, "household_member")
    a.cases.update("household_member", member_id, {"rnokpp": number})
    settle(a, b)
    assert overlaps(a) == [(cash_a, cash_b, in_b)]
    assert overlaps(b) == [(cash_b, cash_a, in_a)]
    with world.db.connect() as conn:  # only the number is indexed, under the member's record
        rows = conn.execute(select(sm.household_keys).where(sm.household_keys.c.key == "rnokpp:" + number)).all()
    assert [(r.key, r.member_id, r.case_id) for r in rows] == [("rnokpp:" + number, member_id, in_a)]

    # The number removed: the index forgets it; the flag already raised stays for the supervisors.
    a.cases.update("household_member", member_id, {"rnokpp": None})
    settle(a, b)
    with world.db.connect() as conn:
        assert conn.execute(select(sm.household_keys).where(sm.household_keys.c.case_id == in_a)).all() == []
    assert len(overlaps(a)) == 1 and len(overlaps(b)) == 1
    converged(world, office_a, a)
    converged(world, office_b, b)


def test_two_registrations_linked_after_both_had_aid_are_compared_when_linked(world):
    office_a, (sup_a,) = world.office("late-a", role="supervisor")
    office_b, (sup_b,) = world.office("late-b", role="supervisor")
    a, b = world.client(sup_a), world.client(sup_b)
    reg = generate_registrations(1, seed=92)[0]
    reg.person.update(rnokpp=make_rnokpp(date.fromisoformat(reg.person["birth_date"]), reg.person["sex"],
                                         random.Random(6)), rnokpp_refused=False)
    in_a = next(iter(a.cases.register(reg).case_ids))
    other = copy.deepcopy(reg)  # office B's clerk mistyped the birth year and had no document at hand
    other.household = []
    born = date.fromisoformat(reg.person["birth_date"])
    other.person.update(birth_date=born.replace(year=born.year - 7).isoformat(), rnokpp=None, phones=[],
                        rnokpp_refused=True, unzr=None, id_document_number=None)
    other.displacement["idp_certificate_number"] = None
    in_b = next(iter(b.cases.register(other).case_ids))
    settle(a, b)
    assert flagged(a) == [] and flagged(b) == []

    cash_a = service(a, in_a, "cash_assistance", "unicef", "2026-10-01")
    cash_b = service(b, in_b, "cash_assistance", "caritas", "2026-11-20")
    settle(a, b)
    assert overlaps(a) == [] and overlaps(b) == []

    # The correction links the two; no service changes, and the cash both had is compared now.
    b.cases.update("person", _person_id(b, in_b), {"birth_date": reg.person["birth_date"],
                                                   "rnokpp": reg.person["rnokpp"], "rnokpp_refused": False})
    settle(b, a)
    assert len(flagged(a)) == 1 and len(flagged(b)) == 1
    assert overlaps(a) == [(cash_a, cash_b, in_b)]
    assert overlaps(b) == [(cash_b, cash_a, in_a)]
    converged(world, office_a, a)
    converged(world, office_b, b)


def _record_id(client, case_id: str, rtype: str) -> str:
    from desktop.store import tables as t
    with client.store.engine.connect() as conn:
        return conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                         t.records.c.type == rtype)).scalar_one()
