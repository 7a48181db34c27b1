# Two entry points: `make run` (install, validate, run every saved query) and `make test`.
# Both create .venv when missing; the stamp files make re-runs cheap until their inputs change.
# `make run` is a plain install for users; `make test` and `make lint` install the pinned
# development environment of requirements/dev.lock (regenerate it with `make lock`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ZJKG   := $(BIN)/zjkg
LOCK   := requirements/dev.lock

.PHONY: run test test-slow test-all lint lock validate queries facts bench clean

# The verdict and one screen of summary; every saved query's full table goes to $(RESULTS).
RESULTS := build/query-results.txt

run: $(VENV)/.stamp-run
	@mkdir -p $(dir $(RESULTS))
	$(ZJKG) validate
	$(ZJKG) query --all --summary --output $(RESULTS)

# The suite on every core, less the tests marked slow (site builds, a browser, subprocess-heavy
# hostile inputs, pySHACL comparisons); `make test-slow` runs those, `make test-all` everything.
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadfile

test: $(VENV)/.stamp-dev
	$(PYTEST) -m "not slow"

test-slow: $(VENV)/.stamp-dev
	$(PYTEST) -m slow

test-all: $(VENV)/.stamp-dev
	$(PYTEST)

# ruff (lint and format) and mypy over the package, the tests and the benchmarks.
lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check zhangjiang_kg tests benchmarks
	$(BIN)/ruff format --check zhangjiang_kg tests benchmarks
	$(BIN)/mypy

# Pin every development and CI dependency (pip-tools reads pyproject.toml's extras).
lock: $(VENV)/.stamp-dev
	$(BIN)/pip-compile --quiet --strip-extras --extra test --extra dev --no-header --no-emit-index-url --no-emit-find-links \
		--output-file $(LOCK) pyproject.toml

# The benchmarks (not part of `make test`): the scale one (about 10 minutes) writes
# benchmarks/results.md, the SHACL engines side by side (about 25 minutes) benchmarks/shacl-results.md,
# the one store's targets (queries, load, export at 1M triples; about 5 minutes) benchmarks/core-results.md.
bench: $(VENV)/.stamp-bench
	$(BIN)/python benchmarks/bench.py --output benchmarks/results.md
	$(BIN)/python benchmarks/bench_shacl.py --output benchmarks/shacl-results.md
	$(BIN)/python benchmarks/bench_core.py --output benchmarks/core-results.md

validate: $(VENV)/.stamp-run
	$(ZJKG) validate

queries: $(VENV)/.stamp-run
	$(ZJKG) queries

# Rewrite data/statements.ttl and data/evidence.ttl from the tables data/statements.tsv and
# data/quotes.tsv (docs/model.md, "Statements and their evidence"); a test fails when they are stale.
facts: $(VENV)/.stamp-run
	$(BIN)/python -m zhangjiang_kg.checks.facts

$(BIN)/python:
	@echo "Creating $(VENV) with $$($(PYTHON) --version) and upgrading pip..."
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	@echo "Installing zhangjiang-kg and its dependencies into $(VENV) (about 1 minute the first time)..."
	@$(BIN)/python -m pip install --quiet -e .
	@touch $@

# pyproject's `bench` extra: pyrudof, the engine bench_shacl.py measures against.
$(VENV)/.stamp-bench: pyproject.toml | $(BIN)/python
	@echo "Installing the bench extra (pyrudof) into $(VENV)..."
	@$(BIN)/python -m pip install --quiet -e ".[bench]"
	@touch $@ $(VENV)/.stamp-run

$(VENV)/.stamp-dev: pyproject.toml $(LOCK) | $(BIN)/python
	@echo "Installing the pinned development set of $(LOCK) into $(VENV) (about 1 minute the first time)..."
	@$(BIN)/python -m pip install --quiet -r $(LOCK)
	@$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@ $(VENV)/.stamp-run

clean:
	rm -rf build dist .pytest_cache .hypothesis .mypy_cache .ruff_cache $(VENV)/.stamp-*
