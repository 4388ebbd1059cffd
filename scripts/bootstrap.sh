#!/usr/bin/env bash
# Sets up everything `make run` and `make test` need on a fresh Debian/Ubuntu machine:
# the system libraries Qt loads (installed when run as root, named otherwise), a virtual
# environment in .venv and the project's packages. Re-running is cheap: it only re-installs
# packages when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}

# Qt (offscreen included) needs these; Cyrillic renders as boxes without a font.
QT_DEBS="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
# A window on an X11 desktop (`make run`, `bootstrap.sh --desktop`) also needs Qt's xcb plugin's libraries;
# without them Qt stops with "could not load the Qt platform plugin xcb".
DESKTOP_DEBS="libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"
# The web console's browser tests (`make test`, `bootstrap.sh --browser`) drive Debian's Chromium with
# Playwright, which cannot download a browser of its own here.
BROWSER_DEBS="chromium chromium-driver fonts-dejavu-core"
# Building the bundle (`make bundle`, and `make test`, which checks it): PyInstaller needs objdump.
BUNDLE_DEBS="binutils"
# The tests that read reports and referral letters back as a person would (`make test`): pdftotext, pdftoppm.
PDF_DEBS="poppler-utils"
for arg in "$@"; do
  case "$arg" in
    --desktop) QT_DEBS="$QT_DEBS $DESKTOP_DEBS" ;;
    --browser) QT_DEBS="$QT_DEBS $BROWSER_DEBS" ;;
    --bundle) QT_DEBS="$QT_DEBS $BUNDLE_DEBS" ;;
    --pdf) QT_DEBS="$QT_DEBS $PDF_DEBS" ;;
  esac
done

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "Poruch needs Python 3.11 or newer ('$PYTHON' was not found)." >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Poruch needs Python 3.11 or newer; $("$PYTHON" --version) was found." >&2
  exit 1
fi

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for deb in $QT_DEBS; do
    dpkg-query -W -f='${Status}' "$deb" 2>/dev/null | grep -q "install ok installed" || missing="$missing $deb"
  done
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    pyver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    missing="$missing python${pyver}-venv"
  fi
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing system packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt (an update, a second checkout's set-up) may hold the lock: wait for it, not fail.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    # shellcheck disable=SC2086
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "Poruch needs these system packages, which only root can install:" >&2
    echo "  sudo apt-get install$missing" >&2
    exit 1
  fi
fi

stamp="$VENV/.poruch-installed"
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing Poruch and its packages into $VENV ..."
  "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install -q -e ".[dev]"
  echo "$want" > "$stamp"
fi

# PyInstaller, from the `bundle` dependency group (pip 25.1 or newer reads dependency groups).
bundle_stamp="$VENV/.poruch-bundle-installed"
if [[ " $* " == *" --bundle "* ]] && { [ ! -f "$bundle_stamp" ] || [ "$(cat "$bundle_stamp")" != "$want" ]; }; then
  echo "Installing the bundle tools into $VENV ..."
  "$VENV/bin/python" -m pip install -q --group bundle
  echo "$want" > "$bundle_stamp"
fi

# The project's own code, compiled once here. Where Python is told not to write bytecode (PYTHONDONTWRITEBYTECODE,
# set on this project's machines), every process compiled each module it imported from source, every time:
# `poruch sync` with nothing to do took 0.77-1.01 s instead of 0.66-0.86 s (benchmarks/sync_command.py, median of
# 5 runs, three rounds alternating, 05.12, load 0.4-0.8), importing the server's application 0.68-0.91 s of CPU
# instead of 0.57-0.61 s, and the tests start a server about a hundred times. Reading bytecode is still allowed,
# and a source file changed later is compiled afresh in memory: nothing stale runs. Unchanged files are skipped.
"$VENV/bin/python" -m compileall -q -j 0 sync desktop >/dev/null
