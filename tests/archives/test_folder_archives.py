"""Folder archives of the crawl's reports (`tree_kit`) load the crawl's reports, cited by the
URLs and fetch times the archiver recorded, with the crawl's numbers."""

from __future__ import annotations

import duckdb

from core.clock import parse_utc
from core.paths import DataPaths
from extract.archive import Archive

from .conftest import SOURCES, ogi
from .tree_kit import write_tree


def _by_url(warehouse) -> dict[str, tuple]:
    """Original URL -> (year, fetched_at, sorted table-3 cells) of every loaded report."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            """
            SELECT l.url, r.year, l.fetched_at, f.disposition::VARCHAR, f.applicant::VARCHAR, f.value
            FROM report r JOIN report_lineage l USING (report_id)
            LEFT JOIN fact_application f USING (report_id)"""
        ).fetchall()
    finally:
        con.close()
    found: dict[str, tuple] = {}
    for url, year, fetched, *cell in rows:
        found.setdefault(url, (year, fetched, set()))[2].add(tuple(cell))
    return found


def test_a_folder_archive_loads_the_crawls_reports(crawled, tmp_path):
    tree = write_tree(Archive(crawled.raw), tmp_path / "tree", SOURCES)
    data = DataPaths.resolve(tmp_path / "data")
    result = ogi("ingest", "--data-dir", data.root, tree.root)
    assert result.exit_code == 0, result.output
    assert " 0 rejected;" in result.output
    mine, crawl = _by_url(data.warehouse), _by_url(crawled.warehouse)
    assert set(crawl) <= set(mine) and tree.list_page not in mine
    # Until the parser reads archivers' header blocks (transform/, another branch), a text-only
    # page's agency reads '标题:…', so the PDF twin beside it loads as another agency's report
    # instead of as the same content; nothing else may differ.
    assert all(tree.pages[url] == "attachment (text only)" for url in set(mine) - set(crawl))
    assert {tree.pages[url] for url in mine} >= {"meta.json", "header", "text only"}
    for url, (year, fetched, cells) in mine.items():
        if url not in crawl:
            continue
        assert year == crawl[url][0] and fetched == parse_utc(tree.fetched[url]), url
        if tree.pages[url] == "text only":
            # how well tag-stripped text reads is the parser's matter (tests/parser); here: it loads
            assert (len(cells) > 100) == (len(crawl[url][2]) > 100), url
        else:
            assert cells == crawl[url][2], (url, tree.pages[url])


def test_the_folder_and_its_files_are_the_captures_provenance(crawled, tmp_path):
    tree = write_tree(Archive(crawled.raw), tmp_path / "tree", SOURCES)
    data = DataPaths.resolve(tmp_path / "data")
    assert ogi("ingest", "--data-dir", data.root, tree.root).exit_code == 0
    captures = {c.url: c for c in Archive(data.raw).captures()}
    pdf = next(url for url, habit in tree.pages.items() if habit.startswith("attachment"))
    attachment = captures[pdf]
    assert attachment.role == "attachment" and attachment.parent_url in tree.pages
    assert attachment.meta["archive_file"] == pdf.rsplit("/", 1)[-1]
    text_only = next(url for url, habit in tree.pages.items() if habit == "text only")
    assert captures[text_only].meta["archive_file"] == "page.txt"
    listing = captures[tree.list_page]
    assert listing.role == "detail" and not listing.meta["is_report"]
