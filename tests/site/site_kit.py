"""Helpers for the site tests: `ogi` in a subprocess, and a small data directory (two years of
one agency, ingested as files) for the fast tests.

The pages are template tables rendered by the mirror's own table writer (the same markup the
crawler meets), so the real parser reads them and evaluates the identities; `break_total`
prints a (一)予以公开 总计 that does not add up, as a careless agency would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from core.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]

AGENCY = "厦门市测试区人民政府"


def run_ogi(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """The `ogi` command line in a fresh process. Prefect settings and mirror routing that other
    test packages put in this process's environment (a test server, their mirror) are not
    inherited: the command sets up its own."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PREFECT_", "OGI_"))}
    env["PYTHONUTF8"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "ogi", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def report_html(year: int, *, break_total: int = 0, previous: dict | None = None) -> tuple[str, dict]:
    from mirror import html_tables, numbers, tables

    values = numbers.generate(
        f"site-test-{year}", "2021", single_other=False, blank=False, busy=3, previous=previous
    )
    printed = {**values, "applications": {row: dict(cells) for row, cells in values["applications"].items()}}
    printed["applications"]["granted"]["total"] += break_total
    title = f"{AGENCY}{year}年政府信息公开工作年度报告"
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>发布日期：{year + 1}-01-20</p>"
        f"<p>三、收到和处理政府信息公开申请情况</p>{html_tables.clean(tables.table3(printed))}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{html_tables.clean(tables.table4(printed))}"
        "</body></html>"
    )
    return html, values


def small_data(root: Path, break_total: int = 5) -> DataPaths:
    """Ingest 2022 (consistent) and 2023 (with a broken total), publish and export."""
    from flows.ingest import ingest
    from warehouse.publish.export import export

    files = root / "files"
    files.mkdir(parents=True)
    first, values = report_html(2022)
    second, _ = report_html(2023, break_total=break_total, previous=values)
    (files / "2022.html").write_text(first, encoding="utf-8")
    (files / "2023.html").write_text(second, encoding="utf-8")
    paths = DataPaths.resolve(root / "data")
    summary = ingest([files], paths)
    assert not summary.rejected, summary.rejected
    export(paths)
    return paths
