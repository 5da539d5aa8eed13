"""Builders for warehouse tests: parse results and captures by hand, small table helpers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from extract.archive import Capture
from tests import corpus
from transform import codes
from transform.model import Check, Fact, ParseResult

ROOT = Path(__file__).resolve().parents[2]
APPLICANT_COLUMNS = [c.code for c in codes.APPLICANTS if c.code != "total"]


def corpus_files() -> list[Path]:
    """Every development-corpus report available on this machine (ours at least)."""
    return corpus.sources()


# The warehouse tests' data: our own corpus case, the real corpus where this machine has it,
# and reports the mirror generates for several agencies and years (always here).
DEMO_MIRROR_REPORTS = 14


def demo_sources(folder: Path) -> list[Path]:
    """Every report the warehouse tests load: the available corpus, then mirror pages."""
    return corpus_files() + mirror_reports(folder, DEMO_MIRROR_REPORTS)


def mirror_reports(folder: Path, count: int) -> list[Path]:
    """`count` generated table report pages spread over the mirror's agencies and years."""
    from urllib.parse import urlsplit

    from mirror.families import build_site

    site = build_site(0, 1)
    pages = [
        r for r in site.reports if r.form == "html" and r.template and r.expected_outcome == "ok" and r.values
    ]
    step = max(1, len(pages) // count)
    out = []
    for i, report in enumerate(pages[::step][:count]):
        url = urlsplit(report.url)
        path = folder / f"mirror-{i:02d}.html"
        path.write_bytes(site.lookup(url.hostname).static[url.path].body())
        out.append(path)
    return out


def mirror_report(folder: Path, index: int = 0, host: str | None = None) -> Path:
    """The `index`-th table report page the mirror generates (ours, with site chrome; on `host`
    if given), saved in `folder`; its printed values are in the mirror's manifest."""
    from urllib.parse import urlsplit

    from mirror.families import build_site

    site = build_site(0, 1)
    pages = [
        r.to_manifest()
        for r in site.reports
        if r.form == "html"
        and r.template
        and r.expected_outcome == "ok"
        and r.values
        and (host is None or urlsplit(r.url).hostname == host)
    ]
    url = urlsplit(pages[index]["url"])
    path = folder / f"mirror-report-{index}.html"
    path.write_bytes(site.lookup(url.hostname).static[url.path].body())
    return path


def corpus_folder(target: Path) -> Path:
    """A folder holding a copy of every available corpus case (one sub-folder per case)."""
    import shutil

    for source in corpus_files():
        shutil.copytree(source.parent, target / source.parent.name)
    return target


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
