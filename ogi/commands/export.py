"""`ogi export [--out DIR]`: the researchers' dataset from the published snapshot.

Parquet per fact table partitioned by year, the dimensions, `codebook.md`/`codebook.json`,
`manifest.json` (row counts, sha256 per file, parser version, run id), optionally CSV.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ogi.commands.inputs import data_paths
from ogi.commands.options import DATA_DIR


def export_command(
    out: Path = typer.Option(None, "--out", help="Export directory (default DATA_DIR/exports)."),
    csv: bool = typer.Option(False, "--csv", help="Also write csv/<table>.csv."),
    run_id: int = typer.Option(
        None, "--run-id", help="Load run to record in the manifest (default: the last successful one)."
    ),
    data_dir: str = DATA_DIR,
) -> None:
    """Write parquet, codebook and manifest for researchers."""
    import duckdb

    from warehouse.publish.export import export
    from warehouse.store.db import WarehouseError, WarehouseMissing

    paths = data_paths("export", data_dir)
    try:
        result = export(paths, out, run_id, with_csv=csv)
    except (WarehouseMissing, WarehouseError, ValueError, duckdb.Error, OSError) as exc:
        typer.echo(f"ogi export: {exc}", err=True)
        raise typer.Exit(1) from exc
    manifest = result.manifest
    typer.echo(
        f"exported to {result.out_dir} (run {manifest['run_id']}, parser "
        f"{manifest['parser_version']}): {len(manifest['files'])} files"
    )
    for table, rows in manifest["tables"].items():
        typer.echo(f"  {table:24} {rows:>10,} rows")


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)
