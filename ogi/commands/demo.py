"""`ogi demo`: the real nightly flow, end to end, against the bundled local mirror.

Starts the mirror of the six Xiamen districts (and the other site families) on 127.0.0.1,
points the crawler at it, runs the nightly flow exactly as the schedule would, then prints
what it built and where. The mirror is local, so per-host politeness limits are lifted
(`OGI_POLITENESS=lifted`); against real sites the registry's limits always apply.

The Prefect server it starts is kept running for the data directory (`flows.server`), so a
second `make demo` (or any `ogi run` on the same data) pays no server start-up; `ogi prefect
stop` ends it. The commands it prints to try next are ones that work as printed from the
clone (`./ogi`, the wrapper that needs no `uv` on the PATH).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import typer

from core.paths import DataPaths
from ogi.commands.inputs import data_paths, fail
from ogi.commands.options import DATA_DIR

if TYPE_CHECKING:
    from prefect import State
    from rich.console import Console

    from flows.report import RunReport

SUMMARY_QUERIES = ("reports_by_district_year", "failing_checks_by_rule")


def demo_command(
    data_dir: str = DATA_DIR,
) -> None:
    """Run the nightly flow against the local mirror and print what it built."""
    from rich.console import Console

    from flows.settings import configure_prefect

    paths = data_paths("demo", data_dir)
    configure_prefect(paths)
    from flows.server import prefect_api
    from mirror.testing import running_mirror

    console = Console(file=sys.stdout)
    os.environ["OGI_POLITENESS"] = "lifted"
    with (
        prefect_api(paths.root / "prefect", keep=True) as server,
        running_mirror(paths.root / "mirror", set_env=True) as mirror,
    ):
        console.print(
            f"mirror: {len(mirror.manifest['hosts'])} hosts, "
            f"{len(mirror.manifest['reports'])} reports on 127.0.0.1 "
            f"(http {mirror.http_port}, https {mirror.https_port}); prefect: {server.describe()}",
            highlight=False,
        )
        state = _nightly(str(paths.root))
    if state.is_cancelled():
        from flows import stop

        fail("demo", state.message or "stopped", code=stop.exit_code(stop.signal_received() or 2))
    report = _report_of(state)
    _print(paths, report, console)
    if report.failures():
        raise typer.Exit(1)


def _nightly(data_dir: str) -> State[Any]:
    from flows.runner import nightly_with_runner

    # return_state=True returns the State; Prefect's annotation does not narrow on it
    return cast("State[Any]", nightly_with_runner()(data_dir=data_dir, return_state=True))


def _report_of(state: State[Any]) -> RunReport:
    from flows.nightly import RunFailed

    try:
        return state.result()
    except RunFailed as exc:
        return exc.report
    except Exception as exc:
        fail("demo", f"the run failed: {type(exc).__name__}: {exc}", code=1)


def wrapper() -> str:
    """How to call `ogi` so the printed line works where the user stands: `bin/ogi` in the
    clone, the wrapper's full path elsewhere (no `uv` needed on the PATH either way)."""
    from core.resources import package_dir

    root = package_dir("ogi").parent
    script = root / "bin" / "ogi"
    if not script.is_file():  # installed as a package: the console script is on the PATH
        return "ogi"
    return "bin/ogi" if root.resolve() == Path.cwd().resolve() else str(script)


def _print(paths: DataPaths, report: RunReport, console: Console) -> None:
    from flows.summary import print_run
    from warehouse.query.shell import execute_and_print
    from warehouse.store.db import connect_reader

    print_run(report, console, limit=6)
    con = connect_reader(paths.published)
    try:
        for name in SUMMARY_QUERIES:
            console.print(f"\n[bold]{name}[/bold]")
            console.file.flush()
            execute_and_print(con, [name], "table", out=console.file)
    finally:
        con.close()
    console.print(
        f"\nwarehouse  {paths.warehouse}\nsnapshot   {paths.published}\nparquet    {paths.exports}",
        soft_wrap=True,
        highlight=False,
    )
    ogi = wrapper()
    data = "" if paths.root == DataPaths.resolve(None).root else f" --data-dir {paths.root}"
    console.print(
        f"try        {ogi} sql not_held_trend{data}\n"
        f'           {ogi} sql{data} "SELECT agency_name, year, handled, not_held_share '
        "FROM v_rates WHERE handled >= 5 ORDER BY not_held_share DESC NULLS LAST "
        'LIMIT 10"',
        soft_wrap=True,
        highlight=False,
    )
    if report.site_index:  # last, so it is what the demo leaves on screen
        console.print(f"report     {report.site_index}", soft_wrap=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
