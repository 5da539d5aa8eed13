"""Builders for warehouse tests: parse results and captures by hand, small table helpers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from extract.archive import Capture
from transform import codes
from transform.model import Check, Fact, ParseResult

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
APPLICANT_COLUMNS = [c.code for c in codes.APPLICANTS if c.code != "total"]


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/source.*"))


def table3(
    new: int = 10,
    carried_over: int = 0,
    granted: int = 6,
    not_held: int = 3,
    carried_forward: int = 1,
    blanks: tuple[str, ...] = (),
) -> list[Fact]:
    """A consistent table 3 where every request is a natural person's; `blanks` rows are
    printed blank in the 总计 column."""
    rows = {
        "new_received": new,
        "carried_over": carried_over,
        "granted": granted,
        "unavailable.not_held": not_held,
        "total_processed": new + carried_over - carried_forward,
        "carried_forward": carried_forward,
    }
    rows["partially_granted"] = rows["total_processed"] - granted - not_held
    facts = []
    for row, value in rows.items():
        for col in APPLICANT_COLUMNS:
            facts.append(Fact("applications", row, col, value if col == "natural_person" else 0))
        facts.append(Fact("applications", row, "total", None if row in blanks else value))
    return facts


def table2_2021(in_force: int, issued: int, repealed: int) -> list[Fact]:
    return [
        Fact("proactive", "normative_document", m, float(v), raw_text=str(v))
        for m, v in (("issued", issued), ("repealed", repealed), ("in_force", in_force))
    ]


def result(
    agency: str | None = "厦门市测试区人民政府",
    year: int | None = 2023,
    facts: list[Fact] | None = None,
    template: str | None = "2021",
    title: str | None = None,
    published: str | None = None,
    checks: list[Check] | None = None,
    error: str | None = None,
    narrative: dict | None = None,
) -> ParseResult:
    if title is None and agency and year:
        title = f"{agency}{year}年政府信息公开工作年度报告"
    return ParseResult(
        source="test",
        form="html",
        agency=agency,
        year=year,
        template=template,
        title=title,
        published_date=published,
        facts=table3() if facts is None else facts,
        checks=checks if checks is not None else [Check("t3.balance", "total", "pass", 10, 10)],
        error=error,
        narrative=narrative,
    )


def capture(
    body: str | bytes,
    url: str = "https://www.test.gov.cn/ndbg/t1.htm",
    fetched_at: str = "2024-01-20T08:00:00+00:00",
    **extra,
) -> Capture:
    data = body.encode() if isinstance(body, str) else body
    fields = {
        "final_url": url,
        "status": 200,
        "headers": {"Content-Type": "text/html"},
        "role": "detail",
        **extra,
    }
    return Capture(
        url=url, sha256=hashlib.sha256(data).hexdigest(), size=len(data), fetched_at=fetched_at, **fields
    )


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = (
        "report",
        "report_lineage",
        "report_narrative",
        "fact_application",
        "fact_review_litigation",
        "fact_proactive",
        "check_result",
        "dim_agency",
    )
    return {t: count(con, t) for t in tables}
