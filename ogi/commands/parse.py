"""`ogi parse PATH...`: JSON Lines, one object per input (CONTRACT.md §2)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from ogi.commands.inputs import fail


def parse_command(
    paths: list[Path] = typer.Argument(..., help="Report files: HTML, PDF, DOCX, DOC, text, markdown."),
    summary: bool = typer.Option(False, "--summary", help="Print a human summary instead of JSON."),
) -> None:
    """Parse report files into canonical facts; touches no data directory."""
    from transform.parse import parse_contained

    for path in paths:
        if path.is_dir():
            fail("parse", f"{path} is a folder; give report files (e.g. {path}/*.pdf)")
        if not path.is_file():
            fail("parse", f"cannot read {path}: no such file")
    results = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            fail("parse", f"cannot read {path}: {exc.strerror}")
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
