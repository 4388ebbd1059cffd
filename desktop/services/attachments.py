"""Attachments: scans and photos of documents, kept inside the encrypted database.

The bytes live in the `attachment_blobs` table next to an `attachment` record (one transaction,
CaseService.add_attachment), so they are encrypted at rest like everything else and a lost
laptop gives nothing away. Qt-free: the case screen calls these on the database worker.

Opening a file is the one place where plaintext must touch the disk: the system viewer (an image
viewer, a PDF reader) is another process and can only be handed a path, not our decrypted bytes.
So the copy goes into a private directory (0700, the file 0600) that `purge_temp_files` removes
when the session locks or the application exits. Each opening is an entry of the laptop's audit log
(`attachment_open`): from the viewer the file can be printed or copied, which Poruch cannot see.

The bytes of an attachment added on another laptop arrive after its record, by their SHA-256
(sync.client.attachments, through `StoreBlobs`); until then the record is listed and
`open_for_viewer` raises `AttachmentNotDownloaded`. Downloaded bytes go straight into the
encrypted database: never into a plain temporary file.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import mimetypes
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.services.cases import CaseService, ChangeSet
from desktop.store import tables as t
from desktop.store.database import writing

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024  # a phone photo or a multi-page scan; larger files are mistakes
BUDGET_KEY = "attachments_budget_mb"  # the laptop's size budget for files fetched ahead of opening
DEFAULT_BUDGET_MB = 1024
WANTED_KEY = "attachments_wanted"  # hashes someone tried to open while they could not be fetched
_TEMP_PREFIX = "poruch-open-"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_temp_dir: Path | None = None


class AttachmentTooLarge(ValueError):
    pass


class AttachmentNotDownloaded(FileNotFoundError):
    """The record is here, its bytes are not yet (added on another laptop, not yet downloaded)."""


@dataclass(frozen=True)
class FileToAttach:
    filename: str
    content: bytes
    mime_type: str | None


def read_file(path: str | os.PathLike) -> FileToAttach:
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLarge(path.name)
    return FileToAttach(path.name, path.read_bytes(), mimetypes.guess_type(path.name)[0])


def attach_file(cases: CaseService, case_id: str, path: str | os.PathLike, description: str = "") -> ChangeSet:
    """Read a file and store it with its record (run on the database worker: files can be large)."""
    item = read_file(path)
    fields = {"filename": item.filename[-255:], "mime_type": item.mime_type, "description": description or None}
    return cases.add_attachment(case_id, fields, item.content)


def safe_filename(name: str) -> str:
    cleaned = _UNSAFE.sub("_", Path(name).name).strip(" .") or "attachment"
    stem, dot, ext = cleaned.rpartition(".")
    return (stem[:100] + dot + ext[:10]) if dot else cleaned[:110]


def private_temp_dir() -> Path:
    global _temp_dir
    if _temp_dir is None or not _temp_dir.is_dir():
        _purge_stale()
        # The process id in the name tells other copies of Poruch whose folder this is.
        _temp_dir = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}{os.getpid()}-"))  # mkdtemp creates it 0700
    return _temp_dir


@dataclass
class OpenedFile(ChangeSet):
    """An attachment opened: the decrypted copy for the viewer, and the audit entry's change set."""

    path: Path | None = None


def open_for_viewer(cases: CaseService, attachment_id: str, filename: str) -> OpenedFile:
    """Write a decrypted copy for the system viewer and record the opening in the audit log (a mutation:
    run on the database worker); the caller opens `path` with QDesktopServices. No copy without its
    entry: if the entry cannot be written, the copy is removed and the error raised."""
    content = cases.attachment_content(attachment_id)
    if content is None:
        raise AttachmentNotDownloaded("attachment content is not on this computer yet")
    target = _write_private_copy(attachment_id, filename, content)
    try:
        cases.log_attachment_open(attachment_id, len(content))
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return OpenedFile(path=target)  # only the audit log changed: no screen needs refreshing


