"""Choosing where tasks run: the flow's thread pool (default), or a Dask cluster when asked.

Fetching and parsing fan out; the warehouse load stays in the flow's process (one writer).
Each crawl task covers one district, so a host's politeness limits hold even on a cluster.
"""

from __future__ import annotations

from flows.nightly import nightly


def nightly_with_runner(dask_address: str | None = None, dask_workers: int = 0):
    """The nightly flow, on a Dask cluster at `dask_address` or a local one of `dask_workers`
    processes, or on its own thread pool when neither is given."""
    if not (dask_address or dask_workers):
        return nightly
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return nightly.with_options(task_runner=DaskTaskRunner(address=dask_address))
    return nightly.with_options(
        task_runner=DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers, "threads_per_worker": 1})
    )
