"""The reports, defined once as data: tables of a population grouped by dimensions, with their charts.

Shared by the laptop and the server (sync.reports.compute runs them on either database). A table
is a population (sync.reports.populations), the dimensions of its rows and columns, and what is
measured; the office report lays it out as rows x columns, the district report as one column per
office, and the national release (sync.reports.aggregates) by area and month after disclosure control.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.records.schema import (
    AID_KINDS,
    AID_OVERLAP_STATUSES,
    CATEGORIES,
    CLOSURE_REASONS,
    DISPLACEMENT_STAGES,
    INDICATORS,
    NEED_DOMAINS,
    PROVIDER_KINDS,
    SERVICE_STATUSES,
    SEVERITIES,
    SEXES,
    STAGES,
    STATUSES,
    TRANSFER_STATES,
)

AGE_BANDS = ("0-4", "5-11", "12-17", "18-59", "60+")
OPEN_STATUSES = tuple(s for s in STATUSES if s != "closed")


@dataclass(frozen=True)
class Dim:
    """A column a table groups by. `values`: the fixed order (every value shown, zeros too); None: the
    values found, in Ukrainian order. `derive`: computed in Python from another column (e.g. whether
    an origin is on the hostilities list on a day)."""

    name: str
    values: tuple[str, ...] | None
    labels: str  # the key of sync.reports.labels.VALUES
    derive: str | None = None
    column: str | None = None  # the population's column, when not `name`

    @property
    def source(self) -> str:
        return self.derive or self.column or self.name


DIMS: dict[str, Dim] = {d.name: d for d in (
    Dim("status", OPEN_STATUSES, "status"),
    Dim("stage", STAGES, "stage"),
    Dim("displacement_stage", DISPLACEMENT_STAGES, "displacement_stage"),
    Dim("from_stage", DISPLACEMENT_STAGES, "displacement_stage"),
    Dim("to_stage", DISPLACEMENT_STAGES, "displacement_stage"),
    Dim("category", CATEGORIES, "category"),
    Dim("sex", SEXES, "sex"),
    Dim("age_band", AGE_BANDS, "age_band"),
    Dim("disability", ("1", "0"), "disability"),
    Dim("domain", NEED_DOMAINS, "domain"),
    Dim("service_domain", (*NEED_DOMAINS, "other"), "domain", column="domain"),
    Dim("severity", SEVERITIES, "severity"),
    Dim("service_status", SERVICE_STATUSES, "service_status"),
    Dim("provider_kind", PROVIDER_KINDS, "provider_kind"),
    Dim("closure_reason", CLOSURE_REASONS, "closure_reason"),
    Dim("assigned_to", None, "assigned_to"),
    Dim("assignee", None, "assigned_to"),
    Dim("indicator", tuple(INDICATORS), "indicator"),
    Dim("value", None, "indicator_value"),
    Dim("moment", ("start", "end"), "moment"),
    Dim("listed", ("1", "0"), "listed", derive="origin_katottg"),
    Dim("direction", ("out", "in"), "transfer_direction"),
    Dim("transfer_state", TRANSFER_STATES, "transfer_state", column="state"),
    Dim("aid_kind", AID_KINDS, "aid_kind", column="service_code"),
    Dim("overlap_status", AID_OVERLAP_STATUSES, "overlap_status", column="status"),
)}


@dataclass(frozen=True)
class Measure:
    """count | sum:<column> | max:<column> | median:<column>; `label` names it as a column."""

    kind: str
    label: str = "count"

    @property
    def function(self) -> str:
        return self.kind.split(":")[0]

    @property
    def column(self) -> str | None:
        return self.kind.split(":")[1] if ":" in self.kind else None

    @property
    def additive(self) -> bool:
        return self.function in ("count", "sum")


COUNT = Measure("count")


@dataclass(frozen=True)
class Chart:
    """One chart definition, drawn on screen and in the PDF alike (sync.reports.output.charts)."""

    kind: str  # bar | barh | stacked | pie
    title: tuple[str, str] | None = None


@dataclass(frozen=True)
class NationalTable:
    """How the analysts' release publishes a table: its rows and columns (each a combination of dims);
    `additive`: cells sum to the published margins (disclosure control protects them as a table);
    non-additive tables (a case counted under several domains) are only checked cell by cell."""

    rows: tuple[str, ...]
    cols: tuple[str, ...] = ()
    additive: bool = True


@dataclass(frozen=True)
class TableDef:
    id: str
    title: tuple[str, str]
    population: str
    rows: tuple[str, ...] = ()
    cols: tuple[str, ...] = ()
    measures: tuple[Measure, ...] = (COUNT,)
    chart: Chart | None = None
    note: tuple[str, str] | None = None
    national: NationalTable | None = None
    change_column: bool = False  # indicators: a third column end - start

    @property
    def dims(self) -> tuple[str, ...]:
        return self.rows + self.cols


@dataclass(frozen=True)
class ReportDef:
    id: str
    title: tuple[str, str]
    tables: tuple[TableDef, ...]

    def table(self, table_id: str) -> TableDef:
        return next(t for t in self.tables if t.id == table_id)


OFFICE_TABLES = (
    TableDef("caseload", ("Справи на кінець періоду за статусом", "Caseload at period end by status"),
             "open_end", rows=("status",), chart=Chart("pie"), national=NationalTable(("status",))),
    TableDef("new_cases", ("Нові справи за категорією, статтю, віком та інвалідністю",
                           "New cases by category, sex, age band and disability"),
             "new_cases", rows=("category", "disability"), cols=("sex", "age_band"),
             chart=Chart("stacked", ("Нові справи за категорією", "New cases by category")),
             note=("Вік на день відкриття справи.", "Age on the day the case was opened."),
             national=NationalTable(("category", "disability"), ("sex", "age_band"))),
    TableDef("stage", ("Справи за етапом супроводу", "Cases by case-management stage"),
             "open_end", rows=("stage",), chart=Chart("barh"), national=NationalTable(("stage",))),
    TableDef("displacement_stage", ("Справи за етапом переміщення", "Cases by displacement stage"),
             "open_end", rows=("displacement_stage",), chart=Chart("barh"),
             national=NationalTable(("displacement_stage",))),
    TableDef("transitions", ("Переходи між етапами переміщення за період",
                             "Displacement-stage transitions in the period"),
             "transitions", rows=("from_stage",), cols=("to_stage",),
             national=NationalTable(("from_stage",), ("to_stage",))),
    TableDef("needs", ("Потреби за сферою та гостротою (останнє оцінювання)",
                       "Needs by domain and severity (latest assessment)"),
             "needs", rows=("domain",), cols=("severity",), chart=Chart("stacked")),
    TableDef("high_needs", ("Справи з високою чи критичною потребою, за сферою",
                            "Cases with a high or critical need, by domain"),
             "high_needs", rows=("domain",), national=NationalTable(("domain",), additive=False)),
    TableDef("services", ("Послуги за сферою і статусом (направлені або надані за період)",
                          "Services by domain and status (referred or delivered in the period)"),
             "services", rows=("service_domain",), cols=("service_status",), chart=Chart("stacked")),
    TableDef("providers", ("Послуги за типом надавача і статусом", "Services by provider kind and status"),
             "services", rows=("provider_kind",), cols=("service_status",)),
    TableDef("delivery_days", ("Надані послуги: кількість і медіана днів від направлення до надання",
                               "Delivered services: count and median days from referral to delivery"),
             "deliveries", rows=("provider_kind",),
             measures=(COUNT, Measure("median:days_to_delivery", "median_days")),
             national=None),
    TableDef("delivered", ("Надані послуги за сферою і типом надавача", "Services delivered by domain and provider kind"),
             "deliveries", rows=("service_domain",), cols=("provider_kind",),
             national=NationalTable(("service_domain",), ("provider_kind",))),
    TableDef("closures", ("Закриті справи за причиною", "Closures by reason"),
             "closures", rows=("closure_reason",), chart=Chart("barh"), national=NationalTable(("closure_reason",))),
    TableDef("transfers", ("Передачі справ між офісами за період", "Case transfers between offices in the period"),
             "transfers", rows=("direction",), cols=("transfer_state",),
             note=("Кожна передача — за днем її результату (прийнято, відхилено, відкликано, строк минув) або, "
                   "поки відповіді немає, за днем запиту.",
                   "Each transfer counts on the day of its outcome (accepted, declined, revoked, expired) or, "
                   "while unanswered, on the day it was requested.")),
    TableDef("aid_overlaps", ("Перетин допомоги: та сама допомога від двох офісів чи надавачів",
                              "Aid overlap: the same assistance from two offices or providers"),
             "aid_overlaps", rows=("aid_kind",), cols=("overlap_status",),
             note=("Перетини, які сервер виявив у справах офісу, чий період допомоги припадає на звітний період.",
                   "Overlaps the server found in the office's cases whose period of assistance meets the report's.")),
    TableDef("overdue", ("Прострочені завдання на кінець періоду", "Overdue tasks at period end"),
             "overdue", rows=("assignee",)),
    TableDef("caseworkers", ("Навантаження: відкриті справи на фахівця", "Caseload per caseworker"),
             "open_end", rows=("assigned_to",), chart=Chart("barh")),
    TableDef("listed_origin", ("Справи осіб із територій бойових дій або окупації",
                               "Cases whose origin is on the hostilities/occupation list"),
             "open_end", rows=("listed",), national=NationalTable(("listed",))),
    TableDef("reached", ("Охоплено за період: домогосподарства й особи", "Reached in the period: households and people"),
             "reached", measures=(Measure("count", "households"), Measure("sum:household_size", "members")),
             note=("Справи з будь-якою дією за період (контакт, оцінювання, послуга, показник, відкриття).",
                   "Cases with any recorded activity in the period (contact, assessment, service, indicator, opening).")),
    TableDef("indicators", ("Показники інтеграції: на початок і на кінець періоду",
                            "Integration indicators at the start and end of the period"),
             "indicators", rows=("indicator", "value"), cols=("moment",), change_column=True,
             note=("Останнє спостереження кожної особи на дату.", "Each person's latest observation on the day.")),
    TableDef("quality", ("Якість даних: відкриті справи", "Data quality: open cases"),
             "open_end", measures=(Measure("sum:rnokpp_missing", "rnokpp_missing"),
                                   Measure("sum:has_warnings", "warnings"),
                                   Measure("sum:no_assessment", "no_assessment"))),
    TableDef("freshness", ("Синхронізація: найновіші дані кожного офісу", "Sync freshness: latest data from each office"),
             "all_cases", measures=(Measure("count", "cases"), Measure("max:last_change", "last_change"))),
)

OFFICE_REPORT = ReportDef("office", ("Щомісячний звіт офісу", "Monthly office report"), OFFICE_TABLES)
DISTRICT_REPORT = ReportDef("district", ("Звіт району", "District report"), OFFICE_TABLES)
REPORTS = {r.id: r for r in (OFFICE_REPORT, DISTRICT_REPORT)}
NATIONAL_TABLES = tuple(t for t in OFFICE_TABLES if t.national is not None)
