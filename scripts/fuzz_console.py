"""A bounded fuzz run of the web console's routes (schemathesis against /openapi.json): no 5xx allowed.

Starts a throwaway poruch-server on SQLite with an administrator, logs in to get a console session, and
runs schemathesis on every /console operation with that session cookie and, in every form body, the
session's CSRF token (scripts/fuzz_console_hooks.py), as an administrator and as a district user. `python scripts/fuzz_console.py [--max-examples N]`; needs `pip install schemathesis`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.demo import DemoServer, free_port, make_password  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=25)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        server = DemoServer(Path(tmp), free_port())
        password = make_password()
        office = server.admin("create-office", "--name", "Офіс для фазингу", "--katottg", "UA32080070000050759")
        server.admin("create-user", "--username", "fuzz.admin", "--role", "administrator", password=password)
        server.admin("create-user", "--username", "fuzz.raion", "--role", "district", "--district-of-office",
                     office.splitlines()[-1], password=password)
        server.start()
        try:
            failures = 0
            for username in ("fuzz.admin", "fuzz.raion"):
                with httpx.Client(base_url=server.url) as client:
                    token = re.search(r'name="login_token" value="([^"]+)"', client.get("/console/login").text)[1]
                    client.post("/console/login", data={"username": username, "password": password,
                                                         "login_token": token})
                    cookie = client.cookies["poruch_console"]
                    page = client.get("/console/account").text
                    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
                command = [str(Path(sys.executable).parent / "schemathesis"), "run", f"{server.url}/openapi.json",
                           "--include-path-regex", "^/console/", "--exclude-path", "/console/logout",
                           "-H", f"Cookie: poruch_console={cookie}", "--checks", "not_a_server_error",
                           "--max-examples", str(args.max_examples), "--request-timeout", "30", "--no-color"]
                print(f"$ schemathesis … as {username}", flush=True)
                env = {**os.environ, "SCHEMATHESIS_HOOKS": "fuzz_console_hooks", "PORUCH_FUZZ_CSRF": csrf,
                       "PYTHONPATH": str(REPO / "scripts")}  # the hooks module
                # Run from the temporary folder: schemathesis leaves its cache in the working directory.
                failures += subprocess.run(command, env=env, cwd=tmp).returncode != 0
        finally:
            server.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
