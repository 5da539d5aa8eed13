"""`ogi demo`: the real nightly flow, end to end, against the bundled local mirror.

Starts the mirror of the six Xiamen districts (and the other site families) on 127.0.0.1,
points the crawler at it, runs the nightly flow exactly as the schedule would, then prints
what it built and where. The mirror is local, so per-host politeness limits are lifted
(`OGI_POLITENESS=lifted`); against real sites the registry's limits always apply.
"""

from __future__ import annotations

import os
import sys

import typer

from ogi.commands.options import DATA_DIR

SUMMARY_QUERIES = ("reports_by_district_year", "failing_checks_by_rule")


def demo_command(
    data_dir: str = DATA_DIR,
) -> None:
    """Run the nightly flow against the local mirror and print what it built."""
    from rich.console import Console

    from core.paths import DataPaths
    from flows.settings import configure_prefect

    paths = DataPaths.resolve(data_dir)
    configure_prefect(paths)
    from flows.nightly import RunFailed
    from flows.runner import nightly_with_runner
    from mirror.testing import running_mirror

    console = Console(file=sys.stdout)
    os.environ["OGI_POLITENESS"] = "lifted"
    with running_mirror(paths.root / "mirror", set_env=True) as mirror:
        console.print(
            f"mirror: {len(mirror.manifest['hosts'])} hosts, "
            f"{len(mirror.manifest['reports'])} reports on 127.0.0.1 "
            f"(http {mirror.http_port}, https {mirror.https_port})"
        )
        try:
            report = nightly_with_runner()(data_dir=str(paths.root))
        except RunFailed as exc:
            report = exc.report
    _print(paths, report, console)
    if report.failures():
        raise typer.Exit(1)


def _print(paths, report, console) -> None:
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
    console.print(
        'try        uv run ogi sql "SELECT agency_name, year, handled, not_held_share '
        "FROM v_rates WHERE handled >= 5 ORDER BY not_held_share DESC NULLS LAST "
        'LIMIT 10"',
        soft_wrap=True,
        highlight=False,
    )
    if report.site_index:  # last, so it is what the demo leaves on screen
        console.print(f"report     {report.site_index}", soft_wrap=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
