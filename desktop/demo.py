"""`make run`: the whole product on one laptop, for a newcomer. Synthetic data only.

In ./.demo: a local poruch-server on SQLite (127.0.0.1, a free port, stopped when the window
closes), a demo office in Бучанська громада with two users and a neighbouring office of the same
raion (somewhere to send a case: Передати… in the case window), this desktop enrolled to it, a few
hundred synthetic cases with assessments, plans, journal and tasks pushed to the server, and one
sync conflict from a colleague's laptop to review. The user name and password are printed and
kept in .demo/DEMO.txt; running again reuses everything (and prints the same credentials).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FOLDER = REPO / ".demo"
OFFICE_NAME = "ЦНСП Бучанської міської ради"
OFFICE_KATOTTG = "UA32080070000050759"  # Бучанська громада, Бучанський р-н, Київська обл.
NEIGHBOUR_NAME = "ЦНСП Ірпінської міської ради"
NEIGHBOUR_KATOTTG = "UA32080150000035443"  # Ірпінська громада, the same raion
USER, USER_NAME = "olena.demo", "Олена Демченко"
COLLEAGUE, COLLEAGUE_NAME = "taras.demo", "Тарас Бондар"
# The web console (http://127.0.0.1:<port>/console): an administrator and the district administration.
ADMIN, ADMIN_NAME = "admin.demo", "Ірина Адміністраторка"
DISTRICT, DISTRICT_NAME = "raion.demo", "Петро Районний"
ANALYST, ANALYST_NAME = "analyst.demo", "Марта Аналітикиня"
CASES = 300
SEED = 2024


def say(text: str = "") -> None:
    print(text, flush=True)


def free_port(preferred: int | None = None) -> int:
    for port in ([preferred] if preferred else []) + [0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free port")


class DemoServer:
    """`poruch-server serve` in a subprocess, on SQLite in the demo folder."""

    def __init__(self, folder: Path, port: int):
        self.folder = folder / "server"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database = f"sqlite:///{(self.folder / 'poruch-server.sqlite3').as_posix()}"
        self.port = port
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "sync.server.cli", "--data-dir", str(self.folder),
                "--database", self.database, *args]

    def start(self) -> None:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        self.proc = subprocess.Popen(self._cli("serve", "--host", "127.0.0.1", "--port", str(self.port),
                                               "--log-level", "warning"),
                                     cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PYTHONPATH": str(REPO)}, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 60
        # One client for the whole wait: each new one loads the CA certificates (~50 ms of CPU), which
        # every poll did while the server was trying to start beside it.
        with httpx.Client(timeout=1.0) as client:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise SystemExit(f"Сервер не запустився; див. {self.folder / 'server.log'}")
                try:
                    if client.get(f"{self.url}/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)  # a one-off wait for a child process to listen
        raise SystemExit(f"Сервер не відповідає; див. {self.folder / 'server.log'}")

    def admin(self, *args: str, password: str | None = None) -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        if password is not None:
            env["PORUCH_PASSWORD"] = password
        done = subprocess.run(self._cli(*args), cwd=REPO, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"poruch-server {args[0]}: {done.stderr.strip()}")
        return done.stdout.strip()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def _die_with_parent() -> None:
    """In the server child (Linux): stop when the demo process dies, even by a crash or SIGKILL,
    where `finally: server.stop()` never runs and the server would keep the port and the folder."""
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def display_problem() -> str | None:
    """Why no window can open here, in words a newcomer can act on; None when one can."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("Немає графічного екрана (не задано DISPLAY чи WAYLAND_DISPLAY), тож вікно «Поруч» не відкриється.\n"
            "Запустіть `make run` у графічному сеансі, або на сервері без екрана: `xvfb-run make run`.\n"
            "Демонстрацію вже підготовлено; командний рядок працює й так: poruch --data-dir .demo/client search …\n"
            "No display (DISPLAY/WAYLAND_DISPLAY unset): run `make run` in a desktop session, or `xvfb-run make run`.")


