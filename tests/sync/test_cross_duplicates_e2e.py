"""Possible duplicates across offices, with a real server and real laptops: the same person registered
in two offices (by RNOKPP; and spelled differently, with a typo and no RNOKPP) is flagged to both
offices after they sync, with only what is needed to decide; "different people" is never flagged
again, "the same person" gives each office the other's contact, and both cases' history shows it.
"""

from __future__ import annotations

import copy

from sqlalchemy import select

from desktop.services.cross_duplicates import CrossDuplicates
from desktop.services.synthetic import generate_registrations
from desktop.store import tables as t
from tests.sync.test_transfers_e2e import converged, history_of, settle


def two_offices(world):
    office_a, (sup_a,) = world.office("dup-a", role="supervisor")
    office_b, (sup_b,) = world.office("dup-b", role="supervisor")
    return office_a, office_b, world.client(sup_a), world.client(sup_b)


def flagged(client) -> list:
    return CrossDuplicates(client.store).list()


def test_the_same_person_in_two_offices_is_flagged_to_both_and_decisions_stick(world):
    office_a, office_b, a, b = two_offices(world)
    reg_a, reg_other = generate_registrations(2, seed=57)
    a_case = next(iter(a.cases.register(reg_a).case_ids))
    other_a = next(iter(a.cases.register(reg_other).case_ids))
    # Office B registers the same person by RNOKPP, and the other person with a typo in the
    # surname, given name and patronymic swapped, another phone and no RNOKPP.
    same = copy.deepcopy(reg_a)
    same.household = []
    b_case = next(iter(b.cases.register(same).case_ids))
    variant = copy.deepcopy(reg_other)
    p = variant.person
    surname = p["surname"]
    p["surname"] = surname[:2] + surname[3] + surname[2] + surname[4:]   # two letters swapped
    p["given_name"], p["patronymic"] = p["patronymic"], p["given_name"]
    p["rnokpp"], p["id_document_number"], p["phones"] = None, None, ["+380501112233"]
    variant.displacement = {**variant.displacement, "idp_certificate_number": None}
    variant.household = []
    b_variant = next(iter(b.cases.register(variant).case_ids))

    settle(a, b)
    for client, own, other_office in ((a, {a_case, other_a}, office_b), (b, {b_case, b_variant}, office_a)):
        found = flagged(client)
        assert {d.own_case for d in found} == own, "each office sees its own side of both pairs"
        for d in found:
            assert d.status == "open" and d.data["other_office"] == other_office
            assert d.data["score"] >= 60 and d.data["other_name"] and d.data["other_birth_date"]
            assert "other_contact" not in d.data or not d.data["other_contact"]
    by_case = {d.own_case: d for d in flagged(b)}
    assert "rnokpp" in by_case[b_case].data["matched"]
    assert by_case[b_variant].data["matched"] == ["name_birth"]
    # Nothing of the other office's case reached this laptop: only the possible-duplicate records.
    with a.store.engine.connect() as conn:
        assert not set(conn.execute(select(t.records.c.case_id)).scalars()) & {b_case, b_variant}

    # B's supervisor: the RNOKPP pair is the same person, the other pair two people.
    service = CrossDuplicates(b.store)
    service.decide(by_case[b_case].id, "same_person")
    service.decide(by_case[b_variant].id, "different_people")
    settle(b, a)
    on_a = {d.own_case: d for d in flagged(a)}
    assert on_a[a_case].status == "same_person" and on_a[other_a].status == "different_people"
    assert on_a[a_case].data["other_contact"] == same.person["phones"]
    assert {d.own_case: d for d in flagged(b)}[b_case].data["other_contact"] == reg_a.person["phones"]
    for client, case_id in ((a, a_case), (b, b_case), (a, other_a), (b, b_variant)):
        assert any(h.get("action") == "duplicate_decided" for h in history_of(client, case_id))

    # Both offices edit the people again: the decided pairs are not flagged a second time.
    b.cases.update("person", _person_id(b, b_variant), {"notes": "Оновлено"})
    a.cases.update("person", _person_id(a, other_a), {"notes": "Оновлено"})
    settle(a, b)
    assert len(flagged(a)) == 2 and len(flagged(b)) == 2
    converged(world, office_a, a)
    converged(world, office_b, b)


def _person_id(client, case_id: str) -> str:
    with client.store.engine.connect() as conn:
        return conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                         t.records.c.type == "person")).scalar_one()


def test_no_flag_between_namesakes_born_on_other_days(world):
    _, _, a, b = two_offices(world)
    reg = generate_registrations(1, seed=58)[0]
    a.cases.register(reg)
    namesake = copy.deepcopy(reg)
    namesake.person = {**namesake.person, "rnokpp": None, "unzr": None, "id_document_number": None, "phones": [],
                       "birth_date": "1990-01-17"}
    namesake.displacement = {**namesake.displacement, "idp_certificate_number": None}
    namesake.household = []
    b.cases.register(namesake)
    settle(a, b)
    assert flagged(a) == [] and flagged(b) == []


def test_a_decision_made_under_a_local_name_is_sent_as_the_server_user(world, tmp_path):
    """A standalone office enrolled later as another server user (tests/sync/test_enrol_later.py): the
    decision names the server user on the laptop as well as on the server (which writes the pusher's name
    into it), and reaches the other office."""
    from tests.sync.conftest import enrolled_later

    office_a, (head,) = world.office("dupkerivnyk", role="supervisor")
    _office_b, (sup_b,) = world.office("dupinshyi", role="supervisor")
    (reg,) = generate_registrations(1, seed=91)
    a, _ = enrolled_later(world, tmp_path / "office", head, reg)
    b = world.client(sup_b)
    same = copy.deepcopy(reg)
    same.household = []
    b.cases.register(same)
    settle(b, a)
    (found,) = flagged(a)
    CrossDuplicates(a.store).decide(found.id, "same_person")
    assert flagged(a)[0].data["resolved_by"] == head  # as the laptop shows it before the next sync
    report = a.sync()
    assert report.ok and report.rejected == 0
    settle(a, b)
    assert [d.status for d in flagged(b)] == ["same_person"]
    assert flagged(a)[0].data["resolved_by"] == head
