# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed

.PHONY: demo test check install system clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

system:
	scripts/ensure-system.sh

## Build a realistic platform in the embedded SQLite store, run the daily quality run, serve the console.
demo: install
	$(BIN)/pinzhi demo

## Install everything, then lint, type-check, check layers and run every test (PostgreSQL and Spark included).
test: install system
	PINZHI_TEST_PG_URL="$${PINZHI_TEST_PG_URL:-$$(scripts/ensure-postgres.sh)}" $(MAKE) --no-print-directory check

# Tests run in two workers (pytest-xdist); --dist loadfile keeps each file in one worker, so a
# module-scoped fixture (a served site, an imported simulated platform) is built once.
check:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 --dist loadfile --cov --cov-report=term:skip-covered -q

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
