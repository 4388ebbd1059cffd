"""Startup benchmark: from starting the program to its unlock window, for the bundle and from source.

    python benchmarks/startup.py [--bundle dist/poruch] [--runs 7] [--compare-with REF]

Creates a store in a temporary folder (synthetic user, no cases), then starts the application
`--runs` times with PORUCH_SELF_TEST's "startup" scenario (desktop/selftest.py), which notes the
moment the unlock window is shown, and prints min / median / max of the time since the process was
started, the bundle's and the source tree's side by side, with the load average before and after,
and the CPU time the process used until then (which a busy machine changes much less than wall time).
Target: the bundle shows the unlock window within 1.5 s on the project's 2-core machine.
`--compare-with REF` also starts the source tree of git commit REF (checked out in a temporary
worktree), alternating with this tree, so that a change to start-up is measured side by side in
one run, under the same load.
Offscreen (QT_QPA_PLATFORM=offscreen) unless --platform says otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "пароль-для-заміру-1"


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def one_start(command: list[str], folder: Path, platform: str, cwd: Path = ROOT) -> float:
    (folder / "report.json").unlink(missing_ok=True)
    (folder / "request.json").write_text(json.dumps({"scenario": "startup"}), "utf-8")
    env = {**os.environ, "PORUCH_SELF_TEST": str(folder), "QT_QPA_PLATFORM": platform}
    started = time.time()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    report = json.loads((folder / "report.json").read_text("utf-8"))
    if not report["ok"]:
        raise SystemExit(f"{command[0]} did not show the unlock window: {report['steps']}\n{done.stderr[-2000:]}")
    return report["facts"]["shown_at"] - started, report["facts"]["cpu_s"]


def measure(name: str, command: list[str], folder: Path, runs: int, platform: str) -> list[float]:
    one_start(command, folder, platform)  # the first start warms the OS file cache; not counted
    runs_ = [one_start(command, folder, platform) for _ in range(runs)]
    times, cpu = [r[0] for r in runs_], [r[1] for r in runs_]
    print(f"{name:8} min {min(times):.2f} s  median {statistics.median(times):.2f} s  max {max(times):.2f} s"
          f"  ({runs} starts); CPU time until shown: median {statistics.median(cpu):.2f} s", flush=True)
    return times


def compare(ref: str, folder: Path, runs: int, platform: str) -> None:
    """This source tree and the tree of `ref`, started in turn (the same load for both)."""
    other = Path(tempfile.mkdtemp(prefix="poruch-bench-ref-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(other), ref], cwd=ROOT, check=True,
                   capture_output=True)
    try:
        command = [sys.executable, "-m", "desktop.ui.app"]
        trees = {f"source at {ref}": other, "this source": ROOT}
        for tree in trees.values():
            one_start(command, folder, platform, tree)  # warm the OS file cache; not counted
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        for _ in range(runs):
            for name, tree in trees.items():
                results[name].append(one_start(command, folder, platform, tree))
        for name, runs_ in results.items():
            times, cpu = [r[0] for r in runs_], [r[1] for r in runs_]
            print(f"{name:24} wall median {statistics.median(times):.2f} s (min {min(times):.2f}); "
                  f"CPU until shown: median {statistics.median(cpu):.2f} s (min {min(cpu):.2f}) ({runs} starts)",
                  flush=True)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "poruch", help="the bundle folder")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default="offscreen")
    parser.add_argument("--compare-with", metavar="REF", help="also start the source tree of this git commit")
    args = parser.parse_args()
    from desktop.store.store import create_store

    exe = args.bundle / ("poruch.exe" if sys.platform == "win32" else "poruch")
    folder = Path(tempfile.mkdtemp(prefix="poruch-bench-startup-"))
    try:
        create_store(folder / "data", "olena", PASSWORD, office_name="Офіс для заміру").close()
        print(f"load average before: {load()} ({os.cpu_count()} cores)")
        bundle = None
        if exe.exists():
            bundle = measure("bundle", [str(exe)], folder, args.runs, args.platform)
        else:
            print(f"no bundle at {args.bundle} (make bundle): measuring the source tree only")
        if args.compare_with:
            compare(args.compare_with, folder, args.runs, args.platform)
        else:
            measure("source", [sys.executable, "-m", "desktop.ui.app"], folder, args.runs, args.platform)
        print(f"load average after: {load()}")
        if bundle is not None:
            print(f"target: bundle median <= 1.5 s: {'met' if statistics.median(bundle) <= 1.5 else 'NOT met'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
