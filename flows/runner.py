"""Choosing where tasks run: the flow's thread pool (default), or a Dask cluster when asked.

Fetching and parsing fan out; the warehouse load stays in the flow's process (one writer).
Each crawl task covers one district, so a host's politeness limits hold even on a cluster.
"""

from __future__ import annotations

from typing import Any

from prefect import Flow, State

from flows.nightly import nightly
from flows.report import RunReport


def nightly_with_runner(
    dask_address: str | None = None, dask_workers: int = 0
) -> Flow[..., RunReport | State[Any]]:
    """The nightly flow, on a Dask cluster at `dask_address` or a local one of `dask_workers`
    processes, or on its own thread pool when neither is given."""
    if not (dask_address or dask_workers):
        return nightly
    from prefect_dask import DaskTaskRunner

    if dask_address:
        runner = DaskTaskRunner(address=dask_address)
    else:
        runner = DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1})
    # A gap in Prefect's types (see flows/nightly.py): `task_runner` is typed as the invariant
    # TaskRunner[PrefectFuture[Any]], which DaskTaskRunner (a TaskRunner of Dask futures) is not.
    return nightly.with_options(task_runner=runner)  # type: ignore[arg-type]
