# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= 2
export TWOWAY_SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: setup demo serve test test-sqlite test-postgresql lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/twoway migrate --no-input
	$(BIN)/twoway demo
	$(BIN)/twoway serve --host $(HOST) --port $(PORT)

serve: setup
	$(BIN)/twoway serve --host $(HOST) --port $(PORT)

test: lint test-sqlite test-postgresql

test-sqlite: setup
	$(BIN)/twoway makemigrations --check --dry-run
	env -u TEST_DATABASE_URL -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) -q

# Runs only when TEST_DATABASE_URL points at a PostgreSQL server (.ci/run starts one). The
# browser journeys and the tests that start twoway on a SQLite file of their own ran in the
# SQLite pass and would run the same again: left out here to keep `make test` under 15 minutes.
test-postgresql: setup
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on $${TEST_DATABASE_URL%%@*}@..."; \
		$(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not browser and not own_database"; \
	else echo "TEST_DATABASE_URL is not set: skipping the PostgreSQL run."; fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy twoway/insights twoway/staffing twoway/org/roster

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# `make bench` runs every benchmark at full size; `make bench BENCH_ARGS=--quick` is a smoke run.
# bench/intake_load.py needs wrk (apt-get install -y wrk) and skips without it.
bench: setup
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script $(BENCH_ARGS) || exit 1; done

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
