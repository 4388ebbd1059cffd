"""The populations reports count: SQL over the fact tables, one function each, for SQLite and PostgreSQL.

Each population is a SELECT with `office_id`, `hromada` and the columns its tables group by. The
dates it needs come from a `Window`: the period, and `as_of`, the day whose end the stock figures
describe (the period's last day, or today while the period is still running). A case's state and latest
assessment at `as_of` come from its facts row; `prepare_window` runs first and ranks the history of only
the cases changed after `as_of` into small working tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
)

from sync.records.schema import INDICATORS, NEED_DOMAINS, SEVERITIES
from sync.reports.facts import need_column

Tables = dict[str, Table]


@dataclass(frozen=True)
class Window:
    start: str   # first day of the period (ISO)
    end: str     # last day of the period
    as_of: str   # stock figures: at the end of this day (min(end, today))
    before: str  # the day before the period: "at the start" figures


# Per-window working tables, made once per report (prepare_window) in the connection's temporary
# space and read by every table of the report: the state at `as_of` of the cases changed after it. SQLite (and SQLCipher) and PostgreSQL both keep TEMP tables per connection.
_scratch = MetaData()
rs_state = Table("rs_state", _scratch,
                 Column("case_id", String(64), primary_key=True), Column("field", String(40), primary_key=True),
                 Column("value", String(40)), prefixes=["TEMPORARY"])
rs_assess = Table("rs_assess", _scratch, Column("case_id", String(64), primary_key=True),
                  *(Column(d, String(10)) for d in NEED_DOMAINS), prefixes=["TEMPORARY"])
# Origin codes on the hostilities/occupation list on `as_of` (filled by sync.reports.compute, which
# knows the list): the "listed" dimension is then counted in SQL like any other.
rs_listed = Table("rs_listed", _scratch, Column("code", String(19), primary_key=True), prefixes=["TEMPORARY"])
SCRATCH = (rs_state, rs_assess, rs_listed)


def _ranked(t: Tables, w: Window, *, after: bool, among: Select | None = None):
    """Per (case, field), the newest stage change on or before `as_of` (its to_value), or with `after`
    the oldest one after it (its from_value: the state it changed from); `among`: only these cases."""
    sc = t["rf_stage_changes"].c
    order = (sc.changed_on.asc(), sc.id.asc()) if after else (sc.changed_on.desc(), sc.id.desc())
    where = [sc.changed_on > w.as_of if after else sc.changed_on <= w.as_of]
    if among is not None:
        where.append(sc.case_id.in_(among))
    ranked = select(sc.case_id, sc.field, (sc.from_value if after else sc.to_value).label("value"),
                    func.row_number().over(partition_by=(sc.case_id, sc.field), order_by=order).label("rn")) \
        .where(*where).subquery()
    return select(ranked.c.case_id, ranked.c.field, ranked.c.value).where(ranked.c.rn == 1)


def prepare_window(conn: Connection, t: Tables, w: Window) -> Tables:
    """Fill the working tables for `w`; returns the fact tables with them.

    A case's state and latest assessment at `as_of` are kept in its rf_cases row as they are after its
    newest stage change and assessment (facts.LATEST_COLUMNS). Only the cases with a stage change or an
    assessment after `as_of` ("late": for last month, those changed since) are ranked from their
    rows here, into rs_state and rs_assess; every other case reads its row.
    """
    if conn.dialect.name == "postgresql":
        # These queries have many CASE columns and subplans: PostgreSQL's cost estimate runs into the
        # millions and it JIT-compiles them, which took longer than running them (5.4 s of 22.6 s for
        # the working table of 500,000 cases; a new-cases count 7.9 -> 1.4 s). For this report's transaction.
        conn.exec_driver_sql("SET LOCAL jit = off")
    for table in SCRATCH:
        table.create(conn, checkfirst=True)
        conn.execute(delete(table))
    c = t["rf_cases"].c
    state_late = c.state_changed_on > w.as_of
    assess_late = c.assessed_on > w.as_of
    conn.execute(insert(rs_state).from_select(
        ["case_id", "field", "value"],
        _ranked(t, w, after=False, among=select(c.case_id).where(state_late))))
    later = _ranked(t, w, after=True).subquery()  # only late cases have changes after the day
    known = select(rs_state.c.case_id).where(rs_state.c.case_id == later.c.case_id,
                                             rs_state.c.field == later.c.field)
    conn.execute(insert(rs_state).from_select(["case_id", "field", "value"],
                                              select(later).where(~known.exists())))
    a = t["rf_assessments"].c
    latest = select(a.case_id, *(a[d] for d in NEED_DOMAINS),
                    func.row_number().over(partition_by=a.case_id,
                                           order_by=(a.assessed_on.desc(), a.id.desc())).label("rn")) \
        .where(a.assessed_on <= w.as_of, a.case_id.in_(select(c.case_id).where(assess_late))).subquery()
    conn.execute(insert(rs_assess).from_select(["case_id", *NEED_DOMAINS],
                                               select(latest.c.case_id, *(latest.c[d] for d in NEED_DOMAINS))
                                               .where(latest.c.rn == 1)))
    return {**t, "rs_assess": rs_assess, "rs_listed": rs_listed}


def open_end(t: Tables, w: Window) -> Select:
    """Cases open at the end of `as_of` (opened by then, not closed then), with their state then: from
    their facts row, or for the cases changed after `as_of` from the working tables (prepare_window).
    Not materialised: each table reading it scans rf_cases (writing 500,000 rows to a temporary table
    cost PostgreSQL 15 s at load 20, its temp buffers spilling to disk)."""
    c = t["rf_cases"].c
    state_late = c.state_changed_on > w.as_of
    assess_late = c.assessed_on > w.as_of
    # A case closed after the day, with no status history: it was still open (active) then.
    status_now = case((and_(c.status == "closed", c.closed_on > w.as_of), "active"), else_=c.status)
    values = {}
    for name, fallback in (("status", status_now), ("stage", c.stage), ("displacement_stage", c.displacement_stage)):
        ranked = select(rs_state.c.value).where(rs_state.c.case_id == c.case_id, rs_state.c.field == name) \
            .scalar_subquery()
        values[name] = case((state_late, func.coalesce(ranked, fallback)),
                            else_=func.coalesce(c[f"{name}_last"], fallback))
    needs = {}
    for d in NEED_DOMAINS:
        ranked = select(rs_assess.c[d]).where(rs_assess.c.case_id == c.case_id).scalar_subquery()
        needs[d] = case((assess_late, ranked), else_=c[need_column(d)])
    assessed = select(rs_assess.c.case_id).where(rs_assess.c.case_id == c.case_id).exists()
    no_assessment = case((assess_late, case((assessed, 0), else_=1)),
                         else_=case((c.assessed_on.is_(None), 1), else_=0))
    state = select(c.case_id, c.office_id, c.hromada, c.category, c.assigned_to, c.origin_katottg, c.rnokpp_missing,
                   case((c.warnings > 0, 1), else_=0).label("has_warnings"), no_assessment.label("no_assessment"),
                   c.last_change, c.household_size, values["status"].label("status"),
                   values["stage"].label("stage"), values["displacement_stage"].label("displacement_stage"),
                   *(needs[d].label(d) for d in NEED_DOMAINS)) \
        .where(or_(c.opened_on.is_(None), c.opened_on <= w.as_of)).subquery()
    return select(state).where(state.c.status != "closed")


def all_cases(t: Tables, w: Window) -> Select:
    c = t["rf_cases"].c
    return select(c.case_id, c.office_id, c.hromada, c.last_change)


def _age_band(column):
    return case((column.is_(None), None), (column < 5, "0-4"), (column < 12, "5-11"), (column < 18, "12-17"),
                (column < 60, "18-59"), else_="60+")


def new_cases(t: Tables, w: Window) -> Select:
    c = t["rf_cases"].c
    return select(c.case_id, c.office_id, c.hromada, c.category, c.sex, _age_band(c.age_opened).label("age_band"),
                  case((c.disability == 1, "1"), else_="0").label("disability")) \
        .where(c.opened_on >= w.start, c.opened_on <= w.end)


def transitions(t: Tables, w: Window) -> Select:
    c, sc = t["rf_cases"].c, t["rf_stage_changes"].c
    return select(c.office_id, c.hromada, sc.from_value.label("from_stage"), sc.to_value.label("to_stage")) \
        .select_from(t["rf_stage_changes"].join(t["rf_cases"], c.case_id == sc.case_id)) \
        .where(sc.field == "displacement_stage", sc.changed_on >= w.start, sc.changed_on <= w.end)


@dataclass(frozen=True)
class Unpivot:
    """A wide population counted as a long one: each of `columns` becomes a value of the dimension
    `name` and its content a value of `value_name` (counted in one pass as SUM(CASE ...) columns: eight
    GROUP BYs of the same rows cost eight sorts). `values`: the values counted, the same for every
    column or per column; `constants`: values of the table's further dimensions, the same for all rows."""

    source: Select
    name: str
    value_name: str
    columns: tuple[str, ...]
    values: tuple[str, ...] | dict[str, tuple[str, ...]]
    constants: tuple[str, ...] = ()
    # The population whose rows with `when` not NULL `source` is: counted in the same pass as its tables.
    within: Select | None = None
    when: str | None = None

    def values_of(self, column: str) -> tuple[str, ...]:
        return self.values[column] if isinstance(self.values, dict) else self.values