def _write_private_copy(attachment_id: str, filename: str, content: bytes) -> Path:
    folder = private_temp_dir() / attachment_id  # one folder per attachment: same names never clash
    folder.mkdir(mode=0o700, exist_ok=True)
    target = folder / safe_filename(filename)
    tmp = folder / (".part-" + target.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
    os.replace(tmp, target)
    return target


def present_ids(conn, case_id: str) -> frozenset[str]:
    """Ids of the case's attachments whose bytes are on this computer (the case screen marks the others)."""
    rows = conn.execute(select(t.attachment_blobs.c.attachment_id)
                        .join(t.records, t.records.c.id == t.attachment_blobs.c.attachment_id)
                        .where(t.records.c.case_id == case_id, t.records.c.type == "attachment"))
    return frozenset(r[0] for r in rows)


# --- on demand ----------------------------------------------------------------------------------------
class AttachmentUnavailable(AttachmentNotDownloaded):
    """The file could not be fetched now; `reason`: offline, not_uploaded, not_signed_in, standalone, failed.
    Except for `standalone`, it is remembered and fetched by the next sync."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def budget_bytes(store) -> int:
    """The laptop's budget for files fetched before anyone opens them (files opened are always fetched)."""
    try:
        mb = float(store.get_meta(BUDGET_KEY, DEFAULT_BUDGET_MB))
    except (TypeError, ValueError):
        mb = DEFAULT_BUDGET_MB
    return max(0, int(mb * 1024 * 1024))


def set_budget(store, megabytes: float) -> None:
    if not 0 <= megabytes <= 1_000_000:
        raise ValueError("budget out of range")
    store.set_meta(BUDGET_KEY, megabytes)


def held_summary(store) -> dict:
    """Files held here and missing (live attachment records), and the budget: for `poruch attachments`."""
    with store.engine.connect() as conn:
        held_files, held_bytes = conn.exec_driver_sql(
            "SELECT count(*), COALESCE(SUM(length(content)), 0) FROM attachment_blobs").one()
        missing = conn.exec_driver_sql(
            "SELECT count(*) FROM records r WHERE r.type = 'attachment' AND r.deleted = 0 "
            "AND NOT EXISTS (SELECT 1 FROM attachment_blobs b WHERE b.attachment_id = r.id)").scalar()
    return {"held_files": held_files, "held_mb": held_bytes / 1024 / 1024, "missing_files": missing,
            "budget_mb": budget_bytes(store) / 1024 / 1024}


def sha_of(store, attachment_id: str) -> str:
    with store.engine.connect() as conn:
        sha = conn.exec_driver_sql("SELECT json_extract(data, '$.sha256') FROM records WHERE id = ? "
                                   "AND type = 'attachment'", (attachment_id,)).scalar()
    if not sha:
        raise KeyError("no attachment record with this id")
    return sha


def want(store, attachment_id: str) -> None:
    """Remember a file someone tried to open: the next sync fetches it whatever the budget."""
    sha = sha_of(store, attachment_id)
    with writing(store.engine) as conn, conn.begin():
        raw = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (WANTED_KEY,)).scalar()
        wanted = json.loads(raw) if raw else []
        if sha not in wanted:
            store.set_meta(WANTED_KEY, [*wanted, sha][-1000:], conn)


def download(store, attachment_id: str) -> bytes:
    """Fetch one file's bytes from the server now, into the encrypted store (a network job: the window
    runs it on its network pool, as it runs the sync). Raises AttachmentUnavailable in plain reasons."""
    from desktop.services.sync_cycle import build_sync
    from sync.client import errors as e
    from sync.client.attachments import BlobSync
    from sync.client.retry import RetryPolicy

    sha = sha_of(store, attachment_id)
    try:
        laptop = build_sync(store)
    except e.NotEnrolled:
        raise AttachmentUnavailable("standalone") from None
    except e.NotSignedIn:
        raise AttachmentUnavailable("not_signed_in") from None
    try:
        return BlobSync(StoreBlobs(store), laptop.engine.transport,
                        retry=RetryPolicy(attempts=2, base_delay=0.2)).fetch(sha)
    except e.DeviceRevoked:
        raise
    except e.SyncError as exc:
        if exc.status == 404:
            raise AttachmentUnavailable("not_uploaded") from None
        if isinstance(exc, e.ServerUnreachable) or exc.code in ("offline", "timeout"):
            raise AttachmentUnavailable("offline") from None
        raise AttachmentUnavailable("failed") from None
    finally:
        laptop.close()


