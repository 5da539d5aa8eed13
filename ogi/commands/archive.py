"""`ogi archive …`: the raw archive in formats other tools read.

`ogi archive export --warc OUT.warc.gz` writes every capture of the data directory's raw
archive as a standard web archive (`extract.warc_export`): `warcio check` verifies it, pywb
replays it, and `ogi ingest OUT.warc.gz` restores the same captures in another data
directory. It only reads the archive, so it may run while a crawl appends to it (the
captures logged so far are written). Exit status 1 if there is no archive to export.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ogi.commands.options import DATA_DIR

app = typer.Typer(no_args_is_help=True, help="The raw archive in formats other tools read (WARC).")


@app.command("export")
def export_command(
    warc: Path = typer.Option(..., "--warc", help="The web archive to write, e.g. crawl.warc.gz."),
    data_dir: str = DATA_DIR,
) -> None:
    """Write the raw archive (requests, responses, capture log) as a WARC file."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from core.paths import DataPaths
    from extract.archive import Archive
    from extract.warc_export import export_warc

    if not warc.name.lower().endswith((".warc.gz", ".warc")):
        typer.echo(f"ogi archive export: {warc} must end in .warc.gz or .warc", err=True)
        raise typer.Exit(2)
    paths = DataPaths.resolve(data_dir)
    archive = Archive(paths.raw)
    if not archive.log_path.exists():
        typer.echo(f"ogi archive export: no raw archive at {paths.raw}; crawl or ingest first", err=True)
        raise typer.Exit(1)
    console = Console(stderr=True)
    if console.is_terminal:
        with Progress(
            TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
        ) as progress:
            task = progress.add_task("", total=None)
            summary = export_warc(
                archive,
                warc,
                on_capture=lambda done, total: progress.update(task, completed=done, total=total),
            )
    else:
        summary = export_warc(archive, warc)
    typer.echo(
        f"{summary.path}: {summary.captures} captures as {summary.responses} responses, "
        f"{summary.revisits} revisits, {summary.files} local files and "
        f"{summary.metadata_only} capture lines without a response; {summary.bytes} bytes"
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="archive")