def needs(t: Tables, w: Window) -> Unpivot:
    """The open cases at `as_of` that have an assessment by then: need domain x severity."""
    within = open_end(t, w)
    o = within.subquery()
    return Unpivot(select(o).where(o.c[NEED_DOMAINS[0]].is_not(None)), "domain", "severity",
                   NEED_DOMAINS, SEVERITIES, within=within, when=NEED_DOMAINS[0])


def high_needs(t: Tables, w: Window) -> Unpivot:
    """Open cases with a high or critical need, by domain: a case counts under each such domain (not a
    partition of cases)."""
    return replace(needs(t, w), values=("high", "critical"))


def services(t: Tables, w: Window) -> Select:
    """Services referred or delivered in the period, with their status now."""
    c, s = t["rf_cases"].c, t["rf_services"].c
    in_period = or_(and_(s.referred_on >= w.start, s.referred_on <= w.end),
                    and_(s.delivered_on >= w.start, s.delivered_on <= w.end))
    return select(c.office_id, c.hromada, s.domain, s.service_code, s.status.label("service_status"),
                  s.provider_kind, s.days_to_delivery) \
        .select_from(t["rf_services"].join(t["rf_cases"], c.case_id == s.case_id)).where(in_period)


def deliveries(t: Tables, w: Window) -> Select:
    c, s = t["rf_cases"].c, t["rf_services"].c
    return select(c.office_id, c.hromada, s.domain, s.provider_kind, s.days_to_delivery) \
        .select_from(t["rf_services"].join(t["rf_cases"], c.case_id == s.case_id)) \
        .where(s.status == "delivered", s.delivered_on >= w.start, s.delivered_on <= w.end)


