"""The packaged desktop application: built from build.spec with PyInstaller, then walked through offscreen.

The bundle runs its hidden self-test (desktop/selftest.py, PORUCH_SELF_TEST): first-run wizard →
standalone office → registration → the case with every tab → the conflict dialog → lock and unlock →
English, then imports every module it holds. A screen missing from the bundle fails the walk.

Marked `bundle` (a build takes 1.5-3 minutes): `PORUCH_SKIP_BUNDLE=1 make test` skips it on a
developer's machine; CI (CI set) always runs it. The build time and size are printed at the end of
the run (tests/conftest.py, pytest_terminal_summary).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.server_process import REPO

# The build alone takes 1.5-6 minutes depending on the machine's load: more than the suite's 300 s.
pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1500)]

PASSWORD = "пароль-перевірки-збірки-1"
SIZE_BUDGET_MB = 200
EXE = "poruch.exe" if sys.platform == "win32" else "poruch"
FIGURES: dict = {}  # build time and size, printed at the end of the run


def run_bundle(app: Path, folder: Path, scenario: str, timeout: float = 300) -> dict:
    """Run the bundle's self-test in `folder` (data in folder/data); returns its report."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "request.json").write_text(json.dumps({"scenario": scenario, "password": PASSWORD}), "utf-8")
    env = {**os.environ, "PORUCH_SELF_TEST": str(folder), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)  # the bundle must not borrow modules from the source tree
    done = subprocess.run([str(app / EXE)], env=env, cwd=folder, capture_output=True, text=True, timeout=timeout)
    report_path = folder / "report.json"
    assert report_path.exists(), f"the bundle wrote no report (exit {done.returncode}):\n{done.stderr[-3000:]}"
    report = json.loads(report_path.read_text("utf-8"))
    report["returncode"] = done.returncode
    return report


def failures(report: dict) -> str:
    return "\n".join(f"{s['step']}: {s.get('error', '')}\n{s.get('traceback', '')}\nmessage boxes: "
                     f"{s.get('message_boxes')}" for s in report["steps"] if not s["ok"])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    if os.environ.get("PORUCH_SKIP_BUNDLE") == "1" and not os.environ.get("CI"):
        pytest.skip("PORUCH_SKIP_BUNDLE=1 (CI always builds the bundle)")
    tmp = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "PYINSTALLER_CONFIG_DIR": str(tmp / "pyinstaller-cache")}  # not the shared ~/.cache
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "bundle.py"), "--dist", str(tmp / "dist"),
                           "--work", str(tmp / "work")], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"the bundle did not build:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}"
    app = tmp / "dist" / "poruch"
    FIGURES.update(build_s=round(time.monotonic() - started), size_mb=round(size_mb(app), 1))
    return app


def size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


@pytest.fixture(scope="module")
def walked(bundle, tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("walk")
    return folder, run_bundle(bundle, folder, "walk")


def test_the_bundle_walks_through_every_screen(walked, record_property):
    folder, report = walked
    record_property("bundle", FIGURES)
    assert report["frozen"], "the self-test ran from the source tree, not from the bundle"
    assert report["ok"] and report["returncode"] == 0, failures(report)
    assert [s["step"] for s in report["steps"]] == [
        "first-run wizard", "main window", "registration", "case, every tab", "conflict dialog",
        "import wizard", "export dialog", "reports", "lock and unlock", "English", "every module imports"]
    assert len(report["facts"]["case_tabs"]) >= 8
    # The screens are in the bundle as modules of their own, not only reachable by chance.
    modules = set(report["facts"]["modules"])
    assert {"desktop.ui.registration", "desktop.ui.conflict_dialog", "desktop.ui.case_view",
            "desktop.ui.import_wizard", "desktop.ui.export_dialog", "desktop.ui.reports_page"} <= modules
    facts = report["facts"]
    assert facts["report_xlsx_bytes"] > 5_000  # View → Reports saved this month's report
    # ... drew its charts (ReportLab's SVG through QtSvg: a picture of several colours, not a blank) ...
    assert {"reportChart_caseload", "reportChart_stage"} <= set(facts["report_charts"]), facts["report_charts"]
    assert facts["report_chart_colours"] >= 4
    # ... and saved the PDF with its font embedded (ReportLab; no numpy, no matplotlib in the bundle).
    assert facts["report_pdf_bytes"] > 10_000 and facts["report_pdf_font_embedded"]
    assert "reportlab" in facts["loaded_modules"] and not {"matplotlib", "numpy"} & set(facts["loaded_modules"])


def test_the_bundle_stays_within_its_size_budget(bundle, record_property):
    record_property("bundle", FIGURES)
    assert size_mb(bundle) <= SIZE_BUDGET_MB
    # Charts and PDF come from ReportLab, so the 41 MB of numpy (OpenBLAS) and matplotlib stay out.
    names = {p.name for p in bundle.rglob("*")}
    assert not {"numpy", "matplotlib", "numpy.libs"} & names


def test_a_database_from_a_newer_version_is_refused_naming_the_version_needed(bundle, walked, tmp_path):
    from desktop.store.store import unlock_store

    folder = tmp_path / "newer"
    shutil.copytree(walked[0] / "data", folder / "data")
    store = unlock_store(folder / "data", "olena.check", PASSWORD)
    try:  # what version 9.4.0 would leave: a schema revision this build does not know, and its version
        store.set_meta("schema_app_version", "9.4.0")
        with store.engine.connect() as conn:
            conn.exec_driver_sql("update alembic_version set version_num = '9999_future'")
            conn.commit()
    finally:
        store.close()
    report = run_bundle(bundle, folder, "unlock")
    assert report["facts"]["unlocked"] is False
    assert "9.4.0" in report["facts"]["unlock_error"], report["facts"]
