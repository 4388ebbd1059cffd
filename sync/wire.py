"""The sync protocol's bytes, written and read in one place by both ends (docs/sync-protocol.md).

- **Canonical JSON and the record hash**: a record's data is stored and sent as canonical JSON text,
  and both ends hash a record's state from that text the same way.
- **The scope digest**: a record's 64-bit share of its scope's digest, and the digest's text form.
- **Push**: the request body, written by hand by the client (the server reads it with the
  `sync.protocol.PushRequest` model, so its schema and limits stay declared there).
- **Pull**: the version 2 answer in lines and the version 1 JSON answer, written by the server,
  read by the client.

The pydantic models and constants of the protocol are in `sync/protocol.py`; what is here is on the
hot path (a first download is 46,000 records, a push of 1,000 cases 5,300 changes), so record data
is spliced in and out as text and never parsed and encoded again on the way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sync.protocol import PULL_LINE_FIELDS, DigestResponse

T = TypeVar("T")


class WireError(ValueError):
    """Bytes that do not have the protocol's shape (the client calls it a protocol mismatch)."""


class RawJSON(str):
    """JSON text that is sent as it is: a change's `fields` as the outbox stores them, or a whole
    request body (decoding 5,000 changes only to encode them again was a third of a push's work
    on the device)."""

    __slots__ = ()


