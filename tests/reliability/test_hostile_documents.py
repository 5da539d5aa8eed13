"""Hostile and broken documents: parsed alone (bounded memory, a clear error) and crawled as
a district's report or attachment (the run completes, nothing stored before changes).

Bombs are parsed in a child process so their memory can be measured (its own high-water
mark); the bound asserted is generous — the point is "not gigabytes".
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.generated import mirror_pdfs
from transform.parse import parse_bytes

from .govsite import DataDir, GovSite, attachment_url, report_url
from .hostile_documents import (
    MB,
    docx_bomb,
    docx_entity_bomb,
    encrypted_pdf,
    malformed_pdf,
    nested_html,
    pdf_bomb,
    plain_zip_bomb,
)
from .hostile_server import HostileServer, page
from .netkit import routed_client

REPO = Path(__file__).resolve().parents[2]
# VmHWM, not ru_maxrss: after fork+exec Linux carries the parent's peak into ru_maxrss.
PARSE_IN_CHILD = """
import json, re, sys
from transform.parse import parse_bytes
result = parse_bytes(open(sys.argv[1], "rb").read(), sys.argv[1])
status = open("/proc/self/status").read()
print(json.dumps({"error": result.error, "warnings": result.warnings,
                  "peak_mb": int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024}))
"""


def parse_in_child(tmp_path: Path, data: bytes, name: str) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", PARSE_IN_CHILD, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("name", "build", "error"),
    [
        (
            "zip bomb disguised as DOCX (1 GB from 1 MB)",
            lambda: docx_bomb(1024 * MB),
            r"unreadable docx file: .*word/document\.xml would expand to [\d,]+ bytes",
        ),
        (
            "PDF whose page inflates to 200 MB of drawing",
            lambda: pdf_bomb(200 * MB),
            r"unreadable pdf file: .*drawing instructions expand to more than \d+ MB",
        ),
        (
            "zip bomb named .docx, no Word parts inside (1 GB)",
            lambda: plain_zip_bomb(1024 * MB),
            r"not a report: binary data",
        ),
    ],
    ids=["docx-bomb", "pdf-bomb", "zip-bomb"],
)
def test_a_decompression_bomb_is_refused_without_being_expanded(tmp_path, ledger, name, build, error):
    data = build()
    outcome = parse_in_child(tmp_path, data, "bomb")
    assert outcome["error"] and re.search(error, outcome["error"]), outcome
    assert outcome["peak_mb"] < 400, outcome
    ledger.record(name, "document", outcome=f"{outcome['error'][:90]}… (peak {outcome['peak_mb']} MB)")


def test_a_billion_laughs_docx_expands_nothing(ledger):
    result = parse_bytes(docx_entity_bomb(), "laughs.docx")
    assert result.form == "docx" and not result.facts
    assert "ha" * 1000 not in " ".join([*result.warnings, result.error or ""])
    ledger.record(
        "billion-laughs entities in a DOCX",
        "document",
        outcome=result.error or "read with entities unexpanded",
    )


def _good_pdf() -> bytes:
    return mirror_pdfs(1)[0]


@pytest.mark.parametrize("seed", range(8))
def test_a_malformed_pdf_is_one_report_s_error_never_a_crash(seed):
    result = parse_bytes(malformed_pdf(_good_pdf(), seed), f"broken-{seed}.pdf")
    assert result.form == "pdf"
    assert result.error is None or result.error.startswith("unreadable pdf file:")


# --- crawled: a district's new report arrives with a hostile attachment -----------------

HOSTILE_ATTACHMENTS = {
    "zip bomb disguised as DOCX": (lambda: docx_bomb(256 * MB), "docx"),
    "encrypted PDF": (encrypted_pdf, "pdf"),
    "malformed PDF (bytes overwritten)": (lambda: malformed_pdf(_good_pdf()), "pdf"),
    "truncated PDF": (lambda: _good_pdf()[: len(_good_pdf()) // 3], "pdf"),
    "PDF drawing bomb": (lambda: pdf_bomb(64 * MB), "pdf"),
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> DataDir:
    server = HostileServer()
    try:
        GovSite(server, years=(2020, 2021, 2022))
        data = DataDir(tmp_path_factory.mktemp("hostile-docs") / "baseline")
        data.crawl(routed_client(server))
        data.load()
    finally:
        server.stop()
    return data


def _crawl_and_load(data: DataDir, server: HostileServer):
    before = data.state()
    data.crawl(routed_client(server))
    results, outcomes = data.load()
    return before, data.state(), results, outcomes


@pytest.mark.parametrize("name", HOSTILE_ATTACHMENTS)
def test_a_hostile_attachment_is_recorded_and_harms_nothing(baseline, tmp_path, server, ledger, name):
    build, kind = HOSTILE_ATTACHMENTS[name]
    data = baseline.copy_to(tmp_path / "data")
    site = GovSite(server, years=(2020, 2021, 2022))
    site.pdf_years.add(2023)
    body = build()
    url = attachment_url(2023).replace(".pdf", f".{kind}")
    site.publish(2023)
    good = site.page_bytes(2023).replace(
        attachment_url(2023).rsplit("/", 1)[1].encode(), url.rsplit("/", 1)[1].encode()
    )
    site.publish(2023, page_behaviours=[page(good)])
    server.route(url.split("/", 3)[2], "/" + url.split("/", 3)[3], page(body, "application/pdf"))
    before, after, results, _ = _crawl_and_load(data, server)

    parsed = {r.source: r for r in results}
    assert url in parsed, sorted(parsed)
    hostile = parsed[url]
    assert hostile.error or "table 3 not found" in hostile.warnings
    assert hostile.error is None or re.fullmatch(r"unreadable (pdf|docx) file: .{8,}", hostile.error), (
        hostile.error
    )
    agency = next(iter(before.current))[0]
    current = after.current[(agency, 2023)]
    assert parsed[report_url(2023)].facts and current not in before.reports
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        f"{name} as a report's attachment",
        "document",
        outcome=(hostile.error or "; ".join(hostile.warnings))[:110],
        lost=lost,
        corrupted=corrupted,
    )


def _gbk_page(site: GovSite, year: int, declared: str) -> bytes:
    text = site.page_bytes(year).decode("utf-8").replace("charset='utf-8'", declared)
    return text.encode("gb18030")


HOSTILE_PAGES = {
    "GBK bytes under a UTF-8 Content-Type": (
        lambda s: _gbk_page(s, 2021, "charset='gb2312'"),
        "text/html; charset=utf-8",
    ),
    "GBK bytes with no charset anywhere": (lambda s: _gbk_page(s, 2021, ""), "text/html"),
    "report page nested 30,000 levels deep": (
        lambda s: nested_html(s.page_bytes(2021), 15_000),
        "text/html; charset=utf-8",
    ),
}


@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_a_republished_page_in_a_hostile_form_keeps_the_numbers(baseline, tmp_path, server, ledger, name):
    build, content_type = HOSTILE_PAGES[name]
    data = baseline.copy_to(tmp_path / "data")
    site = GovSite(server, years=(2020, 2021, 2022))
    site.publish(2021, page_behaviours=[page(build(site), content_type)])
    before, after, results, outcomes = _crawl_and_load(data, server)
    agency = next(iter(before.current))[0]
    republished = next(r for r in results if r.source == report_url(2021))
    assert after.current[(agency, 2021)] == before.current[(agency, 2021)]
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    facts = len(republished.facts)
    ledger.record(
        name,
        "document",
        outcome=f"{facts} cells read; "
        + ("; ".join(republished.warnings) or "no warnings")[:80]
        + f"; load: {[o.status for o in outcomes]}",
        lost=lost,
        corrupted=corrupted,
    )


def test_a_page_republished_without_its_tables_does_not_hide_the_numbers(baseline, tmp_path, server, ledger):
    """A report page that comes back as an empty shell (same title, a later date, no tables)
    is stored as a revision, but the numbers analysts see stay those of the report that had
    them."""
    data = baseline.copy_to(tmp_path / "data")
    site = GovSite(server, years=(2020, 2021, 2022))
    title = site.report(2021)[0]
    shell = (
        f"<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='ArticleTitle' content='{title}'>"
        f"<meta name='PubDate' content='2024-06-01 09:00'></head><body><h1>{title}</h1>"
        f"<div class='TRS_Editor'><p>页面维护中，请稍后访问。</p></div></body></html>"
    )
    site.publish(2021, page_behaviours=[page(shell)])
    before, after, _, outcomes = _crawl_and_load(data, server)
    agency = next(iter(before.current))[0]
    assert [o.status for o in outcomes] == ["revision"]
    assert after.current[(agency, 2021)] == before.current[(agency, 2021)]
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        "a report page republished as an empty shell with a later date",
        "document",
        outcome="stored as a revision; the report with numbers stays current",
        lost=lost,
        corrupted=corrupted,
    )
