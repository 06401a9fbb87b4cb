# make demo: set up everything and render the sample records into build/
# make test: set up, check the code (ruff, mypy --strict) and run the tests
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test lint setup system clean

demo: setup
	$(VENV)/bin/dossiergen build
	@echo "PDFs are in $(CURDIR)/build/"

test: setup lint
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check src tests scripts benchmarks
	$(VENV)/bin/mypy

setup: system $(STAMP)

system:
	@bash scripts/install-system-packages.sh

$(STAMP): pyproject.toml setup.py
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build
