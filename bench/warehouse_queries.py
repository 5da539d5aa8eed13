"""Time every analyst query in sql/queries/ on a warehouse file (best of N runs, read-only).

    uv run python bench/warehouse_queries.py PATH/TO/warehouse.duckdb [--repeat 3]

Target: every query under 2 s at the scale of 1,000,000 reports (see bench/warehouse_load.py,
which builds such a warehouse and calls this).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 2.0  # the brief's target at 1,000,000 reports


def time_queries(database: Path, repeat: int = 3) -> list[tuple[str, float, float, int]]:
    """(query name, best seconds to an Arrow table, best seconds to Python rows, rows) for
    every analyst query. The first is the query (a client that reads results in bulk: pandas,
    parquet, `ogi sql --format csv` of a big result); the second adds making a Python tuple
    per row, which dominates queries returning millions of rows."""

    from warehouse.query.shell import QUERIES_DIR, resolve_query
    from warehouse.store.db import connect_reader

    con = connect_reader(database)  # what `ogi sql` opens (memory cap included)
    timings = []
    try:
        for path in sorted(QUERIES_DIR.glob("*.sql")):
            sql = resolve_query(str(path))
            best_arrow = best_rows = float("inf")
            rows = 0
            for _ in range(repeat):
                started = time.perf_counter()
                # con.sql, not con.execute: a DB-API result's Arrow output copies the rows again
                rows = con.sql(sql).to_arrow_table().num_rows
                best_arrow = min(best_arrow, time.perf_counter() - started)
                started = time.perf_counter()
                con.execute(sql).fetchall()
                best_rows = min(best_rows, time.perf_counter() - started)
            timings.append((path.stem, best_arrow, best_rows, rows))
    finally:
        con.close()
    return timings


def print_timings(timings: list[tuple[str, float, float, int]]) -> None:
    print(f"{'query':32} {'arrow s':>8} {'rows s':>8} {'rows':>9}")
    for name, arrow, python_rows, rows in timings:
        flag = "" if arrow < TARGET_SECONDS else "  OVER TARGET"
        flag += "" if python_rows < TARGET_SECONDS else "  (python rows over target)"
        print(f"{name:32} {arrow:8.3f} {python_rows:8.3f} {rows:9d}{flag}")
    worst = max(timings, key=lambda t: t[1])
    print(
        f"slowest: {worst[0]} {worst[1]:.3f} s to Arrow, {worst[2]:.3f} s to Python rows "
        f"(target < {TARGET_SECONDS:.0f} s each)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_timings(time_queries(args.database, args.repeat))


if __name__ == "__main__":
    main()
