"""Build the desktop application with PyInstaller (`make bundle`; on Windows `python scripts\\bundle.py`).

Stops before building if a translation is not compiled (every resources/translations/*.ts needs its
.qm, no older than the .ts), then builds build.spec into dist/poruch/ (one folder, windowed) and
prints the build time and the folder's size. Portable: no shell, no Linux-only paths.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"


def missing_translations() -> list[str]:
    """The .ts files without an up-to-date .qm beside them."""
    problems = []
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not qm.exists():
            problems.append(f"{qm.name} is missing")
        elif qm.stat().st_mtime < ts.stat().st_mtime:
            problems.append(f"{qm.name} is older than {ts.name}")
    return problems


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path, work: Path) -> Path:
    problems = missing_translations()
    if problems:
        raise SystemExit("Translations are not compiled (run `make translations`): " + "; ".join(problems))
    started = time.monotonic()
    shutil.rmtree(work, ignore_errors=True)  # a clean build; not --clean, which empties the user's shared cache
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")],
                   cwd=ROOT, check=True)
    seconds = time.monotonic() - started
    bundle = dist / "poruch"
    size = folder_size(bundle)
    print(f"bundle: {bundle}  built in {seconds:.0f} s  size {size / 1e6:.1f} MB "
          f"({sum(1 for _ in bundle.rglob('*'))} files)", flush=True)
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the bundle folder goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller's work folder")
    args = parser.parse_args(argv)
    build(args.dist.resolve(), args.work.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
