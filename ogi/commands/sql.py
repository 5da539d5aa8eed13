"""`ogi sql [QUERY or FILE]`: query the published snapshot; no query opens a shell.

Reads `DATA_DIR/published/warehouse.duckdb` read-only, so it works while a nightly run is
writing the live warehouse. QUERY may be SQL text, a `.sql` file, or the name of an analyst
query in `sql/queries/` (`ogi sql --list` shows them).
"""

from __future__ import annotations

import sys

import typer

from ogi.commands.inputs import QUERY_NAME, data_paths, fail
from ogi.commands.options import DATA_DIR


def sql_command(
    query: list[str] = typer.Argument(
        None, help="SQL text, a .sql file, or an analyst query name (see --list). Several run in turn."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (JSON Lines)."),
    data_dir: str = DATA_DIR,
    database: str = typer.Option(
        None, "--db", help="Query this DuckDB file (read-only) instead of the published snapshot."
    ),
    list_queries: bool = typer.Option(False, "--list", help="List the analyst queries."),
) -> None:
    """Query the warehouse snapshot and print a table, CSV or JSON."""
    from warehouse.query.shell import FORMATS, QueryError, execute_and_print, interactive, named_queries
    from warehouse.store.db import WarehouseError, WarehouseMissing, connect_reader

    if fmt not in FORMATS:
        typer.echo(f"ogi sql: unknown format {fmt!r} (use {', '.join(FORMATS)})", err=True)
        raise typer.Exit(2)
    if list_queries:
        for name, question in named_queries().items():
            typer.echo(f"{name:32} {question}")
        return
    for argument in query or ():
        # One bare word is a query's name, never SQL: say so instead of a SQL syntax error.
        if QUERY_NAME.match(argument.strip()) and argument.strip() not in named_queries():
            from pathlib import Path

            if not Path(argument).is_file():
                fail("sql", f"no such query {argument!r}; see `ogi sql --list`")
    paths = data_paths("sql", data_dir)
    target = database or paths.published
    try:
        con = connect_reader(target)
    except (WarehouseMissing, WarehouseError) as exc:
        typer.echo(f"ogi sql: {exc}", err=True)
        raise typer.Exit(1) from exc
    try:
        if query:
            execute_and_print(con, query, fmt)
        else:
            interactive(
                con,
                fmt,
                banner=f"OGI Warehouse snapshot {target} (read-only). "
                "Statements end with ';'. .help for commands.\n",
            )
    except QueryError as exc:
        typer.echo(f"ogi sql: {exc}", err=True)
        raise typer.Exit(1) from exc
    except BrokenPipeError:  # `ogi sql ... | head`
        sys.stderr.close()
    finally:
        con.close()


def register(app: typer.Typer) -> None:
    app.command("sql")(sql_command)
