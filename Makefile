# Two commands for a new user: `make demo` and `make test`. Everything else is set up on the way.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_PREFERENCE ?= system

.PHONY: setup test lint demo bench clean

setup: .venv/.synced

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet 'uv==$(UV_VERSION)'

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python 3.11
	touch $@

lint: setup
	$(UV) run ruff check .

test: lint
	$(UV) run pytest

demo: setup
	$(UV) run ogi demo

bench: setup
	$(UV) run python bench/parse_throughput.py

clean:
	rm -rf .venv .tools .pytest_cache .ruff_cache
