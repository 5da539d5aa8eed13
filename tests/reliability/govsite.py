"""A small district site on the hostile server, crawled, parsed and loaded by the real code.

`GovSite` publishes a TRS report column (one report page per year, one PDF attachment)
whose numbers come from the mirror's generator, so every report parses to known facts.
`DataDir` is a data directory the way a nightly run leaves it: it crawls one source with
`extract.crawl.crawl_source`, parses what is pending with the flow's own parse task, and
loads with `warehouse.store.load.load_reports` — the nightly flow minus Prefect. `State` is what a
fault must not change: every archived object and capture, and every loaded report's facts.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from core.paths import DataPaths
from extract.archive import Archive
from extract.candidates import current_reports, pending
from extract.crawl import crawl_source
from extract.http import HttpClient
from extract.registry import Registry, Source, load_district
from extract.summary import SourceResult
from mirror import html_tables, pdf, report_text
from mirror.numbers import generate

from .hostile_server import Behaviour, HostileServer, page

HOST = "www.faultlab.gov.cn"
AGENCY = "厦门市思明区档案馆"
COLUMN = f"http://{HOST}/zfxxgk/dag/ndbg/"
DISTRICT = f"""
key = "faultlab"
name = "故障实验区"
region_code = "350203"
family = "trs"
years = "2019-2025"
allowed_hosts = ["{HOST}"]

[politeness]
rate = 0
concurrency = 4

[[source]]
code = "dag"
agency = "{AGENCY}"
level = "district"
column = "{COLUMN}"
"""


def report_url(year: int) -> str:
    return f"{COLUMN}{year + 1}01/t{year + 1}0110_{year}.htm"


def attachment_url(year: int) -> str:
    return f"{COLUMN}{year + 1}01/P0{year + 1}0110{year}.pdf"


def _path(url: str) -> str:
    return url.removeprefix(f"http://{HOST}")


class GovSite:
    """The column, its report pages and PDF attachments, as routes on a hostile server."""

    def __init__(
        self,
        server: HostileServer,
        years: tuple[int, ...] = (2019, 2020, 2021, 2022),
        pdf_years: tuple[int, ...] = (2022,),
    ):
        self.server = server
        self.years = list(years)
        self.pdf_years = set(pdf_years)
        self.revision: dict[int, int] = {}
        for year in years:
            self.publish(year)
        self.list_page()

    def report(self, year: int) -> tuple[str, list]:
        revision = self.revision.get(year, 0)
        template = "2019" if year < 2021 else "2021"
        values = generate(
            f"faultlab-{year}-{revision}", template, single_other=template == "2019", blank=False
        )
        blocks = report_text.compose(AGENCY, year, template, values, rng=random.Random(f"{year}-{revision}"))
        return report_text.title(AGENCY, year, "standard"), blocks

    def page_bytes(self, year: int) -> bytes:
        title, blocks = self.report(year)
        body = html_tables.blocks_html(blocks, "clean", random.Random(year))
        link = (
            f'<p>附件：<a href="./P0{year + 1}0110{year}.pdf">{title}.pdf</a></p>'
            if year in self.pdf_years
            else ""
        )
        return (
            f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta name='ArticleTitle' content='{title}'>"
            f"<meta name='PubDate' content='{year + 1}-01-10 09:00'></head><body>"
            f"<h1>{title}</h1><div class='TRS_Editor'>{body}{link}</div>"
            f"</body></html>"
        ).encode()

    def pdf_bytes(self, year: int) -> bytes:
        return pdf.render(*self.report(year))

    def publish(
        self,
        year: int,
        *,
        revision: int | None = None,
        page_behaviours: list[Behaviour] | None = None,
        pdf_behaviours: list[Behaviour] | None = None,
    ) -> None:
        """(Re)publish a year's report; behaviours replace the good answer (a fault)."""
        if revision is not None:
            self.revision[year] = revision
        if year not in self.years:
            self.years.append(year)
        self.server.route(HOST, _path(report_url(year)), *(page_behaviours or [page(self.page_bytes(year))]))
        if year in self.pdf_years:
            self.server.route(
                HOST,
                _path(attachment_url(year)),
                *(pdf_behaviours or [page(self.pdf_bytes(year), "application/pdf")]),
            )
        self.list_page()

    def list_page(self) -> None:
        items = "".join(
            f'<li><a href="./{year + 1}01/t{year + 1}0110_{year}.htm" '
            f'title="{self.report(year)[0]}">{self.report(year)[0]}</a></li>'
            for year in sorted(self.years)
        )
        html = (
            f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body>"
            f"<ul class='list'>{items}</ul>"
            f'<script>createPageHTML(1, 0, "index", "htm");</script></body></html>'
        )
        self.server.route(HOST, _path(COLUMN), page(html))


