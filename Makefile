# Two commands on a fresh machine:
#   make map    set up .venv, read seeds/, write output/ (incidents, places, map.html)
#   make test   set up .venv with the test extra, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: map test bench clean

$(BIN)/geo: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/geo

map: $(BIN)/geo
	$(BIN)/geo build --articles seeds --out output

test: $(BIN)/geo
	$(BIN)/python -m pytest

bench: $(BIN)/geo
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*.geojson output/*.html output/*.gpkg output/*.csv output/*.parquet output/.geo-cache*
