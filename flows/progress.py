"""Progress for a person at a terminal; silent (logs only) anywhere else.

The flow reports `stage(name, total)` and `advance(name)` for parse, load, export and site;
the crawl reports every fetch and every report found (`fetched`, `report`), shown as one line
per host: pages, reports, 304s (not modified) and errors. `ogi run` and `ogi crawl` install a
rich display when standard error is a terminal; a scheduled run, a pipe or a log file gets
nothing but the summary at the end. The reporter is a module global because Prefect tasks run
in this process's threads; a task on a Dask worker sees the silent default.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from core.progress import Tick
from extract.urls import host_of

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.progress import Progress, ProgressColumn, Task, TaskID

# Fetch outcomes shown as errors on a host's line (walls and refusals are counted, not errors).
ERROR_OUTCOMES = frozenset({"error", "rejected"})


class Reporter(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, name: str, step: int = 1) -> None: ...
    def fetched(self, source: str, url: str, outcome: str, change: str) -> None: ...
    def report(self, source: str, ref: object) -> None: ...


class Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, name: str, step: int = 1) -> None:
        pass

    def fetched(self, source: str, url: str, outcome: str, change: str) -> None:
        pass

    def report(self, source: str, ref: object) -> None:
        pass


_current: Reporter = Silent()


def reporter() -> Reporter:
    return _current


def ticks(name: str) -> Tick:
    """A step's own (done, total) calls, counted from 1, as the stage `name`: its bar is sized on
    the first."""
    current = reporter()

    def tick(done: int, total: int) -> None:
        if done == 1:
            current.stage(name, total)
        current.advance(name)

    return tick


def _host_line(host: str, counts: Counter) -> str:
    return (
        f"{host:<28} {counts['pages']:>5} pages {counts['reports']:>4} reports "
        f"{counts['304']:>4} not modified {counts['errors']:>3} errors"
    )


class RichReporter:
    """Stages as bars, and the crawl as one counting line per host (rich is thread-safe)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}
        self.hosts: dict[str, tuple[TaskID, Counter]] = {}
        self.host_of_source: dict[str, str] = {}
        self._lock = threading.Lock()

    def stage(self, name: str, total: int | None = None) -> None:
        if name in self.tasks:
            self.progress.update(self.tasks[name], total=total)
        else:
            self.tasks[name] = self.progress.add_task(name, total=total)

    def advance(self, name: str, step: int = 1) -> None:
        if name in self.tasks:
            self.progress.advance(self.tasks[name], step)

    def _count(self, host: str, *keys: str) -> None:
        with self._lock:
            if host not in self.hosts:
                self.hosts[host] = (self.progress.add_task(host, total=None, host=True), Counter())
            task, counts = self.hosts[host]
            counts.update(keys)
            line = _host_line(host, counts)
        self.progress.update(task, description=line)

    def fetched(self, source: str, url: str, outcome: str, change: str) -> None:
        host = host_of(url)
        self.host_of_source.setdefault(source, host)
        keys = ["pages"]
        if outcome == "not_modified":
            keys.append("304")
        elif outcome in ERROR_OUTCOMES:
            keys.append("errors")
        self._count(host, *keys)

    def report(self, source: str, ref: object) -> None:
        host = host_of(getattr(ref, "url", "")) or self.host_of_source.get(source, source)
        self._count(host, "reports")


def _columns() -> tuple[ProgressColumn, ...]:
    """A bar and m/n for stages; a host's line is its description alone."""
    from rich.progress import BarColumn, MofNCompleteColumn, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class StageOnly(ProgressColumn):
        def __init__(self, column: ProgressColumn) -> None:
            super().__init__()
            self.column = column

        def render(self, task: Task) -> RenderableType:
            return Text("") if task.fields.get("host") else self.column(task)

    return (
        TextColumn("{task.description:<10}"),
        StageOnly(BarColumn()),
        StageOnly(MofNCompleteColumn()),
        TimeElapsedColumn(),
    )


@contextmanager
def terminal_progress(console: Console) -> Iterator[Reporter]:
    """Show stages and hosts on `console` for the duration of the block; the display goes away
    at the end (`transient`), leaving the one summary the command prints."""
    global _current
    from rich.progress import Progress

    with Progress(*_columns(), console=console, transient=True) as progress:
        previous, _current = _current, RichReporter(progress)
        try:
            yield _current
        finally:
            _current = previous


@contextmanager
def progress_for(console: Console) -> Iterator[Reporter]:
    """A rich display when `console` is a terminal, else the silent reporter."""
    if console.is_terminal:
        with terminal_progress(console) as shown:
            yield shown
    else:
        yield _current
