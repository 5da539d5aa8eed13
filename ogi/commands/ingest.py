"""`ogi ingest PATH...`: archive local reports and other people's archives, and load them.

A path may be a report file (HTML, PDF, Word, text, markdown), a folder of them, a folder
archive (one folder per saved page: `page.html` / `page.txt`, its links and attachments) or a
web archive (`.warc`, `.warc.gz`). Each report gets one line: what the loader did, and what
its own parse found wrong (failing checks, a parse error). A path that does not exist is
refused before anything is created. Exit status 1 if any report was rejected, a web-archive
record was damaged or nothing could be loaded (the run is then recorded as failed); 2 if the
command could not start.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ogi.commands.options import DATA_DIR

if TYPE_CHECKING:
    from extract.warc_import import WarcImport
    from flows.ingest import IngestItem

# Damage and warnings printed one per line; beyond this, a count.
MAX_LISTED = 20


def _checks(rules: tuple[str, ...]) -> str:
    if not rules:
        return ""
    counted = Counter(rules)
    listed = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(counted.items()))
    return f"; {len(rules)} failing check{'s' * (len(rules) > 1)}: {listed}"


def item_line(item: IngestItem) -> str:
    """One report's line: its outcome, its agency and year, and its own problems."""
    outcome = item.outcome
    if outcome.status == "rejected":
        return f"rejected  {outcome.source}: {outcome.reason}"
    line = (
        f"{outcome.status:9} {outcome.source} → {outcome.agency_id} {outcome.year} "
        f"({outcome.fact_rows} cells){_checks(item.failed_checks)}"
    )
    return line + (f"; parse failed: {item.parse_error}" if item.parse_error else "")


def _listed(lines: list[str], what: str) -> None:
    for line in lines[:MAX_LISTED]:
        typer.echo(f"{what}: {line}", err=True)
    if len(lines) > MAX_LISTED:
        typer.echo(f"{what}: … and {len(lines) - MAX_LISTED} more", err=True)


def _web_archive_lines(warc: WarcImport) -> None:
    replay = warc.replay
    replayed = ""
    if replay is not None and replay.districts:
        replayed = (
            f"; replayed the registry crawl of {', '.join(replay.districts)} "
            f"({len(replay.captures)} captures, {len(warc.not_archived)} URL(s) it asked for not archived)"
        )
    typer.echo(
        f"web archives: {warc.records} records, {warc.responses} responses"
        + (f"; restored {warc.restored} captures" if warc.restored else "")
        + replayed
        + (f"; {warc.described} records described by the crawl's rules" if warc.described else "")
    )
    _listed([str(d) for d in warc.damage], "damaged")
    _listed(warc.warnings, "warning")


def ingest_command(
    paths: list[Path] = typer.Argument(
        ..., help="Report files, folders, folder archives or web archives (.warc, .warc.gz)."
    ),
    data_dir: str = DATA_DIR,
) -> None:
    """Archive, parse and load reports and archives; then check and publish the snapshot."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        typer.echo(f"ogi ingest: no such file or folder: {missing[0]}", err=True)
        raise typer.Exit(2)
    from rich.console import Console

    from core.lock import AlreadyRunning, RunLock
    from core.paths import DataPaths
    from extract.registry import RegistryError
    from flows.ingest import ingest
    from flows.progress import reporter, terminal_progress
    from warehouse.agencies.data import CatalogError
    from warehouse.store.db import WarehouseError
    from warehouse.store.schema import SchemaError

    def show(item: IngestItem) -> None:
        typer.echo(item_line(item), err=item.outcome.status == "rejected")

    console = Console(stderr=True)
    paths_data = DataPaths.resolve(data_dir)
    try:
        with RunLock(paths_data.lock, "ingest"):
            if console.is_terminal:
                with terminal_progress(console):
                    result = ingest(paths, paths_data, on_outcome=show, progress=reporter())
            else:
                result = ingest(paths, paths_data, on_outcome=show)
    except AlreadyRunning as exc:
        typer.echo(f"ogi ingest: {exc}", err=True)
        raise typer.Exit(2) from exc
    except (WarehouseError, SchemaError, CatalogError, RegistryError) as exc:
        typer.echo(f"ogi ingest: {exc}", err=True)
        raise typer.Exit(1) from exc
    if result.warc is not None:
        _web_archive_lines(result.warc)
    run = result.run
    typer.echo(
        f"run {run.run_id} {run.status}: {run.seen} report(s): {run.new} new, {run.revised} revised, "
        f"{run.unchanged} unchanged, {run.rejected} rejected; {run.fact_rows} cells; "
        f"cross-report checks: {result.checks.failed} failed of {result.checks.evaluated}; "
        + (f"snapshot {result.snapshot}" if result.snapshot else "snapshot not published")
    )
    if run.status != "succeeded":
        reason = "no reports found in the given paths" if run.seen == 0 else "every report was rejected"
        typer.echo(f"ogi ingest: {reason}", err=True)
        raise typer.Exit(1)
    if result.rejected or (result.warc is not None and result.warc.damage):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
