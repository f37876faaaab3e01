.PHONY: help setup run test lint format bench

help:  ## list the targets
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/'

setup:  ## create .venv with the development requirements
	python3 -m venv .venv && .venv/bin/pip install -q -r requirements-dev.txt

run:  ## the demo: SQLite, seed loaded, worker + beat, served on 127.0.0.1:8000
	bin/demo

test:  ## the whole suite on a private PostgreSQL and Redis (what CI runs)
	bin/test

lint:  ## what CI checks before the tests (pre-commit runs the same)
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/bandit -c pyproject.toml -r . -q && .venv/bin/mypy

format:  ## rewrite the code in ruff's format
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .

bench:  ## print the benchmarks' figures (needs DATABASE_URL to PostgreSQL)
	bin/bench
