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


def time_queries(database: Path, repeat: int = 3) -> list[tuple[str, float, int]]:
    """(query name, best wall time in seconds, rows) for every analyst query."""
    import duckdb

    from warehouse.query.shell import QUERIES_DIR, resolve_query

    con = duckdb.connect(str(database), read_only=True)
    timings = []
    try:
        for path in sorted(QUERIES_DIR.glob("*.sql")):
            sql = resolve_query(str(path))
            best, rows = float("inf"), 0
            for _ in range(repeat):
                started = time.perf_counter()
                rows = len(con.execute(sql).fetchall())
                best = min(best, time.perf_counter() - started)
            timings.append((path.stem, best, rows))
    finally:
        con.close()
    return timings


def print_timings(timings: list[tuple[str, float, int]]) -> None:
    print(f"{'query':32} {'best s':>8} {'rows':>8}")
    for name, seconds, rows in timings:
        flag = "" if seconds < TARGET_SECONDS else "  OVER TARGET"
        print(f"{name:32} {seconds:8.3f} {rows:8d}{flag}")
    worst = max(timings, key=lambda t: t[1])
    print(f"slowest: {worst[0]} {worst[1]:.3f} s (target < {TARGET_SECONDS:.0f} s each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print_timings(time_queries(args.database, args.repeat))


if __name__ == "__main__":
    main()
