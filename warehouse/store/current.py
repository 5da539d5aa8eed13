"""Which version of an agency-year is current: the one rule, used by every write that can change it.

An agency may publish a corrected report for the same year; every version stays in `report`,
and exactly one per agency and year is current: the row of `current_report`, whose primary
key (agency_id, year) makes a second one impossible, mirrored in `report.is_current` (the
contract's column, and what views filter on) by the same statements. The newest wins — by
publish date, then fetch time, then the later load (fetch times are to the second, so two
captures a second apart would otherwise tie), then the id — but only among versions that
yielded numbers: a page
re-published broken or emptied never hides the numbers of the one before, and a report that
yielded no table is current only when no version did. Loads (`warehouse.store.load`) and agency
re-attribution (`warehouse.store.agency_sync`) both end by calling `recompute_current` for the
agency-years they touched, inside their own transaction.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from warehouse.store.transaction import Register


def recompute_current(
    con: duckdb.DuckDBPyConnection, pairs: set[tuple[str, int]], register: Register
) -> None:
    """The newest report of each touched agency-year is current, every other one is not; a
    report that yielded no table (or failed to parse) is current only if none did. An
    agency-year with no report left has no current report."""
    ordered = sorted(pairs)
    register(
        "stage_pairs",
        pa.table(
            {
                "agency_id": pa.array([a for a, _ in ordered]),
                "year": pa.array([y for _, y in ordered], pa.int16()),
            }
        ),
    )
    con.execute("""
        CREATE OR REPLACE TEMP TABLE current_pick AS
        SELECT agency_id, year, report_id,
               row_number() OVER (PARTITION BY agency_id, year
                                  ORDER BY parse_status = 'parsed' DESC,
                                           published_date DESC NULLS LAST,
                                           fetched_at DESC NULLS LAST,
                                           loaded_run_id DESC,
                                           report_id DESC) = 1 AS newest
        FROM report
        WHERE (agency_id, year) IN (SELECT agency_id, year FROM stage_pairs)
    """)
    con.execute(
        "DELETE FROM current_report WHERE (agency_id, year) IN (SELECT agency_id, year FROM stage_pairs)"
    )
    con.execute("INSERT INTO current_report SELECT agency_id, year, report_id FROM current_pick WHERE newest")
    con.execute("""
        UPDATE report SET is_current = pick.newest FROM current_pick AS pick
        WHERE report.report_id = pick.report_id AND report.is_current <> pick.newest
    """)
    con.execute("DROP TABLE current_pick")  # (a rollback drops it too)
