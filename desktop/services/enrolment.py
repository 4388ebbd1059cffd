"""Enrolling a laptop with a server: the device credential, then the local store bound to its office.

One implementation for the first-run wizard, `poruch enroll` and the demo.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.services.device_guard import DeviceGuard, now_ms, save_guard
from desktop.store import identity
from desktop.store.keyslots import SlotInfo
from desktop.store.store import OpenStore, create_store
from sync.client.transport import Transport
from sync.protocol import EnrollResponse
from sync.records.permissions import AUTHOR_FIELDS


def enroll_store(data_dir: Path, server_url: str, username: str, password: str,
                 device_name: str) -> tuple[OpenStore, EnrollResponse]:
    """Enrol with the server, then create the local store bound to its office and this device.

    The same password opens the local key slot. Raises SyncError (nothing created) if the server
    says no; the caller then pulls the scope.
    """
    with Transport(server_url) as transport:
        resp = transport.enroll(username, password, device_name)
        # The server stamps its time as it answers, after its deliberately slow password check:
        # compare with the moment the answer arrived (off by its travel time only), not with the
        # middle of the round trip (off by half of that check, ~0.3 s).
        offset = int(resp.server_time_ms - time.time() * 1000)
    meta: dict[str, Any] = {
        "mode": "enrolled", "server_url": transport.base_url, "device_id": resp.device_id,
        "device_secret": resp.device_secret, "device_name": device_name, "scope": resp.scope.model_dump(),
        "office_katottg": resp.office.katottg, "clock_offset_ms": offset}
    if resp.audit_public_key:
        meta["audit_public_key"] = resp.audit_public_key
    # The person's server token is sealed in their own key slot: only their password releases it.
    store = create_store(data_dir, username, password, display_name=resp.user.display_name, role=resp.user.role,
                         office_id=resp.office.id, office_name=resp.office.name, meta=meta,
                         secrets={"user_token": resp.user_token}, server_username=resp.user.username,
                         signed_in_at=int(time.time() * 1000))
    keep_status_credential(data_dir, transport.base_url, resp)
    return store, resp


def keep_status_credential(data_dir: Path, server_url: str, resp: EnrollResponse) -> None:
    """The credential that can only ask "am I revoked?", kept outside the encrypted store so that the
    laptop can ask before anyone unlocks it (desktop/services/device_guard.py)."""
    save_guard(data_dir, DeviceGuard(server_url=server_url, device_id=resp.device_id,
                                     status_token=resp.status_token or "", last_contact_ms=now_ms()))


def enroll_device(data_dir: Path, server_url: str, username: str, password: str, device_name: str) -> OpenStore:
    return enroll_store(data_dir, server_url, username, password, device_name)[0]


class AlreadyEnrolled(Exception):
    """The store is bound to a server already; enrolling it again would mix two offices."""


def enroll_existing_store(store: OpenStore, server_url: str, server_username: str, server_password: str,
                          device_name: str) -> EnrollResponse:
    """A standalone office joins a server, keeping its cases (the first-run wizard's promise).

    The server enrols this device for the user's office. Then, in one local transaction, the cases
    move from the standalone office to the server's office and the store is bound to the server.
    A standalone store has never sent anything, so every change it ever made is still waiting in
    its outbox: the cases' pending creations are given the new office too, and the next sync
    sends the office's whole history. Raises SyncError (nothing changed locally) if the server
    says no, AlreadyEnrolled if the store has a server.
    """
    from desktop.store.database import writing

    if store.get_meta("mode") != "standalone" or store.get_meta("server_url"):
        raise AlreadyEnrolled("this store is already enrolled with a server")
    with Transport(server_url) as transport:
        resp = transport.enroll(server_username, server_password, device_name)
        offset = int(resp.server_time_ms - time.time() * 1000)
        url = transport.base_url
    office = resp.office.id
    local_user = store.user.username
    old_device = store.device_id
    meta: dict[str, Any] = {
        "mode": "enrolled", "server_url": url, "device_id": resp.device_id, "device_secret": resp.device_secret,
        "device_name": device_name, "scope": resp.scope.model_dump(), "office_katottg": resp.office.katottg, "clock_offset_ms": offset,
        "office_id": office, "office_name": resp.office.name, "standalone_office_id": store.office_id,
        "cursor": 0}
    with writing(store.engine) as conn, conn.begin():
        case_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM records WHERE type = 'case'")]
        conn.exec_driver_sql("UPDATE records SET data = json_set(data, '$.office_id', ?) WHERE type = 'case'",
                             (office,))
        # Nothing was ever sent: the pending creations of the cases name the new office as well.
        conn.exec_driver_sql("UPDATE outbox SET fields = json_set(fields, '$.office_id', ?) "
                             "WHERE record_type = 'case' AND json_extract(fields, '$.office_id') IS NOT NULL",
                             (office,))
        _adopt_identity(conn, old_device, resp.device_id, local_user, resp.user.username)
        for key, value in meta.items():
            store.set_meta(key, value, conn)
        if resp.audit_public_key:
            store.set_meta("audit_public_key", resp.audit_public_key, conn)
        identity.update_user(conn, local_user, role=resp.user.role, server_username=resp.user.username,
                             display_name=resp.user.display_name, signed_in_at=int(time.time() * 1000))
        store.projector.refresh(conn, case_ids)
    keep_status_credential(store.data_dir, url, resp)
    store.seal_secrets({"user_token": resp.user_token})
    store.author = resp.user.username
    store.user = SlotInfo(local_user, resp.user.display_name or local_user, resp.user.role)
    return resp


class NotForgotten(Exception):
    """Only an enrolled store can enrol again (a standalone one enrols: enroll_existing_store)."""


@dataclass(frozen=True)
class Enrolment:
    """The server's answer to an enrolment, with the clock offset and address measured as it arrived."""
    response: EnrollResponse
    clock_offset_ms: int
    server_url: str


def request_enrolment_again(store: OpenStore, server_url: str, server_username: str, server_password: str,
                            device_name: str) -> Enrolment:
    """The network half of enroll_again (the window runs it off the database worker): nothing changes here."""
    from sync.client import errors as e

    if store.get_meta("mode") != "enrolled":
        raise NotForgotten("this store was never enrolled with a server")
    device_id, office_id = store.device_id, store.office_id
    with Transport(server_url) as transport:
        resp = transport.enroll(server_username, server_password, device_name, device_id=device_id,
                                office_id=office_id)
        offset = int(resp.server_time_ms - time.time() * 1000)
    if (resp.device_id, resp.office.id) != (device_id, office_id):
        raise e.ProtocolMismatch("enrol again: the server answered another device or office")
    return Enrolment(resp, offset, transport.base_url)


def adopt_enrolment_again(store: OpenStore, enrolment: Enrolment, device_name: str) -> None:
    """The local half: the new device secret and the person's token kept, in one transaction; everything else
    stays as it is."""
    from desktop.store.database import writing

    resp = enrolment.response
    meta: dict[str, Any] = {"server_url": enrolment.server_url, "device_secret": resp.device_secret,
                            "device_name": device_name, "scope": resp.scope.model_dump(),
                            "clock_offset_ms": enrolment.clock_offset_ms}
    if resp.audit_public_key:
        meta["audit_public_key"] = resp.audit_public_key
    local_user = store.user.username
    with writing(store.engine) as conn, conn.begin():
        for key, value in meta.items():
            store.set_meta(key, value, conn)
        identity.update_user(conn, local_user, role=resp.user.role, server_username=resp.user.username,
                             display_name=resp.user.display_name, signed_in_at=int(time.time() * 1000))
    keep_status_credential(store.data_dir, enrolment.server_url, resp)
    store.seal_secrets({"user_token": resp.user_token})
    store.author = resp.user.username
    store.user = SlotInfo(local_user, resp.user.display_name or local_user, resp.user.role)


def enroll_again(store: OpenStore, server_url: str, server_username: str, server_password: str,
                 device_name: str) -> EnrollResponse:
    """An enrolled laptop the server no longer knows - its database was restored from a backup taken before the
    laptop enrolled - enrols again under its own device id, keeping everything. Its next sync then finds the
    server in a new epoch and gives back what the server lost (desktop/store/recovery.py). The server refuses a
    device it knows (409 device_known) and a user of another office (403 scope_mismatch). Raises SyncError
    (nothing changed here) if the server says no."""
    enrolment = request_enrolment_again(store, server_url, server_username, server_password, device_name)
    adopt_enrolment_again(store, enrolment, device_name)
    return enrolment.response


# Fields that name a person by user name: who did something, and who a case or task is given to.
_PERSON_FIELDS = {**{rt: list(names) for rt, names in AUTHOR_FIELDS.items()},
                  "case": [*AUTHOR_FIELDS["case"], "assigned_to"], "task": ["assignee"],
                  "assessment": ["assessed_by"], "observation": ["observed_by"]}


def _adopt_identity(conn, old_device: str, new_device: str, local_user: str, server_user: str) -> None:
    """The store's pending work becomes the enrolled device's and the signed-in person's own.

    The server accepts a change only from its author, and a history entry only from the device it
    names (sync/records/permissions.py). What the standalone office recorded names its local device id,
    and, when the person signs in to the server under another name (`--server-user`), their local
    name: both are the same machine and the same person, as the server password proves, so the
    records and their pending changes are renamed in the enrolment's transaction. Other local users'
    changes stay theirs: they are sent once those people sign in.
    """
    renames = [("device", old_device, new_device, ["history"])]
    if server_user != local_user:
        for rtype, names in _PERSON_FIELDS.items():
            renames += [(name, local_user, server_user, [rtype]) for name in names]
        conn.exec_driver_sql("UPDATE outbox SET user = ? WHERE user = ?", (server_user, local_user))
    for name, old, new, rtypes in renames:
        path = f"$.{name}"
        for rtype in rtypes:
            conn.exec_driver_sql("UPDATE outbox SET fields = json_set(fields, ?, ?) "
                                 "WHERE record_type = ? AND json_extract(fields, ?) = ?", (path, new, rtype, path, old))
            conn.exec_driver_sql("UPDATE records SET data = json_set(data, ?, ?) "
                                 "WHERE type = ? AND json_extract(data, ?) = ?", (path, new, rtype, path, old))
