"""`ogi run`: the nightly flow, now, in this process (what the schedule runs at 02:00).

Prints what the run did. Exit status: 0 done; 1 done, but something needs attention (with
`--strict`, also anything blocked, refused or missing); 2 could not start (bad input, the data
directory in use); 130 / 143 stopped by Ctrl-C / SIGTERM (the run is recorded `cancelled`).
Every input is checked before Prefect starts, so a typo costs a second, not a start-up.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, cast

import typer

from ogi.commands.inputs import check_scope, check_url, data_paths, fail
from ogi.commands.options import DATA_DIR

if TYPE_CHECKING:
    from prefect import State
    from rich.console import Console

    from core.paths import DataPaths


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
    unofficial: bool = typer.Option(False, "--unofficial", help="Allow --url outside *.gov.cn."),
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
    from core.lock import holder
    from flows import stop

    paths = data_paths("run", data_dir)
    keys = [k.strip() for s in source or () for k in s.split(",") if k.strip()]
    if url and (keys or district):
        fail("run", "give --url, or --source/--district, not both")
    if url:
        check_url("run", url, unofficial)
    check_scope("run", keys, district)
    busy = holder(paths.lock)
    if busy:  # refuse at once, before Prefect's start-up
        fail("run", f"{paths.root} is in use by {busy}; this run did not start")
    params = dict(
        data_dir=str(paths.root),
        sources=keys or None,
        district=district,
        since_year=since_year,
        url=url,
        reparse=reparse,
        strict=strict,
        unofficial=unofficial,
    )
    stop.reset()
    with stop.graceful_stop():  # a Ctrl-C during Prefect's start-up stops the run at its start
        _run(paths, params, dask_address, dask_workers)


def _run(paths: DataPaths, params: dict, dask_address: str | None, dask_workers: int) -> None:
    from rich.console import Console

    from flows.settings import configure_prefect

    configure_prefect(paths)
    from flows.server import prefect_api

    console = Console(stderr=True)
    try:
        with prefect_api(paths.root / "prefect") as server:
            if not server.started_here:
                console.print(f"[dim]using {server.describe()}[/dim]", highlight=False)
            state = _flow_state(console, params, dask_address, dask_workers)
    except RuntimeError as exc:
        fail("run", str(exc), code=1)
    _finish(state)


def _flow_state(console: Console, params: dict, dask_address: str | None, dask_workers: int) -> State[Any]:
    from flows.progress import progress_for
    from flows.runner import nightly_with_runner

    flow = nightly_with_runner(dask_address, dask_workers)
    with progress_for(console):
        # return_state=True returns the State; Prefect's annotation does not narrow on it
        return cast("State[Any]", flow(**params, return_state=True))


def _finish(state: State[Any]) -> None:
    """Print the run and exit with its status (see the module docstring)."""
    from rich.console import Console

    from core.lock import AlreadyRunning
    from flows import stop
    from flows.nightly import RunFailed
    from flows.report import RunReport
    from flows.summary import print_run

    out = Console(file=sys.stdout)
    if state.is_cancelled():
        report = state.data if isinstance(state.data, RunReport) else None
        if report is not None:
            print_run(report, out)
        signum = stop.signal_received() or 2
        fail("run", state.message or "stopped", code=stop.exit_code(signum))
    if state.is_completed():
        print_run(cast(RunReport, state.result()), out)
        return
    try:
        state.result()
    except AlreadyRunning as exc:
        fail("run", str(exc))
    except RunFailed as exc:
        print_run(exc.report, out)
        raise typer.Exit(1) from exc
    except Exception as exc:
        fail("run", f"the run failed: {type(exc).__name__}: {exc}", code=1)
    fail("run", f"the run ended {state.type.value.lower()}: {state.message}", code=1)


def register(app: typer.Typer) -> None:
    app.command("run")(run_command)
