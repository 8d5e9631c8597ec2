# Two commands: `make demo` and `make test`. Each creates the virtual environment it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= jointmap-demo.db

FRONTEND := src/jointmap/web/frontend
VENDOR := src/jointmap/web/static/vendor

.PHONY: demo test lint typecheck clean vendor chromium

$(BIN)/jointmap: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Front-end libraries from npm with the lockfile, built into the package's static files.
$(VENDOR)/leaflet.js: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json $(FRONTEND)/build.mjs
	cd $(FRONTEND) && npm ci --no-audit --no-fund && npm run build
	touch $@

vendor: $(VENDOR)/leaflet.js

# Debian's chromium for the browser tests (CI runs as root on a fresh machine; others go through sudo).
chromium:
	command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

demo: $(BIN)/jointmap vendor
	$(BIN)/jointmap --db $(DB) demo --force --serve

test: $(BIN)/jointmap chromium vendor
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
