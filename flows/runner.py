"""Choosing where tasks run: threads here (default), or a Dask cluster when asked.

Fetching and parsing fan out; the warehouse load stays in the flow's process (one writer).
Each crawl task covers one district, so a host's politeness limits hold even on a cluster.
"""

from __future__ import annotations

from prefect.task_runners import ThreadPoolTaskRunner

from flows.nightly import nightly

THREADS = 8  # crawl tasks are one per district and mostly wait on the network


def nightly_with_runner(dask_address: str | None = None, dask_workers: int = 0):
    """The nightly flow with the requested task runner."""
    if dask_address or dask_workers:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            runner = DaskTaskRunner(address=dask_address)
        else:
            runner = DaskTaskRunner(cluster_kwargs={"n_workers": dask_workers,
                                                    "threads_per_worker": 1})
        return nightly.with_options(task_runner=runner)
    return nightly.with_options(task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
