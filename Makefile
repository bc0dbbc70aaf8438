# Two commands set everything up: `make run` and `make test` (see README).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PYTEST := $(BIN)/python -m pytest
# pytest-xdist workers (`make test JOBS=0` runs in one process). In `make test` each test file
# stays on one worker (--dist loadfile), so a module's fixtures (the wheel build) are made once.
JOBS   ?= auto

.PHONY: run test test-fast lint typecheck bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(BIN)/python -m streamlit run app.py --browser.gatherUsageStats false

# The whole suite, as CI runs it. The browser test runs on its own afterwards, so that its timings
# are not taken while the other tests load both cores; coverage adds up over the two runs.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(PYTEST) -n $(JOBS) --dist loadfile -m "not browser" --cov --cov-report=
	$(PYTEST) -m browser --cov --cov-append --cov-report=term:skip-covered

# The edit loop: unit tests only (no AppTest walks, subprocess start-ups, wheel build, browser),
# spread over the workers test by test.
test-fast: $(STAMP)
	$(PYTEST) -q -n $(JOBS) -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy && $(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .coverage .coverage.*
