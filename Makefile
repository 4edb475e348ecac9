# Two set-up commands: `make demo` and `make test`; both create .venv/ when missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint pytest lock bench clean-venv

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/vnie demo

test: lint pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline scrapers tests benchmarks notebooks
	$(BIN)/mypy

pytest: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/extract_throughput.py

# Re-resolve and pin every dependency after editing pyproject.toml.
LOCK_VENV := /tmp/vnie-lock-$(notdir $(CURDIR))
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet -e '.[dev]'
	{ echo "# Pinned versions of every dependency (runtime and dev) for a reproducible .venv."; \
	  echo "# Regenerate with: make lock"; \
	  $(LOCK_VENV)/bin/pip install --quiet "setuptools>=75" wheel; $(LOCK_VENV)/bin/pip freeze --all --exclude-editable | grep -v -E "^(-e|pip==)"; } > requirements.lock

clean-venv:
	rm -rf $(VENV)
