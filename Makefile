# parplan: two commands set everything up on a fresh machine.
#   make demo   create .venv, install parplan, run it on the shipped plan
#   make test   install what tests need, run lint, types and tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PARPLAN := $(BIN)/parplan

.PHONY: demo test lint typecheck unit bench schema docx-templates clean

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
	$(PARPLAN) status --plans plans --as-of 2022-09-30
	$(PARPLAN) checklist --plans plans --department "Hành chính - Tổ chức" --as-of 2022-09-30 --format md
	$(PARPLAN) report --plans plans --quarter III --format docx --output bao-cao-quy-III-2022.docx
	$(PARPLAN) calendar --plans plans --output lich-han.ics
	$(PARPLAN) site --plans plans --as-of 2022-12-20 --out site

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev
	$(BIN)/pytest

test: lint typecheck unit

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

# Speed: cold-process wall time and peak memory on the shipped plan and on generated plans of
# 100, 1,000 and 10,000 tasks, with check-jsonschema as the peer (takes a few minutes).
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py --sizes 100 1000 10000 --runs 5

# Regenerate the committed JSON Schema that plan files point at (a test keeps it in sync).
schema: $(VENV)/.installed
	$(PARPLAN) schema --output plans/parplan.schema.json

# Rebuild the Word templates templates/report.docx and templates/checklist.docx (a test keeps
# the committed files in step with parplan/docx_templates.py).
docx-templates: $(VENV)/.installed
	$(BIN)/python -m parplan.docx_templates templates

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
