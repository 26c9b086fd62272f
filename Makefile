# Everything runs from .venv/, created on first use from the pinned, hash-checked requirements
# (requirements/*.txt), with this project (the policy engine, a MkDocs plugin, and the scripts;
# pyproject.toml) installed editable. Building the site installs only what the site needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# Reproducible builds: timestamps come from HEAD's commit time unless the caller sets one.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH

.PHONY: site serve test check lint bench corpus-report lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What the site build needs (make site, serve, lint; the publish workflow), and this project.
$(SITE_STAMP): requirements/site.txt pyproject.toml | $(BIN)/python
	$(PIP) --require-hashes -r requirements/site.txt
	$(PIP) --no-deps --no-build-isolation --editable .
	touch $@

# Everything: the site's packages and the test and check tools (make test, check, bench).
$(STAMP): requirements/test.txt $(SITE_STAMP)
	$(PIP) --require-hashes -r requirements/test.txt
	touch $@

site: $(SITE_STAMP)  ## build the site into site/
	$(BIN)/mkdocs build --strict

serve: $(SITE_STAMP)  ## live preview on http://127.0.0.1:8000/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: check  ## the code checks, then the whole test suite
	$(BIN)/python -m pytest

check: $(STAMP)  ## code quality: ruff (lint and format) and mypy (strict on the engine), as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: $(SITE_STAMP)  ## check the policy files (BASE=origin/main: also the change since that branch)
	$(BIN)/python scripts/lint.py $(if $(BASE),--base $(BASE))

bench: $(STAMP)  ## the plugin's cost at 10, 100 and 1,000 commits, site size, peak memory at 3,000 (synthetic histories; ~10 minutes)
	$(BIN)/python scripts/bench.py

corpus-report: $(SITE_STAMP)  ## the engine on the real histories in ../shared/corpus (not part of the project)
	$(BIN)/python scripts/corpus_report.py

# Re-pin requirements/*.txt from requirements/*.in (every package, with hashes), with pip-tools in a
# throwaway venv. After editing an .in file; versions already pinned stay unless the .in file
# asks otherwise (or `make lock UPGRADE=1` takes the newest of everything).
LOCK_VENV := $(or $(TMPDIR),/tmp)/policy-lock-venv
COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock:  ## re-pin requirements/site.txt and test.txt (with hashes) from the .in files
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check pip-tools==7.6.2
	$(COMPILE) --output-file requirements/site.txt requirements/site.in
	$(COMPILE) --output-file requirements/test.txt requirements/test.in
	rm -rf $(LOCK_VENV)

clean:
	rm -rf site
