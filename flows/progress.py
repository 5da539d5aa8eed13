"""Stage progress for a person at a terminal; silent (logs only) anywhere else.

The flow reports `stage(name, total)` and `advance(name)`; `ogi run` installs a rich progress
display when standard error is a terminal, a scheduled run installs nothing.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Protocol


class Reporter(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, name: str, step: int = 1) -> None: ...


class Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, name: str, step: int = 1) -> None:
        pass


_current: Reporter = Silent()


def reporter() -> Reporter:
    return _current


class RichReporter:
    def __init__(self, progress):
        self.progress = progress
        self.tasks: dict[str, int] = {}

    def stage(self, name: str, total: int | None = None) -> None:
        if name in self.tasks:
            self.progress.update(self.tasks[name], total=total)
        else:
            self.tasks[name] = self.progress.add_task(name, total=total)

    def advance(self, name: str, step: int = 1) -> None:
        if name in self.tasks:
            self.progress.advance(self.tasks[name], step)


@contextmanager
def terminal_progress(console):
    """Show stages as progress bars on `console` for the duration of the block."""
    global _current
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        previous, _current = _current, RichReporter(progress)
        try:
            yield
        finally:
            _current = previous
