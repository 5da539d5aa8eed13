"""Stopping a run cleanly on Ctrl-C (SIGINT) or SIGTERM: finish what is in flight, write nothing
half-done, say so, and leave the data directory ready for the next run.

The first signal only sets a flag. Every stage asks `check()` at points where stopping leaves
nothing half-written — before each fetch, between parse batches, between load transactions,
between publish, export and site — and `check()` raises `StopRequested` there. The run then
marks its `load_run` row `cancelled`, the flow returns Prefect's Cancelled state, the lock is
released and `ogi run` exits 130 (SIGINT) or 143 (SIGTERM), as a shell reports a process
that signal ended. A second signal means "now": the process exits at once with the same code
(the kernel releases the run lock; the next run sweeps whatever was left, as after a crash).

The handlers are installed inside the flow body, in the main thread, over the ones Prefect's
engine installs for the duration of a flow run (Prefect would otherwise turn SIGTERM into a
crash). Tasks run in this process's threads and read the same flag; on a Dask cluster the
workers do not see it, and the run stops at the next stage boundary instead.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

log = logging.getLogger(__name__)

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_requested = threading.Event()
_signal: list[int] = []


class StopRequested(Exception):
    """The operator asked the run to stop; raised at the next safe point."""

    def __init__(self, signum: int, where: str):
        self.signum = signum
        self.where = where
        self.recorded = False  # the run's load_run row already says cancelled
        super().__init__(f"stopped by {signal.Signals(signum).name} during {where}")


def exit_code(signum: int) -> int:
    """The status a shell gives a process ended by `signum` (130 for SIGINT, 143 for SIGTERM)."""
    return 128 + signum


def requested() -> bool:
    return _requested.is_set()


def signal_received() -> int | None:
    """The signal that asked for the stop, if one did."""
    return _signal[0] if _signal else None


def check(where: str) -> None:
    """Raise `StopRequested` if a stop was asked for; `where` names the stage for the record."""
    if _requested.is_set():
        raise StopRequested(_signal[0] if _signal else signal.SIGINT, where)


def request(signum: int = signal.SIGINT) -> None:
    """Ask the run to stop, as the signal handler does (tests and `ogi serve` call it too)."""
    if not _signal:
        _signal.append(signum)
    _requested.set()


def reset() -> None:
    _requested.clear()
    _signal.clear()


def _handle(signum: int, _frame: FrameType | None) -> None:
    if _requested.is_set():
        # The second signal: no more waiting. os._exit skips every cleanup on purpose.
        sys.stderr.write(f"\n{signal.Signals(signum).name} again: exiting now\n")
        sys.stderr.flush()
        os._exit(exit_code(_signal[0]))
    request(signum)
    sys.stderr.write(
        f"\n{signal.Signals(signum).name}: stopping after the work in flight "
        "(nothing half-done is kept); press Ctrl-C again to exit at once\n"
    )
    sys.stderr.flush()


@contextmanager
def graceful_stop() -> Iterator[None]:
    """SIGINT and SIGTERM set the stop flag for the duration of the block (main thread only;
    elsewhere signals cannot be handled and the block changes nothing)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    reset()
    previous = {s: signal.signal(s, _handle) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
