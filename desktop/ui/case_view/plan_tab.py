"""The individual support plan: goals, services and referrals to providers, supervisor approval; the partner's
answer to a referral and the referral letter (a one-page PDF the person takes to the partner)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.services.providers import LocalPartners, directory_for
from desktop.services.referrals import letter_for, outcome_fields, record_letter
from desktop.ui import labels
from desktop.ui.case_view.common import (
    ID_ROLE,
    CaseData,
    CaseTab,
    cell,
    error_message,
    make_table,
    show_date,
    today_iso,
)
from desktop.ui.case_view.referral_dialogs import LocalPartnerDialog, OutcomeDialog
from desktop.ui.forms.fields import ChoiceCombo, DateField, ui_lang
from desktop.ui.referral_letter_pdf import write_letter_pdf
from sync.partners import PartnerError
from sync.reference import get_codifier


def service_status_fields(record: dict, status: str) -> dict:
    """A status change, dated the first time a service is referred or delivered."""
    fields = {"status": status}
    if status == "referred" and not record.get("referred_on"):
        fields["referred_on"] = today_iso()
    if status == "delivered" and not record.get("delivered_on"):
        fields["delivered_on"] = today_iso()
    return fields


class PlanTab(CaseTab):
    def __init__(self, ctx, case_id: str, parent: QWidget | None = None):
        super().__init__(ctx, case_id, parent)
        self.directory = directory_for(ctx.store)  # the server's partners and the office's own
        content = QWidget()
        column = QVBoxLayout(content)

        approval = QHBoxLayout()
        self.approval_label = QLabel(content)
        self.approve_button = QPushButton(self.tr("Затвердити &план"), content)
        self.approve_button.clicked.connect(self.approve)
        self.is_supervisor = ctx.may_approve_plan()  # supervisors, and district users for their offices
        if not self.is_supervisor:
            self.approve_button.setEnabled(False)
            self.approve_button.setToolTip(self.tr("Затверджує план керівник офісу"))
        approval.addWidget(self.approval_label, 1)
        approval.addWidget(self.approve_button)
        column.addLayout(approval)

        goals_box = QGroupBox(self.tr("Цілі"), content)
        self.goals = make_table([self.tr("Мета"), self.tr("Сфера"), self.tr("Цільова дата"), self.tr("Стан")],
                                goals_box, stretch=0)
        self.goals.setMinimumHeight(130)
        self.goal_title = QLineEdit(goals_box)
        self.goal_title.setPlaceholderText(self.tr("Нова мета, напр. «Оформити допомогу на проживання»"))
        self.goal_domain = ChoiceCombo("need_domain", goals_box)
        self.goal_domain.setItemText(0, self.tr("— сфера потреб —"))
        self.goal_target = DateField(goals_box)
        self.goal_target.setToolTip(self.tr("Цільова дата"))
        self.add_goal_button = QPushButton(self.tr("Додати &мету"), goals_box)
        self.add_goal_button.clicked.connect(self.add_goal)
        self.goal_title.returnPressed.connect(self.add_goal)
        line = QHBoxLayout()
        for w, stretch in ((self.goal_title, 3), (self.goal_domain, 2), (QLabel(self.tr("до")), 0),
                           (self.goal_target, 0), (self.add_goal_button, 0)):
            line.addWidget(w, stretch)
        goals_layout = QVBoxLayout(goals_box)
        goals_layout.addWidget(self.goals)
        goals_layout.addLayout(line)
        column.addWidget(goals_box)

        services_box = QGroupBox(self.tr("Послуги та направлення"), content)
        self.services = make_table([self.tr("Послуга"), self.tr("Надавач"), self.tr("Мета"), self.tr("Стан"),
                                    self.tr("Направлено"), self.tr("Надано"), self.tr("Відповідь надавача")],
                                   services_box, stretch=0)
        self.services.setMinimumHeight(150)
        self.service_goal = QComboBox(services_box)
        self.service_goal.setToolTip(self.tr("До якої мети"))
        self.service_type = QComboBox(services_box)
        self.service_type.setToolTip(self.tr("Послуга з каталогу"))
        self.provider = QComboBox(services_box)
        self.provider.setToolTip(self.tr("Надавач з довідника"))
        self.service_status = ChoiceCombo("service_status", services_box, optional=False)
        self.add_service_button = QPushButton(self.tr("Додати п&ослугу"), services_box)
        self.add_service_button.clicked.connect(self.add_service)
        self.service_goal.currentIndexChanged.connect(lambda _i: self._fill_service_types(keep=False))
        self.service_type.currentIndexChanged.connect(self._fill_providers)
        for combo in (self.service_type, self.provider):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        line = QHBoxLayout()
        for w, stretch in ((self.service_goal, 2), (self.service_type, 3), (self.provider, 3),
                           (self.service_status, 1), (self.add_service_button, 0)):
            line.addWidget(w, stretch)
        self.outcome_button = QPushButton(self.tr("Відповідь &надавача…"), services_box)
        self.outcome_button.setToolTip(self.tr("Що відповів надавач на направлення: прийняв, надав послугу "
                                               "чи відмовив (з причиною)"))
        self.outcome_button.clicked.connect(lambda: self.edit_outcome())
        self.letter_button = QPushButton(self.tr("&Лист-направлення (PDF)…"), services_box)
        self.letter_button.setToolTip(self.tr("Одна сторінка для особи до надавача: лише те, що потрібно для "
                                              "направлення. Записується як експорт."))
        self.letter_button.clicked.connect(lambda: self.make_letter())
        self.local_button = QPushButton(self.tr("Місцевий на&давач…"), services_box)
        self.local_button.setToolTip(self.tr("Додати надавача вашої громади, якого немає в довіднику"))
        self.local_button.clicked.connect(lambda: self.add_local_partner())
        for b in (self.outcome_button, self.letter_button):
            b.setEnabled(False)
        self.services.itemSelectionChanged.connect(self._selection_changed)
        actions = QHBoxLayout()
        for b in (self.outcome_button, self.letter_button):
            actions.addWidget(b)
        actions.addStretch(1)
        actions.addWidget(self.local_button)
        services_layout = QVBoxLayout(services_box)
        services_layout.addWidget(self.services)
        services_layout.addLayout(actions)
        services_layout.addLayout(line)
        column.addWidget(services_box)
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self._goal_list: list[dict] = []
        self._service_list: list[dict] = []
        self._fill_service_goals()

    # -- showing --------------------------------------------------------------------------------

    def populate(self, data: CaseData) -> None:
        case = data.one("case")
        if case.get("plan_approved_by"):
            self.approval_label.setText(self.tr("План затверджено: %1, %2").replace(
                "%1", self._name(case["plan_approved_by"])).replace("%2", show_date(case.get("plan_approved_on"))))
            self.approval_label.setStyleSheet("color: #2e7d32; font-weight: 600;")
        else:
            self.approval_label.setText(self.tr("План ще не затверджено керівником."))
            self.approval_label.setStyleSheet("color: #8a5300;")
        self._goal_list = data.many("goal")
        self._show_goals()
        self._show_services(data.many("service"))
        self._fill_service_goals()

    def _name(self, username: str | None) -> str:
        return self.ctx.display_name(username)

    def _show_goals(self) -> None:
        self.goals.setRowCount(0)
        for goal in self._goal_list:
            row = self.goals.rowCount()
            self.goals.insertRow(row)
            self.goals.setItem(row, 0, cell(goal.get("title") or "", goal["id"], goal.get("notes") or ""))
            self.goals.setItem(row, 1, cell(labels.label("need_domain", goal.get("domain"))))
            self.goals.setItem(row, 2, cell(show_date(goal.get("target_date"))))
            combo = ChoiceCombo("goal_status", self.goals, optional=False)
            combo.set_value(goal.get("status"))
            combo.setAccessibleName(self.tr("Стан мети"))
            combo.currentIndexChanged.connect(
                lambda _i, gid=goal["id"], c=combo: self.set_goal_status(gid, c.value()))
            self.goals.setCellWidget(row, 3, combo)

    def _show_services(self, services: list[dict]) -> None:
        goals = {g["id"]: g.get("title") or "" for g in self._goal_list}
        selected = self.selected_service()
        self._service_list = services
        self.services.setRowCount(0)
        for svc in services:
            row = self.services.rowCount()
            self.services.insertRow(row)
            kind = labels.label("provider_kind", svc.get("provider_kind")) if svc.get("provider_kind") else ""
            self.services.setItem(row, 0, cell(svc.get("title") or "", svc["id"], svc.get("notes") or ""))
            self.services.setItem(row, 1, cell(svc.get("provider_name") or "", tooltip=kind))
            self.services.setItem(row, 2, cell(goals.get(svc.get("goal_id"), "")))
            combo = ChoiceCombo("service_status", self.services, optional=False)
            combo.set_value(svc.get("status"))
            combo.setAccessibleName(self.tr("Стан послуги"))
            combo.currentIndexChanged.connect(
                lambda _i, record=svc, c=combo: self.set_service_status(record, c.value()))
            self.services.setCellWidget(row, 3, combo)
            self.services.setItem(row, 4, cell(show_date(svc.get("referred_on"))))
            self.services.setItem(row, 5, cell(show_date(svc.get("delivered_on"))))
            outcome = labels.label("referral_outcome", svc["outcome"]) if svc.get("outcome") else ""
            if outcome and svc.get("outcome_on"):
                outcome = f"{outcome}, {show_date(svc['outcome_on'])}"
            self.services.setItem(row, 6, cell(outcome, tooltip=svc.get("outcome_note") or ""))
            if selected is not None and svc["id"] == selected["id"]:
                self.services.selectRow(row)
        self._selection_changed()

    def _fill_service_goals(self) -> None:
        current = self.service_goal.currentData()
        self.service_goal.blockSignals(True)
        self.service_goal.clear()
        self.service_goal.addItem(self.tr("— без мети —"), None)
        for goal in self._goal_list:
            if goal.get("status") == "open":
                self.service_goal.addItem(goal.get("title") or "", goal["id"])
        self.service_goal.setCurrentIndex(max(self.service_goal.findData(current), 0))
        self.service_goal.blockSignals(False)
        self._fill_service_types()

    def _fill_service_types(self, keep: bool = True) -> None:
        """Services of the chosen goal's need domain first: the usual choice is at the top."""
        goal = next((g for g in self._goal_list if g["id"] == self.service_goal.currentData()), None)
        domain = (goal or {}).get("domain")
        current = self.service_type.currentData()
        self.service_type.blockSignals(True)
        self.service_type.clear()
        first = self.directory.services(domain) if domain else []
        rest = [s for s in self.directory.services() if s not in first]
        for svc in first + rest:
            self.service_type.addItem(svc.title, svc.code)
        self.service_type.setCurrentIndex(max(self.service_type.findData(current), 0) if keep else 0)
        self.service_type.blockSignals(False)
        self._fill_providers()

    def _places(self) -> set[str] | None:
        """Where the person lives now and the units above it (partners working there are offered);
        None when not known (every partner is)."""
        current = (self.data.one("displacement").get("current_katottg") if self.data else None) or ""
        if not current:
            return None
        return {current, *(u.code for u in get_codifier().parents(current))}

    def _fill_providers(self) -> None:
        self.provider.clear()
        for p in self.directory.providers(self.service_type.currentData(), places=self._places()):
            self.provider.addItem(f"{p.name} ({labels.label('provider_kind', p.kind).lower()})", p.code)
        if self.provider.count() == 0:
            self.provider.addItem(self.tr("— надавача в довіднику немає —"), None)

    def selected_service(self) -> dict | None:
        rows = self.services.selectionModel().selectedRows() if self.services.selectionModel() else []
        if not rows:
            return None
        record_id = self.services.item(rows[0].row(), 0).data(ID_ROLE)
        return next((s for s in self._service_list if s["id"] == record_id), None)

    def _selection_changed(self) -> None:
        svc = self.selected_service()
        self.outcome_button.setEnabled(svc is not None)
        self.letter_button.setEnabled(svc is not None and bool(svc.get("provider_name")))

    def _reload_directory(self) -> None:
        store = self.ctx.store
        self.ctx.read(lambda: directory_for(store), self._directory_loaded, owner=self)

    def _directory_loaded(self, directory) -> None:
        self.directory = directory
        self._fill_service_types()

    # -- writing --------------------------------------------------------------------------------

    def add_goal(self) -> None:
        title = self.goal_title.text().strip()
        if not title:
            self.goal_title.setFocus()
            self.notify.emit(self.tr("Напишіть, якої мети треба досягти."), "error")
            return
        fields = {"title": title, "domain": self.goal_domain.value(), "target_date": self.goal_target.iso()}
        cases, case_id = self.ctx.cases, self.case_id
        self.write(lambda: cases.add("goal", case_id, fields), self.tr("Мету додано."), on_done=self._goal_added)

    def _goal_added(self, _cs) -> None:
        self.goal_title.clear()
        self.goal_target.clear()
        self.goal_domain.set_value(None)

    def set_goal_status(self, goal_id: str, status: str) -> None:
        cases = self.ctx.cases
        self.write(lambda: cases.update("goal", goal_id, {"status": status}), self.tr("Стан мети змінено."))

    def add_service(self) -> None:
        service = self.directory.service(self.service_type.currentData())
        provider = self.directory.provider(self.provider.currentData())
        if service is None:
            return
        status = self.service_status.value()
        fields = service_status_fields({}, status)
        fields.update(title=service.title, service_code=service.code, goal_id=self.service_goal.currentData())
        if provider is not None:
            fields.update(provider_code=provider.code, provider_name=provider.name, provider_kind=provider.kind)
        cases, case_id = self.ctx.cases, self.case_id
        self.write(lambda: cases.add("service", case_id, fields), self.tr("Послугу додано до плану."))

    def set_service_status(self, record: dict, status: str) -> None:
        fields = service_status_fields(record, status)
        cases, record_id = self.ctx.cases, record["id"]
        self.write(lambda: cases.update("service", record_id, fields), self.tr("Стан послуги змінено."))

    def edit_outcome(self, values: tuple[str | None, str, str | None] | None = None) -> None:
        """The partner's answer to the selected referral (`values`: outcome, note, date; None asks)."""
        svc = self.selected_service()
        if svc is None:
            return
        if values is None:
            dialog = OutcomeDialog(svc, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        outcome, note, on = values
        try:
            fields = outcome_fields(svc, outcome, note, on)
        except ValueError as exc:
            self.notify.emit(error_message(exc), "error")
            return
        cases, record_id = self.ctx.cases, svc["id"]
        self.write(lambda: cases.update("service", record_id, fields), self.tr("Відповідь надавача записано."))

    def make_letter(self, path: Path | None = None) -> Path | None:
        """The referral letter of the selected service as a PDF at `path` (None asks where), recorded as an
        export once written; the file is removed again if it cannot be recorded."""
        svc = self.selected_service()
        if svc is None or self.data is None:
            return None
        try:
            letter = letter_for(self.data, svc["id"], self.directory, caseworker=self.ctx.display_name(self.ctx.user))
        except (KeyError, ValueError) as exc:
            self.notify.emit(error_message(exc), "error")
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Зберегти лист-направлення"),
                                                  f"napravlennia-{letter.reference}.pdf", self.tr("PDF (*.pdf)"))
            if not name:
                return None
            path = Path(name)
        try:
            write_letter_pdf(letter, path)
        except OSError:
            self.notify.emit(self.tr("Не вдалося записати файл. Оберіть іншу теку."), "error")
            return None
        store, cases, case_id, service_id = self.ctx.store, self.ctx.cases, self.case_id, svc["id"]

        def unrecorded(exc: Exception) -> None:
            with contextlib.suppress(OSError):
                path.unlink()
            self._write_failed(exc)

        done = self.tr("Лист-направлення збережено: %1").replace("%1", path.name)
        self.ctx.mutation(lambda: record_letter(store, cases, case_id, service_id, path), parent=self) \
            .success(lambda _cs: self.notify.emit(done, "info")).failure(unrecorded).run()
        return path

    def add_local_partner(self, values: dict | None = None) -> None:
        """A provider of the office's own (`values` as LocalPartnerDialog gives them; None asks)."""
        if values is None:
            dialog = LocalPartnerDialog(self.directory.services(), self.service_type.currentData(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            values = dialog.values()
        partners = LocalPartners(self.ctx.store)

        def failed(exc: Exception) -> None:
            if isinstance(exc, PartnerError):  # "Ukrainian / English"
                parts = str(exc).split(" / ", 1)
                text = parts[1] if ui_lang() == "en" and len(parts) == 2 else parts[0]
            else:
                text = error_message(exc)
            self.notify.emit(text, "error")

        self.ctx.mutation(lambda: partners.add(values), parent=self) \
            .success(lambda _cs: (self.notify.emit(self.tr("Місцевого надавача додано."), "info"),
                                  self._reload_directory())) \
            .failure(failed).run()

    def approve(self) -> None:
        if not self.is_supervisor:
            return
        fields = {"plan_approved_by": self.ctx.user, "plan_approved_on": today_iso()}
        cases, case_id = self.ctx.cases, self.case_id
        self.write(lambda: cases.update("case", case_id, fields), self.tr("План затверджено."))
