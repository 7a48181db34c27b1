# Two entry points: `make run` (install, validate, run every saved query) and `make test`.
# Both create .venv when missing; the stamp files make re-runs cheap until pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ZJKG   := $(BIN)/zjkg

.PHONY: run test validate queries bench clean

run: $(VENV)/.stamp-run
	$(ZJKG) validate
	$(ZJKG) query --all

test: $(VENV)/.stamp-test
	$(BIN)/python -m pytest -q

# The scale benchmark (about 10 minutes; not part of `make test`): writes benchmarks/results.md.
bench: $(VENV)/.stamp-run
	$(BIN)/python benchmarks/bench.py --output benchmarks/results.md

validate: $(VENV)/.stamp-run
	$(ZJKG) validate

queries: $(VENV)/.stamp-run
	$(ZJKG) queries

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.stamp-run

clean:
	rm -rf build dist .pytest_cache .hypothesis $(VENV)/.stamp-*
