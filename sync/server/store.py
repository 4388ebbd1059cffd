"""Reading and writing record states in bulk: one query per chunk of ids, executemany for writes."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable

from sqlalchemy import Connection, select, update

from sync.server import models as m
from sync.server.bulk import bulk_insert, bulk_insert_tuples, bulk_update, id_chunks, in_
from sync.server.record_state import RecordState
from sync.wire import digest_item, format_digest, parse_digest

_R = m.records.c
_STATE_COLUMNS = (_R.id, _R.type, _R.case_id, _R.office_id, _R.data, _R.field_meta, _R.deleted, _R.seq,
                  _R.hlc, _R.hash)


def _state(row) -> RecordState:
    return RecordState(id=row.id, type=row.type, case_id=row.case_id, office_id=row.office_id,
                       data=row.data, meta=row.field_meta, deleted=bool(row.deleted),
                       seq=row.seq, hlc=row.hlc, hash=row.hash, stored_office=row.office_id,
                       stored_hash=row.hash, stored_deleted=bool(row.deleted))


def load_states(conn: Connection, ids: Iterable[str]) -> dict[str, RecordState]:
    out: dict[str, RecordState] = {}
    for chunk in id_chunks(conn, ids):
        for row in conn.execute(select(*_STATE_COLUMNS).where(in_(conn, _R.id, chunk))):
            out[row.id] = _state(row)
    return out


def load_case_states(conn: Connection, case_ids: Iterable[str]) -> list[RecordState]:
    out: list[RecordState] = []
    for chunk in id_chunks(conn, case_ids):
        out += [_state(row) for row in conn.execute(select(*_STATE_COLUMNS).where(in_(conn, _R.case_id, chunk)))]
    return out


_ROW = ("id", "type", "case_id", "office_id", "data", "field_meta", "deleted", "seq", "hlc", "hash")


def write_states(conn: Connection, states: list[RecordState]) -> None:
    # New records (nearly all of a registration push) go in as tuples: no dict a row on the way.
    bulk_insert_tuples(conn, m.records, _ROW, [
        (s.id, s.type, s.case_id, s.office_id, s.data_json(), s.meta_json(), s.deleted, s.seq, s.hlc, s.hash)
        for s in states if s.stored_hash is None])
    bulk_update(conn, m.records, "id", [
        {"id": s.id, "type": s.type, "case_id": s.case_id, "office_id": s.office_id, "data": s.data_json(),
         "field_meta": s.meta_json(), "deleted": s.deleted, "seq": s.seq, "hlc": s.hlc, "hash": s.hash}
        for s in states if s.stored_hash is not None])


def digest_deltas(states: Iterable[RecordState]) -> dict[str, list[int]]:
    """Per office: [count change, XOR to apply], from the stored and the new state of each record."""
    deltas: dict[str, list[int]] = {}
    for s in states:
        if s.stored_hash is not None:
            d = deltas.setdefault(s.stored_office or "", [0, 0])
            d[0] -= 1
            d[1] ^= digest_item(s.id, s.stored_hash)
        d = deltas.setdefault(s.office_id, [0, 0])
        d[0] += 1
        d[1] ^= digest_item(s.id, s.hash)
    return deltas


def apply_digest_deltas(conn: Connection, deltas: dict[str, list[int]]) -> None:
    offices = sorted(o for o, d in deltas.items() if d != [0, 0])
    if not offices:
        return
    d_ = m.scope_digests.c
    current = {r.office_id: (r.count, parse_digest(r.digest)) for r in conn.execute(
        select(d_.office_id, d_.count, d_.digest).where(in_(conn, d_.office_id, offices)))}
    inserts, updates = [], []
    for office in offices:
        count, value = current.get(office, (0, 0))
        row = {"count": count + deltas[office][0], "digest": format_digest(value ^ deltas[office][1])}
        (updates if office in current else inserts).append({"office_id": office, **row})
    bulk_insert(conn, m.scope_digests, inserts)
    bulk_update(conn, m.scope_digests, "office_id", updates)


def current_seq(conn: Connection) -> int:
    return conn.execute(select(m.server_state.c.seq).where(m.server_state.c.id == 1)).scalar_one()


def current_epoch(conn: Connection) -> tuple[str | None, int]:
    """The server's epoch and the counter it began at."""
    row = conn.execute(select(m.server_state.c.epoch, m.server_state.c.epoch_seq).where(m.server_state.c.id == 1)).one()
    return row.epoch, row.epoch_seq


def new_epoch(conn: Connection) -> tuple[str, int]:
    """After the database was restored from a backup: a new epoch, beginning at the counter as restored."""
    epoch, seq = secrets.token_hex(8), current_seq(conn)
    conn.execute(update(m.server_state).where(m.server_state.c.id == 1).values(
        epoch=epoch, epoch_seq=seq, epoch_began_at=int(time.time() * 1000)))
    return epoch, seq


def set_seq(conn: Connection, seq: int) -> None:
    conn.execute(update(m.server_state).where(m.server_state.c.id == 1).values(seq=seq))
