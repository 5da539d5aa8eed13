"""`ogi run`: the nightly flow, now, in this process (what the schedule runs at 02:00).

Prints what the run did; exits 1 when something needs attention (and, with `--strict`, when
anything was blocked, refused or missing), 2 when it could not start.
"""

from __future__ import annotations

import sys

import typer

from ogi.commands.options import DATA_DIR


def run_command(
    source: list[str] = typer.Option(
        None,
        "--source",
        "--sources",
        help="Registry sources: repeat the option or separate keys with commas.",
    ),
    district: str = typer.Option(None, "--district", help="One district, e.g. siming."),
    since_year: int = typer.Option(None, "--since-year", help="Only reports covering this year or later."),
    url: str = typer.Option(
        None, "--url", help="Any site root or column URL instead of the registry (generic discovery)."
    ),
    reparse: bool = typer.Option(
        False,
        "--reparse",
        help="No crawl: re-derive every report from the raw archive with the current parser.",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Blocked, refused or missing items also fail the run."
    ),
    dask_address: str = typer.Option(
        None, "--dask-address", help="Fan parsing and fetching out to this Dask scheduler."
    ),
    dask_workers: int = typer.Option(
        0, "--dask-workers", help="Fan out to a local Dask cluster of this many worker processes."
    ),
    data_dir: str = DATA_DIR,
) -> None:
    """Run the nightly flow: crawl, parse, load, checks, publish snapshot, export."""
    from rich.console import Console

    from core.lock import holder
    from core.paths import DataPaths
    from flows.settings import configure_prefect

    paths = DataPaths.resolve(data_dir)
    busy = holder(paths.lock)
    if busy:  # refuse at once, before Prefect's start-up
        typer.echo(f"ogi run: {paths.root} is in use by {busy}; this run did not start", err=True)
        raise typer.Exit(2)
    configure_prefect(paths)
    from core.lock import AlreadyRunning
    from flows.nightly import RunFailed
    from flows.runner import nightly_with_runner
    from flows.summary import print_run

    console = Console(stderr=True)
    flow = nightly_with_runner(dask_address, dask_workers)
    keys = [k.strip() for s in source or () for k in s.split(",") if k.strip()]
    params = dict(
        data_dir=str(paths.root),
        sources=keys or None,
        district=district,
        since_year=since_year,
        url=url,
        reparse=reparse,
        strict=strict,
    )
    try:
        if console.is_terminal:
            from flows.progress import terminal_progress

            with terminal_progress(console):
                report = flow(**params)
        else:
            report = flow(**params)
    except AlreadyRunning as exc:
        typer.echo(f"ogi run: {exc}", err=True)
        raise typer.Exit(2) from exc
    except RunFailed as exc:
        print_run(exc.report, Console(file=sys.stdout))
        raise typer.Exit(1) from exc
    except Exception as exc:
        typer.echo(f"ogi run: the run failed: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc
    print_run(report, Console(file=sys.stdout))


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
