"""The project's layering rules, checked on the source (no display needed).

- The desktop application imports its screens with plain import statements: PyInstaller (build.spec)
  follows those and only those, so a screen loaded by name (importlib on a string) is left out of
  the bundle and the packaged application shows a placeholder instead.
- Storage, domain and sync code never import Qt.
- The UI holds no SQL: screens read and write through desktop/services.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Every screen the application can show, by the module that defines it.
SCREENS = {
    "desktop.ui.unlock": "UnlockScreen",
    "desktop.ui.wizard": "FirstRunWizard",
    "desktop.ui.main_window": "MainWindow",
    "desktop.ui.case_list_page": "CaseListPage",
    "desktop.ui.my_day": "MyDayPage",
    "desktop.ui.reports_page": "ReportsPage",
    "desktop.ui.case_view.case_window": "CaseWindow",
    "desktop.ui.registration": "RegistrationForm",
    "desktop.ui.conflict_dialog": "ConflictDialog",
    "desktop.ui.widgets.conflicts_list": "ConflictsListDialog",
    "desktop.ui.widgets.settings_dialog": "SettingsDialog",
    "desktop.ui.transfer_dialog": "TransferDialog",
    "desktop.ui.transfers_dialog": "TransfersDialog",
    "desktop.ui.rejected_changes": "RejectedChangesDialog",
    "desktop.ui.aid_overlaps": "AidOverlapsDialog",
}


def _modules(package: str) -> dict[str, Path]:
    root = REPO / package.replace(".", "/")
    out = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(path: Path, module: str) -> set[str]:
    """Modules named by the import statements of a file, at any depth (as PyInstaller finds them)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)  # `from package import module`
    return found


def _reachable(start: str, known: dict[str, Path]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in known:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # importing a.b.c runs a and a.b
        todo += [m for m in _imports(known[name], name) if m in known]
    return seen


def test_every_screen_is_reachable_by_plain_imports_from_the_application():
    known = _modules("desktop") | _modules("sync")
    reachable = _reachable("desktop.ui.app", known)
    missing = sorted(m for m in SCREENS if m not in reachable)
    assert not missing, f"screens PyInstaller would leave out of the bundle: {missing}"
    for module, name in SCREENS.items():
        tree = ast.parse(known[module].read_text("utf-8"))
        assert any(isinstance(n, ast.ClassDef) and n.name == name for n in tree.body), (module, name)


# The bundle's self-test imports every module the bundle holds, by name, to check that each one
# imports; it loads nothing the application uses (desktop/selftest.py).
LOADS_BY_NAME_TO_CHECK = {"desktop.selftest"}


def test_the_desktop_application_loads_nothing_by_name_and_hides_no_missing_module():
    offenders = []
    for module, path in sorted(_modules("desktop").items()):
        if module in LOADS_BY_NAME_TO_CHECK:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and any(
                    (getattr(node, "module", None) or a.name).split(".")[0] == "importlib" for a in node.names):
                offenders.append(f"{module}:{node.lineno} imports importlib")
            elif isinstance(node, ast.Name) and node.id == "__import__":
                offenders.append(f"{module}:{node.lineno} calls __import__")
            elif isinstance(node, ast.ExceptHandler) and node.type is not None and any(
                    isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError")
                    for n in ast.walk(node.type)):
                offenders.append(f"{module}:{node.lineno} falls back when a module is missing")
    assert not offenders, "\n".join(offenders)


def test_storage_services_and_sync_never_import_qt():
    offenders = []
    for package in ("desktop.store", "desktop.services", "sync"):
        for module, path in sorted(_modules(package).items()):
            qt = sorted(m for m in _imports(path, module) if m.split(".")[0] in ("PySide6", "shiboken6"))
            if qt:
                offenders.append(f"{module}: {', '.join(qt)}")
    assert not offenders, "\n".join(offenders)


# What touching the database looks like in Python: SQLAlchemy or the store's tables imported, a
# statement executed, a connection opened (`engine.connect()`: Qt's signal.connect always takes a slot).
_DATABASE_MODULES = ("sqlalchemy", "sqlcipher3", "sqlite3", "desktop.store.tables", "desktop.store.database.writing",
                     "desktop.store.database.open_engine")  # the store's exception types may be caught
_DATABASE_CALLS = ("execute", "exec_driver_sql", "executemany", "scalar", "scalars")


def test_the_ui_holds_no_sql():
    offenders = []
    for module, path in sorted(_modules("desktop.ui").items()):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            line = f"{module}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                if isinstance(node, ast.ImportFrom):
                    names += [f"{node.module}.{a.name}" for a in node.names]
                hit = [n for n in names if n.startswith(_DATABASE_MODULES)]
                if hit:
                    offenders.append(f"{line} imports {hit[0]}")
            elif isinstance(node, ast.Call):
                fn = node.func
                if isinstance(fn, ast.Attribute) and fn.attr in _DATABASE_CALLS:
                    offenders.append(f"{line} calls .{fn.attr}()")
                elif isinstance(fn, ast.Attribute) and fn.attr in ("connect", "begin") and not node.args \
                        and not node.keywords:
                    offenders.append(f"{line} opens a database connection (.{fn.attr}())")
                elif isinstance(fn, ast.Name) and fn.id == "text":
                    offenders.append(f"{line} builds SQL with text()")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and re.match(
                    r"\s*(select|insert|update|delete)\s.+\s(from|into|set)\s", node.value, re.I | re.S):
                offenders.append(f"{line} holds an SQL statement")
    assert not offenders, "SQL in desktop/ui (move it to desktop/services):\n" + "\n".join(offenders)
