# The two commands of the README: `make run` and `make test`. Each sets itself up.
VENV ?= .venv
PY := $(VENV)/bin/python
# Source strings in the code are Ukrainian (the default); English comes from its .ts file.
TS := resources/translations/poruch_en.ts
QM := $(TS:.ts=.qm)

.PHONY: run test setup translations lint bench screenshots server clean console-messages console-screenshots bundle

setup:
	@scripts/bootstrap.sh

translations: setup $(QM)

resources/translations/%.qm: resources/translations/%.ts
	@$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts sources from the code (developers only; the .ts files are committed).
lupdate: setup
	$(VENV)/bin/pyside6-lupdate $$(git ls-files 'desktop/ui/*.py') -ts $(TS) -no-obsolete -locations none

# Refresh the web console's English catalogue from its templates and modules (then write the new English).
console-messages: setup
	$(PY) scripts/console_messages.py

run: translations
	@scripts/bootstrap.sh --desktop
	@$(PY) -m desktop.demo

# In parallel: TEST_WORKERS processes, each running whole test files (tests/conftest.py lists the
# rules that keep them apart). TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 3
test: translations
	@scripts/bootstrap.sh --browser --bundle --pdf
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The packaged desktop application in dist/poruch (PyInstaller, build.spec); docs/packaging.md.
bundle: translations
	@scripts/bootstrap.sh --bundle
	$(PY) scripts/bundle.py

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) benchmarks/local_store.py
	$(PY) benchmarks/sync.py
	$(PY) benchmarks/reports.py

screenshots: translations
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

# The web console's pages (Debian's Chromium through Playwright).
console-screenshots: translations
	@scripts/bootstrap.sh --browser
	$(PY) scripts/console_screenshots.py

clean:
	rm -rf $(VENV) resources/translations/*.qm build dist
