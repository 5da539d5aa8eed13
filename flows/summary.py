"""The run summary printed for the person who ran it (the Prefect artifact says the same)."""

from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown

from flows.report import RunReport


def print_run(report: RunReport, console: Console, limit: int = 200) -> None:
    console.print(Markdown(report.markdown(limit)))
