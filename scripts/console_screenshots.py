"""Save a PNG of every web console page to docs/screenshots/ at 1366x768 (`make console-screenshots`).

Runs the real product: the demo of `make run` (a poruch-server on SQLite, an enrolled laptop that pushed
synthetic cases) in a temporary folder, adds two more offices to its district (one in the same hromada,
neither with a laptop), and drives Debian's Chromium through the pages as an administrator, a district
administration user and a caseworker would.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop import demo  # noqa: E402

OUT = REPO / "docs" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def shoot(page, name: str, out: Path) -> None:
    path = out / f"console-{name}.png"
    page.screenshot(path=str(path))
    print(f"  {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


def login(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/console/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cases", type=int, default=80)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        facts = demo.set_up(folder, args.cases)
        server = demo.DemoServer(folder, facts["port"])
        office_id = server.admin("list-offices").split()[0]
        server.admin("create-office", "--name", "Пункт допомоги ВПО (Буча)", "--katottg", demo.OFFICE_KATOTTG)
        server.admin("create-office", "--name", "ЦНСП Ірпінської міської ради", "--katottg", "UA32080150000035443")
        server.start()
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="uk-UA")
                login(page, server.url, demo.ADMIN, facts["admin_password"])
                shoot(page, "offices", args.out)
                page.goto(f"{server.url}/console/users")
                shoot(page, "users", args.out)
                page.goto(f"{server.url}/console/users/new")
                page.fill("#username", "maria.koval")
                page.fill("#display_name", "Марія Коваль")
                page.select_option("#office", office_id)
                shoot(page, "user-new", args.out)
                page.click("button.primary")
                page.wait_for_load_state()
                shoot(page, "user", args.out)
                page.goto(f"{server.url}/console/devices")
                shoot(page, "devices", args.out)
                page.goto(f"{server.url}/console/policies")
                row = page.locator("tr", has_text=demo.OFFICE_NAME)
                row.locator("input[name=closure_approval]").check()
                row.locator("input[name=wipe_after]").fill("10")
                row.locator("input[name=lockout_days]").fill("30")
                row.get_by_role("button", name="Зберегти").click()
                page.wait_for_load_state()
                shoot(page, "policies", args.out)
                page.goto(f"{server.url}/console/audit")
                shoot(page, "audit", args.out)
                page.goto(f"{server.url}/console/reference")
                shoot(page, "reference", args.out)
                page.click("text=English")
                page.goto(f"{server.url}/console/devices")
                shoot(page, "devices-en", args.out)
                page.click("text=Українська")
                page.get_by_role("button", name="Вийти").click()
                shoot(page, "login", args.out)
                login(page, server.url, demo.DISTRICT, facts["admin_password"])
                shoot(page, "district", args.out)
                page.get_by_role("button", name="Вийти").click()
                login(page, server.url, demo.ANALYST, facts["admin_password"])
                shoot(page, "analysis", args.out)
                page.get_by_role("button", name="Вийти").click()
                login(page, server.url, demo.USER, facts["password"])
                page.goto(f"{server.url}/console/offices")
                shoot(page, "refused", args.out)
                browser.close()
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
