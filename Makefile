# planvakt — the two commands that matter on a fresh machine:
#   make up     set up everything and start planvakt with a demo municipality (SQLite,
#               local Prefect server, worker, scheduled deployments); Ctrl-C stops it
#   make test   run the test suite (SQLite; PostgreSQL too when PLANVAKT_TEST_POSTGRES_URL is set)

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
export DO_NOT_TRACK = 1
export PREFECT_SERVER_ANALYTICS_ENABLED = false

.PHONY: install up demo test lint catalogs

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

up: install
	$(BIN)/planvakt up

demo: install
	$(BIN)/planvakt demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

# Message catalogs (README «Languages»): extract the bokmål source texts, merge them into the
# nynorsk and English catalogs, compile. The compiled .mo files are checked in (a test keeps
# them equal to their .po), so an install needs no extra step.
POT = planvakt/locale/planvakt.pot
catalogs: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap --project planvakt -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d planvakt/locale -D planvakt --ignore-obsolete --no-wrap
	$(BIN)/pybabel compile -d planvakt/locale -D planvakt --statistics
