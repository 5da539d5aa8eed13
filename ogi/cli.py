"""The `ogi` command line: one console script whose sub-commands front every stage.

Each sub-command lives in its own module under `ogi/commands/` and registers itself, so the
parser, the crawler, the warehouse and the flows each own their piece of the interface.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "parse",
    "ingest",
    "archive",
    "crawl",
    "run",
    "sql",
    "export",
    "report",
    "serve",
    "mirror",
    "agencies",
    "demo",
)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="OGI Warehouse: annual open-government-information reports → DuckDB.",
)


@app.callback()
def _root() -> None:
    """OGI Warehouse: annual open-government-information reports → DuckDB."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"ogi.commands.{_name}").register(app)


def main() -> None:
    app()
