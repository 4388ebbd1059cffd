"""Pull pages and the scope digest, read straight from the tables.

A pull page is serialised by hand: record data is stored as canonical JSON text, so it is spliced
into the answer without being parsed and re-encoded (50,000 records per enrolment).
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii as _quote

from sqlalchemy import Connection, select

from sync.protocol import PULL_LINE_FIELDS
from sync.server import models as m
from sync.server import store
from sync.server.bulk import id_chunks, in_

_R = m.records.c
_M = m.case_moves.c


@dataclass
class Page:
    rows: list
    evictions: list[str]
    cursor: int
    more: bool

    def case_ids(self) -> list[str]:
        return sorted({r.case_id for r in self.rows})


_PAGE_COLUMNS = (_R.id, _R.type, _R.case_id, _R.office_id, _R.data, _R.deleted, _R.seq, _R.hlc, _R.hash)


def pull_page(conn: Connection, scope: Collection[str], cursor: int, limit: int,
              skip: Sequence[tuple[int, int]] = ()) -> Page:
    """Records of the scope after `cursor`, by seq; those whose seq falls in a `skip` range are left
    out (the device holds them already), but still count towards `limit` and move the cursor."""
    # Everything up to the committed seq counter is visible: seqs are allocated and committed
    # under the writer lock, so no smaller seq can appear later.
    top = store.current_seq(conn)
    if top <= cursor:  # nothing committed after the cursor: no records and no moves (the usual sync)
        return Page([], [], top, False)
    in_scope = (_R.office_id.in_(sorted(scope)), _R.seq > cursor, _R.seq <= top)
    if not skip:
        rows = conn.execute(select(*_PAGE_COLUMNS).where(*in_scope).order_by(_R.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        end = rows[-1].seq if more else top
    else:
        # The seqs the page spans come from the (office_id, seq) index alone, and records are read
        # only for the seqs not skipped: right after pushing 5,000 changes a device holds them all,
        # and reading them to drop them was most of the server's work for that pull.
        seqs = conn.execute(select(_R.seq).where(*in_scope).order_by(_R.seq).limit(limit + 1)).scalars().all()
        more = len(seqs) > limit
        seqs = seqs[:limit]
        end = seqs[-1] if more else top
        rows = []
        for chunk in id_chunks(conn, _without(seqs, skip)):
            rows += conn.execute(select(*_PAGE_COLUMNS).where(in_(conn, _R.seq, chunk))).all()
        rows.sort(key=lambda r: r.seq)
    return Page(rows, _evictions(conn, scope, cursor, end), end, more)


def _without(seqs: list[int], skip: Sequence[tuple[int, int]]) -> list[int]:
    ranges = sorted((a, b) for a, b in skip if a <= b)
    starts = [a for a, _ in ranges]
    ends = [b for _, b in ranges]
    # Overlapping ranges are merged by taking, for each start, the furthest end seen so far.
    for i in range(1, len(ends)):
        ends[i] = max(ends[i], ends[i - 1])
    out = []
    for seq in seqs:
        i = bisect.bisect_right(starts, seq) - 1
        if i < 0 or seq > ends[i]:
            out.append(seq)
    return out


def _evictions(conn: Connection, scope: Collection[str], cursor: int, end: int) -> list[str]:
    """Cases moved out of the scope in (cursor, end] and not moved back in by `end`."""
    offices = sorted(scope)
    left = {r.case_id for r in conn.execute(
        select(_M.case_id).where(_M.seq > cursor, _M.seq <= end, _M.from_office.in_(offices),
                                 _M.to_office.not_in(offices)))}
    if not left:
        return []
    latest: dict[str, tuple[int, str]] = {}
    for chunk in id_chunks(conn, left):
        for r in conn.execute(select(_M.case_id, _M.seq, _M.to_office)
                              .where(in_(conn, _M.case_id, chunk), _M.seq <= end)):
            if r.case_id not in latest or r.seq > latest[r.case_id][0]:
                latest[r.case_id] = (r.seq, r.to_office)
    return sorted(c for c, (_, office) in latest.items() if office not in scope)


def page_json(page: Page, server_time_ms: int) -> bytes:
    q = _quote  # the C string encoder of the json module: ~5x cheaper than json.dumps per string
    cases: dict[str, str] = {}  # a page holds ~10 records per case: quote each case id once
    offices: dict[str, str] = {}
    parts = []
    for record_id, rtype, case_id, office_id, data, deleted, seq, hlc, _ in page.rows:  # tuple unpacking: fast
        case = cases.get(case_id) or cases.setdefault(case_id, q(case_id))
        office = offices.get(office_id) or offices.setdefault(office_id, q(office_id))
        parts.append(f'{{"id":{q(record_id)},"type":{q(rtype)},"case_id":{case},"office_id":{office},'
                     f'"data":{data},"deleted":{"true" if deleted else "false"},"seq":{seq},"hlc":{hlc}}}')
    body = (f'{{"records":[{",".join(parts)}],"evictions":{json.dumps(page.evictions)},"cursor":{page.cursor},'
            f'"more":{"true" if page.more else "false"},"server_time_ms":{server_time_ms}}}')
    return body.encode("utf-8")


def page_lines(page: Page, server_time_ms: int, digest: dict | None = None) -> bytes:
    """The version 2 answer: a header line, a line with the records' fields, then each record's data.

    Line 1 is `{"evictions", "cursor", "more", "server_time_ms", "count", "fields"}`, and `digest`
    (`{"count", "digest", "cursor"}` of the scope) on a last page when the request asked; line 2 a JSON
    array of `count` arrays in the order of `fields` (PULL_LINE_FIELDS); then `count` lines, each
    the record's data as stored: canonical JSON, which never holds a raw newline. The client stores
    the data text as it is, without parsing and re-encoding it, and takes the hash as sent.
    """
    q = _quote
    cases: dict[str, str] = {}
    offices: dict[str, str] = {}
    metas, datas = [], []
    for record_id, rtype, case_id, office_id, data, deleted, seq, hlc, hash_ in page.rows:
        case = cases.get(case_id) or cases.setdefault(case_id, q(case_id))
        office = offices.get(office_id) or offices.setdefault(office_id, q(office_id))
        metas.append(f'[{q(record_id)},{q(rtype)},{case},{office},{"true" if deleted else "false"},{seq},{hlc},'
                     f'{q(hash_)}]')
        datas.append(data)
    head = {"evictions": page.evictions, "cursor": page.cursor, "more": page.more, "server_time_ms": server_time_ms,
            "count": len(page.rows), "fields": list(PULL_LINE_FIELDS)}
    if digest is not None:
        head["digest"] = digest
    header = json.dumps(head)
    return "\n".join([header, f"[{','.join(metas)}]", *datas]).encode("utf-8")


def scope_digest(conn: Connection, scope: Collection[str]) -> tuple[int, str, int]:
    """(count, digest, cursor) of the scope, read in one statement so the three agree."""
    d = m.scope_digests.c
    s = m.server_state.c
    rows = conn.execute(
        select(s.seq, d.count, d.digest)
        .select_from(m.server_state.outerjoin(m.scope_digests, d.office_id.in_(sorted(scope))))
        .where(s.id == 1)).all()
    count, value = 0, 0
    for r in rows:
        if r.digest is not None:
            count += r.count
            value ^= int(r.digest, 16)
    return count, f"{value:016x}", rows[0].seq
