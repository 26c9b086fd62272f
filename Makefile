# Everything runs from .venv/, created on first use from the pinned requirements.txt, with this
# project (the policy engine, a MkDocs plugin, and the scripts; pyproject.toml) installed editable.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Reproducible builds: timestamps come from HEAD's commit time unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: site serve test check lint bench corpus-report clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	touch $(STAMP)

site: $(STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

serve: $(STAMP)  ## live preview on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

check: $(STAMP)  ## code quality: ruff (lint and format) and mypy (strict on the engine), as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: $(STAMP)  ## check the policy files (BASE=origin/main: also the change since that branch)
	$(BIN)/python scripts/lint.py $(if $(BASE),--base $(BASE))

bench: $(STAMP)  ## the hook's cost at 10, 100 and 1,000 commits (synthetic histories; a few minutes)
	$(BIN)/python scripts/bench.py

corpus-report: $(STAMP)  ## the engine on the real histories in ../shared/corpus (not part of the project)
	$(BIN)/python scripts/corpus_report.py

clean:
	rm -rf site
