"""A record as a push batch holds it: its state, how it was stored before the batch, and its row text.

The merge (sync.server.merge) works on a record's `data` and `meta` dicts; this keeps what writing
the record back needs: whether it is new or changed (`dirty`), its stored office, hash and tombstone
(for the offices' digests, sync.server.store.digest_deltas), and the text of its `data` and
`field_meta` columns, decoded only when a change touches them and encoded once.
"""

from __future__ import annotations

import json
from typing import Any

from sync.wire import canonical_json, record_hash_of_json

_compact_json = json.JSONEncoder(separators=(",", ":")).encode  # field_meta as stored
_quote_ascii = json.encoder.encode_basestring_ascii  # _compact_json's string form
# Field names as _compact_json writes them, quoted once: a push of 1,000 cases names 50,000 fields,
# all from the schema (a new record's fields are checked against it), so this stays small; the bound
# is for the names no schema has.
_QUOTED: dict[str, str] = {}
_QUOTED_MAX = 4096


def _quoted_name(name: str) -> str:
    quoted = _quote_ascii(name)
    if len(_QUOTED) < _QUOTED_MAX:
        _QUOTED[name] = quoted
    return quoted


def _entry_json(entry: list[Any]) -> str:
    """_compact_json(entry) of a field_meta entry [seq, ts, device_id, user], written without the
    encoder's call per record (a tenth of a new record's cost); any other shape goes through it."""
    if len(entry) == 4:
        seq, ts, device, user = entry
        if type(seq) is int and type(ts) is int and type(device) is str and type(user) is str:
            return f"[{seq},{ts},{_quote_ascii(device)},{_quote_ascii(user)}]"
    return _compact_json(entry)


class RecordState:
    """A record as the server holds it, plus what is needed to write it back and fix the digests.

    `data` and `meta` may be given as JSON text (as stored) and are decoded on first use: a batch
    loads every case record for its scope checks, but reads the fields of few of them.
    """

    __slots__ = ("id", "type", "case_id", "office_id", "_data", "_meta", "deleted", "seq", "hlc", "hash",
                 "stored_office", "stored_hash", "stored_deleted", "dirty")

    def __init__(self, *, id: str, type: str, case_id: str, office_id: str,  # noqa: A002 - wire names
                 data: dict[str, Any] | str, meta: dict[str, list[Any]] | str, deleted: bool = False,
                 seq: int = 0, hlc: int = 0, hash: str = "", stored_office: str | None = None,  # noqa: A002
                 stored_hash: str | None = None, stored_deleted: bool = False, dirty: bool = False):
        self.id, self.type, self.case_id, self.office_id = id, type, case_id, office_id
        self._data, self._meta = data, meta
        self.deleted, self.seq, self.hlc, self.hash = deleted, seq, hlc, hash
        # As stored before this batch (None: a new record), for the office digests.
        self.stored_office, self.stored_hash, self.stored_deleted = stored_office, stored_hash, stored_deleted
        self.dirty = dirty

    @classmethod
    def created(cls, record_id: str, rtype: str, case_id: str, office_id: str, fields: dict[str, Any],
                entry: list[Any]) -> RecordState:
        """A new record whose every field was set by one change, `entry` being its field_meta entry.

        The field_meta text is built from the entry encoded once (the same text json.dumps gives;
        encoding it whole was a tenth of the work of a pushed batch). It is decoded only if another
        change of the batch edits the record again.
        """
        encoded = _entry_json(entry)
        if not fields:
            meta = "{}"
        else:
            try:  # the names quoted before, looked up by the join itself (no list built a record)
                joined = f":{encoded},".join(map(_QUOTED.__getitem__, fields))
            except KeyError:
                joined = f":{encoded},".join([_QUOTED.get(name) or _quoted_name(name) for name in fields])
            meta = "{" + joined + f":{encoded}}}"
        # Made without __init__'s keywords (a third of the cost of making one, for every change of a push):
        # every slot is set here, as __init__ sets it for a new record.
        self = cls.__new__(cls)
        self.id, self.type, self.case_id, self.office_id = record_id, rtype, case_id, office_id
        self._data, self._meta = dict(fields), meta
        self.deleted, self.seq, self.hlc, self.hash = False, 0, 0, ""
        self.stored_office, self.stored_hash, self.stored_deleted = None, None, False
        self.dirty = False
        return self

    @property
    def data(self) -> dict[str, Any]:
        if isinstance(self._data, str):
            self._data = json.loads(self._data)
        return self._data

    @property
    def meta(self) -> dict[str, list[Any]]:
        if isinstance(self._meta, str):
            self._meta = json.loads(self._meta)
        return self._meta

    def data_json(self) -> str:
        return self._data if isinstance(self._data, str) else canonical_json(self._data)

    def meta_json(self) -> str:
        return self._meta if isinstance(self._meta, str) else _compact_json(self._meta)

    @property
    def is_new(self) -> bool:
        return self.stored_hash is None

    def rehash(self) -> str:
        """The record hash of the final state; the data is kept as its canonical text from here on
        (encoded once for both the hash and the row written)."""
        if isinstance(self._data, str) and self.stored_hash is not None and self.deleted == self.stored_deleted:
            self.hash = self.stored_hash  # untouched (e.g. moved with its case): same hash
        else:
            self._data = self.data_json()
            self.hash = record_hash_of_json(self.type, self.case_id, self._data, self.deleted)
        return self.hash
