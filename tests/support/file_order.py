"""The order in which a parallel run hands out whole test files (xdist --dist loadfile, no reorder).

Longest first, so that the last file to finish is a short one: the bundle build first, then files by
their measured seconds (tests/file_seconds.json, a run's setup + call + teardown per file), files not
measured yet by their number of tests. `PORUCH_RECORD_FILE_SECONDS=tests/file_seconds.json make test`
measures them again (the figures move with the machine's load; only their order matters here). The
table in the repository was recorded by a whole CI run on a quiet machine (load under 4, 347 s).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

SECONDS_FILE = Path(__file__).resolve().parents[1] / "file_seconds.json"
REPO = SECONDS_FILE.parents[1]
SECONDS_PER_UNMEASURED_TEST = 0.5
SLOW_AT_LEAST_S = 60.0  # a file with a `slow` test runs at least a minute (rule 8)


def measured() -> dict[str, float]:
    try:
        return json.loads(SECONDS_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def order_by_length(items) -> None:
    """Reorder `items` in place: whole files, the bundle's first, then the longest."""
    seconds = measured()
    by_file: dict = {}
    for item in items:
        by_file.setdefault(item.path, []).append(item)

    def key(path):
        tests = by_file[path]
        if any(t.get_closest_marker("bundle") for t in tests):
            return (0, 0.0)
        estimate = seconds.get(Path(path).relative_to(REPO).as_posix(), SECONDS_PER_UNMEASURED_TEST * len(tests))
        if any(t.get_closest_marker("slow") for t in tests):
            estimate = max(estimate, SLOW_AT_LEAST_S)
        return (1, -estimate)

    items[:] = [item for path in sorted(by_file, key=key) for item in by_file[path]]


class FileSeconds:
    """Adds up each file's test durations (on the controller, from every worker's reports) and writes
    them to PORUCH_RECORD_FILE_SECONDS at the end of the run."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.seconds: dict[str, float] = defaultdict(float)

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[report.nodeid.split("::", 1)[0]] += report.duration

    def pytest_sessionfinish(self, session) -> None:
        if hasattr(session.config, "workerinput"):  # an xdist worker: the controller writes
            return
        ordered = dict(sorted(((f, round(s, 1)) for f, s in self.seconds.items()), key=lambda kv: -kv[1]))
        self.path.write_text(json.dumps(ordered, indent=0, ensure_ascii=False) + "\n", "utf-8")


def register_recorder(config) -> None:
    path = os.environ.get("PORUCH_RECORD_FILE_SECONDS")
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(FileSeconds(path), "poruch-file-seconds")
