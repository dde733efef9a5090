# The two commands a newcomer needs:  make run  (dashboard on the demo)  and  make test.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test test-slow screenshots lint format db demo-db reference templates clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed            ## set up, build the demo database if missing, start the dashboard
	$(PY) -m insights build-db --if-missing
	$(PY) -m insights suggest train --no-evaluate || echo "(the Coding page trains its suggestions when first opened)"   # ready at the first visit: a few seconds once, kept beside the database
	$(PY) -m ui.serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false   # streamlit run dashboard.py, libraries imported first

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Two workers, one per core (a third was no faster: README "Tests").
# A file stays on one worker; the slowest files go first (tests/conftest.py).
PYTEST := $(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder

test: $(VENV)/.installed node_modules/.installed   ## lint, format check, then the test suite without the slow tests
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PYTEST) -m "not slow" --durations=25

test-slow: $(VENV)/.installed node_modules/.installed   ## the slow tests (scale, sign-in, more browser walks); CI runs both
	$(PYTEST) -m slow --durations=10

screenshots: $(VENV)/.installed node_modules/.installed   ## every page as every role, full-page PNGs in screenshots/
	MATERNITY_SCREENSHOTS=1 $(PY) -m pytest -q tests/e2e/test_browser.py -k every_page_as_every_role

lint format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

db: $(VENV)/.installed             ## rebuild the demo database from scratch
	$(PY) -m insights build-db --force

reference: $(VENV)/.installed      ## rebuild data/reference/imd2019 from ../shared/reference
	$(PY) -m insights build-reference

templates: $(VENV)/.installed      ## regenerate data/templates
	$(PY) -m insights templates

clean:
	rm -f data/maternity.duckdb data/maternity.duckdb.wal
