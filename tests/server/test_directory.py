"""GET /api/v1/directory on a real server: the offices and colleagues of the caller's scope, nothing more."""

from __future__ import annotations

from sync.directory import OfficeDirectory
from tests.server.helpers import PASSWORD, PROTO
from tests.support import loopback


def _directory(world, username: str) -> OfficeDirectory:
    r = world.device(username).request("GET", "/directory")
    assert r.status_code == 200, r.text
    return OfficeDirectory.model_validate(r.json())


def test_a_caseworker_sees_their_office_and_its_people_only(world):
    d = _directory(world, "anna")
    assert [o.id for o in d.offices] == [world.offices["a"]]
    assert d.offices[0].name == "Андрушівський ЦНСП" and d.offices[0].raion_id
    people = {p.username: p for p in d.people}
    # The office's staff and the district user above it; not other offices, analysts or administrators.
    assert set(people) == {"anna", "andriy", "alla", "dmytro"}
    assert people["alla"].role == "supervisor" and people["dmytro"].role == "district"
    assert {p.username for p in d.assignable(world.offices["a"])} == {"anna", "andriy", "alla", "dmytro"}
    assert d.assignable(world.offices["b"]) == []


def test_a_district_user_sees_every_office_of_the_district(world):
    dev = world.device("dmytro")
    d = _directory(world, "dmytro")
    assert {o.id for o in d.offices} == set(dev.scope)
    assert {"anna", "alla", "dmytro"} <= {p.username for p in d.people}
    assert not {"ivan", "admin"} & {p.username for p in d.people}


def test_roles_without_case_data_are_refused(world):
    dev = world.device("anna")
    r = dev.request("POST", "/login", json={"username": "ivan", "password": PASSWORD})
    assert r.status_code == 200
    r = dev.request("GET", "/directory", headers={"X-Poruch-User": r.json()["user_token"]})  # an analyst
    assert r.status_code == 403 and r.json()["code"] == "role_not_allowed"
    assert world.device("admin").request("GET", "/directory").status_code == 403
    r = loopback.get(f"{world.url}/api/v1/directory", headers=PROTO)  # no credentials
    assert r.status_code == 401
