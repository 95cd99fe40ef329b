# Two entry points (see README): `make report` and `make test`.
# Both create a virtual environment in .venv on first use (only Python 3.11 + pip needed).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.geinstalleerd

.PHONY: report test data notebooks benchmark clean-venv

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

## All available reports on the embedded synthetic data, into outputs/
report: $(STAMP)
	$(BIN)/banenafspraak run alle

## The whole test suite (unit, hand-worked cases, notebooks with nbval), a test file per core (at most 4)
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --maxprocesses 4 --dist loadfile

## Generate the embedded synthetic default data (done automatically on first use)
data: $(STAMP)
	$(BIN)/banenafspraak genereer --standaard

## Rebuild notebooks/<rapport>.ipynb from the jupytext sources notebooks/<rapport>.py, executed (for nbval)
notebooks: $(STAMP)
	$(BIN)/python -m banenafspraak.notebooks_uitvoeren

## How to measure (national-scale data: generate it first, see README "Speed")
benchmark: $(STAMP)
	$(BIN)/python benchmarks/benchmark.py --help

clean-venv:
	rm -rf $(VENV)
