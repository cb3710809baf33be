# careerbuilder — the two commands are `make run` and `make test`; see README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
UV_VERSION := 0.13.9
TOOLS := var/tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
AS_ROOT := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: install run test test-fast bench bench-quick bench-scale lint format layers messages clean

$(UV):
	@mkdir -p var
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(BIN)/python: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	@touch $(BIN)/python

## install: the locked Python dependencies in .venv
install: $(BIN)/python

## run: install, migrate, seed the demo accounts, send reminders and serve http://127.0.0.1:8000
run: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	@echo "Reminder emails are printed below (EMAIL_URL=consolemail://)."
	@$(BIN)/python manage.py send_reminders --loop & reminders=$$!; \
	  trap 'kill $$reminders 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: install, start throwaway PostgreSQL and Redis, run the whole suite, stop them
test: install
	scripts/with-services.sh $(BIN)/pytest $(PYTEST_ARGS)

## test-fast: the suite on the embedded defaults (SQLite, no broker, no browser)
test-fast: install
	$(BIN)/pytest -m "not e2e and not services" $(PYTEST_ARGS)

## bench: 10,000 users and 100,000 reminders on throwaway services, then a 10-minute soak at 50
## users; prints the results and writes docs/benchmarks.md (about 25 minutes)
bench: install
	BENCH_COMMAND="make bench" scripts/with-services.sh $(BIN)/python -m bench.run \
	  --users 10000 --reminders 100000 --seconds 30 --soak-seconds 600 --soak-users 50

## bench-quick: 1,000 users and 10,000 reminders, no soak (under 5 minutes)
bench-quick: install
	BENCH_COMMAND="make bench-quick" scripts/with-services.sh $(BIN)/python -m bench.run \
	  --users 1000 --reminders 10000 --seconds 10 --output var/benchmarks-quick.md

## bench-scale: the reminder engine with 1,000,000 users (100,000 full, 900,000 lean) on throwaway
## services: idle and busy minutes, delivery of 100,000 reminders, query plans; writes
## docs/scaling-benchmark.md (most of an hour)
bench-scale: install
	scripts/with-services.sh $(BIN)/python -m bench.scale $(BENCH_ARGS)

## lint: ruff (format and checks) and the apps' layers (import-linter, pyproject.toml)
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/i18n.py check

## messages: refresh locale/*/LC_MESSAGES/*.po from the marked strings, fill them from any
## translations given as JSON (TRANSLATIONS="a.json b.json", see scripts/i18n.py) and compile them
messages: install
	@command -v xgettext >/dev/null || { echo "Installing gettext with apt-get…"; \
	  $(AS_ROOT) apt-get update -qq && $(AS_ROOT) apt-get install -y -qq gettext >/dev/null; }
	$(BIN)/python scripts/i18n.py fill $(TRANSLATIONS)

## layers: draw docs/layers.svg from the import contract (a test checks it is up to date)
layers: install
	$(BIN)/python scripts/layers.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var staticfiles
