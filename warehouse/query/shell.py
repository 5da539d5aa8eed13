"""What `ogi sql` does: resolve a query, run it on the snapshot, print it as table, CSV or JSON.

A query argument is a `.sql` file, the name of an analyst query in `sql/queries/` (e.g.
`not_held_by_agency`), or SQL text. A file may hold several statements; the last one's
result is printed. The interactive shell reads statements ending in `;` and a few dot
commands (`.help`). Output is plain text, so it pipes and diffs cleanly.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb
from rich.cells import cell_len

from core.resources import sql_dir

QUERIES_DIR = sql_dir("queries")
FORMATS = ("table", "csv", "json")


class QueryError(ValueError):
    """The query could not be found or run; the message says which and why."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def named_queries() -> dict[str, str]:
    """Analyst queries by name, with the question their header comment opens with."""
    out = {}
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        header = []
        for line in path.read_text("utf-8").splitlines():
            if not line.startswith("--"):
                break
            header.append(line.lstrip("- ").strip())
        text = " ".join(header)
        end = text.find("?")
        out[path.stem] = text[: end + 1] if end >= 0 else text.split(". ")[0]
    return out


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # SQL text is rarely a valid file name (too long, NUL, …)
        return False


def resolve_query(argument: str) -> str:
    """SQL text for a file path, a named analyst query, or SQL given inline."""
    path = Path(argument)
    if argument.endswith(".sql") or _is_file(path):
        if not _is_file(path):
            named = QUERIES_DIR / path.name
            if not named.is_file():
                raise QueryError(f"no such query file: {argument}")
            path = named
        return path.read_text(encoding="utf-8")
    named = QUERIES_DIR / f"{argument}.sql"
    if _is_file(named):
        return named.read_text(encoding="utf-8")
    return argument


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> QueryResult:
    try:
        result = con.execute(sql)
        if result.description is None:
            return QueryResult([], [])
        columns = [d[0] for d in result.description]
        return QueryResult(columns, result.fetchall())
    except duckdb.Error as exc:
        raise QueryError(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc


def _plain(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _text(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1e15 else repr(value)
    plain = _plain(value)
    return json.dumps(plain, ensure_ascii=False) if isinstance(plain, list | dict) else str(plain)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - cell_len(text))
    return gap + text if right else text + gap


def write_table(result: QueryResult, out: IO[str]) -> None:
    """Aligned columns (Chinese text counts double width), numbers right-aligned."""
    if not result.columns:
        out.write("OK\n")
        return
    cells = [[_text(v) for v in row] for row in result.rows]
    numeric = [
        all(isinstance(row[i], int | float | decimal.Decimal) or row[i] is None for row in result.rows)
        and any(row[i] is not None for row in result.rows)
        for i in range(len(result.columns))
    ]
    widths = [max([cell_len(c)] + [cell_len(row[i]) for row in cells]) for i, c in enumerate(result.columns)]
    out.write(
        "  ".join(_pad(c, w, n) for c, w, n in zip(result.columns, widths, numeric, strict=True)).rstrip()
        + "\n"
    )
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(
            "  ".join(_pad(c, w, n) for c, w, n in zip(row, widths, numeric, strict=True)).rstrip() + "\n"
        )
    out.write(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n")


def write_csv(result: QueryResult, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else _text(v) for v in row])


def write_json(result: QueryResult, out: IO[str]) -> None:
    """JSON Lines: one object per row (as `ogi parse` does), streamable and greppable."""
    for row in result.rows:
        out.write(
            json.dumps(dict(zip(result.columns, (_plain(v) for v in row), strict=True)), ensure_ascii=False)
            + "\n"
        )


WRITERS: dict[str, Callable[[QueryResult, IO[str]], None]] = {
    "table": write_table,
    "csv": write_csv,
    "json": write_json,
}

HELP = """Statements end with ';'. Commands:
  .tables            tables and views, with what they hold
  .queries           the analyst queries in sql/queries (run one with .run NAME)
  .run NAME          run an analyst query
  .format FORMAT     table, csv or json
  .help              this text
  .quit              leave (or Ctrl-D)
"""


def _dot_command(con: duckdb.DuckDBPyConnection, line: str, state: dict, out: IO[str]) -> bool:
    """Handle a dot command; False means quit."""
    command, _, argument = line.strip().partition(" ")
    argument = argument.strip().rstrip(";")
    if command in (".quit", ".exit", ".q"):
        return False
    if command == ".help":
        out.write(HELP)
    elif command == ".tables":
        WRITERS[state["format"]](
            run_query(
                con,
                (
                    "SELECT DISTINCT kind, object_name, object_comment FROM v_data_dictionary "
                    "ORDER BY kind, object_name"
                ),
            ),
            out,
        )
    elif command == ".queries":
        WRITERS[state["format"]](QueryResult(["query", "question"], list(named_queries().items())), out)
    elif command == ".run":
        WRITERS[state["format"]](run_query(con, resolve_query(argument)), out)
    elif command == ".format" and argument in FORMATS:
        state["format"] = argument
    else:
        out.write(f"unknown command {line.strip()!r}; try .help\n")
    return True


def interactive(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    source: IO[str] | None = None,
    out: IO[str] | None = None,
    banner: str = "",
) -> None:
    """A small SQL shell; prompts only when attached to a terminal."""
    source, out = source or sys.stdin, out or sys.stdout
    tty = source.isatty()
    state = {"format": fmt}
    if tty and banner:
        out.write(banner)
    pending: list[str] = []
    while True:
        if tty:
            try:
                line = input("ogi> " if not pending else "...> ")
            except EOFError:
                out.write("\n")
                break
        else:
            line = source.readline()
            if not line:
                break
        if not pending and line.strip().startswith("."):
            try:
                if not _dot_command(con, line, state, out):
                    break
            except QueryError as exc:
                out.write(f"error: {exc}\n")
            continue
        pending.append(line)
        if line.rstrip().endswith(";"):
            statement, pending = "\n".join(pending), []
            try:
                WRITERS[state["format"]](run_query(con, statement), out)
            except QueryError as exc:
                out.write(f"error: {exc}\n")
    if pending and "".join(pending).strip():
        try:
            WRITERS[state["format"]](run_query(con, "\n".join(pending)), out)
        except QueryError as exc:
            out.write(f"error: {exc}\n")


def execute_and_print(
    con: duckdb.DuckDBPyConnection, queries: Sequence[str], fmt: str, out: IO[str] | None = None
) -> None:
    out = out or sys.stdout
    for query in queries:
        WRITERS[fmt](run_query(con, resolve_query(query)), out)
