"""`ogi crawl`: discover and archive reports from registry sources, a district, or any URL.

Prints a per-source summary (pages, new/changed/unchanged, walls, refusals, 404s, reports,
missing years) and lists every blocked, missing or failed item; `--strict` turns any of them
into a non-zero exit. With `OGI_MIRROR` set, every request goes to the local mirror.
"""

from __future__ import annotations

import logging
import sys

import typer

from ogi.commands.options import DATA_DIR

log = logging.getLogger("ogi.crawl")


def _select(registry, source: str | None, district: str | None, url: str | None, unofficial: bool):
    """(sources, districts, only) for the chosen scope; RegistryError on a bad name."""
    from extract.registry import RegistryError, adhoc_source

    if url:
        return [adhoc_source(url, unofficial=unofficial)], [], None
    if source:
        district_key = source.split("/", 1)[0]
        try:
            return [registry.source(source)], [], None
        except RegistryError:
            found = registry.district(district_key)  # raises with the known districts
            if found.discovery is None:
                raise
            return [], [found], {source}  # maybe a column only the district's pages list
    if district:
        return [], [registry.district(district)], None
    return [], list(registry.districts), None


def _print_summary(summary, console) -> None:
    from rich.table import Table

    table = Table(title=f"Crawl summary ({summary.elapsed:.1f} s)")
    for name in (
        "source",
        "reports",
        "pages",
        "new",
        "changed",
        "same",
        "walls",
        "refused",
        "404",
        "errors",
        "missing years",
    ):
        table.add_column(name, justify="left" if name in ("source", "missing years") else "right")
    for result in summary.results:
        c = result.counts
        table.add_row(
            result.key + ("" if result.declared else " (discovered)"),
            str(len(result.reports)),
            str(c["pages"]),
            str(c["new"]),
            str(c["changed"]),
            str(c["unchanged"] + c["not_modified"]),
            str(c["blocked"]),
            str(c["refused"]),
            str(c["not_found"]),
            str(c["errors"] + c["rejected"]),
            ", ".join(map(str, result.missing_years)),
        )
    console.print(table)
    for note in summary.notes():
        console.print(f"[dim]note[/dim] {note}", highlight=False)
    failures = summary.failures()
    if failures:
        console.print(f"[bold red]{len(failures)} blocked, missing or failed item(s):[/bold red]")
        for line in failures:
            console.print(f"  {line}", highlight=False, soft_wrap=True)
    console.print(f"{len(summary.reports)} report(s) from {len(summary.results)} source(s).")


def crawl_command(
    source: str = typer.Option(None, "--source", help="One registry source, e.g. siming/qrmzf."),
    district: str = typer.Option(None, "--district", help="One district, e.g. siming."),
    url: str = typer.Option(
        None, "--url", help="Any site root or column URL (generic discovery; allow-list = that URL's host)."
    ),
    data_dir: str = DATA_DIR,
    strict: bool = typer.Option(
        False, "--strict", help="Exit non-zero if anything was blocked, missing or failed."
    ),
    workers: int = typer.Option(8, "--workers", min=1, help="Sources crawled in parallel."),
    unofficial: bool = typer.Option(False, "--unofficial", help="Allow --url outside *.gov.cn."),
    list_sources: bool = typer.Option(False, "--list", help="List the registry and exit."),
) -> None:
    """Crawl sources into the raw archive (every body kept; unchanged pages are not re-fetched)."""
    from rich.console import Console

    from core.paths import DataPaths
    from extract.archive import Archive
    from extract.http import HttpClient
    from extract.registry import RegistryError, load_registry

    console = Console(stderr=True)
    if sum(bool(x) for x in (source, district, url)) > 1:
        typer.echo("ogi crawl: give at most one of --source, --district, --url", err=True)
        raise typer.Exit(2)
    try:
        registry = load_registry()
        if list_sources:
            for s in registry.sources():
                typer.echo(f"{s.key}\t{s.family}\t{s.agency}\t{s.column_url}")
            return
        sources, districts, only = _select(registry, source, district, url, unofficial)
        client = HttpClient.from_env()
    except (RegistryError, ValueError) as exc:
        typer.echo(f"ogi crawl: {exc}", err=True)
        raise typer.Exit(2) from exc
    from core.lock import AlreadyRunning, RunLock

    paths = DataPaths.resolve(data_dir)
    archive = Archive(paths.raw)
    if not console.is_terminal:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    if client.mirror is not None:
        log.info("routing every request to the local mirror (%s)", client.mirror)
    try:
        with RunLock(paths.lock, "crawl"):
            archive.sweep_temp_files()  # a killed crawl's half-written bodies
            summary = _run(sources, districts, only, archive, client, workers, console)
    except AlreadyRunning as exc:
        typer.echo(f"ogi crawl: {exc}", err=True)
        raise typer.Exit(2) from exc
    _print_summary(summary, Console(width=None if sys.stdout.isatty() else 160))
    if not summary.results:
        typer.echo(f"ogi crawl: nothing matched {source!r}", err=True)
        raise typer.Exit(2)
    if strict and summary.failures():
        raise typer.Exit(1)


def _run(sources, districts, only, archive, client, workers, console):
    from extract.crawl import crawl

    if not console.is_terminal:
        return crawl(
            sources,
            archive,
            client,
            districts=districts,
            workers=workers,
            only=only,
            on_result=lambda r: log.info("%s: %d report(s)", r.key, len(r.reports)),
        )
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("crawling"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=None)
        return crawl(
            sources,
            archive,
            client,
            districts=districts,
            workers=workers,
            only=only,
            on_start=lambda n: progress.update(task, total=n),
            on_result=lambda r: progress.update(task, advance=1, description=r.key),
        )


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_command)
