"""Everything the site shows, read from the published snapshot through the analyst views.

The site must never disagree with `ogi sql`, so every number here is selected from the views
in `sql/views/` (v_coverage, v_report, v_application, v_review_litigation, v_check_result,
v_rates, v_revisions) or summed from them in SQL; Python only arranges rows for the pages.
Facts are fetched in bulk, one query per view, because a page per report means hundreds of
reports and a query each would cost more than all the rendering.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

# Grouping of agencies with no registry district (reports ingested by hand, unknown sites).
NO_DISTRICT = "其他（未登记地区）"

# The disposition mix of the trends page: each table-3 outcome row belongs to one segment.
# Withheld keeps its eight reasons apart; 无法提供 is split into 本机关不掌握 and the rest.
MIX_SEGMENT_SQL = """
    CASE WHEN disposition IN ('granted', 'partially_granted') THEN disposition::VARCHAR
         WHEN disposition_parent = 'withheld' THEN disposition::VARCHAR
         WHEN disposition = 'unavailable.not_held' THEN 'unavailable.not_held'
         WHEN disposition_parent = 'unavailable' THEN 'unavailable.other'
         WHEN disposition_parent = 'not_processed' THEN 'not_processed'
         WHEN disposition = 'other' OR disposition_parent = 'other_group' THEN 'other'
    END"""


@dataclass(frozen=True)
class CoverageCell:
    agency_id: str
    year: int
    status: str  # a v_coverage status
    report_id: int | None
    reports: int  # versions of this agency-year in the warehouse
    checks_failed: int
    title: str | None
    note: str | None  # the parse error, or the wall that blocked the report page


@dataclass
class AgencyRow:
    agency_id: str
    name: str
    district: str
    level: str | None
    cells: dict[int, CoverageCell] = field(default_factory=dict)


@dataclass(frozen=True)
class Coverage:
    years: list[int]
    districts: list[tuple[str, list[AgencyRow]]]

    def cells(self) -> list[CoverageCell]:
        return [c for _, rows in self.districts for row in rows for c in row.cells.values()]


@dataclass
class ReportPage:
    """One current report with its cells and checks, keyed for rendering."""

    meta: dict[str, Any]
    table2: dict[tuple[str, str], tuple[float | None, str | None]] = field(default_factory=dict)
    table3: dict[tuple[str, str], tuple[int | None, bool]] = field(default_factory=dict)
    table4: dict[tuple[str, str], tuple[int | None, bool]] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def coverage(con: duckdb.DuckDBPyConnection) -> Coverage:
    """v_coverage as agency rows grouped by district (the district government first, then
    departments, then streets and towns), each cell with the view's own status."""
    rows = _dicts(
        con,
        """
        SELECT * FROM (
            SELECT c.agency_id, c.agency_name, coalesce(c.district, ?) AS district, a.level,
                   c.year, c.status, c.report_id, c.reports, c.checks_failed, c.title,
                   coalesce(c.parse_error, c.wall_reason) AS note
            FROM v_coverage c JOIN dim_agency a USING (agency_id))
        ORDER BY district = ?, district,
                 CASE level WHEN 'district' THEN 0 WHEN 'department' THEN 1 ELSE 2 END,
                 agency_name, year""",
        [NO_DISTRICT, NO_DISTRICT],
    )
    agencies: dict[str, AgencyRow] = {}
    for r in rows:
        row = agencies.setdefault(
            r["agency_id"], AgencyRow(r["agency_id"], r["agency_name"], r["district"], r["level"])
        )
        row.cells[r["year"]] = CoverageCell(
            r["agency_id"],
            r["year"],
            r["status"],
            r["report_id"],
            r["reports"],
            r["checks_failed"],
            r["title"],
            r["note"],
        )
    grouped: dict[str, list[AgencyRow]] = defaultdict(list)
    for row in agencies.values():
        grouped[row.district].append(row)
    years = sorted({r["year"] for r in rows})
    return Coverage(years, list(grouped.items()))


