"""Statistical disclosure control of the analysts' release: small cells hidden so that they cannot
be read back from the margins.

Each published table of one area and month is a table of counts with its row totals, column totals
and grand total (a one-way table: its cells and their total). Rules, as the humanitarian data
community applies them to aggregate tables:

1. Primary suppression: every cell and every margin with 0 < count < k (default 10) is hidden.
   Zeros are published (a zero is not a person).
2. Secondary suppression, by construction rather than by hope: each hidden cell is put inside a
   *rectangle* of hidden cells (two rows x two columns; in a one-way table, a pair) whose corners
   are all positive. Moving +t, -t, -t, +t around a rectangle keeps every row and column total as
   published, so an attacker who knows every published number can only say that the cell lies in
   an interval; the rectangle is chosen so that this interval reaches k or beyond (the attacker
   cannot even tell that the cell is small) and goes below the true value (it is never pinned).
   Hiding more cells only widens such intervals, so each cell's protection survives the rest.
   A hidden margin (a row total below k) gets the same treatment in the table extended by its
   totals column. When no rectangle exists, the whole table of that area and month is hidden but
   its grand total (then every cell lies anywhere between 0 and a total of at least k).
3. Linked tables: tables of one population share only their grand total, which is the same number
   in each and so gets the same decision. New cases and closures of an area and month are tied by
   the caseload of two month-ends; when either total is hidden both are.
4. Non-additive tables (a case counted under several need domains) publish no totals: only rule 1.

`protect_table` returns the positions to hide; sync.reports.aggregates applies it to every table of
every area and month after geography has been coarsened so that no area holds fewer than k cases.
The tests attack protected releases with linear programs (tests/reports/test_sdc.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_THRESHOLD = 10

# A position in a table: ("cell", r, c), ("row", r) a row total, ("col", c) a column total, ("total",).
Position = tuple


@dataclass
class CountTable:
    """Counts of one table of one area and month: `cells[r][c]`; one-way tables have one column."""

    cells: list[list[int]]
    additive: bool = True
    one_way: bool = False
    hidden: set[Position] = field(default_factory=set)

    @property
    def nrows(self) -> int:
        return len(self.cells)

    @property
    def ncols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    def row_total(self, r: int) -> int:
        return sum(self.cells[r])

    def col_total(self, c: int) -> int:
        return sum(row[c] for row in self.cells)

    @property
    def total(self) -> int:
        return sum(map(sum, self.cells))

    def value(self, pos: Position) -> int:
        kind = pos[0]
        if kind == "cell":
            return self.cells[pos[1]][pos[2]]
        if kind == "row":
            return self.row_total(pos[1])
        if kind == "col":
            return self.col_total(pos[1])
        return self.total


def _small(v: int, k: int) -> bool:
    return 0 < v < k


def protect_table(table: CountTable, k: int = DEFAULT_THRESHOLD) -> set[Position]:
    """The positions of `table` to hide (also stored in `table.hidden`)."""
    hidden = table.hidden
    if not table.cells or not table.ncols:
        return hidden
    cells = [("cell", r, c) for r in range(table.nrows) for c in range(table.ncols)]
    hidden |= {p for p in cells if _small(table.value(p), k)}
    if not table.additive:
        return hidden
    if _small(table.total, k):
        return hide_all(table, with_total=True)
    if table.one_way:
        for r in sorted((p[1] for p in hidden if p[0] == "cell"), key=lambda r: table.cells[r][0]):
            if not _protect_pair(table, r, k):
                return hide_all(table)
        return hidden
    margins = [("row", r) for r in range(table.nrows)] + [("col", c) for c in range(table.ncols)]
    hidden |= {p for p in margins if _small(table.value(p), k)}
    primaries = sorted(hidden, key=lambda p: (table.value(p), p))
    for pos in primaries:
        ok = (_protect_cell(table, pos[1], pos[2], k) if pos[0] == "cell" else
              _protect_margin(table, pos, k))
        if not ok:
            return hide_all(table)
    return hidden


def hide_all(table: CountTable, *, with_total: bool = False) -> set[Position]:
    """Every cell and margin (and the grand total too when it is itself small)."""
    table.hidden |= {("cell", r, c) for r in range(table.nrows) for c in range(table.ncols)}
    if not table.one_way:
        table.hidden |= {("row", r) for r in range(table.nrows)} | {("col", c) for c in range(table.ncols)}
    if with_total:
        table.hidden.add(("total",))
    return table.hidden


def _cost(table: CountTable, positions: list[Position]) -> int:
    return sum(table.value(p) for p in positions if p not in table.hidden)


def _protect_pair(table: CountTable, r: int, k: int) -> bool:
    """One-way table: hide another positive cell big enough that the pair's sum reaches k."""
    x = table.cells[r][0]
    best = None
    for r2 in range(table.nrows):
        v = table.cells[r2][0]
        if r2 == r or v <= 0 or x + v < k:
            continue
        cost = 0 if ("cell", r2, 0) in table.hidden else v
        if best is None or (cost, v) < best[0]:
            best = ((cost, v), r2)
    if best is None:
        return False
    table.hidden.add(("cell", best[1], 0))
    return True