class StoreBlobs:
    """The encrypted store as sync.client.attachments sees it (a `BlobStore`); runs on the sync thread.

    Bytes are kept per attachment record (`attachment_blobs.attachment_id`); records name them by
    their `sha256` field, so the same file attached twice is held twice and downloaded once.
    """

    _SHA = "json_extract(r.data, '$.sha256')"

    def __init__(self, store):
        self.store = store
        self.engine = store.engine

    def get_state(self, key: str, default=None):
        return self.store.get_meta(key, default)

    def set_state(self, key: str, value) -> None:
        self.store.set_meta(key, value)

    def upload_candidates(self, after_seq: int) -> list[tuple[int, str, bool]]:
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT r.server_seq, {self._SHA}, b.attachment_id IS NOT NULL FROM records r "
                "LEFT JOIN attachment_blobs b ON b.attachment_id = r.id "
                "WHERE r.type = 'attachment' AND r.deleted = 0 AND r.server_seq > ? ORDER BY r.server_seq",
                (after_seq,)).all()
        return [(seq, sha or "", bool(held)) for seq, sha, held in rows]

    def hashes_to_fetch(self) -> tuple[list[str], int]:
        """What this pass downloads (sync.client.attachments): missing files someone tried to open, then
        those of the signed-in person's own cases (newest first) while the files held here stay within
        the laptop's budget; a file held here under another record is always copied. Returns the
        hashes and how many other missing files wait until they are opened."""
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                f"SELECT {self._SHA} AS sha, MAX(COALESCE(json_extract(r.data, '$.size'), 0)), "
                "MAX(c.assigned_to IS NOT NULL AND c.assigned_to = ?), MAX(COALESCE(c.updated_at, 0)), "
                "MAX(EXISTS (SELECT 1 FROM attachment_blobs b2 JOIN records r2 ON r2.id = b2.attachment_id "
                f"     WHERE r2.type = 'attachment' AND json_extract(r2.data, '$.sha256') = {self._SHA})) "
                "FROM records r LEFT JOIN case_index c ON c.case_id = r.case_id "
                f"WHERE r.type = 'attachment' AND r.deleted = 0 AND {self._SHA} IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM attachment_blobs b WHERE b.attachment_id = r.id) GROUP BY sha",
                (self.store.author,)).all()
            held = conn.exec_driver_sql("SELECT COALESCE(SUM(length(content)), 0) FROM attachment_blobs").scalar()
        missing = {sha for sha, *_ in rows}
        wanted = [h for h in (self.store.get_meta(WANTED_KEY) or []) if h in missing]
        if wanted != (self.store.get_meta(WANTED_KEY) or []):
            self.store.set_meta(WANTED_KEY, wanted)  # fetched or gone meanwhile
        chosen = set(wanted) | {sha for sha, _size, _own, _upd, here in rows if here}
        room = budget_bytes(self.store) - held - sum(size for sha, size, *_ in rows if sha in chosen)
        for sha, size, own, _upd, _here in sorted(rows, key=lambda r: -r[3]):
            if own and sha not in chosen and int(size or 0) <= room:
                chosen.add(sha)
                room -= int(size or 0)
        return sorted(chosen), len(missing - chosen)

    def read_blob(self, sha256: str) -> bytes | None:
        with self.engine.connect() as conn:
            for (content,) in conn.exec_driver_sql(
                    f"SELECT b.content FROM attachment_blobs b JOIN records r ON r.id = b.attachment_id "
                    f"WHERE r.type = 'attachment' AND {self._SHA} = ?", (sha256,)):
                if hashlib.sha256(content).hexdigest() == sha256:
                    return bytes(content)
        return None

    def save_blob(self, sha256: str, content: bytes) -> int:
        if hashlib.sha256(content).hexdigest() != sha256:
            raise ValueError("attachment bytes do not match their hash")
        with writing(self.engine) as conn, conn.begin():
            ids = [r[0] for r in conn.exec_driver_sql(
                f"SELECT r.id FROM records r WHERE r.type = 'attachment' AND {self._SHA} = ? "
                "AND NOT EXISTS (SELECT 1 FROM attachment_blobs b WHERE b.attachment_id = r.id)", (sha256,))]
            if ids:
                conn.execute(t.attachment_blobs.insert(), [{"attachment_id": i, "content": content} for i in ids])
            raw = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (WANTED_KEY,)).scalar()
            wanted = json.loads(raw) if raw else []
            if sha256 in wanted:  # asked for by someone opening it: here now
                self.store.set_meta(WANTED_KEY, [h for h in wanted if h != sha256], conn)
        return len(ids)


def purge_temp_files() -> None:
    """Remove every decrypted copy (on lock and at exit). A viewer still holding one open on
    Windows makes the delete fail; the next purge or start retries."""
    global _temp_dir
    if _temp_dir is not None:
        shutil.rmtree(_temp_dir, ignore_errors=True)
        _temp_dir = None
    _purge_stale()


def _purge_stale() -> None:
    """Remove what this copy of Poruch, or a copy that is no longer running, left behind (a crash,
    a power cut). Another running copy's folder (the same OS user may run two) is left alone, and so
    is anything of another user. A folder without an owner's process id (made before ids were put in
    the names) goes once it is a day old."""
    root = Path(tempfile.gettempdir())
    uid = getattr(os, "getuid", lambda: None)()
    for entry in root.glob(_TEMP_PREFIX + "*"):
        try:
            if entry == _temp_dir or not entry.is_dir() or entry.is_symlink():
                continue
            info = entry.stat()
            if uid is not None and info.st_uid != uid:
                continue
            owner = _owner_pid(entry.name)
            if owner is None:
                stale = time.time() - info.st_mtime > 86_400
            else:
                stale = owner == os.getpid() or not process_alive(owner)
            if stale:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def _owner_pid(name: str) -> int | None:
    pid, sep, _ = name[len(_TEMP_PREFIX):].partition("-")
    return int(pid) if sep and pid.isdigit() else None


def process_alive(pid: int) -> bool:
    """Whether a process with this id is running. A reused id reads as alive: the folder then waits
    for a later purge (or the system's own temp cleaning), which errs on the side of not deleting."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists, it is somebody else's
        try:
            code = ctypes.c_ulong()
            return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


atexit.register(purge_temp_files)
