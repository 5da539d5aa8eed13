"""Check results counted per report, rule and status (`check_tally`, migration 0009).

"Which identities fail, and how often?" counts results over every current report: 43 M rows of
`check_result` at 1,000,000 reports (2.6 s per query). The counts are kept beside the results
instead, written by the statements that write the results, in their transaction: the loader
counts a batch's staged results (`insert_batch`), and `run_cross_checks` recounts the cross
rules it has just replaced (`replace_rules`). `check_result` stays the record.
"""

from __future__ import annotations

import duckdb

TABLE = "check_tally"


def insert_batch(con: duckdb.DuckDBPyConnection, checks: str) -> None:
    """Count the staged results `checks` (a batch's check_result rows) into the tally."""
    con.execute(f"""
        INSERT INTO {TABLE} BY NAME
        SELECT report_id, rule, status, count(*) AS results
        FROM {checks}
        GROUP BY ALL
        ORDER BY ALL""")


def replace_rules(con: duckdb.DuckDBPyConnection, rules: list[str]) -> None:
    """Recount `rules` from check_result (after their results were replaced)."""
    con.execute(f"DELETE FROM {TABLE} WHERE rule IN (SELECT unnest(?))", [rules])
    con.execute(
        f"""
        INSERT INTO {TABLE} BY NAME
        SELECT report_id, rule, status, count(*) AS results
        FROM check_result
        WHERE rule IN (SELECT unnest(?))
        GROUP BY ALL
        ORDER BY ALL""",
        [rules],
    )
