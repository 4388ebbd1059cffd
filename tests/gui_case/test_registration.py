"""Registration: inline validation in Ukrainian, errors block saving, duplicates offered before saving."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop.services.reads import load_case
from desktop.ui.registration import RegistrationDialog, RegistrationForm
from tests.gui_case.conftest import count_cases, register, type_text, valid_rnokpp


def _fill_person(qtbot, form: RegistrationForm, surname: str = "Мельничук") -> None:
    type_text(form.person.surname, surname)
    type_text(form.person.given_name, "Оксана")
    type_text(form.person.patronymic, "Іванівна")
    type_text(form.person.birth_date, "02.03.1980")


def test_bad_rnokpp_shows_ukrainian_message_and_blocks_saving(ctx, qtbot, store):
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    form.show()
    _fill_person(qtbot, form)
    assert form.person.latin.text() == "MELNYCHUK Oksana Ivanivna"

    type_text(form.person.rnokpp, "1234567890")
    form.person.rnokpp.editingFinished.emit()  # what leaving the field does
    message = form.binder.label_for("person.rnokpp")
    qtbot.waitUntil(lambda: message.isVisible())
    assert message.text() == "✖ РНОКПП не проходить перевірку контрольної цифри"
    assert message.severity == "error"

    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "Виправте" in form.status.text()
    assert form.focusWidget() is form.person.rnokpp
    ctx.runner.wait_idle()
    assert count_cases(store) == 0

    form.person.rnokpp.clear()
    type_text(form.person.rnokpp, valid_rnokpp(date(1980, 3, 2), "female"))
    qtbot.waitUntil(lambda: not message.isVisible())
    with qtbot.waitSignal(form.case_registered, timeout=10_000) as registered:
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    with store.engine.connect() as conn:
        bundle = load_case(conn, registered.args[0])
    person = bundle["person"][0]
    assert (person["surname"], person["birth_date"], person["sex"]) == ("Мельничук", "1980-03-02", "female")


def test_warning_does_not_block_saving(ctx, qtbot):
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    _fill_person(qtbot, form)
    form.person.sex.set_value("male")  # the RNOKPP below is a woman's: a warning, not an error
    type_text(form.person.rnokpp, valid_rnokpp(date(1980, 3, 2), "female"))
    form.person.rnokpp.editingFinished.emit()
    message = form.binder.label_for("person.rnokpp")
    qtbot.waitUntil(lambda: message.severity == "warning")
    assert "статі" in message.text()
    with qtbot.waitSignal(form.case_registered, timeout=10_000):
        form.save()


def test_household_member_and_displacement_are_saved(ctx, qtbot, store):
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    _fill_person(qtbot, form)
    row = form.household.add_member()
    form.save()
    assert "Обов'язкове поле" in row.issues.text() and "Ім'я" in row.issues.text()
    row.relationship.set_value("child")
    type_text(row.given_name, "Марко")
    type_text(row.birth_date, "15.06.2015")
    row.vulnerabilities.set_value(["child"])
    form.displacement.origin.set_code("UA14020010010059145")
    type_text(form.displacement.idp_certificate_number, "1423-5009876543")
    with qtbot.waitSignal(form.case_registered, timeout=10_000) as registered:
        form.save()
    with store.engine.connect() as conn:
        bundle = load_case(conn, registered.args[0])
    member = bundle["household_member"][0]
    assert (member["given_name"], member["relationship"], member["birth_date"]) == ("Марко", "child", "2015-06-15")
    assert member["vulnerabilities"] == ["child"]
    assert bundle["displacement"][0]["origin_katottg"] == "UA14020010010059145"


def test_duplicate_is_offered_and_can_be_opened(ctx, qtbot, store, cases):
    number = valid_rnokpp(date(1980, 3, 2), "female", seed=7)
    existing = register(cases, rnokpp=number)
    dialog = RegistrationDialog(ctx)
    qtbot.addWidget(dialog)
    form = dialog.form
    _fill_person(qtbot, form, surname="Коваленко-Мельничук")
    type_text(form.person.rnokpp, number)
    form.save()
    qtbot.waitUntil(lambda: form.duplicates_dialog is not None and form.duplicates_dialog.isVisible(),
                    timeout=10_000)
    dup = form.duplicates_dialog
    assert dup.table.rowCount() == 1
    assert dup.table.item(0, 0).text() == "Коваленко Ганна Петрівна"
    assert dup.table.item(0, 4).text() == "Олена Тестова"
    assert "РНОКПП" in dup.table.item(0, 5).text()
    with qtbot.waitSignal(form.open_case_requested) as opened, qtbot.waitSignal(dialog.open_case_requested):
        qtbot.mouseClick(dup.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [existing]
    ctx.runner.wait_idle()
    assert count_cases(store) == 1  # nothing registered


def test_duplicate_can_be_registered_anyway(ctx, qtbot, store, cases):
    register(cases, phones=["+380501234567"])
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    _fill_person(qtbot, form)
    type_text(form.person.phones.edits()[0], "050 123 45 67")
    form.save()
    qtbot.waitUntil(lambda: form.duplicates_dialog is not None, timeout=10_000)
    with qtbot.waitSignal(form.case_registered, timeout=10_000):
        qtbot.mouseClick(form.duplicates_dialog.register_button, Qt.MouseButton.LeftButton)
    assert count_cases(store) == 2


def _tab_chain(start, count: int) -> list:
    """The widgets Tab visits from `start` (focusable, visible, enabled), in order."""
    out, w = [], start
    while len(out) < count:
        w = w.nextInFocusChain()
        if w is start:
            break
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            out.append(w)
    return out


def test_tab_order_follows_the_form(ctx, qtbot):
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    form.show()
    p = form.person
    second_phone = form.person.phones.add_row()
    row = form.household.add_member()
    qtbot.waitUntil(lambda: second_phone.isVisible() and row.remove.isVisible())  # shown by the layout
    chain = _tab_chain(p.surname, 60)
    expected = [p.given_name, p.patronymic, p.birth_date, p.sex, p.rnokpp, p.rnokpp_refused, p.unzr,
                p.id_document_type, p.id_document_number, p.phones.edits()[0], p.phones.edits()[1],
                p.phones.add_button, p.email, p.preferred_contact, p.languages,
                row.relationship, row.surname, row.given_name, row.birth_date, row.vulnerabilities,
                form.household.add_button, form.displacement.idp_certificate_number]
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions)


def test_a_district_laptop_registers_into_a_chosen_office(ctx, qtbot, store):
    """A district laptop's own org is the district administration: a new case needs one of its offices."""
    from sync.directory import DirectoryOffice, OfficeDirectory

    ctx.set_directory(OfficeDirectory(offices=[DirectoryOffice(id="office-b", name="Бородянський ЦНСП"),
                                         DirectoryOffice(id="office-a", name="Бучанський ЦНСП")], people=[]))
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    assert [form.office.itemText(i) for i in range(form.office.count())] == ["—", "Бородянський ЦНСП",
                                                                           "Бучанський ЦНСП"]
    _fill_person(qtbot, form)
    form.save()
    assert form.binder.label_for("case.office_id").text() == "✖ Обов'язкове поле"
    ctx.runner.wait_idle()
    assert count_cases(store) == 0
    form.office.setCurrentIndex(form.office.findData("office-a"))
    with qtbot.waitSignal(form.case_registered, timeout=10_000) as registered:
        form.save()
    with store.engine.connect() as conn:
        assert load_case(conn, registered.args[0])["case"][0]["office_id"] == "office-a"


def test_an_office_laptop_has_no_office_choice(ctx, qtbot, store):
    from sync.directory import DirectoryOffice, OfficeDirectory

    ctx.set_directory(OfficeDirectory(offices=[DirectoryOffice(id=store.office_id, name="Тестовий офіс")], people=[]))
    form = RegistrationForm(ctx)
    qtbot.addWidget(form)
    assert form.office is None
