"""The populations reports count: SQL over the fact tables, one function each, for SQLite and PostgreSQL.

Each population is a SELECT with `office_id`, `hromada` and the columns its tables group by. The
dates it needs come from a `Window`: the period, and `as_of`, the day whose end the stock figures
describe (the period's last day, or today while the period is still running).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, Table, and_, case, func, literal, or_, select, union_all

from sync.records.schema import INDICATORS, NEED_DOMAINS

Tables = dict[str, Table]


@dataclass(frozen=True)
class Window:
    start: str   # first day of the period (ISO)
    end: str     # last day of the period
    as_of: str   # stock figures: at the end of this day (min(end, today))
    before: str  # the day before the period: "at the start" figures


def _latest(t: Tables, field: str, day: str, *, after: bool):
    """Per case, the newest stage change of `field` on or before `day` (to_value), or with `after`
    the oldest one after it (from_value: the state it changed from)."""
    sc = t["rf_stage_changes"].c
    order = (sc.changed_on.asc(), sc.id.asc()) if after else (sc.changed_on.desc(), sc.id.desc())
    value = sc.from_value if after else sc.to_value
    when = sc.changed_on > day if after else sc.changed_on <= day
    ranked = select(sc.case_id, value.label("v"),
                    func.row_number().over(partition_by=sc.case_id, order_by=order).label("rn")) \
        .where(sc.field == field, when).subquery()
    return select(ranked.c.case_id, ranked.c.v).where(ranked.c.rn == 1).subquery()


def _state_at(t: Tables, field: str, day: str, fallback):
    """(joins, expression): a case's `field` at the end of `day`, from its stage changes; without any,
    its current value (`fallback`)."""
    before, after = _latest(t, field, day, after=False), _latest(t, field, day, after=True)
    return (before, after), func.coalesce(before.c.v, after.c.v, fallback)


def _open_end_core(t: Tables, w: Window):
    c = t["rf_cases"].c
    # A case closed after the day, with no status history: it was still open (active) then.
    status_now = case((and_(c.status == "closed", c.closed_on > w.as_of), "active"), else_=c.status)
    joins = []
    exprs = {}
    for name, fallback in (("status", status_now), ("stage", c.stage), ("displacement_stage", c.displacement_stage)):
        (before, after), expr = _state_at(t, name, w.as_of, fallback)
        joins += [before, after]
        exprs[name] = expr
    source = t["rf_cases"]
    for sub in joins:
        source = source.outerjoin(sub, sub.c.case_id == c.case_id)
    opened = or_(c.opened_on.is_(None), c.opened_on <= w.as_of)
    return source, exprs, opened


def open_end(t: Tables, w: Window) -> Select:
    """Cases open at the end of `as_of` (opened by then, not closed then), with their state then."""
    c = t["rf_cases"].c
    source, exprs, opened = _open_end_core(t, w)
    a = t["rf_assessments"].c
    assessed = select(a.case_id).where(a.assessed_on <= w.as_of).distinct().subquery()
    source = source.outerjoin(assessed, assessed.c.case_id == c.case_id)
    inner = select(c.case_id, c.office_id, c.hromada, c.category, c.assigned_to, c.origin_katottg,
                   c.rnokpp_missing, case((c.warnings > 0, 1), else_=0).label("has_warnings"),
                   case((assessed.c.case_id.is_(None), 1), else_=0).label("no_assessment"),
                   c.last_change, c.household_size,
                   exprs["status"].label("status"), exprs["stage"].label("stage"),
                   exprs["displacement_stage"].label("displacement_stage")) \
        .select_from(source).where(opened).subquery()
    return select(inner).where(inner.c.status != "closed")


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


def needs(t: Tables, w: Window) -> Select:
    """Per open case at `as_of`, its latest assessment by then, one row per need domain."""
    a = t["rf_assessments"].c
    ranked = select(a.case_id, *(a[d] for d in NEED_DOMAINS),
                    func.row_number().over(partition_by=a.case_id,
                                           order_by=(a.assessed_on.desc(), a.id.desc())).label("rn")) \
        .where(a.assessed_on <= w.as_of).subquery()
    cases = open_end(t, w).subquery()
    joined = cases.join(ranked, and_(ranked.c.case_id == cases.c.case_id, ranked.c.rn == 1))
    parts = [select(cases.c.office_id, cases.c.hromada, literal(d).label("domain"), ranked.c[d].label("severity"))
             .select_from(joined) for d in NEED_DOMAINS]
    return select(union_all(*parts).subquery())


def high_needs(t: Tables, w: Window) -> Select:
    """Open cases with a high or critical need, one row per (case, domain): not a partition of cases."""
    inner = needs(t, w).subquery()
    return select(inner).where(inner.c.severity.in_(("high", "critical")))


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
    k = t["rf_tasks"].c
    cases = open_end(t, w).subquery()
    return select(cases.c.office_id, cases.c.hromada, k.assignee) \
        .select_from(t["rf_tasks"].join(cases, cases.c.case_id == k.case_id)) \
        .where(k.due_date < w.as_of, or_(k.done == 0, k.done_on > w.as_of))


def reached(t: Tables, w: Window) -> Select:
    """Cases (households) with any recorded activity in the period, with their size."""
    c, a = t["rf_cases"].c, t["rf_activity"].c
    active = select(a.case_id).where(a.on_date >= w.start, a.on_date <= w.end).distinct().subquery()
    return select(c.case_id, c.office_id, c.hromada, c.household_size) \
        .select_from(t["rf_cases"].join(active, active.c.case_id == c.case_id))


def indicators(t: Tables, w: Window) -> Select:
    """Per observed person, the latest observation at the start and at the end, one row per indicator."""
    o, c = t["rf_observations"].c, t["rf_cases"].c
    parts = []
    for moment, day in (("start", w.before), ("end", w.as_of)):
        ranked = select(o.case_id, *(o[name] for name in INDICATORS),
                        func.row_number().over(partition_by=o.person_key,
                                               order_by=(o.observed_on.desc(), o.id.desc())).label("rn")) \
            .where(o.observed_on <= day).subquery()
        joined = ranked.join(t["rf_cases"], c.case_id == ranked.c.case_id)
        for name in INDICATORS:
            parts.append(select(c.office_id, c.hromada, literal(moment).label("moment"),
                                literal(name).label("indicator"), ranked.c[name].label("value"))
                         .select_from(joined).where(ranked.c.rn == 1, ranked.c[name].is_not(None)))
    return select(union_all(*parts).subquery())


POPULATIONS: dict[str, Callable[[Tables, Window], Select]] = {
    "open_end": open_end, "all_cases": all_cases, "new_cases": new_cases, "transitions": transitions,
    "needs": needs, "high_needs": high_needs, "services": services, "deliveries": deliveries,
    "closures": closures, "overdue": overdue, "reached": reached, "indicators": indicators,
}
