# Two entry points for a fresh machine: `make draft` and `make test` (both set up .venv first).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
YEAR ?= 2022

.PHONY: setup draft test lint bench clean serve

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

draft: setup
	$(BIN)/nianbao draft --year $(YEAR)

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: setup
	$(BIN)/python -m benchmarks.run

# Scheduled deployments (status 8:30, draft 9:00 on weekdays 2 Jan–31 Mar) on a running `prefect server start`.
serve: setup
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:4200/api} $(BIN)/python -m flows.serve

clean:
	rm -rf outputs/*/ .prefect .pytest_cache .mypy_cache .ruff_cache
