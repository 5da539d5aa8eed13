"""Scheduling for real: the nightly deployment on a cron schedule, served by this process.

Prefect's ephemeral mode cannot run schedules, so serving needs a Prefect server: the one
`PREFECT_API_URL` names, the one kept for this data directory (`ogi demo` leaves one), or a
local `prefect server start` launched for the duration (its database under the data
directory's Prefect home; `flows.server`). `ogi serve` says which. A scheduled run reports to
that running server, so it pays no server start-up.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.server import Server

DEPLOYMENT = "nightly"
DEFAULT_CRON = "0 2 * * *"
DEFAULT_TIMEZONE = "Asia/Shanghai"
LOCAL_PORT = 4200
# What a served run imports before it can start, loaded once by the fork server (below): Prefect
# only (2.7 s of CPU measured; the flow's own modules then take 0.16 s). The project's modules
# stay out, so each run imports them afresh and a code upgrade reaches the next run, as before.
PRELOADED = (
    "prefect",
    "prefect.flow_engine",
    "prefect.artifacts",
    "prefect.states",
    "prefect.task_runners",
    "prefect.futures",
)


def prefect_server(prefect_home: Path, port: int = LOCAL_PORT) -> AbstractContextManager[Server]:
    """The configured server, the one kept for this data directory, or a local one with the
    scheduler for the duration of the block (`flows.server`)."""
    from flows.server import prefect_api

    return prefect_api(prefect_home, share=True, port=port)


class _ForkServerContexts:
    """Stands in for the `multiprocessing` module in `prefect.flow_engine`: the one context it
    asks for ("spawn", for each flow run) comes from a fork server instead."""

    def __init__(self, context: object):
        self._context = context

    def get_context(self, method: str | None = None) -> object:
        return self._context


def start_runs_preloaded() -> None:
    """Start each served run by forking a server that has imported Prefect and the flow once.

    Prefect's runner starts every flow run as a fresh interpreter (multiprocessing "spawn"),
    which imports Prefect and the flow again before the run can even report Running: ~2.7 s of
    CPU measured (`python -X importtime -c "import flows.nightly"`), 6-9 s between Pending and
    Running in bench/served_run.py on a loaded machine. A fork server (`multiprocessing`'s own,
    single-threaded, started once) imports `PRELOADED` and forks each run from there; the run
    still gets a process of its own, its environment from Prefect, and Prefect's signals.
    Upgrading Prefect needs a restart of `ogi serve`, as it did before (the runner is Prefect).
    """
    import multiprocessing

    import prefect.flow_engine as engine

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOADED))
    engine.multiprocessing = _ForkServerContexts(context)  # type: ignore[assignment]


def serve_nightly(
    data_dir: str, cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, strict: bool = False
) -> None:
    """Register the nightly deployment with its schedule and serve it (blocks)."""
    from prefect.schedules import Cron

    from flows.nightly import nightly

    start_runs_preloaded()
    nightly.serve(
        name=DEPLOYMENT,
        schedule=Cron(cron, timezone=timezone),
        parameters={"data_dir": data_dir, "strict": strict},
        description="Crawl, parse, load, check, publish and export, every night.",
        tags=["ogi"],
        pause_on_shutdown=False,
        print_starting_message=False,
    )