def make_password() -> str:
    """Easy to read aloud and type: no 0/O or 1/l."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def sync(store, quiet: bool = False) -> None:
    from desktop.services.sync_cycle import build_sync

    laptop = build_sync(store)
    try:
        report = laptop.run().report
    finally:
        laptop.close()
    if not quiet:
        say(f"   надіслано змін: {report.pushed}, отримано записів: {report.pulled}")


def seed_cases(store, n: int) -> list[str]:
    """Synthetic cases, two thirds for the demo user and a third for the colleague."""
    from desktop.services.cases import CaseService
    from desktop.services.synthetic import add_activity, add_outcomes, generate_registrations

    service = CaseService(store)
    ids: list[str] = []
    mine = (2 * n) // 3
    for start, count, who in ((0, mine, USER), (mine, n - mine, COLLEAGUE)):
        regs = generate_registrations(count, seed=SEED + start, assigned_to=who)
        results = service.register_many(regs)
        case_ids = [next(iter(cs.case_ids)) for cs in results]
        add_activity(service, case_ids, seed=SEED + start)
        add_outcomes(service, case_ids, seed=SEED + start)
        ids += case_ids
    return ids


def make_conflict(folder: Path, url: str, password: str, store, case_id: str) -> None:
    """The colleague's laptop and this one change one field of a case while apart (a real conflict)."""
    from desktop.services.cases import CaseService
    from desktop.services.enrolment import enroll_device

    laptop = folder / "colleague-laptop"
    other = enroll_device(laptop, url, COLLEAGUE, password, "taras-laptop")
    try:
        sync(other, quiet=True)
        from desktop.services.case_list import fetch_rows

        with store.engine.connect() as conn:
            current = fetch_rows(conn, [case_id])[case_id]["stage"]
        mine, theirs = [s for s in ("assessment", "planning", "services") if s != current][:2]
        CaseService(store).update("case", case_id, {"stage": mine})
        CaseService(other).update("case", case_id, {"stage": theirs})
        sync(other, quiet=True)
        sync(store, quiet=True)  # the server keeps one value and records the other as a conflict
        sync(other, quiet=True)
    finally:
        other.close()


def set_up(folder: Path, n: int) -> dict:
    """First run: server, office, users, enrolment, cases, a conflict. Returns the demo's facts."""
    from desktop.services.enrolment import enroll_device

    if folder.exists():
        shutil.rmtree(folder)  # a half-made demo from an interrupted run: start again (synthetic only)
    folder.mkdir(parents=True)
    facts = {"user": USER, "password": make_password(), "colleague_password": make_password(),
             "port": free_port(), "office": OFFICE_NAME}
    server = DemoServer(folder, facts["port"])
    say("1/5 Запуск сервера «Поруч» (SQLite) …")
    server.start()
    try:
        say("2/5 Створення офісу та користувачів …")
        office_id = server.admin("create-office", "--name", OFFICE_NAME, "--katottg", OFFICE_KATOTTG).splitlines()[-1]
        server.admin("create-user", "--username", USER, "--role", "supervisor", "--office", office_id,
                     "--display-name", USER_NAME, password=facts["password"])
        server.admin("create-user", "--username", COLLEAGUE, "--role", "caseworker", "--office", office_id,
                     "--display-name", COLLEAGUE_NAME, password=facts["colleague_password"])
        server.admin("create-office", "--name", NEIGHBOUR_NAME, "--katottg", NEIGHBOUR_KATOTTG)
        add_console_users(server, facts, office_id)
        say("3/5 Реєстрація цього комп'ютера на сервері (зашифрована локальна база) …")
        store = enroll_device(folder / "client", server.url, USER, facts["password"], "demo-laptop")
        try:
            say(f"4/5 Створення {n} вигаданих справ і надсилання на сервер …")
            case_ids = seed_cases(store, n)
            sync(store)
            say("5/5 Конфлікт для перегляду: колега змінив ту саму справу на своєму ноутбуці …")
            make_conflict(folder, server.url, facts["colleague_password"], store, case_ids[0])
        finally:
            store.close()
    finally:
        server.stop()
    write_facts(folder, facts)
    return facts


