# Two commands for a new user: `make demo` and `make test`. Everything else is set up on the way.
SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_PREFERENCE ?= system
# The interpreter the environment is built on: any Python 3.11 uv finds, or a path (`make
# OGI_PYTHON=/usr/bin/python3.11 setup`).
OGI_PYTHON ?= 3.11
# Debian packages the test suite drives: Chromium (the report site's browser test),
# LibreOffice Writer (legacy .doc reports), GNU wget (a WARC written by another tool, tests/archives)
# and the full Noto Sans CJK (the site's web font for characters outside the bundled cut).
# Each is `command-or-file:package`.
SYSTEM_PACKAGES := chromium:chromium soffice:libreoffice-writer-nogui wget:wget \
  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk

.PHONY: setup system-deps test lint demo demo-stop bench clean

setup: .venv/.synced

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet 'uv==$(UV_VERSION)'

.venv/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --frozen --all-extras --compile-bytecode --python $(OGI_PYTHON)
	touch $@

system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
	  what="$${pair%%:*}"; command -v "$$what" >/dev/null || [ -e "$$what" ] \
	    || missing="$$missing $${pair#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $$missing >/dev/null; \
	  else echo "missing Debian packages:$$missing (install them, then re-run)"; exit 1; fi; \
	fi

lint: setup
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy

test: lint system-deps
	$(UV) run pytest -n 2 --dist loadfile --durations=15

demo: setup
	.venv/bin/ogi demo

# The demo keeps its Prefect server running so the next run starts at once; this ends it.
demo-stop: setup
	.venv/bin/ogi prefect stop

bench: setup
	$(UV) run python bench/parse_throughput.py
	$(UV) run python bench/warehouse_load.py
	$(UV) run python bench/crawl_mirror.py --scale 2

clean:
	rm -rf .venv .tools .pytest_cache .ruff_cache .mypy_cache
