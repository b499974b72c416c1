# Two entry points, both from a clean clone on a fresh machine:
#   make demo   creates .venv, installs hybridlint, lints the bundled broken sample and writes its HTML report
#   make test   creates .venv, installs hybridlint with its test extra and runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_SNAPSHOT ?= samples/exchange2019-broken
DEMO_REPORT ?= build/demo/hybridlint.html

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/hybridlint snapshot $(DEMO_SNAPSHOT)
	$(BIN)/hybridlint lint $(DEMO_SNAPSHOT) --fail-on never
	$(BIN)/hybridlint lint $(DEMO_SNAPSHOT) --fail-on never --format html --output $(DEMO_REPORT)
	@echo "HTML report of $(DEMO_SNAPSHOT): $(abspath $(DEMO_REPORT))"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest
	$(BIN)/ruff check linter tests benchmarks samples/tools
	$(BIN)/mypy

lint: $(VENV)/.installed-test
	$(BIN)/ruff check linter tests benchmarks samples/tools
	$(BIN)/mypy

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/rules.py
	$(BIN)/python benchmarks/reports.py

clean:
	rm -rf $(VENV) build *.egg-info
