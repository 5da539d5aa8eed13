"""Consistency rules across reports and against report metadata (rule codes in `warehouse.store.rules`).

The parser checks each report on its own; some errors only show between reports: last year's
结转下年度 that does not reappear as this year's 上年结转, a 现行有效件数 stock that moves by
more than what was issued and repealed, a report filed under a year its own title or publish
date contradicts. `run_cross_checks` recomputes all of them from scratch over the current
reports (set-wise SQL for the arithmetic ones), replacing the previous cross results in one
transaction, so the results never depend on the order reports arrived in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from core.titles import report_year
from warehouse.store import tally
from warehouse.store.rules import CARRYOVER, CROSS_RULES, IN_FORCE_STOCK, YEAR_VS_PUBLISHED, YEAR_VS_TITLE
from warehouse.store.transaction import transaction

_CARRYOVER_SQL = f"""
WITH current_report AS (SELECT report_id, agency_id, year FROM report WHERE is_current),
this_year AS (
    SELECT c.report_id, c.agency_id, c.year, f.applicant, f.value, f.is_blank
    FROM current_report c JOIN fact_application f USING (report_id)
    WHERE f.disposition = 'carried_over'),
last_year AS (
    SELECT c.agency_id, c.year, f.applicant, f.value, f.is_blank
    FROM current_report c JOIN fact_application f USING (report_id)
    WHERE f.disposition = 'carried_forward')
SELECT t.report_id, '{CARRYOVER}' AS rule, t.applicant::VARCHAR AS subject,
       CASE WHEN t.is_blank OR l.is_blank THEN 'not_assessable'
            WHEN t.value = l.value THEN 'pass' ELSE 'fail' END AS status,
       l.value::DOUBLE AS expected, t.value::DOUBLE AS actual,
       CASE WHEN t.value <> l.value THEN
           format('{{}}年 上年结转 {{}} ≠ {{}}年 结转下年度继续办理 {{}}',
                  t.year, t.value, l.year, l.value) END AS message
FROM this_year t
JOIN last_year l ON l.agency_id = t.agency_id AND l.year = t.year - 1
                AND l.applicant = t.applicant
"""

_IN_FORCE_SQL = f"""
WITH stock AS (
    SELECT r.report_id, r.agency_id, r.year, p.item,
           max(p.value) FILTER (p.measure = 'in_force') AS in_force,
           max(p.value) FILTER (p.measure = 'issued') AS issued,
           max(p.value) FILTER (p.measure = 'repealed') AS repealed
    FROM report r JOIN fact_proactive p USING (report_id)
    WHERE r.is_current AND p.measure IN ('in_force', 'issued', 'repealed')
    GROUP BY ALL)
SELECT t.report_id, '{IN_FORCE_STOCK}' AS rule, t.item::VARCHAR AS subject,
       CASE WHEN t.in_force IS NULL OR l.in_force IS NULL OR t.issued IS NULL
                 OR t.repealed IS NULL THEN 'not_assessable'
            WHEN t.in_force = l.in_force + t.issued - t.repealed THEN 'pass'
            ELSE 'fail' END AS status,
       l.in_force + t.issued - t.repealed AS expected, t.in_force AS actual,
       CASE WHEN t.in_force <> l.in_force + t.issued - t.repealed THEN
           format('现行有效 {{}} ≠ 上年 {{}} + 制发 {{}} − 废止 {{}}',
                  t.in_force, l.in_force, t.issued, t.repealed) END AS message
FROM stock t
JOIN stock l ON l.agency_id = t.agency_id AND l.year = t.year - 1 AND l.item = t.item
WHERE l.in_force IS NOT NULL OR t.in_force IS NOT NULL
"""

_SCHEMA = pa.schema(
    [
        ("report_id", pa.int64()),
        ("rule", pa.string()),
        ("subject", pa.string()),
        ("status", pa.string()),
        ("expected", pa.float64()),
        ("actual", pa.float64()),
        ("message", pa.string()),
    ]
)


@dataclass(frozen=True)
class CrossCheckSummary:
    evaluated: int
    failed: int
    by_rule: dict[str, dict[str, int]]


def _metadata_checks(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Covered year vs. the year the title names and vs. the publish date, for every report."""
    rows: list[tuple[int, str, str, str, int, int | None, str | None]] = []
    reports = con.execute(
        "SELECT report_id, year, title, published_date FROM report ORDER BY report_id"
    ).fetchall()
    for report_id, year, title, published in reports:
        titled = report_year(title)
        if titled is None:
            rows.append(
                (
                    report_id,
                    YEAR_VS_TITLE,
                    "report",
                    "not_assessable",
                    year,
                    None,
                    "the title names no year" if title else "no title",
                )
            )
        else:
            rows.append(
                (
                    report_id,
                    YEAR_VS_TITLE,
                    "report",
                    "pass" if titled == year else "fail",
                    year,
                    titled,
                    None if titled == year else f"filed as {year}, title says {titled}",
                )
            )
        if published is None:
            rows.append(
                (report_id, YEAR_VS_PUBLISHED, "report", "not_assessable", year + 1, None, "no publish date")
            )
        else:
            ok = published.year == year + 1
            rows.append(
                (
                    report_id,
                    YEAR_VS_PUBLISHED,
                    "report",
                    "pass" if ok else "fail",
                    year + 1,
                    published.year,
                    None if ok else f"covers {year} but was published {published}",
                )
            )
    columns: list[Sequence[object]] = list(zip(*rows, strict=True)) if rows else [[] for _ in _SCHEMA]
    return pa.table(
        [pa.array(col, field.type) for col, field in zip(columns, _SCHEMA, strict=True)], schema=_SCHEMA
    )


def run_cross_checks(con: duckdb.DuckDBPyConnection) -> CrossCheckSummary:
    """Replace every cross-rule result in `check_result` with a fresh evaluation."""
    metadata = _metadata_checks(con)
    rules = list(CROSS_RULES)
    with transaction(con) as register:
        register("metadata_checks", metadata)
        con.execute("DELETE FROM check_result WHERE rule IN (SELECT unnest(?))", [rules])
        for sql in (_CARRYOVER_SQL, _IN_FORCE_SQL, "SELECT * FROM metadata_checks"):
            con.execute(f"INSERT INTO check_result BY NAME {sql}")
        tally.replace_rules(con, rules)
    by_rule: dict[str, dict[str, int]] = {}
    for rule, status, n in con.execute(
        "SELECT rule, status, count(*) FROM check_result WHERE rule IN (SELECT unnest(?)) "
        "GROUP BY ALL ORDER BY ALL",
        [rules],
    ).fetchall():
        by_rule.setdefault(rule, {})[status] = n
    evaluated = sum(sum(v.values()) for v in by_rule.values())
    failed = sum(v.get("fail", 0) for v in by_rule.values())
    return CrossCheckSummary(evaluated, failed, by_rule)
