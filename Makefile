# make demo: set up everything and render the sample records into build/
# make test: set up and run the tests
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test setup system clean

demo: setup
	$(VENV)/bin/dossiergen build
	@echo "PDFs are in $(CURDIR)/build/"

test: setup
	$(PY) -m pytest

setup: system $(STAMP)

system:
	@bash scripts/install-system-packages.sh

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf build
