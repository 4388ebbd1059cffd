"""The plan tab's referrals: the partner's answer (accepted, delivered, declined with a reason), the
referral letter as a one-page PDF with only what the referral needs (recorded as an export and in the
case's history), and a local provider of the office offered in the plan."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.services.export_log import exports
from desktop.store import tables as t
from tests.gui_case.conftest import register
from tests.gui_case.test_case_window import open_case, wait_for

# Screenshots for docs/screenshots only when asked (PORUCH_SCREENSHOTS=docs/screenshots); a plain run
# leaves the work tree as it was.
SCREENSHOTS = Path(os.environ.get("PORUCH_SCREENSHOTS", "")) if os.environ.get("PORUCH_SCREENSHOTS") else None


def _referral(ctx, qtbot, cases, store):
    case_id = register(cases, rnokpp=None, notes="Особлива примітка, що не для партнера")
    window = open_case(ctx, qtbot, case_id)
    plan = window.plan_tab
    window.tabs.setCurrentWidget(plan)
    plan.service_type.setCurrentIndex(plan.service_type.findData("legal_aid"))
    plan.provider.setCurrentIndex(plan.provider.findData("legal_aid_centre"))
    assert plan.provider.currentData() == "legal_aid_centre"
    plan.service_status.set_value("referred")
    qtbot.mouseClick(plan.add_service_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: len(d.many("service")) == 1)
    plan.services.selectRow(0)
    return case_id, window, plan


def test_the_partners_answer_is_recorded_and_shown(ctx, qtbot, cases, store):
    _, window, plan = _referral(ctx, qtbot, cases, store)
    assert plan.outcome_button.isEnabled() and plan.letter_button.isEnabled()

    # Declined without a reason: refused, nothing written.
    messages = []
    plan.notify.connect(lambda text, kind: messages.append((kind, text)))
    plan.edit_outcome(("declined", "  ", None))
    assert messages[-1][0] == "error" and not window.data.one("service").get("outcome")

    plan.edit_outcome(("accepted", "Записали на консультацію", "2026-12-01"))
    wait_for(qtbot, window, lambda d: d.one("service").get("outcome") == "accepted")
    svc = window.data.one("service")
    assert svc["status"] == "in_progress" and svc["outcome_on"] == "2026-12-01"
    plan.services.selectRow(0)
    plan.edit_outcome(("declined", "Не наша громада: зверніться до центру в Житомирі", "2026-12-03"))
    wait_for(qtbot, window, lambda d: d.one("service").get("outcome") == "declined")
    assert window.data.one("service")["status"] == "declined"
    item = plan.services.item(0, 6)
    assert item.text() == "Надавач відмовив, 03.12.2026" and "Житомирі" in item.toolTip()
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SCREENSHOTS / "referral-1-plan-outcome.png"))


def test_the_referral_letter_is_one_page_with_only_what_it_needs_and_is_recorded(ctx, qtbot, cases, store,
                                                                                 tmp_path):
    case_id, window, plan = _referral(ctx, qtbot, cases, store)
    path = plan.make_letter(tmp_path / "лист.pdf")
    qtbot.waitUntil(lambda: any(e["what"] == "referral_letter" for e in exports(store)), timeout=30_000)
    entry = [e for e in exports(store) if e["what"] == "referral_letter"][0]
    assert entry["format"] == "pdf" and entry["file"] == "лист.pdf" and entry["cases"] == 1
    with store.engine.connect() as conn:
        actions = [json.loads(r)["action"] for r in conn.execute(select(t.records.c.data).where(
            t.records.c.case_id == case_id, t.records.c.type == "history")).scalars()]
    assert "export" in actions

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "DejaVuSans" in fonts and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # embedded
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "НАПРАВЛЕННЯ" in text and "Коваленко Ганна Петрівна" in text and "02.03.1980" in text
    assert "+380671234567" in text and "правничої допомоги" in text
    assert "Особлива примітка" not in text  # the person's notes stay in the case
    if SCREENSHOTS:
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(path),
                        str(SCREENSHOTS / "referral-2-letter")], check=True)


def test_a_letter_that_cannot_be_written_leaves_no_record(ctx, qtbot, cases, store, tmp_path):
    _, _, plan = _referral(ctx, qtbot, cases, store)
    assert plan.make_letter(tmp_path / "no-such-folder" / "лист.pdf") is None
    assert not [e for e in exports(store) if e["what"] == "referral_letter"]


def test_a_local_provider_is_offered_first_in_the_plan(ctx, qtbot, cases, store):
    _, window, plan = _referral(ctx, qtbot, cases, store)
    plan.add_local_partner({"name": "", "kind": "community", "services": ["legal_aid"]})
    qtbot.waitUntil(lambda: plan.provider.itemData(0) is not None, timeout=30_000)
    plan.add_local_partner({"name": "Юридична клініка громади", "kind": "community", "services": ["legal_aid"],
                            "phone": "+380441112233", "address": "", "notes": ""})
    qtbot.waitUntil(lambda: "Юридична клініка" in plan.provider.itemText(0), timeout=30_000)
    plan.service_type.setCurrentIndex(plan.service_type.findData("food_kit"))
    assert all("Юридична клініка" not in plan.provider.itemText(i) for i in range(plan.provider.count()))


def test_partners_working_elsewhere_are_not_offered(ctx, qtbot, cases, store):
    from desktop.services.providers import LocalPartners

    LocalPartners(store).add({"name": "Хаб Житомирщини", "kind": "community", "services": ["food_kit"],
                              "territories": ["UA18000000000041385"]})     # Zhytomyr oblast
    LocalPartners(store).add({"name": "Хаб Донеччини", "kind": "community", "services": ["food_kit"],
                              "territories": ["UA14000000000091971"]})     # Donetsk oblast
    _, window, plan = _referral(ctx, qtbot, cases, store)
    displacement = window.data.one("displacement")["id"]
    cases_ = ctx.cases
    ctx.write(lambda: cases_.update("displacement", displacement, {"current_katottg": "UA18040010000031446"}))
    wait_for(qtbot, window, lambda d: d.one("displacement").get("current_katottg") == "UA18040010000031446")
    plan.service_type.setCurrentIndex(plan.service_type.findData("food_kit"))
    offered = [plan.provider.itemText(i) for i in range(plan.provider.count())]
    assert any("Хаб Житомирщини" in x for x in offered) and not any("Хаб Донеччини" in x for x in offered)
    assert any("Карітас" in x for x in offered)  # national partners without territories work everywhere
