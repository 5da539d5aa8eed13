"""Load runs: one `load_run` row per nightly run, ingest or re-parse.

A run is opened before loading and closed after it; its counts are derived from the
`load_event` rows its loads wrote, so they can never disagree with what actually happened. A
run that crashed stays `running` with no `finished_at`, which is exactly what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

import transform
from core.clock import utc_now
from warehouse.store.results import one_row, scalar
from warehouse.store.transaction import transaction

RUN_STATUSES = ("running", "succeeded", "failed", "cancelled")


@dataclass(frozen=True)
class RunSummary:
    run_id: int
    status: str
    seen: int
    new: int
    revised: int
    unchanged: int
    rederived: int
    rejected: int
    fact_rows: int


def start_run(con: duckdb.DuckDBPyConnection, kind: str) -> int:
    """Open a run and return its id (one more than the highest so far)."""
    with transaction(con):
        run_id = scalar(con, "SELECT coalesce(max(run_id), 0) + 1 FROM load_run")
        con.execute(
            "INSERT INTO load_run (run_id, kind, started_at, status, parser_version) "
            "VALUES (?, ?, ?, 'running', ?)",
            [run_id, kind, utc_now(), transform.PARSER_VERSION],
        )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: int, status: str = "succeeded", message: str | None = None
) -> RunSummary:
    """Close a run with its counts (from `load_event`) and final status."""
    if status not in RUN_STATUSES[1:]:
        raise ValueError(f"a run finishes as {', '.join(RUN_STATUSES[1:])}, not {status!r}")
    counts = one_row(
        con,
        """
        SELECT count(*),
               count(*) FILTER (outcome = 'new'),
               count(*) FILTER (outcome = 'revision'),
               count(*) FILTER (outcome = 'unchanged'),
               count(*) FILTER (outcome = 'rederived'),
               count(*) FILTER (outcome = 'rejected'),
               coalesce(sum(fact_rows), 0)
        FROM load_event WHERE run_id = ?
    """,
        [run_id],
    )
    if not scalar(con, "SELECT count(*) FROM load_run WHERE run_id = ?", [run_id]):
        raise ValueError(f"no load run {run_id}")
    # (no RETURNING: DuckDB would rewrite the row, which the rows referencing the run forbid)
    con.execute(
        """
        UPDATE load_run SET finished_at = ?, status = ?, message = ?, reports_seen = ?,
               reports_new = ?, reports_revised = ?, reports_unchanged = ?,
               reports_rederived = ?, reports_rejected = ?, fact_rows = ?
        WHERE run_id = ?
    """,
        [utc_now(), status, message, *counts, run_id],
    )
    return RunSummary(run_id, status, *counts)


def last_successful_run(con: duckdb.DuckDBPyConnection) -> int | None:
    """The run an export or report describes by default: the newest that finished cleanly."""
    return scalar(con, "SELECT max(run_id) FROM load_run WHERE status = 'succeeded'")


def derived_content(con: duckdb.DuckDBPyConnection, parser_version: str | None = None) -> set[str]:
    """sha256 of every body some run already offered to the loader under `parser_version`
    (default: the current parser), whatever came of it — the nightly run parses only bytes
    outside this set, so an unchanged report is never parsed twice, and a parser upgrade
    (a new version) makes every archived report eligible again."""
    rows = con.execute(
        """
        SELECT DISTINCT e.content_sha256 FROM load_event e JOIN load_run r USING (run_id)
        WHERE r.parser_version = ? AND e.content_sha256 IS NOT NULL
    """,
        [parser_version or transform.PARSER_VERSION],
    ).fetchall()
    return {sha for (sha,) in rows}
