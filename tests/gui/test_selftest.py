"""The self-test walk (desktop/selftest.py) from the source tree: the bundle test runs the same walk in the
built bundle; this keeps the walk itself working on machines that skip the bundle (PORUCH_SKIP_BUNDLE=1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support.server_process import REPO


def test_the_walk_passes_every_step_from_source(tmp_path):
    (tmp_path / "request.json").write_text(json.dumps({"scenario": "walk", "password": "пароль-перевірки-1"}))
    env = {**os.environ, "PORUCH_SELF_TEST": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "desktop.ui.app"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=240)
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert done.returncode == 0 and report["ok"], [s for s in report["steps"] if not s["ok"]]
    assert not report["frozen"]
    assert [s["step"] for s in report["steps"]][-1] == "every module imports"
    assert {"import wizard", "export dialog"} <= {s["step"] for s in report["steps"]}
    assert len(list((tmp_path / "screens").glob("*.png"))) >= 15
