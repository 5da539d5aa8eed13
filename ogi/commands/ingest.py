"""`ogi ingest PATH...`: archive local report files and load them as a crawl would.

Folders are searched for report files (HTML, PDF, Word, text, markdown). Agency and year come
from the parser; a file whose agency or year cannot be determined is rejected with a message
naming it, and everything else still loads. Exit status 1 if any file was rejected.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ogi.commands.options import DATA_DIR


def ingest_command(
    paths: list[Path] = typer.Argument(..., help="Report files or folders of them."),
    data_dir: str = DATA_DIR,
) -> None:
    """Archive, parse and load local report files; then check and publish the snapshot."""
    from core.lock import AlreadyRunning, RunLock
    from core.paths import DataPaths
    from extract.registry import RegistryError
    from flows.ingest import ingest
    from warehouse.agencies.data import CatalogError
    from warehouse.store.db import WarehouseError
    from warehouse.store.schema import SchemaError

    def show(outcome) -> None:
        if outcome.status == "rejected":
            typer.echo(f"rejected  {outcome.source}: {outcome.reason}", err=True)
        else:
            typer.echo(
                f"{outcome.status:9} {outcome.source} → {outcome.agency_id} "
                f"{outcome.year} ({outcome.fact_rows} cells)"
            )

    paths_data = DataPaths.resolve(data_dir)
    try:
        with RunLock(paths_data.lock, "ingest"):
            result = ingest(paths, paths_data, on_outcome=show)
    except AlreadyRunning as exc:
        typer.echo(f"ogi ingest: {exc}", err=True)
        raise typer.Exit(2) from exc
    except (WarehouseError, SchemaError, CatalogError, RegistryError) as exc:
        typer.echo(f"ogi ingest: {exc}", err=True)
        raise typer.Exit(1) from exc
    run = result.run
    typer.echo(
        f"run {run.run_id}: {run.seen} file(s): {run.new} new, {run.revised} revised, "
        f"{run.unchanged} unchanged, {run.rejected} rejected; {run.fact_rows} cells; "
        f"cross-report checks: {result.checks.failed} failed of "
        f"{result.checks.evaluated}; snapshot {result.snapshot}"
    )
    if run.seen == 0:
        typer.echo("ogi ingest: no report files found in the given paths", err=True)
        raise typer.Exit(1)
    if result.rejected:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