def add_console_users(server: DemoServer, facts: dict, office_id: str) -> None:
    """The web console's administrator and district user (the command line works with the server stopped)."""
    facts["admin_password"] = facts.get("admin_password") or make_password()
    server.admin("create-user", "--username", ADMIN, "--role", "administrator", "--display-name", ADMIN_NAME,
                 password=facts["admin_password"])
    server.admin("create-user", "--username", DISTRICT, "--role", "district", "--district-of-office", office_id,
                 "--display-name", DISTRICT_NAME, password=facts["admin_password"])
    add_analyst(server, facts)


def add_analyst(server: DemoServer, facts: dict) -> None:
    server.admin("create-user", "--username", ANALYST, "--role", "analyst", "--display-name", ANALYST_NAME,
                 password=facts["admin_password"])
    facts["analyst"] = ANALYST


def ensure_console_users(folder: Path, facts: dict) -> None:
    """A demo made before the console existed gets its console users on the next run."""
    server = DemoServer(folder, facts["port"])
    if facts.get("admin_password"):
        if not facts.get("analyst"):  # a demo made before the analysts' page
            add_analyst(server, facts)
            write_facts(folder, facts)
        return
    office_id = server.admin("list-offices").split()[0]
    add_console_users(server, facts, office_id)
    write_facts(folder, facts)


def write_facts(folder: Path, facts: dict) -> None:
    from sync.atomic import write_atomic

    write_atomic(folder / "demo.json", json.dumps(facts, ensure_ascii=False, indent=1).encode())
    text = (f"Демонстрація «Поруч» (лише вигадані дані)\n\nКористувач: {facts['user']}\n"
            f"Пароль:     {facts['password']}\n\nКолега ({COLLEAGUE}): {facts['colleague_password']}\n"
            f"Офіс: {facts['office']}\nСервер: http://127.0.0.1:{facts['port']}\n\n"
            f"Веб-консоль: http://127.0.0.1:{facts['port']}/console\n"
            f"  адміністратор: {ADMIN}, районна адміністрація: {DISTRICT}, аналітик: {ANALYST}\n"
            f"  пароль усіх трьох: {facts.get('admin_password')}\n\n"
            "Щоб почати заново, видаліть цю теку.\n")
    write_atomic(folder / "DEMO.txt", text.encode())


def reuse_port(folder: Path, facts: dict) -> DemoServer:
    """The demo's server on its old port if free; otherwise a new port, told to the client store."""
    port = free_port(facts["port"])
    if port != facts["port"]:
        from desktop.store.store import unlock_store

        store = unlock_store(folder / "client", facts["user"], facts["password"])
        try:
            store.set_meta("server_url", f"http://127.0.0.1:{port}")
        finally:
            store.close()
        facts["port"] = port
        write_facts(folder, facts)
    return DemoServer(folder, port)


def print_credentials(folder: Path, facts: dict) -> None:
    line = "=" * 60
    say(f"\n{line}\n  «Поруч» — демонстрація (вигадані дані)\n\n"
        f"  Користувач:  {facts['user']}\n  Пароль:      {facts['password']}\n\n"
        f"  Веб-консоль: http://127.0.0.1:{facts['port']}/console\n"
        f"    адміністратор {ADMIN} / районна адміністрація {DISTRICT} / аналітик {ANALYST}\n"
        f"    пароль усіх трьох:  {facts.get('admin_password')}\n\n"
        f"  Збережено в {folder / 'DEMO.txt'}\n{line}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run", description="Poruch demo on this laptop (synthetic data)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--setup-only", action="store_true", help="prepare the demo folder, do not open the GUI")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    facts_path = folder / "demo.json"
    if facts_path.exists() and (folder / "client" / "keyslots.json").exists():
        facts = json.loads(facts_path.read_text("utf-8"))
        say(f"Використовую наявну демонстрацію в {folder}")
        ensure_console_users(folder, facts)
    else:
        facts = set_up(folder, args.cases)
    print_credentials(folder, facts)
    if args.setup_only:
        return 0
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    server = reuse_port(folder, facts)
    server.start()
    try:
        return run_gui(folder / "client")
    finally:
        server.stop()


def run_gui(data_dir: Path) -> int:
    from desktop.ui.app import main as gui_main

    return gui_main(["--data-dir", str(data_dir)])


if __name__ == "__main__":
    sys.exit(main())
