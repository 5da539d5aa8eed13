"""Web archives of a real crawl, read back by `ogi ingest`, give the crawl's own warehouse.

Three archives of the same crawl of the mirror: one written with warcio's writer in third-
party habits (`warc_kit`), one our own export writes (`ogi archive export --warc`, which
`warcio check` must pass), and one GNU wget wrote crawling the mirror on its own. Each is
ingested into a fresh data directory and compared with the nightly run's warehouse the way
the reliability suite compares two runs (`tests.reliability.compare`: every table but the
run history, times and the servers' Date header left out).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from core.paths import DataPaths
from extract.archive import Archive
from tests.reliability.compare import warehouse_digest

from .conftest import SOURCES, ogi
from .warc_kit import damage_record, foreign_warc, record_offsets
from .wget_kit import WGET, wget_warc

WARCIO = str(Path(sys.executable).parent / "warcio")


def _ingest(root: Path, *paths: Path):
    data = DataPaths.resolve(root)
    return data, ogi("ingest", "--data-dir", data.root, *paths)


def _captures(archive_root: Path) -> Counter:
    """What each capture says about where its bytes came from, times and headers aside."""
    return Counter(
        (
            c.url,
            c.final_url,
            c.role,
            c.outcome,
            c.status,
            c.sha256,
            c.size,
            c.source,
            c.parent_url,
            repr(c.meta),
        )
        for c in Archive(archive_root).captures()
    )


def _not_archived(archive_root: Path) -> set[str]:
    return {c.url for c in Archive(archive_root).captures() if "not in the web archive" in c.reason}


def _loaded_urls(warehouse: Path) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {url for (url,) in con.execute("SELECT url FROM report_lineage").fetchall()}
    finally:
        con.close()


def test_a_warc_in_third_party_habits_gives_the_crawls_warehouse(crawled, tmp_path):
    written = foreign_warc(Archive(crawled.raw), tmp_path / "crawl.warc.gz")
    data, result = _ingest(tmp_path / "data", written.path)
    assert result.exit_code == 0, result.output
    assert warehouse_digest(data.warehouse) == warehouse_digest(crawled.warehouse)
    crawl_times: dict[str, set[str]] = {}
    for capture in Archive(crawled.raw).captures():
        crawl_times.setdefault(capture.final_url or capture.url, set()).add(capture.fetched_at)
    for capture in Archive(data.raw).captures():
        if capture.status is None:
            continue  # never requested (refused): decided at import time
        if capture.url == written.revisited and capture.source is not None:
            # the replay answered with the newest visit: the revisit, a day later
            assert capture.fetched_at == written.revisit_date.replace("Z", "+00:00")
        else:
            assert capture.fetched_at in crawl_times[capture.final_url or capture.url], capture.url
    visits = [c for c in Archive(data.raw).captures() if c.url == written.revisited]
    assert [c.source is None for c in visits] == [True, False]  # the older visit logged first


def test_replayed_captures_are_the_crawls_own(crawled, tmp_path):
    """Roles, parents, sources, outcomes and page descriptions: everything but times. The
    import adds only the older of two visits to a URL, and the walk of a column whose list
    page the crawl fetched only to discover columns (its reports are not archived: said so)."""
    written = foreign_warc(Archive(crawled.raw), tmp_path / "crawl.warc.gz")
    data, result = _ingest(tmp_path / "data", written.path)
    assert result.exit_code == 0, result.output
    crawl, mine = _captures(crawled.raw), _captures(data.raw)
    assert crawl - mine == Counter()
    visits = Counter(key[0] for key in mine.elements())
    for url, _, _, outcome, _, _, _, source, _, _ in mine - crawl:
        assert (source is None and visits[url] > 1) or (
            source not in SOURCES and outcome in ("error", "not_modified")
        )
    not_archived = _not_archived(data.raw)
    assert not_archived and not not_archived & {c.url for c in Archive(crawled.raw).captures()}
    assert f"{len(not_archived)} URL(s) it asked for not archived" in result.output


def test_the_export_validates_and_reingests_to_the_same_warehouse(crawled, tmp_path):
    out = tmp_path / "export.warc.gz"
    exported = ogi("archive", "export", "--data-dir", crawled.root, "--warc", out)
    assert exported.exit_code == 0, exported.output
    check = subprocess.run([WARCIO, "check", "-v", str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout[-2000:]
    assert "digest pass" in check.stdout and "fail" not in check.stdout
    index = subprocess.run([WARCIO, "index", "-f", "warc-type", str(out)], capture_output=True, text=True)
    kinds = Counter(line.split('"')[3] for line in index.stdout.splitlines())
    captures = list(Archive(crawled.raw).captures())
    assert kinds["metadata"] == len(captures)
    assert (
        kinds["response"] + kinds["revisit"]
        == kinds["request"]
        == sum(c.status is not None for c in captures)
    )
    data, result = _ingest(tmp_path / "data", out)
    assert result.exit_code == 0, result.output
    assert f"restored {len(captures)} captures" in result.output
    assert warehouse_digest(data.warehouse) == warehouse_digest(crawled.warehouse)
    assert (
        data.raw.joinpath("captures.jsonl").read_bytes()
        == crawled.raw.joinpath("captures.jsonl").read_bytes()
    )
    again = ogi("ingest", "--data-dir", data.root, out)
    assert again.exit_code == 0 and "restored" not in again.output  # nothing logged twice
    assert (
        data.raw.joinpath("captures.jsonl").read_bytes()
        == crawled.raw.joinpath("captures.jsonl").read_bytes()
    )
    assert all(line.startswith("unchanged") for line in again.output.splitlines()[:-2])


@pytest.mark.skipif(WGET is None, reason="GNU wget is not installed (make system-deps installs it)")
def test_a_warc_wget_wrote_gives_the_crawls_warehouse(crawled, mirror, tmp_path):
    """wget crawls on its own from the list pages of the crawled columns (it runs no script,
    so it is given the later list pages the crawler reads from the paging script)."""
    seeds = sorted(
        {c.url for c in Archive(crawled.raw).captures() if c.role == "list" and c.source in SOURCES}
    )
    warc = wget_warc(mirror, seeds, tmp_path / "wget")
    data, result = _ingest(tmp_path / "data", warc)
    assert result.exit_code == 0, result.output
    assert warehouse_digest(data.warehouse) == warehouse_digest(crawled.warehouse)


def test_a_damaged_record_costs_that_record_only(crawled, tmp_path):
    written = foreign_warc(Archive(crawled.raw), tmp_path / "crawl.warc.gz")
    plain_pages = [
        c.url
        for c in Archive(crawled.raw).captures()
        if c.role == "detail"
        and c.meta.get("is_report")
        and not c.meta.get("attachments")
        and c.url != written.revisited
    ]
    responses = [(o, uri) for o, kind, uri in record_offsets(written.path) if kind == "response"]
    offset, victim = next(
        (o, uri.strip("<>")) for o, uri in responses[len(responses) // 2 :] if uri.strip("<>") in plain_pages
    )
    damage_record(written.path, offset)
    data, result = _ingest(tmp_path / "data", written.path)
    assert result.exit_code == 1
    assert f"damaged: crawl.warc.gz: record at offset {offset}:" in result.output
    assert victim in _not_archived(data.raw)
    assert _loaded_urls(data.warehouse) == _loaded_urls(crawled.warehouse) - {victim}