def closures(t: Tables, w: Window) -> Select:
    c = t["rf_cases"].c
    return select(c.case_id, c.office_id, c.hromada, c.closure_reason) \
        .where(c.status == "closed", c.closed_on >= w.start, c.closed_on <= w.end)


def overdue(t: Tables, w: Window) -> Select:
    """Tasks of open cases past their due date and not done at the end of `as_of`."""
    k, o = t["rf_tasks"].c, open_end(t, w).subquery()
    return select(o.c.office_id, o.c.hromada, k.assignee) \
        .select_from(t["rf_tasks"].join(o, o.c.case_id == k.case_id)) \
        .where(k.due_date < w.as_of, or_(k.done == 0, k.done_on > w.as_of))


def reached(t: Tables, w: Window) -> Select:
    """Cases (households) with any recorded activity in the period, with their size."""
    c, a = t["rf_cases"].c, t["rf_activity"].c
    active = select(a.case_id).where(a.on_date >= w.start, a.on_date <= w.end).distinct().subquery()
    return select(c.case_id, c.office_id, c.hromada, c.household_size) \
        .select_from(t["rf_cases"].join(active, active.c.case_id == c.case_id))


def indicators(t: Tables, w: Window) -> list[Unpivot]:
    """Per observed person, the latest observation at the start and at the end, each indicator's value
    (one ranking per moment, every indicator counted from it)."""
    o, c = t["rf_observations"].c, t["rf_cases"].c
    parts = []
    for moment, day in (("start", w.before), ("end", w.as_of)):
        ranked = select(o.case_id, *(o[name] for name in INDICATORS),
                        func.row_number().over(partition_by=o.person_key,
                                               order_by=(o.observed_on.desc(), o.id.desc())).label("rn")) \
            .where(o.observed_on <= day).subquery()
        latest = select(c.office_id, c.hromada, *(ranked.c[name] for name in INDICATORS)) \
            .select_from(ranked.join(t["rf_cases"], c.case_id == ranked.c.case_id)).where(ranked.c.rn == 1)
        parts.append(Unpivot(latest, "indicator", "value", tuple(INDICATORS), dict(INDICATORS), (moment,)))
    return parts


def transfers(t: Tables, w: Window) -> Select:
    """Transfer records (each office's own side) whose outcome, or request while unanswered, fell in the period."""
    tr = t["rf_transfers"].c
    return select(tr.office_id, literal(None).label("hromada"), tr.direction, tr.state) \
        .where(tr.event_on >= w.start, tr.event_on <= w.end)


def aid_overlaps(t: Tables, w: Window) -> Select:
    """Aid overlaps flagged in the office's cases whose period of that assistance meets the report's period."""
    ov = t["rf_aid_overlaps"].c
    return select(ov.office_id, literal(None).label("hromada"), ov.service_code, ov.status) \
        .where(ov.own_from <= w.end, ov.own_to >= w.start)


POPULATIONS: dict[str, Callable[[Tables, Window], Select | Unpivot | list[Unpivot]]] = {
    "open_end": open_end, "all_cases": all_cases, "new_cases": new_cases, "transitions": transitions,
    "needs": needs, "high_needs": high_needs, "services": services, "deliveries": deliveries,
    "closures": closures, "overdue": overdue, "reached": reached, "indicators": indicators,
    "transfers": transfers, "aid_overlaps": aid_overlaps,
}
