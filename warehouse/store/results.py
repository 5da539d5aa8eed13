"""Reading small query results safely under DuckDB 2.0's streaming results.

DuckDB 2.0 results stream and own their connection until exhausted: after `fetchone()` the
next `register()` or statement on that connection fails with "unfinished result". These
helpers always consume the whole result.
"""

from __future__ import annotations

from typing import Any

import duckdb


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    rows = con.execute(sql, params or []).fetchall()
    if len(rows) != 1:
        raise ValueError(f"expected one row, got {len(rows)}: {sql.strip()[:80]}")
    return rows[0]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> Any:
    return one_row(con, sql, params)[0]