def _protect_cell(table: CountTable, r: int, c: int, k: int) -> bool:
    """Hide the cheapest rectangle (r, c), (r, c2), (r2, c), (r2, c2) of positive cells in which the
    cell can move far enough: up to at least k (by the smaller of its row and column partners) and
    below its value (its diagonal partner is positive)."""
    x = table.cells[r][c]
    best = None
    for r2 in range(table.nrows):
        if r2 == r or table.cells[r2][c] <= 0:
            continue
        for c2 in range(table.ncols):
            a, b, d = table.cells[r][c2], table.cells[r2][c], table.cells[r2][c2]
            if c2 == c or a <= 0 or d <= 0 or x + min(a, b) < k:
                continue
            corners = [("cell", r, c2), ("cell", r2, c), ("cell", r2, c2)]
            cost = _cost(table, corners)
            if best is None or cost < best[0]:
                best = (cost, corners)
    if best is None:
        return False
    table.hidden.update(best[1])
    return True


def _protect_margin(table: CountTable, pos: Position, k: int) -> bool:
    """A small row total R_r moves with one of its cells (r, c) while another row's cell (r2, c) and
    total R_r2 move the other way: hide that rectangle of the table extended by its totals."""
    kind, i = pos
    if kind == "row":
        lines = [(r2, c) for r2 in range(table.nrows) for c in range(table.ncols) if r2 != i]
        pick = lambda r2, c: (table.cells[i][c], table.cells[r2][c], [("cell", i, c), ("cell", r2, c), ("row", r2)])  # noqa: E731
    else:
        lines = [(c2, r) for c2 in range(table.ncols) for r in range(table.nrows) if c2 != i]
        pick = lambda c2, r: (table.cells[r][i], table.cells[r][c2], [("cell", r, i), ("cell", r, c2), ("col", c2)])  # noqa: E731
    x = table.value(pos)
    best = None
    for other, j in lines:
        own, partner, corners = pick(other, j)
        if own <= 0 or partner <= 0 or x + partner < k:
            continue
        cost = _cost(table, corners)
        if best is None or cost < best[0]:
            best = (cost, corners)
    if best is None:
        return False
    table.hidden.update(best[1])
    return True


def link_flows(new_cases: CountTable | None, closures: CountTable | None) -> None:
    """New cases and closures of one area and month: when either grand total is hidden, so is the other
    (with the caseload at two month-ends, one would give the other away)."""
    if new_cases is None or closures is None:
        return
    if ("total",) in new_cases.hidden or ("total",) in closures.hidden:
        for t in (new_cases, closures):
            if t.total > 0:
                hide_all(t, with_total=True)


def single_hidden_lines(table: CountTable) -> list[list[Position]]:
    """Lines (a row or column with its total) holding exactly one hidden entry: there it could be
    computed by subtraction. Empty for every protected table (a quick check; the tests also solve
    linear programs)."""
    if not table.additive:
        return []
    cols = [[("cell", r, c) for r in range(table.nrows)] + [("total",) if table.one_way else ("col", c)]
            for c in range(table.ncols)]
    rows = [] if table.one_way else [[("cell", r, c) for c in range(table.ncols)] + [("row", r)]
                                     for r in range(table.nrows)]
    return [line for line in rows + cols if sum(p in table.hidden for p in line) == 1]
