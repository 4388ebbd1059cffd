"""Attachment bytes between real laptops and a real server: after the records, by their SHA-256, exactly once.

Bytes are generated (never a real document); people are synthetic (desktop.services.synthetic).
"""

from __future__ import annotations

import hashlib
import json
import secrets

import httpx
import pytest
from sqlalchemy import func, select

from desktop.services import attachments
from desktop.services.attachments import StoreBlobs
from desktop.services.cases import CaseService
from desktop.services.synthetic import generate_registrations
from desktop.store.store import unlock_store
from sync.client.attachments import CHECKED_KEY, BlobSync
from sync.client.retry import RetryPolicy
from sync.client.transport import Transport
from sync.server.attachments import attachment_blobs
from tests.support.fault_proxy import Fault, FaultProxy
from tests.sync.conftest import PASSWORD, poruch

MB = 1024 * 1024


def new_case(client, seed: int) -> str:
    return next(iter(client.cases.register(generate_registrations(1, seed=seed)[0]).case_ids))


def add_scan(client, case_id: str, size: int) -> tuple[str, bytes]:
    content = secrets.token_bytes(size)
    cs = client.cases.add_attachment(case_id, {"filename": "скан-довідки.pdf", "mime_type": "application/pdf"},
                                     content)
    return next(i for i in cs.record_ids if client.cases.attachment_content(i) is not None), content


def blobs(client, url: str | None = None, **kw) -> BlobSync:
    transport = Transport(url or client.url, device_id=client.device_id,
                          device_secret=client.store.get_meta("device_secret"),
                          user_token=client.store.user_token, timeout=kw.pop("timeout", None))
    retry = RetryPolicy(attempts=kw.pop("attempts", 4), base_delay=0.05)
    return BlobSync(StoreBlobs(client.store), transport, retry=retry, **kw)


def sync_all(client, url: str | None = None, **kw):
    report = client.sync(url)
    assert report.ok and report.verified
    passer = blobs(client, url, **kw)
    try:
        return passer.run()
    finally:
        passer.transport.close()


def stored_copies(world, sha: str) -> int:
    with world.db.connect() as conn:
        return conn.execute(select(func.count()).select_from(attachment_blobs)
                            .where(attachment_blobs.c.sha256 == sha)).scalar_one()


def attachment_ids(client) -> list[str]:
    with client.store.engine.connect() as conn:
        return list(conn.exec_driver_sql("select id from records where type = 'attachment'").scalars())


def test_a_colleagues_laptop_opens_identical_bytes(world):
    _, (u1, u2) = world.office("olena", "petro")
    a, b = world.client(u1), world.client(u2)
    case_id = new_case(a, seed=11)
    attachment_id, content = add_scan(a, case_id, 5 * MB)
    sha = hashlib.sha256(content).hexdigest()

    # The colleague syncs before the scan has reached the server: the record is there, the bytes wait.
    assert a.sync().ok
    early = sync_all(b)
    assert (early.on_demand, early.downloaded, early.error) == (1, 0, None)  # not b's case: left for opening
    with pytest.raises(attachments.AttachmentNotDownloaded):
        attachments.open_for_viewer(b.cases, attachment_id, "скан-довідки.pdf")
    with pytest.raises(attachments.AttachmentUnavailable) as refused:  # opened: tried, not uploaded yet
        attachments.download(b.store, attachment_id)
    assert refused.value.reason == "not_uploaded"
    with b.store.engine.connect() as conn:
        assert attachments.present_ids(conn, case_id) == frozenset()

    up = sync_all(a)
    assert (up.uploaded, up.failed, up.error) == (1, 0, None) and up.bytes_sent == len(content)
    assert stored_copies(world, sha) == 1
    again = sync_all(a)  # checked once: later cycles do not even ask
    assert (again.uploaded, again.already_on_server) == (0, 0)
    assert a.store.get_meta(CHECKED_KEY) > 0

    attachments.want(b.store, attachment_id)  # what the case screen does when the download is refused
    down = sync_all(b)
    assert (down.downloaded, down.waiting, down.failed) == (1, 0, 0) and down.bytes_received == len(content)
    assert b.cases.attachment_content(attachment_id) == content
    assert b.store.get_meta(attachments.WANTED_KEY) == []
    with b.store.engine.connect() as conn:
        assert attachments.present_ids(conn, case_id) == {attachment_id}
    path = attachments.open_for_viewer(b.cases, attachment_id, "скан-довідки.pdf").path
    assert path.read_bytes() == content
    attachments.purge_temp_files()
    # Nothing of the scan in plain in the colleague's database files.
    for suffix in ("", "-wal"):
        f = b.store.db_path.with_name(b.store.db_path.name + suffix)
        if f.exists():
            assert content[:64] not in f.read_bytes()
    assert sync_all(b).downloaded == 0


def test_the_same_scan_attached_twice_is_stored_once_everywhere(world):
    _, (u1, u2) = world.office("iryna", "taras")
    a, b = world.client(u1), world.client(u2)
    content = secrets.token_bytes(40_000)
    first, second = new_case(a, seed=21), new_case(a, seed=22)
    for case_id in (first, second):
        a.cases.add_attachment(case_id, {"filename": "паспорт.jpg"}, content)
    up = sync_all(a)
    assert up.uploaded == 1 and stored_copies(world, hashlib.sha256(content).hexdigest()) == 1
    assert b.sync().ok
    attachments.want(b.store, attachment_ids(b)[0])  # one of the two opened: the other is copied here
    down = sync_all(b)
    assert down.downloaded == 1
    assert [b.cases.attachment_content(i) for i in attachment_ids(b)] == [content, content]


