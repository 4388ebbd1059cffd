"""Disclosure control: an attacker who knows every published number of a table (cells, row and
column totals, grand total) solves linear programs for each hidden small cell and must fail to
pin it down, or even to show that it is below the threshold."""

from __future__ import annotations

import random

import pytest
from scipy.optimize import linprog

from sync.reports.sdc import CountTable, hide_all, link_flows, protect_table, single_hidden_lines

K = 10


def attack(table: CountTable) -> dict[tuple, tuple[float, float]]:
    """The [min, max] an attacker can prove for every hidden position, from everything published."""
    hidden = sorted(table.hidden)
    index = {p: i for i, p in enumerate(hidden)}
    rows_eq, rhs = [], []

    def equation(terms):  # sum of sign * position = 0, known positions moved to the right-hand side
        row, known = [0.0] * len(hidden), 0.0
        for sign, pos in terms:
            if pos in index:
                row[index[pos]] += sign
            else:
                known -= sign * table.value(pos)
        if any(row):
            rows_eq.append(row)
            rhs.append(known)

    R, C = table.nrows, table.ncols
    if table.one_way:
        equation([(1, ("cell", r, 0)) for r in range(R)] + [(-1, ("total",))])
    else:
        for r in range(R):
            equation([(1, ("cell", r, c)) for c in range(C)] + [(-1, ("row", r))])
        for c in range(C):
            equation([(1, ("cell", r, c)) for r in range(R)] + [(-1, ("col", c))])
        equation([(1, ("row", r)) for r in range(R)] + [(-1, ("total",))])
        equation([(1, ("col", c)) for c in range(C)] + [(-1, ("total",))])
    out = {}
    for pos in hidden:
        objective = [0.0] * len(hidden)
        objective[index[pos]] = 1.0
        bounds = []
        for sign in (1, -1):
            res = linprog([sign * v for v in objective], A_eq=rows_eq or None, b_eq=rhs or None,
                          bounds=[(0, None)] * len(hidden), method="highs")
            bounds.append(sign * res.fun if res.status == 0 else (float("inf") if sign == -1 else 0.0))
        out[pos] = (bounds[0], bounds[1])
    return out


def assert_protected(table: CountTable) -> None:
    assert not single_hidden_lines(table)
    for pos, (low, high) in attack(table).items():
        value = table.value(pos)
        if 0 < value < K:
            assert high >= K - 1e-6, (pos, value, low, high)  # cannot show it is small
            assert low < value - 1e-6, (pos, value, low, high)  # nor pin it down


def test_the_textbook_leak_is_closed():
    """One small cell in a row: without secondary suppression the row total gives it away."""
    table = CountTable([[3, 40, 25], [30, 12, 18], [22, 15, 40]])
    protect_table(table, K)
    assert ("cell", 0, 0) in table.hidden
    assert len([p for p in table.hidden if p[0] == "cell"]) >= 4  # a whole rectangle
    assert_protected(table)


def test_a_small_row_total_is_protected_too():
    table = CountTable([[1, 2, 0], [30, 12, 18], [22, 15, 40]])
    protect_table(table, K)
    assert ("row", 0) in table.hidden
    assert_protected(table)


def test_complements_are_never_zero_cells():
    """A zero next to a small cell would let the attacker fix the rectangle's corner."""
    table = CountTable([[4, 0, 30], [0, 25, 11], [16, 0, 20]])
    protect_table(table, K)
    assert_protected(table)


def test_one_way_table():
    table = CountTable([[2], [55], [31], [0]], one_way=True)
    protect_table(table, K)
    assert ("cell", 0, 0) in table.hidden and ("cell", 2, 0) in table.hidden  # the smallest partner that reaches k
    assert_protected(table)


def test_a_small_total_hides_everything():
    table = CountTable([[2, 3], [1, 0]])
    protect_table(table, K)
    assert ("total",) in table.hidden and all(("cell", r, c) in table.hidden for r in range(2) for c in range(2))


def test_no_rectangle_means_the_whole_table_but_its_total():
    table = CountTable([[5, 6], [0, 0]])  # every cell small, no positive diagonal
    protect_table(table, K)
    assert ("total",) not in table.hidden
    assert_protected(table)


def test_non_additive_tables_only_hide_small_cells():
    table = CountTable([[3], [40], [12]], additive=False, one_way=True)
    protect_table(table, K)
    assert table.hidden == {("cell", 0, 0)}


def test_flows_are_hidden_together():
    new, closed = CountTable([[3]], one_way=True), CountTable([[25]], one_way=True)
    protect_table(new, K)
    protect_table(closed, K)
    link_flows(new, closed)
    assert ("total",) in closed.hidden


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_resist_the_attack(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 6), rng.randint(2, 8)
    table = CountTable([[rng.choice((0, 0, 1, 2, 3, 5, 8, 9, 12, 20, 40, 75)) for _ in range(cols)]
                        for _ in range(rows)])
    protect_table(table, K)
    if ("total",) not in table.hidden:
        assert_protected(table)


@pytest.mark.parametrize("seed", range(20))
def test_random_one_way_tables_resist_the_attack(seed):
    rng = random.Random(1000 + seed)
    table = CountTable([[rng.choice((0, 1, 3, 7, 9, 11, 25, 60))] for _ in range(rng.randint(2, 9))], one_way=True)
    protect_table(table, K)
    if ("total",) not in table.hidden:
        assert_protected(table)


def test_the_attack_itself_finds_an_unprotected_cell():
    """The attacker is real: on primary suppression alone it recovers the hidden cell exactly."""
    table = CountTable([[3, 40, 25], [30, 12, 18], [22, 15, 40]])
    table.hidden = {("cell", 0, 0)}
    low, high = attack(table)[("cell", 0, 0)]
    assert low == high == 3
    hide_all(table)
    assert attack(table)[("cell", 0, 0)][1] >= K