@dataclass(frozen=True)
class State:
    """What a run must never lose or alter: objects, the capture log, loaded reports' facts."""

    objects: dict[str, str]  # sha256 name -> sha256 of the bytes on disk
    log: bytes
    reports: dict[int, str]  # report_id -> digest of its row and every fact and check
    current: dict[tuple[str, int], int]  # (agency_id, year) -> current report_id

    def damage(self, later: State) -> tuple[int, int]:
        """(lost, corrupted) between this state and a later one of the same data directory."""
        lost = sum(name not in later.objects for name in self.objects)
        lost += sum(rid not in later.reports for rid in self.reports)
        corrupted = sum(
            name in later.objects and later.objects[name] != digest for name, digest in self.objects.items()
        )
        corrupted += sum(
            rid in later.reports and later.reports[rid] != digest for rid, digest in self.reports.items()
        )
        corrupted += not later.log.startswith(self.log)
        return lost, corrupted


REPORT_TABLES = (
    "fact_application",
    "fact_review_litigation",
    "fact_proactive",
    "check_result",
    "report_narrative",
)


class DataDir:
    def __init__(self, root: Path, district: str = DISTRICT):
        self.paths = DataPaths.resolve(root)
        self.archive = Archive(self.paths.raw)
        self.district_file = self.paths.root / "faultlab.toml"
        if not self.district_file.exists():
            self.district_file.parent.mkdir(parents=True, exist_ok=True)
            self.district_file.write_text(district, encoding="utf-8")
        district = load_district(self.district_file)
        self.registry = Registry((district,))
        self.source: Source = district.sources[0]

    def copy_to(self, root: Path) -> DataDir:
        shutil.copytree(self.paths.root, root)
        return DataDir(root)

    def crawl(self, client: HttpClient) -> SourceResult:
        return crawl_source(self.source, self.archive, client)

    def load(self):
        """Parse what the warehouse has not derived yet and load it (as the nightly does)."""
        from flows.tasks import parse_reports
        from warehouse.agencies.resolve import facts_for_capture
        from warehouse.store.db import connect_writer
        from warehouse.store.load import LoadItem, load_reports
        from warehouse.store.runs import derived_content, finish_run, start_run

        con = connect_writer(self.paths.warehouse)
        try:
            run_id = start_run(con, "nightly")
            captures = pending(
                current_reports(self.archive, {self.source.key}), derived_content(con).__contains__
            )
            results = parse_reports.fn(captures, str(self.paths.raw))
            outcomes = load_reports(
                con,
                [
                    LoadItem(r, c, facts_for_capture(c, self.registry))
                    for r, c in zip(results, captures, strict=True)
                ],
                run_id,
            )
            finish_run(con, run_id)
        finally:
            con.close()
        return results, outcomes

    def state(self) -> State:
        objects = {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in self.archive.objects.rglob("*")
            if path.is_file()
        }
        log = self.archive.log_path.read_bytes() if self.archive.log_path.exists() else b""
        reports: dict[int, str] = {}
        current: dict[tuple[str, int], int] = {}
        if self.paths.warehouse.exists():
            import duckdb

            con = duckdb.connect(str(self.paths.warehouse), read_only=True)
            try:
                for rid, agency, year, is_current, *row in con.execute(
                    "SELECT report_id, agency_id, year, is_current, "
                    "COLUMNS(* EXCLUDE (is_current)) FROM report"
                ).fetchall():
                    digest = hashlib.sha256(repr(row).encode())
                    for table in REPORT_TABLES:
                        rows = con.execute(
                            f"SELECT * FROM {table} WHERE report_id = ? ORDER BY ALL", [rid]
                        ).fetchall()
                        digest.update(repr(rows).encode())
                    reports[rid] = digest.hexdigest()
                    if is_current:
                        current[(agency, year)] = rid
            finally:
                con.close()
        return State(objects, log, reports, current)
