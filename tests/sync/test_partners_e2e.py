"""Referral partners managed centrally, with a real server and real laptops: the national directory is
changed with `poruch-server partners` (import, edit, retire) and reaches laptops with their sync; an
office's own local provider, added offline, reaches that office's and its district's laptops only.
"""

from __future__ import annotations

import subprocess

from sqlalchemy import select

from desktop.services.providers import LocalPartners, directory_for
from desktop.services.sync_cycle import run_full_cycle
from desktop.store import tables as t
from sync.client.partners import STATE_KEY, refresh_partners
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import write_transaction
from tests.support.server_process import REPO
from tests.sync.conftest import PASSWORD, _password_hash

IMPORTED = """code;name;kind;services;territories;phone;email;address;website;notes
legal_aid_test;Центр безоплатної правничої допомоги (тест);state;legal_aid;UA18000000000045866;0 800 213 103;;;;
hub_test;Громадська організація «Пліч-о-пліч» (тест);community;psych_group;;;;;;
"""


def server_cli(world, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(world.server._cli("partners", *args), cwd=REPO, env=world.server.env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def full_sync(client) -> None:
    engine = client.engine()
    try:
        result = run_full_cycle(client.store, engine)
    finally:
        engine.transport.close()
    assert result.report.ok


def test_the_national_directory_comes_from_the_server_and_local_providers_stay_in_their_office(world, tmp_path):
    office_a, (worker_a,) = world.office("partner-a")
    office_b, (worker_b,) = world.office("partner-b")
    with write_transaction(world.db) as conn:
        org = admin_ops.resolve_user_org(conn, "district", district_of_office=office_a)
        admin_ops.create_user(conn, "partner-district", PASSWORD, "district", org, password_hash=_password_hash())
    a, b, district = world.client(worker_a), world.client(worker_b), world.client("partner-district")

    # Before any sync a laptop offers the packaged seed; the server was seeded with the same list.
    assert len(directory_for(a.store).providers()) == 19 and a.store.get_meta(STATE_KEY) is None

    # An administrator imports two entries; a file with a bad line changes nothing.
    bad = tmp_path / "bad.csv"
    bad.write_text(IMPORTED + "broken;Х;spaceship;;;;;;;\n", encoding="utf-8")
    done = server_cli(world, "import", str(bad))
    assert done.returncode == 1 and "line 4" in done.stderr and "nothing imported" in done.stderr
    good = tmp_path / "good.csv"
    good.write_text(IMPORTED, encoding="utf-8")
    done = server_cli(world, "import", str(good))
    assert done.returncode == 0 and "added 2" in done.stdout, done.stderr

    full_sync(a)
    directory = directory_for(a.store)
    legal = directory.provider("legal_aid_test")
    assert legal is not None and legal.phone == "0 800 213 103" and legal.territories == ("UA18000000000045866",)
    assert [p.code for p in directory.providers("legal_aid", places={"UA18000000000045866"})][:1] == ["legal_aid_test"]
    assert "legal_aid_test" not in {p.code for p in directory.providers("legal_aid", places={"UA05000000000010236"})}

    # Unchanged: the laptop's version is current, nothing is sent or written again.
    engine = a.engine()
    try:
        assert refresh_partners(engine.transport, a.replica) is None
    finally:
        engine.transport.close()

    # Edited and retired on the server: the next sync brings both; the retired entry is no longer offered
    # but still known by its code (a referral made before names it).
    assert server_cli(world, "edit", "hub_test", "--phone", "+380441234567").returncode == 0
    assert server_cli(world, "retire", "legal_aid_test").returncode == 0
    full_sync(a)
    directory = directory_for(a.store)
    assert directory.provider("hub_test").phone == "+380441234567"
    assert "legal_aid_test" not in {p.code for p in directory.providers()}
    assert directory.provider("legal_aid_test").retired
    assert a.store.get_meta(STATE_KEY)["version"]

    # Office A adds a local provider while offline; it travels with the next sync to office A's district
    # laptop, never to office B's.
    local = LocalPartners(a.store).add({"name": "Пункт незламності громади", "kind": "community",
                                        "services": ["food_kit", "hygiene_kit"], "phone": "+380671112233"}).record_ids[0]
    assert directory_for(a.store).providers("food_kit")[0].code == local, "the office's own providers first"
    for client in (a, district, b):
        full_sync(client)
    with world.db.connect() as conn:
        row = conn.execute(select(m.records.c.office_id, m.records.c.type).where(m.records.c.id == local)).one()
    assert row.office_id == office_a and row.type == "local_partner"
    assert directory_for(district.store).provider(local).name == "Пункт незламності громади"
    assert directory_for(b.store).provider(local) is None

    # Retired locally: gone from the choices at both laptops after a sync, the record stays.
    LocalPartners(a.store).retire(local)
    full_sync(a)
    full_sync(district)
    assert local not in {p.code for p in directory_for(district.store).providers()}
    assert directory_for(district.store).provider(local).retired


def test_the_server_refuses_a_local_provider_outside_the_rules(world):
    office_a, (worker_a,) = world.office("partner-rules")
    office_b, _ = world.office("partner-other")
    a = world.client(worker_a)
    local = LocalPartners(a.store).add({"name": "Волонтерський штаб", "kind": "community", "services": []}).record_ids[0]
    full_sync(a)
    from desktop.store.changes import record_change
    from desktop.store.database import writing
    from sync.records.ids import HybridClock

    # Moving it to another office, and an unknown service code, are refused; nothing is applied.
    with writing(a.store.engine) as conn, conn.begin():
        record_change(conn, record_type="local_partner", record_id=local, case_id=local,
                      fields={"office_id": office_b}, user=a.store.author, clock=HybridClock())
    assert a.sync().rejected == 1
    with writing(a.store.engine) as conn, conn.begin():
        record_change(conn, record_type="local_partner", record_id=local, case_id=local,
                      fields={"services": ["teleportation"]}, user=a.store.author, clock=HybridClock())
    assert a.sync().rejected == 1
    with world.db.connect() as conn:
        data = conn.execute(select(m.records.c.data, m.records.c.office_id).where(m.records.c.id == local)).one()
    assert data.office_id == office_a and "teleportation" not in data.data
    with a.store.engine.connect() as conn:
        kept = conn.execute(select(t.rejected_changes.c.record_id, t.rejected_changes.c.reason)).all()
    assert [r.record_id for r in kept] == [local, local]
    reasons = sorted(r.reason for r in kept)
    assert reasons[0] == "invalid: office_id=fixed" and reasons[1].startswith("invalid: невідомі послуги")
