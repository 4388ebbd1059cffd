"""The simulated country: offices, devices with their credentials written in bulk, and the changes they make."""

from __future__ import annotations

import csv
import random
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from faker import Faker
from sqlalchemy import insert

from benchmarks.load.measure import say
from sync.protocol import EPOCH_HEADER, USER_HEADER
from sync.records.ids import HybridClock, new_id
from sync.server import admin_ops
from sync.server import models as m
from sync.server.db import now_ms
from sync.server.orgs import create_office
from sync.server.security import hash_password, token_hash
from sync.wire import digest_item

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "пароль-навантаження-1"


def hromada_codes(n: int) -> list[str]:
    with open(REPO / "resources/reference/katottg.csv", encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f) if row["category"] == "H"]
    if n > len(codes):
        raise SystemExit(f"at most {len(codes)} offices (one per hromada)")
    return codes[:n]


@dataclass
class Device:
    """A lightweight laptop: credentials, cursor and the hashes of what it holds (for the digest)."""

    id: str
    secret: str
    token: str
    username: str
    office: str
    cursor: int = 0
    hashes: dict[str, str] = field(default_factory=dict)
    digest: int = 0
    pending: list[dict] = field(default_factory=list)
    epoch: str | None = None  # the server's epoch of the last pull: a push names it, as a laptop's does

    def headers(self) -> dict[str, str]:
        auth = {"Authorization": f"Bearer {self.id}.{self.secret}", USER_HEADER: self.token}
        return auth if self.epoch is None else {**auth, EPOCH_HEADER: self.epoch}

    def hold(self, record_id: str, hash_: str) -> None:
        old = self.hashes.get(record_id)
        if old is not None:
            self.digest ^= digest_item(record_id, old)
        self.hashes[record_id] = hash_
        self.digest ^= digest_item(record_id, hash_)

    def snapshot(self) -> tuple[int, dict[str, str], int]:
        return self.cursor, dict(self.hashes), self.digest

    def restore(self, snap: tuple[int, dict[str, str], int]) -> None:
        self.cursor, self.hashes, self.digest = snap[0], dict(snap[1]), snap[2]


class Workload:
    """Changes as a caseworker's laptop makes them: new cases with their person and tasks, task and case edits."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fake = Faker("uk_UA")
        self.fake.seed_instance(seed)
        self.cases: dict[str, list[str]] = {}  # office -> case ids the server acknowledged
        self.unconfirmed: dict[str, tuple[str, str]] = {}  # change id of a new case -> (office, case id)
        self.born = date(1950, 1, 1)

    def change(self, dev: Device, record_id: str, rtype: str, case_id: str, fields: dict) -> dict:
        return {"change_id": new_id(), "record_id": record_id, "record_type": rtype, "case_id": case_id,
                "op": "upsert", "fields": fields, "base_seq": 0,
                "hlc": now_ms() * HybridClock.COUNTER_SPAN + self.rng.randrange(1000),
                "user": dev.username, "device_id": dev.id}

    def new_case(self, dev: Device, tasks: int) -> list[dict]:
        case_id = new_id()
        self.born += timedelta(days=1)
        person = {"surname": self.fake.last_name(), "given_name": self.fake.first_name(),
                  "birth_date": self.born.isoformat()}
        out = [self.change(dev, case_id, "case", case_id, {"office_id": dev.office, "category": "idp",
                                                           "stage": "identification", "status": "open"}),
               self.change(dev, new_id(), "person", case_id, person)]
        out += [self.task(dev, case_id) for _ in range(tasks)]
        self.unconfirmed[out[0]["change_id"]] = (dev.office, case_id)
        return out

    def acknowledged(self, change_id: str) -> None:
        """Colleagues add to a case once the server has it (else their change would be refused unknown_case)."""
        if change_id in self.unconfirmed:
            office, case_id = self.unconfirmed.pop(change_id)
            self.cases.setdefault(office, []).append(case_id)

    def task(self, dev: Device, case_id: str) -> dict:
        due = (date.today() + timedelta(days=self.rng.randrange(1, 60))).isoformat()
        return self.change(dev, new_id(), "task", case_id, {"title": f"Завдання {self.rng.randrange(10**6)}",
                                                            "due_date": due})

    def batch(self, dev: Device, size: int) -> list[dict]:
        """`size` changes: sometimes a new case, else tasks on and edits of the office's cases."""
        out: list[dict] = []
        cases = self.cases.get(dev.office) or []
        if not cases or self.rng.random() < 0.3:
            out += self.new_case(dev, min(3, max(0, size - 2)))
            cases = cases + [out[0]["case_id"]]
        while len(out) < size:
            case_id = self.rng.choice(cases)
            if self.rng.random() < 0.2:
                stage = self.rng.choice(("identification", "assessment", "planning"))
                out.append(self.change(dev, case_id, "case", case_id, {"stage": stage}))
            else:
                out.append(self.task(dev, case_id))
        return out


def build_world(engine, args) -> tuple[list[Device], list[tuple[str, str]]]:
    """Offices, one caseworker a device, the devices' credentials in bulk; people to enrol later."""
    say(f"set-up: {args.offices} offices, {args.devices} devices ...")
    password_hash = hash_password(PASSWORD)  # once: Argon2id is slow on purpose
    devices: list[Device] = []
    later: list[tuple[str, str]] = []
    now = now_ms()
    with engine.begin() as conn:
        offices = [create_office(conn, f"Центр {i + 1}", code) for i, code in enumerate(hromada_codes(args.offices))]
        users, device_rows, token_rows = [], [], []
        for i in range(args.devices + args.enrolments):
            office = offices[i % len(offices)]
            username = f"load{i}"
            user_id = admin_ops.create_user(conn, username, PASSWORD, "caseworker", office,
                                            password_hash=password_hash)
            if i >= args.devices:
                later.append((username, office))
                continue
            dev = Device(new_id(), secrets.token_urlsafe(32), secrets.token_urlsafe(32), username, office)
            device_rows.append({"id": dev.id, "name": f"ноутбук {i}", "org_id": office,
                                "secret_hash": token_hash(dev.secret), "status_hash": token_hash(new_id()),
                                "enrolled_by": user_id, "created_at": now, "last_seen_at": now})
            token_rows.append({"token_hash": token_hash(dev.token), "user_id": user_id, "device_id": dev.id,
                               "created_at": now})
            users.append(user_id)
            devices.append(dev)
        conn.execute(insert(m.devices), device_rows)
        conn.execute(insert(m.user_tokens), token_rows)
    return devices, later
