"""`ogi parse PATH...`: JSON Lines, one object per input (CONTRACT.md §2)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def parse_command(
    paths: list[Path] = typer.Argument(..., help="Report files: HTML, PDF, DOCX, DOC, text, markdown."),
    summary: bool = typer.Option(False, "--summary", help="Print a human summary instead of JSON."),
) -> None:
    """Parse report files into canonical facts; touches no data directory."""
    from transform.parse import parse_contained

    for path in paths:
        if not path.is_file():
            typer.echo(f"ogi parse: cannot read {path}: no such file", err=True)
            raise typer.Exit(2)
    results = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            typer.echo(f"ogi parse: cannot read {path}: {exc.strerror}", err=True)
            raise typer.Exit(2) from exc
        result = parse_contained(data, source=str(path))
        if summary:
            results.append(result)
        else:
            sys.stdout.buffer.write(result.to_json_line())
            sys.stdout.buffer.flush()
    if summary:
        from ogi.commands._summary import print_parse_summary

        print_parse_summary(results)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_command)