# --- canonical JSON and the record hash --------------------------------------------------------------
# One encoder, built once: json.dumps with non-default settings builds a new one on every call.
_canonical_encoder = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _c_canonical() -> Callable[[Any], str] | None:
    """The json module's C encoder with the canonical settings, made once and called directly:
    JSONEncoder.encode makes a new one on every call, with a dict of the containers it is in to
    catch a circular reference. Record data is decoded JSON, which cannot hold one (a nesting too
    deep still raises RecursionError). A server's pushed batch encodes 2,000 records' data: 7.5 ->
    4.5 ms. The same text as JSONEncoder.encode, checked once here; None where the C encoder is
    missing or is made otherwise (another Python)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    e = _canonical_encoder
    try:
        encode = make(None, e.default, json.encoder.encode_basestring, None, e.key_separator,  # type: ignore[misc]
                      e.item_separator, e.sort_keys, e.skipkeys, e.allow_nan)
        sample = {"b": [1, 2.5, None, True, "é\u2028\x00\"/"], "a": {"z": -0.0, "y": {}}}
        if "".join(encode(sample, 0)) != e.encode(sample):
            return None
    except TypeError:  # no C encoder (None), or its arguments changed
        return None
    return lambda value: "".join(encode(value, 0))


canonical_json: Callable[[Any], str] = _c_canonical() or _canonical_encoder.encode
_quote = json.encoder.encode_basestring  # canonical_json's string form (ensure_ascii=False)
_quote_ascii = json.encoder.encode_basestring_ascii  # 5x cheaper than json.dumps per string


def record_hash_of_json(record_type: str, case_id: str, data_json: str, deleted: bool) -> str:
    """The record hash, `sha256(canonical_json([type, case_id, data, deleted]))`, from the data's
    canonical text as stored: the list's canonical JSON is its parts' joined, so the data is not
    parsed and encoded again."""
    payload = f"[{_quote(record_type)},{_quote(case_id)},{data_json},{'true' if deleted else 'false'}]"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_hash(record_type: str, case_id: str, data: dict[str, Any], deleted: bool) -> str:
    """The record hash of a record whose data is at hand as a dict."""
    return record_hash_of_json(record_type, case_id, canonical_json(data), bool(deleted))


# --- the scope digest ------------------------------------------------------------------------------------
def digest_item(record_id: str, hash_hex: str) -> int:
    """A record's 64-bit share of its scope's digest (the digest is the XOR of its records' shares)."""
    return int.from_bytes(hashlib.sha256(f"{record_id}:{hash_hex}".encode()).digest()[:8], "big")


def format_digest(value: int) -> str:
    """A digest as the protocol and both ends' tables write it: 16 lower-case hex digits."""
    return f"{value:016x}"


def parse_digest(text: str | None) -> int:
    return int(text, 16) if text else 0


EMPTY_DIGEST = format_digest(0)


# --- push --------------------------------------------------------------------------------------------------
# Request bodies that have no hand-written encoder, and a change's fields given as a dict. Built once.
compact_json: Callable[[Any], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_push(changes: Iterable[dict[str, Any]]) -> RawJSON:
    """`{"changes": [...]}`, each change's fields spliced in as the outbox holds them (RawJSON) or
    encoded (a dict)."""
    return encode_push_within(changes, None)[0]


def encode_push_within(changes: Iterable[dict[str, Any]], max_bytes: int | None) -> tuple[RawJSON, int]:
    """The body of the leading changes that fit in `max_bytes` of UTF-8 (at least one; None: all),
    and how many it holds."""
    q = _quote
    parts: list[str] = []
    size = len('{"changes":[]}')
    for c in changes:
        fields = c["fields"]
        part = (
            f'{{"change_id":{q(c["change_id"])},"record_id":{q(c["record_id"])},'
            f'"record_type":{q(c["record_type"])},"case_id":{q(c["case_id"])},"op":{q(c["op"])},'
            f'"fields":{fields if isinstance(fields, RawJSON) else compact_json(fields)},'
            f'"base_seq":{int(c["base_seq"])},"hlc":{int(c["hlc"])},"user":{q(c["user"])},'
            f'"device_id":{q(c["device_id"])}}}')
        if max_bytes is not None:
            size += len(part.encode("utf-8")) + 1
            if parts and size > max_bytes:
                break
        parts.append(part)
    return RawJSON('{"changes":[' + ",".join(parts) + "]}"), len(parts)


def encode_push_answer(results: Iterable[Any], server_time_ms: int) -> bytes:
    """A push answer (sync.protocol.PushResponse) from the server's results, each with `change_id`,
    `status`, `reason`, `seq`, `hash` and `hlc`: written by hand, as the request is, instead of a
    validated model per change (2,000 a batch) encoded again by the framework. Strings are escaped
    to ASCII, so any text a result echoes is sent as valid JSON."""
    q = _quote_ascii
    parts = [f'{{"change_id":{q(r.change_id)},"status":{q(r.status)},'
             f'"reason":{"null" if r.reason is None else q(r.reason)},'
             f'"seq":{"null" if r.seq is None else int(r.seq)},"hash":{"null" if r.hash is None else q(r.hash)},'
             f'"hlc":{"null" if r.hlc is None else int(r.hlc)}}}' for r in results]
    return f'{{"results":[{",".join(parts)}],"server_time_ms":{int(server_time_ms)}}}'.encode("ascii")


_PUSH_STATUSES = frozenset(("applied", "duplicate", "rejected"))


@dataclass
class PushAnswer:
    """A push answer as the client reads it: `results` made by the caller's factory, in the order sent."""

    results: list[Any]
    server_time_ms: int


def decode_push_answer(raw: bytes, result: Callable[..., T]) -> PushAnswer:
    """A push answer (sync.protocol.PushResponse), each result made by `result(change_id, status, reason,
    seq, hash, hlc)`. Checked by hand, as the model did and stricter (a number is a JSON integer, not
    "7", 7.0 or true): a validated model per change (2,000 a batch), then the client's own object from it,
    cost twice as much as this (~3 ms a batch). Version 1 answers leave out seq, hash and hlc: None."""
    try:
        body = json.loads(raw)
        results, server_time = body["results"], body["server_time_ms"]
        if not (isinstance(results, list) and type(server_time) is int):
            raise ValueError("answer")
        out = []
        for r in results:
            change_id, status = r["change_id"], r["status"]
            reason, seq, hash_, hlc = r.get("reason"), r.get("seq"), r.get("hash"), r.get("hlc")
            if not (type(change_id) is str and status in _PUSH_STATUSES and (reason is None or type(reason) is str)
                    and (seq is None or type(seq) is int) and (hash_ is None or type(hash_) is str)
                    and (hlc is None or type(hlc) is int)):
                raise ValueError("result")
            out.append(result(change_id, status, reason, seq, hash_, hlc))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:  # not JSON, a key missing, a wrong type
        raise WireError(f"push: {exc!r}") from exc
    return PushAnswer(out, server_time)


# --- pull ----------------------------------------------------------------------------------------------------
# A record as the server reads it for a pull page: its data is the stored canonical JSON text.
PULL_ROW = ("id", "type", "case_id", "office_id", "data", "deleted", "seq", "hlc", "hash")


@dataclass
class PullPage:
    """A pull answer, records kept as plain dicts: 50,000 of them are applied per enrolment.

    From a version 2 answer a record's `data` is its canonical JSON text (str) and it has `hash`;
    from a version 1 answer `data` is a dict and there is no `hash`.
    """

    records: list[dict[str, Any]]
    evictions: list[str]
    cursor: int
    more: bool
    server_time_ms: int
    digest: DigestResponse | None = None  # the scope's, on a last page when asked (version 2)
    epoch: str | None = None  # the server's epoch and the counter it began at (sync.protocol.DigestResponse)
    epoch_seq: int = 0


def _bool(value: Any) -> str:
    return "true" if value else "false"


def encode_pull_lines(rows: Iterable[Sequence[Any]], *, evictions: list[str], cursor: int, more: bool,
                      server_time_ms: int, digest: DigestResponse | None = None, epoch: str | None = None,
                      epoch_seq: int = 0) -> bytes:
    """The version 2 answer: a header line, a line with the records' fields, then each record's data.

    `rows` are tuples in the order of PULL_ROW. Line 1 is `{"evictions", "cursor", "more",
    "server_time_ms", "count", "fields"}`, `digest` when given and `epoch`, `epoch_seq` when known; line 2 a JSON array of `count`
    arrays in the order of `fields` (PULL_LINE_FIELDS); then `count` lines, each a record's data as
    stored: canonical JSON, which never holds a raw newline.
    """
    q = _quote_ascii
    cases: dict[str, str] = {}  # a page holds ~10 records per case: quote each case id once
    offices: dict[str, str] = {}
    metas, datas = [], []
    for record_id, rtype, case_id, office_id, data, deleted, seq, hlc, hash_ in rows:  # tuple unpacking: fast
        case = cases.get(case_id) or cases.setdefault(case_id, q(case_id))
        office = offices.get(office_id) or offices.setdefault(office_id, q(office_id))
        metas.append(f'[{q(record_id)},{q(rtype)},{case},{office},{_bool(deleted)},{seq},{hlc},{q(hash_)}]')
        datas.append(data)
    head: dict[str, Any] = {"evictions": evictions, "cursor": cursor, "more": more, "server_time_ms": server_time_ms,
                            "count": len(metas), "fields": list(PULL_LINE_FIELDS)}
    if digest is not None:
        head["digest"] = digest.model_dump()
    if epoch is not None:
        head["epoch"], head["epoch_seq"] = epoch, epoch_seq
    return "\n".join([json.dumps(head), f"[{','.join(metas)}]", *datas]).encode("utf-8")


def decode_pull_lines(raw: bytes) -> PullPage:
    """A version 2 answer: records with their data as canonical text, taken as they are."""
    lines = raw.split(b"\n")  # bytes.split: only a real newline separates (never U+2028 and the like)
    try:
        head = json.loads(lines[0])
        metas = json.loads(lines[1]) if len(lines) > 1 else None
        count, datas = head["count"], lines[2:]
        page = PullPage([], head["evictions"], head["cursor"], head["more"], head["server_time_ms"],
                        DigestResponse.model_validate(head["digest"]) if "digest" in head else None,
                        head.get("epoch"), head.get("epoch_seq", 0))
    except (ValueError, KeyError, TypeError) as exc:  # a malformed digest too (pydantic's error is a ValueError)
        raise WireError(f"pull: {exc!r}") from exc
    if not (tuple(head.get("fields") or ()) == PULL_LINE_FIELDS and isinstance(metas, list)
            and len(metas) == count == len(datas) and isinstance(page.evictions, list)
            and isinstance(page.cursor, int) and isinstance(page.more, bool)
            and isinstance(page.epoch, str | None) and isinstance(page.epoch_seq, int)):
        raise WireError("pull: unexpected page shape")
    records = page.records
    try:
        for (rid, rtype, case_id, office_id, deleted, seq, hlc, hash_), data in zip(metas, datas, strict=True):
            if data[:1] != b"{" or data[-1:] != b"}" or not (isinstance(rid, str) and isinstance(seq, int)):
                raise ValueError("record")
            records.append({"id": rid, "type": rtype, "case_id": case_id, "office_id": office_id, "data": data.decode(),
                            "deleted": deleted, "seq": seq, "hlc": hlc, "hash": hash_})
    except (ValueError, TypeError) as exc:  # a row of the wrong length, broken UTF-8, not an object
        raise WireError("pull: unexpected record shape") from exc
    return page


def encode_pull_json(rows: Iterable[Sequence[Any]], *, evictions: list[str], cursor: int, more: bool,
                     server_time_ms: int) -> bytes:
    """The version 1 answer, `{"records": [...], "evictions", "cursor", "more", "server_time_ms"}`,
    each record's stored data text spliced in as its `data` object (`hash` is not sent)."""
    q = _quote_ascii
    cases: dict[str, str] = {}
    offices: dict[str, str] = {}
    parts = []
    for record_id, rtype, case_id, office_id, data, deleted, seq, hlc, _ in rows:
        case = cases.get(case_id) or cases.setdefault(case_id, q(case_id))
        office = offices.get(office_id) or offices.setdefault(office_id, q(office_id))
        parts.append(f'{{"id":{q(record_id)},"type":{q(rtype)},"case_id":{case},"office_id":{office},'
                     f'"data":{data},"deleted":{_bool(deleted)},"seq":{seq},"hlc":{hlc}}}')
    body = (f'{{"records":[{",".join(parts)}],"evictions":{json.dumps(evictions)},"cursor":{cursor},'
            f'"more":{_bool(more)},"server_time_ms":{server_time_ms}}}')
    return body.encode("utf-8")


_RECORD_KEYS = frozenset(("id", "type", "case_id", "data", "deleted", "seq"))


def decode_pull_json(raw: bytes) -> PullPage:
    """A version 1 answer. Checked by hand rather than by a pydantic model: half the cost on 50,000 records."""
    try:
        body = json.loads(raw)
        page = PullPage(body["records"], body["evictions"], body["cursor"], body["more"], body["server_time_ms"])
    except (ValueError, KeyError, TypeError) as exc:
        raise WireError(f"pull: {exc!r}") from exc
    if not (isinstance(page.records, list) and isinstance(page.evictions, list)
            and isinstance(page.cursor, int) and isinstance(page.more, bool)
            and all(isinstance(r, dict) and r.keys() >= _RECORD_KEYS and isinstance(r["data"], dict)
                    for r in page.records)):
        raise WireError("pull: unexpected page shape")
    return page

