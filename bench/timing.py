"""What every timing bench shares: one core, and the least of repeated measurements.

The least of several runs is the run least disturbed by the rest of the machine; pinning to one
core makes "per core" figures mean that on a machine with more.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable


def one_core() -> None:
    """Run this process (and what it starts) on one core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pdftotext, say)."""
    own, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own + children.ru_utime + children.ru_stime


def best_of(repeat: int, fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    """Least time, by `clock`, of `repeat` calls of `fn`."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)