def unplaced_walls(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Walls (crawl_wall) that v_coverage cannot show on a cell: no readable year, no agency
    for their source, or a year the agency is not expected to report."""
    return _dicts(
        con,
        """
        SELECT w.url, w.source_key AS source, w.agency_name AS agency, w.year, w.reason,
               w.seen_at AS blocked_since
        FROM crawl_wall w LEFT JOIN dim_agency a ON a.source_key = w.source_key
        WHERE w.year IS NULL OR a.agency_id IS NULL
           OR NOT EXISTS (SELECT 1 FROM v_coverage c
                          WHERE c.agency_id = a.agency_id AND c.year = w.year)
        ORDER BY w.url""",
    )


def not_published(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per year, the agencies with no report loaded (missing or blocked), by district."""
    return _dicts(
        con,
        """
        SELECT year, coalesce(district, ?) AS district, agency_id, agency_name, status, wall_reason
        FROM v_coverage WHERE status IN ('missing', 'blocked')
        ORDER BY year DESC, district, agency_name""",
        [NO_DISTRICT],
    )


def not_held_series(con: duckdb.DuckDBPyConnection, min_handled: int) -> list[dict[str, Any]]:
    """Every agency-year where both the not-held cell and the handled total are printed, for
    agencies with at least `min_handled` requests handled over those years (v_rates)."""
    return _dicts(
        con,
        """
        SELECT agency_id, agency_name, coalesce(district, ?) AS district, year, not_held, handled
        FROM v_rates
        WHERE not_held IS NOT NULL AND handled IS NOT NULL AND handled > 0
        QUALIFY sum(handled) OVER (PARTITION BY agency_id) >= ?
        ORDER BY agency_id, year""",
        [NO_DISTRICT, min_handled],
    )


def report_pages(con: duckdb.DuckDBPyConnection) -> dict[int, ReportPage]:
    """Every current report with provenance, table 2, 3 and 4 cells, checks, other versions."""
    pages = {
        r["report_id"]: ReportPage(r)
        for r in _dicts(
            con,
            """
        SELECT v.*, r.parse_error, r.warnings, r.form, r.agency_name_printed,
               coalesce(a.district, ?) AS district
        FROM v_report v JOIN report r USING (report_id) JOIN dim_agency a ON a.agency_id = v.agency_id
        ORDER BY v.report_id""",
            [NO_DISTRICT],
        )
    }
    for report_id, disposition, applicant, value, blank in con.execute(
        "SELECT report_id, disposition::VARCHAR, applicant::VARCHAR, value, is_blank FROM v_application"
    ).fetchall():
        pages[report_id].table3[(disposition, applicant)] = (value, blank)
    for report_id, proceeding, outcome, value, blank in con.execute(
        "SELECT report_id, proceeding::VARCHAR, outcome::VARCHAR, value, is_blank FROM v_review_litigation"
    ).fetchall():
        pages[report_id].table4[(proceeding, outcome)] = (value, blank)
    for report_id, item, measure, value, raw_text in con.execute(
        "SELECT report_id, item::VARCHAR, measure::VARCHAR, value, raw_text FROM v_proactive"
    ).fetchall():
        pages[report_id].table2[(item, measure)] = (value, raw_text)
    for check in _dicts(
        con,
        """
            SELECT report_id, rule, scope, subject, status, expected, actual, message
            FROM v_check_result ORDER BY report_id, scope DESC, rule, subject""",
    ):
        pages[check["report_id"]].checks.append(check)
    by_agency_year = {(p.meta["agency_id"], p.meta["year"]): p for p in pages.values()}
    for version in _dicts(
        con,
        """
            SELECT agency_id, year, report_id, is_current, published_date, fetched_at,
                   source_url, content_sha256, title
            FROM v_revisions ORDER BY agency_id, year, fetched_at DESC""",
    ):
        page = by_agency_year.get((version["agency_id"], version["year"]))
        if page is not None:
            page.versions.append(version)
    return pages


def mix_by_district(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Sum of each disposition-mix segment per district and year (总计 column, current reports).

    Also one row per year with district NULL: every agency together. Blank cells are NULL and
    add nothing, as in any SQL sum.
    """
    return _dicts(
        con,
        f"""
        SELECT CASE WHEN GROUPING(district) = 1 THEN NULL ELSE district END AS district,
               year, segment, sum(value) AS requests
        FROM (SELECT coalesce(a.district, ?) AS district, f.year, {MIX_SEGMENT_SQL} AS segment,
                     f.value
              FROM v_application f JOIN dim_agency a USING (agency_id)
              WHERE f.applicant = 'total')
        WHERE segment IS NOT NULL
        GROUP BY GROUPING SETS ((district, year, segment), (year, segment))
        ORDER BY district NULLS FIRST, year, segment""",
        [NO_DISTRICT],
    )


def received_by_district(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Requests received (一、本年新收, 总计), requests handled ((七)总计) and the number of
    reports printing them, per district and year, over reports with a standard table;
    district NULL = all agencies, listed first; agencies with no district last."""
    return _dicts(
        con,
        """
        SELECT CASE WHEN GROUPING(district) = 1 THEN NULL ELSE district END AS district, year,
               count(*) AS reports, count(new_received) AS reports_with_received,
               sum(new_received) AS received, sum(total_processed) AS handled
        FROM (SELECT coalesce(a.district, ?) AS district, w.year, w.new_received,
                     w.total_processed
              FROM v_table3_wide w JOIN dim_agency a USING (agency_id)
              WHERE w.template IS NOT NULL)
        GROUP BY GROUPING SETS ((district, year), (year))
        ORDER BY district IS NOT NULL, district = ?, district, year""",
        [NO_DISTRICT, NO_DISTRICT],
    )


def top_not_held(
    con: duckdb.DuckDBPyConnection, limit: int = 15, min_handled: int = 10
) -> list[dict[str, Any]]:
    """Agencies with the highest pooled 本机关不掌握 share over all their years (v_rates), counting
    only years where both the not-held cell and the handled total are printed."""
    return _dicts(
        con,
        """
        SELECT agency_id, any_value(agency_name) AS agency_name, count(*) AS years,
               sum(not_held) AS not_held, sum(handled) AS handled,
               share(sum(not_held), sum(handled)) AS not_held_share
        FROM v_rates
        WHERE not_held IS NOT NULL AND handled IS NOT NULL
        GROUP BY agency_id
        HAVING sum(handled) >= ?
        ORDER BY not_held_share DESC, handled DESC, agency_name
        LIMIT ?""",
        [min_handled, limit],
    )


def failing_checks(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every failing rule result of a current report, with the rule's description."""
    return _dicts(
        con,
        """
        SELECT c.rule, k.description, c.scope, c.report_id, r.agency_id, r.agency_name, c.year,
               c.subject, c.expected, c.actual, c.message
        FROM v_check_result c JOIN v_report r USING (report_id)
        LEFT JOIN dim_check_rule k USING (rule)
        WHERE c.status = 'fail'
        ORDER BY c.rule, r.agency_name, c.year, c.subject""",
    )


def check_summary(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(con, "SELECT * FROM v_check_summary ORDER BY scope DESC, rule")


def labels(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """The dimension rows (codes, Chinese labels, parents, template order) pages lay out by."""
    return {
        "dispositions": _dicts(
            con,
            "SELECT code, label_zh, label_en, parent_code, is_group, "
            "sort_order FROM dim_disposition ORDER BY sort_order",
        ),
        "applicants": _dicts(con, "SELECT code, label_zh, label_en FROM dim_applicant ORDER BY sort_order"),
        "proceedings": _dicts(con, "SELECT code, label_zh, label_en FROM dim_proceeding ORDER BY sort_order"),
        "outcomes": _dicts(con, "SELECT code, label_zh, label_en FROM dim_outcome ORDER BY sort_order"),
        "items": _dicts(con, "SELECT code, label_zh, label_en FROM dim_proactive_item ORDER BY sort_order"),
        "measures": _dicts(
            con, "SELECT code, label_zh, label_en FROM dim_proactive_measure ORDER BY sort_order"
        ),
        "rules": _dicts(con, "SELECT rule, scope, description FROM dim_check_rule ORDER BY rule"),
    }


def latest_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    runs = _dicts(con, "SELECT * FROM load_run WHERE status = 'succeeded' ORDER BY run_id DESC LIMIT 1")
    return runs[0] if runs else None
