# The two commands a newcomer needs: `make serve` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test serve install lint bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Benchmarks are not part of the suite: run them with `make bench`.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

serve: $(STAMP)
	$(BIN)/bouncer filter build-default
	$(BIN)/bouncer serve --dev

lint: $(STAMP)
	$(BIN)/ruff check bouncer tests benchmarks
	$(BIN)/mypy

# Benchmarks print ratios against a baseline measured in the same run. filter_bench and
# http_bench install Debian's passwdqc and wrk with apt when they are missing.
bench: $(STAMP)
	$(BIN)/python benchmarks/check_latency.py
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/filter_bench.py --install-passwdqc
	$(BIN)/python benchmarks/http_bench.py --install

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
