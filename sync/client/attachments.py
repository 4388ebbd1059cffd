"""Attachment bytes, after a sync cycle: upload what the server lacks, download what this device lacks.

The attachment records (file name, size, `sha256`) sync with everything else; their bytes follow
here, addressed by their SHA-256 (docs/sync-protocol.md, "Attachment files"):

1. one `POST /api/v1/attachments/status` for the hashes worth asking about: those of attachment
   records this device holds the bytes of and has not checked since they reached the server (a
   checked-up-to `server_seq` mark in the store keeps later cycles from asking again), and those the
   store wants now (`hashes_to_fetch`);
2. `PUT` each one the server is `missing`; `GET` each wanted one it has `stored`, checked against its
   hash and handed to the store (the encrypted database: the bytes never touch the disk in plain).

Downloads are on demand: the store decides which missing files a pass fetches (on a laptop, the
files someone tried to open and those of the signed-in caseworker's own cases, within the laptop's
size budget: desktop.services.attachments). The rest wait until someone opens them (`fetch`), so a
district laptop never pulls every file of its scope at enrolment.

Content addressing makes every step safe to repeat: an upload retried after a lost answer stores
nothing twice, a download retried stores the same bytes. A failure here never blocks the records:
it is reported in plain words (`AttachmentTransferFailed`) and the next cycle tries again. Bytes a
colleague's laptop has not uploaded yet are simply "waiting".

Qt-free and store-agnostic: the desktop gives a `BlobStore` (desktop.services.attachments.StoreBlobs).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import asdict, dataclass, replace
from typing import Any, Protocol

import httpx

from sync.client import errors as e
from sync.client.retry import RetryPolicy, with_retries
from sync.client.transport import Transport

log = logging.getLogger(__name__)

MAX_BLOB_BYTES = 25 * 1024 * 1024  # as the server (sync.server.attachments) and the desktop refuse beyond
STATUS_CHUNK = 1000
CHECKED_KEY = "attachments_checked_seq"  # attachment records up to this server seq: bytes known to be there
PATH = "/api/v1/attachments"
# One file's requests give up sooner than the cycle's: a pass may hold many files, and what fails
# now is tried again next cycle.
FILE_ATTEMPTS = 4
FILE_MAX_DELAY = 10.0


class BlobStore(Protocol):
    def get_state(self, key: str, default: Any = None) -> Any: ...

    def set_state(self, key: str, value: Any) -> None: ...

    def upload_candidates(self, after_seq: int) -> list[tuple[int, str, bool]]:
        """(server_seq, sha256, bytes held here) of live synced attachment records with server_seq > after_seq."""
        ...

    def hashes_to_fetch(self) -> tuple[list[str], int]:
        """Hashes whose bytes this pass should download (missing here and wanted), and how many other
        missing hashes are left to be fetched when opened."""
        ...

    def read_blob(self, sha256: str) -> bytes | None: ...

    def save_blob(self, sha256: str, content: bytes) -> int:
        """Store the bytes for every attachment record naming `sha256` that lacks them; how many."""
        ...


class AttachmentTransferFailed(e.SyncError):
    code = "attachments_failed"
    transient = True
    exit_code = 1
    uk = ("Не всі файли вкладень вдалося передати. Записи синхронізовано; файли спробуємо передати "
          "під час наступної синхронізації.")
    en = "Some attachment files could not be transferred. The records are synced; the files will be retried next sync."


class _Damaged(e.SyncError):
    """Downloaded bytes that do not match their hash (cut or damaged on the way): fetched again."""

    code = "attachment_damaged"
    transient = True


@dataclass
class BlobReport:
    uploaded: int = 0          # bytes the server did not have, now stored there
    already_on_server: int = 0  # the server had them (another device, or a retried upload)
    downloaded: int = 0        # hashes fetched and stored here
    waiting: int = 0           # referenced here, not uploaded yet by the device that added them
    on_demand: int = 0         # not on this device, left to be downloaded when opened
    failed: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    duration_s: float = 0.0
    error_code: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class BlobSync:
    def __init__(self, store: BlobStore, transport: Transport, *, retry: RetryPolicy | None = None,
                 stop: threading.Event | None = None):
        """`retry`: the sync cycle's policy (its delays), held to FILE_ATTEMPTS and FILE_MAX_DELAY."""
        retry = retry or RetryPolicy()
        self.store = store
        self.transport = transport
        self.retry = replace(retry, attempts=max(1, min(retry.attempts, FILE_ATTEMPTS)),
                             max_delay=min(retry.max_delay, FILE_MAX_DELAY))
        self.stop = stop or threading.Event()

    def run(self) -> BlobReport:
        """One pass. Raises only DeviceRevoked; any other failure is in the report and in `last_error`."""
        report = BlobReport()
        started = time.monotonic()
        try:
            self._run(report)
        except e.DeviceRevoked:
            raise  # the caller wipes this device
        except e.SyncError as exc:  # the status request failed, or the link went down: all of it next time
            report.failed = max(report.failed, 1)
            log.info("attachment transfer stopped (%s)", exc.code)
            report.error_code = exc.code
        if report.failed:
            error = AttachmentTransferFailed(f"{report.failed}")
            report.error_code, report.error = error.code, error.message
            self.store.set_state("last_error", error.message)
        report.duration_s = round(time.monotonic() - started, 4)
        return report

    # --- the pass -------------------------------------------------------------------------------------
    def _run(self, report: BlobReport) -> None:
        checked = int(self.store.get_state(CHECKED_KEY, 0) or 0)
        candidates = self.store.upload_candidates(checked)
        to_upload = {sha for _seq, sha, held in candidates if held and sha}
        wanted, report.on_demand = self.store.hashes_to_fetch()
        to_fetch = set(wanted)
        for sha in sorted(to_fetch):
            local = self.store.read_blob(sha)  # the same file attached twice: copy, do not download
            if local is not None:
                self.store.save_blob(sha, local)
                to_fetch.discard(sha)
        if not (candidates or to_fetch):
            return
        stored: set[str] = set()
        missing: set[str] = set()
        asked = sorted(to_upload | to_fetch)
        for start in range(0, len(asked), STATUS_CHUNK):
            answer = self._retry(lambda c=asked[start:start + STATUS_CHUNK]: self._status(c))
            stored |= set(answer.get("stored") or ())
            missing |= set(answer.get("missing") or ())
        done: set[str] = set()
        failed: set[str] = set()
        for sha in sorted(to_upload):
            if sha in stored:
                report.already_on_server += 1
                done.add(sha)
            elif sha in missing:
                if self._upload(sha, report):
                    done.add(sha)
                else:
                    failed.add(sha)
            else:
                done.add(sha)  # no live record of the scope names it any more: nothing to send
        self._mark_checked(candidates, checked, failed)
        for sha in sorted(to_fetch):
            if sha in stored:
                self._download(sha, report)
            elif sha in missing and sha not in to_upload:
                report.waiting += 1

    def _mark_checked(self, candidates: list[tuple[int, str, bool]], checked: int, failed: set[str]) -> None:
        """Advance the mark to the last record before the first failed upload (records are in seq order)."""
        mark = checked
        for seq, sha, _held in sorted(candidates):
            if sha in failed:
                break
            mark = max(mark, seq)
        if mark != checked:
            self.store.set_state(CHECKED_KEY, mark)

    def _upload(self, sha: str, report: BlobReport) -> bool:
        content = self.store.read_blob(sha)
        if content is None or hashlib.sha256(content).hexdigest() != sha:
            log.warning("attachment bytes missing or damaged on this device: not uploaded")
            report.failed += 1
            return False
        try:
            response = self._retry(lambda: self._request("PUT", f"{PATH}/{sha}", content))
        except e.ServerUnreachable:
            raise  # the link is down: stop the pass, the next cycle starts over
        except e.SyncError as exc:
            log.info("attachment upload refused (%s, HTTP %s)", exc.code, exc.status)
            report.failed += 1
            return False
        report.bytes_sent += len(content)
        if response.status_code == 201:
            report.uploaded += 1
        else:
            report.already_on_server += 1
        return True

    def _download(self, sha: str, report: BlobReport) -> None:
        def fetch() -> bytes:
            data = self._request("GET", f"{PATH}/{sha}").content
            if hashlib.sha256(data).hexdigest() != sha:  # cut or damaged on the way: fetch again
                raise _Damaged("bytes do not match their hash")
            return data

        try:
            content = self._retry(fetch)
        except e.ServerUnreachable:
            raise
        except e.SyncError as exc:
            if exc.status == 404:  # uploaded nowhere yet, or the record left the scope meanwhile
                report.waiting += 1
                return
            log.info("attachment download refused (%s, HTTP %s)", exc.code, exc.status)
            report.failed += 1
            return
        report.bytes_received += len(content)
        self.store.save_blob(sha, content)
        report.downloaded += 1

    def fetch(self, sha: str) -> bytes:
        """Download one file now (someone opened it) and hand it to the store. Raises SyncError: 404 when
        the device that added it has not uploaded it yet, ServerUnreachable offline."""
        def get() -> bytes:
            data = self._request("GET", f"{PATH}/{sha}").content
            if hashlib.sha256(data).hexdigest() != sha:
                raise _Damaged("bytes do not match their hash")
            return data

        content = self._retry(get)
        self.store.save_blob(sha, content)
        return content

    # --- requests -------------------------------------------------------------------------------------
    def _status(self, hashes: list[str]) -> dict[str, Any]:
        answer = self.transport.call("POST", f"{PATH}/status", {"sha256": hashes})
        if not isinstance(answer, dict):
            raise e.ProtocolMismatch("attachments/status: unexpected answer")
        return answer

    def _request(self, method: str, path: str, content: bytes | None = None) -> httpx.Response:
        return self.transport.raw(method, path, content)

    def _retry(self, fn):
        # A connection that could not even be opened is not retried: the link is down, the pass
        # stops and the next cycle starts it over.
        return with_retries(fn, self.retry, self.stop,
                            attempts=lambda exc: 1 if getattr(exc, "connect_failed", False) else self.retry.attempts)
