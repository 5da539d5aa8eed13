"""`ogi crawl`: discover and archive reports from registry sources, a district, or any URL.

Shows per-host progress at a terminal, then prints a per-source summary (pages,
new/changed/unchanged, walls, refusals, 404s, reports, missing years) and lists every
blocked, missing or failed item. Exit status: 0 done; 1 something failed (a source yielded
nothing, a transport error outlived its retries — connection refused, DNS) and, with
`--strict`, also anything blocked, refused or missing; 2 bad input or the data directory in
use; 130/143 stopped by Ctrl-C/SIGTERM. With `OGI_MIRROR` set, every request goes to the local
mirror.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import typer

from ogi.commands.inputs import check_url, data_paths, fail
from ogi.commands.options import DATA_DIR

if TYPE_CHECKING:
    from rich.console import Console

    from extract.archive import Archive
    from extract.http import HttpClient
    from extract.registry import District, Registry, Source
    from extract.summary import CrawlSummary

log = logging.getLogger("ogi.crawl")


def _select(
    registry: Registry, source: str | None, district: str | None, url: str | None, unofficial: bool
) -> tuple[list[Source], list[District], set[str] | None]:
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


def _print_summary(summary: CrawlSummary, console: Console) -> None:
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
        adhoc = result.key.startswith("url/")
        table.add_row(
            result.key + ("" if result.declared or adhoc else " (discovered)"),
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

    from extract.archive import Archive
    from extract.http import HttpClient
    from extract.registry import RegistryError, load_registry

    console = Console(stderr=True)
    if sum(bool(x) for x in (source, district, url)) > 1:
        fail("crawl", "give at most one of --source, --district, --url")
    paths = data_paths("crawl", data_dir)
    if url:
        check_url("crawl", url, unofficial)
    try:
        registry = load_registry()
        if list_sources:
            for s in registry.sources():
                typer.echo(f"{s.key}\t{s.family}\t{s.agency}\t{s.column_url}")
            return
        sources, districts, only = _select(registry, source, district, url, unofficial)
        client = HttpClient.from_env()
    except (RegistryError, ValueError) as exc:
        fail("crawl", str(exc))
    from core.lock import AlreadyRunning, RunLock
    from flows import stop

    archive = Archive(paths.raw)
    if not console.is_terminal:
        logging.basicConfig(
            level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    if client.mirror is not None:
        log.info("routing every request to the local mirror (%s)", client.mirror)
    stop.reset()
    try:
        with RunLock(paths.lock, "crawl"), stop.graceful_stop():
            archive.sweep_temp_files()  # a killed crawl's half-written bodies
            summary = _run(sources, districts, only, archive, client, workers, console)
    except AlreadyRunning as exc:
        fail("crawl", str(exc))
    _print_summary(summary, Console(width=None if sys.stdout.isatty() else 160))
    if summary.stopped:
        signum = stop.signal_received() or 2
        fail(
            "crawl", f"stopped by {signal_name(signum)}; what was fetched is archived", stop.exit_code(signum)
        )
    if not summary.results:
        fail("crawl", f"nothing matched {source!r}")
    errors = summary.errors()
    if errors:
        fail("crawl", f"{len(errors)} failure(s), the first: {errors[0]}", code=1)
    if strict and summary.failures():
        fail("crawl", f"--strict: {len(summary.failures())} blocked, missing or failed item(s)", code=1)


def signal_name(signum: int) -> str:
    import signal

    return signal.Signals(signum).name


def _run(
    sources: list[Source],
    districts: list[District],
    only: set[str] | None,
    archive: Archive,
    client: HttpClient,
    workers: int,
    console: Console,
) -> CrawlSummary:
    from extract.crawl import CrawlHooks, crawl
    from flows import stop
    from flows.progress import progress_for

    with progress_for(console) as shown:
        hooks = CrawlHooks(
            should_stop=stop.requested,
            on_fetch=shown.fetched,
            on_report=shown.report,
            on_result=None
            if console.is_terminal
            else lambda r: log.info("%s: %d report(s)", r.key, len(r.reports)),
        )
        return crawl(sources, archive, client, districts=districts, workers=workers, only=only, hooks=hooks)


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl_command)
