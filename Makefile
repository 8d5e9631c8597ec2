# Two commands: `make demo` and `make test`. Each creates the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= jointmap-demo.db

.PHONY: demo test lint typecheck clean

$(BIN)/jointmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/jointmap
	$(BIN)/jointmap --db $(DB) demo --force

test: $(BIN)/jointmap
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
