# Two entry points, both from a clean clone on a fresh machine:
#   make demo   creates .venv, installs hybridlint, lints the bundled broken sample and writes its HTML report
#   make test   creates .venv, installs hybridlint with its test extra and runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_SNAPSHOT ?= samples/exchange-se-broken
DEMO_REPORT ?= build/demo/hybridlint.html

.PHONY: demo test test-fast lint format bench fuzz clean

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

CODE := linter tests benchmarks samples/tools

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest
	$(MAKE) --no-print-directory lint

# The unit tests alone (one stage at a time, in-process): seconds, for the edit-test loop.
test-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/unit -q

# Style, types and the pipeline's layer contract (pyproject.toml [tool.importlinter]).
lint: $(VENV)/.installed-test
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix $(CODE)
	$(BIN)/ruff format $(CODE)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/rules.py
	$(BIN)/python benchmarks/reports.py

# Mutation fuzzing of `hybridlint lint` (tests/fuzz/fuzz.py): MUTANTS seeded mutants of the
# vendored corpus and the samples; exit 1 on any traceback or hang, with reproducers in build/fuzz.
MUTANTS ?= 10000
SEED ?= 1
fuzz: $(VENV)/.installed-test
	$(BIN)/python tests/fuzz/fuzz.py --mutants $(MUTANTS) --seed $(SEED) --keep build/fuzz

clean:
	rm -rf $(VENV) build *.egg-info
