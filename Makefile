# parplan: two commands set everything up on a fresh machine.
#   make demo   create .venv, install parplan, run it on the shipped plan
#   make test   install what tests need, run lint, types and tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PARPLAN := $(BIN)/parplan

.PHONY: demo test lint typecheck unit schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(PARPLAN) --version
	$(PARPLAN) validate plans
	$(PARPLAN) export --plans plans | $(BIN)/python -c "import json, sys; plan = json.load(sys.stdin); print(plan['document']['document_type'], plan['document']['year'], '-', len(plan['tasks']), 'nhiệm vụ,', sum(len(t['schedule']) for t in plan['tasks']), 'lần thực hiện')"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint typecheck unit

# Regenerate the committed JSON Schema that plan files point at (a test keeps it in sync).
schema: $(VENV)/.installed
	$(PARPLAN) schema --output plans/parplan.schema.json

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
