"""Pull pages and the scope digest, read straight from the tables.

A page's rows are read in the order `sync.wire` writes them (PULL_ROW): record data is stored as
canonical JSON text and spliced into the answer without being parsed and encoded again.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from sync.protocol import DigestResponse
from sync.server import models as m
from sync.server.bulk import id_chunks, in_
from sync.wire import PULL_ROW, format_digest, parse_digest

_R = m.records.c
_M = m.case_moves.c


@dataclass
class Page:
    rows: list
    evictions: list[str]
    cursor: int
    more: bool
    epoch: str | None = None  # the server's (docs/sync-protocol.md, Verification) and the counter it began at
    epoch_seq: int = 0

    def case_ids(self) -> list[str]:
        return sorted({r.case_id for r in self.rows})


_PAGE_COLUMNS = tuple(_R[name] for name in PULL_ROW)
# A pull that skips records reads at most this many seqs beyond its limit (from the index, ints only): a
# device names the seqs its push answers confirmed, 5,304 for a push of 1,000 cases.
SKIP_SCAN = 20_000


def pull_page(conn: Connection, scope: Collection[str], cursor: int, limit: int,
              skip: Sequence[tuple[int, int]] = (), head: DigestResponse | None = None) -> Page:
    """Records of the scope after `cursor`, by seq; those whose seq falls in a `skip` range are left
    out (the device holds them already) and, up to SKIP_SCAN of them, do not count towards `limit`;
    the cursor moves past them.
    `head`: the server's counter and epoch as just read (pull_head), not read again."""
    # Everything up to the committed seq counter is visible: seqs are allocated and committed
    # under the writer lock, so no smaller seq can appear later.
    if head is None:
        s = m.server_state.c
        top, epoch, epoch_seq = conn.execute(select(s.seq, s.epoch, s.epoch_seq).where(s.id == 1)).one()
    else:
        top, epoch, epoch_seq = head.cursor, head.epoch, head.epoch_seq
    if top <= cursor:  # nothing committed after the cursor: no records and no moves (the usual sync)
        return Page([], [], top, False, epoch, epoch_seq)
    in_scope = (_R.office_id.in_(sorted(scope)), _R.seq > cursor, _R.seq <= top)
    if not skip:
        rows = conn.execute(select(*_PAGE_COLUMNS).where(*in_scope).order_by(_R.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        end = rows[-1].seq if more else top
    else:
        # The seqs the page spans come from the (office_id, seq) index alone, and records are read
        # only for the seqs not skipped: right after pushing 5,000 changes a device holds them all,
        # and reading them to drop them was most of the server's work for that pull. The seqs the
        # ranges name (at most SKIP_SCAN of them) are read beyond the limit: a page holds `limit`
        # records not skipped, so the pull after a push of 5,000 changes is one page, not two.
        scan = limit + 1 + _skipped_at_most(skip, cursor, top)
        seqs = conn.execute(select(_R.seq).where(*in_scope).order_by(_R.seq).limit(scan)).scalars().all()
        kept = _without(seqs, skip)
        if len(kept) > limit:  # more records after the page's last
            more, end = True, kept[limit - 1]
            kept = kept[:limit]
        elif len(seqs) == scan:  # the scan stopped short of the counter: all it passed is in the page or skipped
            more, end = True, seqs[-1]
        else:
            more, end = False, top
        rows = []
        for chunk in id_chunks(conn, kept):
            rows += conn.execute(select(*_PAGE_COLUMNS).where(in_(conn, _R.seq, chunk))).all()
        rows.sort(key=lambda r: r.seq)
    return Page(rows, _evictions(conn, scope, cursor, end), end, more, epoch, epoch_seq)


def _skipped_at_most(skip: Sequence[tuple[int, int]], cursor: int, top: int) -> int:
    """How many seqs in (cursor, top] the ranges name (overlaps counted twice), at most SKIP_SCAN."""
    total = 0
    for a, b in skip:
        total += max(0, min(b, top) - max(a, cursor + 1) + 1)
        if total >= SKIP_SCAN:
            return SKIP_SCAN
    return total


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


def scope_digest(conn: Connection, scope: Collection[str]) -> DigestResponse:
    """Count, digest and cursor of the scope, read in one statement so the three agree."""
    return _digest(conn.execute(_digest_query(scope)).all())


def pull_head(conn: Connection, scope: Collection[str], now_ms: int) -> tuple[DigestResponse, bool]:
    """The scope's digest with the server's counter and epoch (as scope_digest), and whether a transfer is due
    to expire, in one statement: all that a pull with nothing new reads besides the caller's credentials (it was
    four statements; on PostgreSQL each a round trip, most of such a pull's time)."""
    t = m.transfers.c
    due = select(t.id).where(t.state == "pending", t.expires_at <= now_ms).limit(1).exists()
    rows = conn.execute(_digest_query(scope).add_columns(due.label("transfer_due"))).all()
    return _digest(rows), bool(rows[0].transfer_due)


def _digest_query(scope: Collection[str]):
    d = m.scope_digests.c
    s = m.server_state.c
    return (select(s.seq, s.epoch, s.epoch_seq, d.count, d.digest)
            .select_from(m.server_state.outerjoin(m.scope_digests, d.office_id.in_(sorted(scope))))
            .where(s.id == 1))


def _digest(rows) -> DigestResponse:
    count, value = 0, 0
    for r in rows:
        if r.digest is not None:
            count += r.count
            value ^= parse_digest(r.digest)
    return DigestResponse(count=count, digest=format_digest(value), cursor=rows[0].seq, epoch=rows[0].epoch,
                          epoch_seq=rows[0].epoch_seq)
