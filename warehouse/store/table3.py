"""Table 3's 总计 column per report (`report_table3`, migration 0008), written with the report.

Analysts read table 3 mostly through its printed totals: requests received, granted, not
held, handled. Pivoting them out of `fact_application` (~26 cells of 196 per report) on every
query made busiest_agencies, not_held_trend and grant_rate_ranking cost 2.1-2.5 s at 1,000,000
reports, so the loader pivots each batch once, from the rows it has just staged, in the same
transaction as the cells: the table can never disagree with them. It copies printed values and
the parser's own t3.total_processed result; nothing is recomputed. `fact_application` stays
the record; `v_table3_wide` and `v_rates` read this table.
"""

from __future__ import annotations

import re

import duckdb

from warehouse.store.results import scalar

TABLE = "report_table3"
# Columns after the one per row code (their order is the migration's).
EXTRA_COLUMNS = ("withheld", "handled_adds_up")

_CODES = "SELECT code FROM dim_disposition WHERE NOT is_group ORDER BY sort_order"
_WITHHELD = "SELECT code FROM dim_disposition WHERE parent_code = 'withheld' ORDER BY sort_order"
# What a row code may be to stand in this module's SQL as a column name and a literal: the
# canonical codes (transform.codes) are lower-case words joined by dots and underscores.
_CODE_SHAPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\Z")


class Table3ColumnsError(RuntimeError):
    """`report_table3` lacks a column for a table-3 row code (a migration must add it)."""


def column_name(code: str) -> str:
    """A row code as a column name: dots become underscores (withheld.state_secret →
    withheld_state_secret)."""
    return code.replace(".", "_")


def _codes(con: duckdb.DuckDBPyConnection, query: str) -> list[str]:
    """The row codes `query` selects, each checked to be a canonical code's shape, since the
    pivot splices them into SQL."""
    codes = [code for (code,) in con.execute(query).fetchall()]
    odd = [code for code in codes if not _CODE_SHAPE.match(code)]
    if odd:
        raise Table3ColumnsError(f"dim_disposition holds codes that cannot name a column: {odd}")
    return codes


def check_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a warehouse whose `report_table3` does not hold one column per row code, in
    template order: a code added to `transform.codes` needs a migration adding its column."""
    present = scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [TABLE])
    if not present:
        return
    columns = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND database_name = current_database() ORDER BY column_index",
            [TABLE],
        ).fetchall()
    ]
    wanted = ["report_id", *map(column_name, _codes(con, _CODES)), *EXTRA_COLUMNS]
    if columns != wanted:
        raise Table3ColumnsError(
            f"{TABLE} has columns {columns}, but the table-3 row codes need {wanted}; "
            "add a migration that adds the missing columns"
        )


def insert_batch(con: duckdb.DuckDBPyConnection, reports: str, cells: str, checks: str) -> None:
    """One row per report of the staged `reports`, pivoted from its staged `cells` (the
    fact_application rows) and `checks` (the check_result rows): run inside the batch's
    transaction, after those rows are inserted."""
    pivot = ",\n       ".join(
        f"max(f.value) FILTER (f.disposition = '{code}') AS {column_name(code)}"
        for code in _codes(con, _CODES)
    )
    withheld = ", ".join(f"'{code}'" for code in _codes(con, _WITHHELD))
    in_withheld = f"f.disposition IN ({withheld})"
    con.execute(f"""
        INSERT INTO {TABLE} BY NAME
        WITH cells AS (
            SELECT f.report_id,
                   {pivot},
                   CASE WHEN count(*) FILTER ({in_withheld}) > 0
                             AND count(*) FILTER ({in_withheld} AND f.is_blank) = 0
                        THEN sum(f.value) FILTER ({in_withheld}) END AS withheld
            FROM {cells} f
            WHERE f.applicant = 'total'
            GROUP BY f.report_id),
        consistency AS (
            SELECT report_id, bool_and(status = 'pass') AS handled_adds_up
            FROM {checks}
            WHERE rule = 't3.total_processed' AND subject = 'total'
            GROUP BY report_id)
        SELECT r.report_id, c.* EXCLUDE (report_id), k.handled_adds_up
        FROM {reports} r
        LEFT JOIN cells c USING (report_id)
        LEFT JOIN consistency k USING (report_id)
        ORDER BY r.report_id""")
