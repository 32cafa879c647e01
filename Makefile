# Two entry points for a fresh machine: `make draft` and `make test` (both set up .venv first).
# The newest installed Python from 3.13 down to 3.11 that actually runs (a pyenv shim may exist and fail).
PY ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
YEAR ?= 2022
HOST ?= 127.0.0.1
PORT ?= 4200

.PHONY: setup draft test lint bench clean server serve city-start city-stop city-status

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || test -n "$(PY)" || { echo "需要 Python 3.11、3.12 或 3.13，本机未找到" >&2; exit 1; }
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
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

bench: setup
	$(BIN)/python -m benchmarks.run

# The Prefect server with its UI (HOST=0.0.0.0 for colleagues' computers; NIANBAO_SERVER_NAME names it).
server: setup
	$(BIN)/nianbao server --host $(HOST) --port $(PORT)

# Scheduled deployments (status 8:30, draft 9:00 on season working days) on the server of `make server`.
serve: setup
	PREFECT_API_URL=$${PREFECT_API_URL:-http://127.0.0.1:$(PORT)/api} $(BIN)/python -m flows.serve

# The city's shared server (PostgreSQL, Prefect server with basic auth, worker of pool nianbao-city), in the
# background; stopped by PID with `make city-stop`. HOST=0.0.0.0 for the districts' computers.
city-start: setup
	$(BIN)/nianbao city-server start --host $(HOST) --port $(PORT)

city-stop: setup
	$(BIN)/nianbao city-server stop

city-status: setup
	$(BIN)/nianbao city-server status

clean:
	rm -rf outputs/*/ .prefect .pytest_cache .mypy_cache .ruff_cache