def test_an_upload_cut_mid_body_and_unanswered_is_retried_into_one_copy(world):
    _, (u1, u2) = world.office("maryna", "yurii")
    a, b = world.client(u1), world.client(u2)
    case_id = new_case(a, seed=31)
    _, content = add_scan(a, case_id, 3 * MB)
    sha = hashlib.sha256(content).hexdigest()
    assert a.sync().ok
    proxy = FaultProxy(world.server.port)
    passer = blobs(a, proxy.url, timeout=httpx.Timeout(10.0, connect=2.0))
    try:
        # 1st connection: the status call passes, the upload is cut half-way (nothing stored);
        # 2nd: the server stores the retried upload but its answer is lost; 3rd: the retry is told "already".
        proxy.plan(Fault("cut_request", after=MB), Fault("cut_response", after=20))
        report = passer.run()
    finally:
        passer.transport.close()
        proxy.close()
    assert proxy.stats["cuts"] >= 2
    assert (report.uploaded, report.already_on_server, report.failed) == (0, 1, 0)
    assert stored_copies(world, sha) == 1
    assert b.sync().ok
    assert attachments.download(b.store, attachment_ids(b)[0]) == content  # opened on the colleague's laptop
    assert b.cases.attachment_content(attachment_ids(b)[0]) == content


def test_a_server_out_of_reach_does_not_block_the_records_and_is_said_in_plain_words(world):
    _, (u1,) = world.office("halyna")
    a = world.client(u1)
    case_id = new_case(a, seed=41)
    add_scan(a, case_id, 10_000)
    assert a.sync().ok and a.replica.pending_count() == 0
    proxy = FaultProxy(world.server.port)
    passer = blobs(a, proxy.url, attempts=2)
    try:
        proxy.default = Fault("refuse")
        report = passer.run()
    finally:
        passer.transport.close()
        proxy.close()
    assert report.failed and report.error_code == "attachments_failed"
    assert "файли вкладень" in report.error and a.store.get_meta("last_error") == report.error
    assert a.store.get_meta(CHECKED_KEY, 0) == 0  # not marked: the next cycle uploads it
    later = sync_all(a)
    assert (later.uploaded, later.error) == (1, None)


def test_poruch_sync_moves_the_bytes_both_ways(world):
    _, (u1, u2) = world.office("sofiia", "bohdan")
    a, b = world.client(u1), world.client(u2)
    case_id = new_case(a, seed=51)
    attachment_id, content = add_scan(a, case_id, 200_000)
    a.store.close()
    sent = poruch(a.data_dir, "sync", "--json", "--retry-delay", "0.05", username=u1)
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["attachments"]["uploaded"] == 1
    assert b.sync().ok
    attachments.want(b.store, attachment_id)  # opened while the colleague's laptop had not sent it
    b.store.close()
    got = poruch(b.data_dir, "sync", "--retry-delay", "0.05", username=u2)
    assert got.returncode == 0, got.stderr
    assert "отримано 1" in got.stdout
    exported = poruch(b.data_dir, "status", "--json", username=u2)
    assert json.loads(exported.stdout)["last_error"] is None
    budget = poruch(b.data_dir, "attachments", "--budget-mb", "250", username=u2)
    assert budget.returncode == 0 and "Файлів на цьому комп'ютері: 1" in budget.stdout, budget.stdout + budget.stderr
    assert "бюджет для власних справ: 250 МБ" in budget.stdout
    assert poruch(b.data_dir, "attachments", "--budget-mb", "-1", username=u2).returncode == 2
    world.clients.remove(a)
    world.clients.remove(b)
    store = unlock_store(b.data_dir, u2, PASSWORD)
    try:
        assert CaseService(store).attachment_content(attachment_id) == content
    finally:
        store.close()


def test_a_laptop_prefetches_only_its_persons_own_files_within_its_budget_and_the_rest_on_opening(world):
    """A second laptop of the same caseworker gets the files of their own cases ahead of time, newest case
    first, as far as its budget goes; a colleague's file waits until it is opened; nothing at enrolment."""
    _, (me, colleague) = world.office("nadiia", "ostap")
    first, other = world.client(me), world.client(colleague)
    mine = [new_case(first, seed=61 + i) for i in range(2)]
    own = [add_scan(first, case_id, 300_000) for case_id in mine]
    theirs = add_scan(other, new_case(other, seed=65), 300_000)
    assert sync_all(first).uploaded == 2 and sync_all(other).uploaded == 1

    second = world.client(me)  # enrolment pulls the records: no file comes with them
    with second.store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM attachment_blobs").scalar() == 0
    attachments.set_budget(second.store, 0.5)  # MB: room for one of the two own files
    report = sync_all(second)
    assert (report.downloaded, report.on_demand, report.failed) == (1, 2, 0)
    assert second.cases.attachment_content(own[1][0]) == own[1][1]  # the newer case's file
    attachments.set_budget(second.store, 10)
    assert (sync_all(second).downloaded, second.cases.attachment_content(own[0][0])) == (1, own[0][1])
    assert second.cases.attachment_content(theirs[0]) is None  # a colleague's case: not fetched ahead

    # Opened while the server is out of reach: said, remembered, fetched by the next sync whatever the budget.
    proxy = FaultProxy(world.server.port)
    try:
        second.store.set_meta("server_url", proxy.url)
        proxy.default = Fault("refuse")
        with pytest.raises(attachments.AttachmentUnavailable) as offline:
            attachments.download(second.store, theirs[0])
    finally:
        second.store.set_meta("server_url", world.url)
        proxy.close()
    assert offline.value.reason == "offline"
    attachments.want(second.store, theirs[0])
    attachments.set_budget(second.store, 0)
    assert sync_all(second).downloaded == 1 and second.cases.attachment_content(theirs[0]) == theirs[1]
