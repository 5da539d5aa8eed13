"""The `ogi` command line: one console script whose sub-commands front every stage.

Each sub-command lives in its own module under `ogi/commands/` and registers itself, so the
parser, the crawler, the warehouse and the flows each own their piece of the interface.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = (
    "prefect",
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


def _version(shown: bool) -> None:
    if shown:
        from importlib.metadata import version

        import transform

        typer.echo(f"ogi-warehouse {version('ogi-warehouse')} (parser {transform.PARSER_VERSION})")
        raise typer.Exit()


@app.callback()
def _root(
    _: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """OGI Warehouse: annual open-government-information reports → DuckDB.

    From a clone, `bin/ogi COMMAND` runs this (it sets the environment up on first use).
    """


for _name in COMMAND_MODULES:
    importlib.import_module(f"ogi.commands.{_name}").register(app)


def main() -> None:
    app()
