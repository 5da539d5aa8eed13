"""`ogi report [--out DIR]`: the static HTML report site from the published snapshot.

Coverage heatmap, a page per report (table 3 as printed beside its checks), trends, failing
checks and the downloads of the latest export; opens from disk, no server needed. Prints the
path of the index page (what `make demo` shows at the end).
"""

from __future__ import annotations

from pathlib import Path

import typer

from ogi.commands.inputs import data_paths
from ogi.commands.options import DATA_DIR


def report_command(
    out: Path = typer.Option(None, "--out", help="Site directory (default DATA_DIR/site)."),
    data_dir: str = DATA_DIR,
) -> None:
    """Build the static HTML report (coverage, reports, trends, checks, downloads)."""
    import duckdb

    from warehouse.site import build_site
    from warehouse.store.db import WarehouseError, WarehouseMissing

    paths = data_paths("report", data_dir)
    try:
        index = build_site(paths, out)
    except (WarehouseMissing, WarehouseError, ValueError, duckdb.Error, OSError) as exc:
        typer.echo(f"ogi report: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(str(index))


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
