"""Builders for agency tests: reports by hand, crawled or ingested, and a private copy of the
agency data files that a test may edit the way an operator would."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from extract.archive import Capture
from transform import codes
from transform.model import Check, Fact, ParseResult
from warehouse.agencies.data import AGENCY_DATA_DIR

APPLICANTS = [c.code for c in codes.APPLICANTS if c.code != "total"]


def table3(carried_over: int = 0, carried_forward: int = 1, new: int = 10) -> list[Fact]:
    """A consistent table 3 (every request a natural person's)."""
    handled = new + carried_over - carried_forward
    rows = {
        "new_received": new,
        "carried_over": carried_over,
        "granted": handled,
        "total_processed": handled,
        "carried_forward": carried_forward,
    }
    return [
        Fact("applications", row, col, value if col in ("natural_person", "total") else 0)
        for row, value in rows.items()
        for col in [*APPLICANTS, "total"]
    ]


def report(agency: str | None, year: int, **table: int) -> ParseResult:
    return ParseResult(
        source="test",
        form="html",
        agency=agency,
        year=year,
        template="2021",
        title=f"{agency or ''}{year}年政府信息公开工作年度报告",
        facts=table3(**table),
        checks=[Check("t3.balance", "total", "pass")],
    )


def capture(
    body: str, source: str | None = None, column: dict | None = None, url: str | None = None
) -> Capture:
    """A crawled page (with a source key) or an ingested file (without)."""
    url = url or f"http://example.gov.cn/{hashlib.sha1(body.encode()).hexdigest()[:8]}.htm"
    meta = {"column": column} if column else {}
    return Capture(
        url=url,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        size=len(body),
        fetched_at="2024-02-01T08:00:00+00:00",
        final_url=url,
        status=200,
        role="detail" if source else "file",
        source=source,
        meta=meta,
    )


def copy_agency_data(target: Path) -> Path:
    shutil.copytree(AGENCY_DATA_DIR, target)
    return target


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" + text.strip() + "\n")
