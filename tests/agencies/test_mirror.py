"""Integration: crawl the local mirror's six districts, parse, load, and check every report's
agency against the mirror's own manifest (real server, real archive, real DuckDB)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from extract.archive import Archive
from extract.candidates import current_reports
from extract.crawl import crawl
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.registry import load_registry
from extract.routing import MirrorRoute
from mirror.testing import running_mirror
from transform.parse import parse_bytes
from warehouse.agencies.resolve import agency_id_for, facts_for_capture
from warehouse.store.db import connect_writer
from warehouse.store.load import LoadItem, load_reports
from warehouse.store.runs import start_run


@pytest.fixture(scope="module")
def xiamen(tmp_path_factory):
    """The six districts crawled from the mirror, every report candidate parsed and loaded."""
    root = tmp_path_factory.mktemp("agencies-mirror")
    registry = load_registry()
    with running_mirror(root / "mirror") as mirror:
        client = HttpClient(
            HttpPolicy(connect_timeout=3, read_timeout=10, retries=1, backoff=0.05),
            HostLimiter(Politeness.lifted()),
            MirrorRoute.from_env(mirror.env()),
        )
        archive = Archive(root / "raw")
        summary = crawl([], archive, client, districts=registry.districts, registry_politeness=False)
        manifest = mirror.manifest
    captures = current_reports(archive)
    con = connect_writer(root / "warehouse.duckdb")
    outcomes = load_reports(
        con,
        [LoadItem(parse_bytes(archive.read(c.sha256), c.url), c, facts_for_capture(c)) for c in captures],
        start_run(con, "mirror"),
    )
    districts = {d.key for d in registry.districts}
    yield SimpleNamespace(
        con=con,
        outcomes=outcomes,
        summary=summary,
        sources={s["key"]: s for s in manifest["sources"] if s["key"].split("/")[0] in districts},
        reports={r["url"]: r for r in manifest["reports"] if r["source"].split("/")[0] in districts},
    )
    con.close()


def expected_parent(source: dict, sources: dict) -> str:
    """The manifest's parent column's agency; a district government sits under its city."""
    if source["parent"] is None:
        return agency_id_for("厦门市人民政府")
    return agency_id_for(sources[source["parent"]]["agency"])


def test_every_crawled_report_lands_on_its_agency_with_parent_and_region(xiamen):
    agencies = {
        row[0]: row[1:]
        for row in xiamen.con.execute(
            "SELECT agency_id, name, region_code, level, parent_agency_id, resolution, source_key "
            "FROM dim_agency"
        ).fetchall()
    }
    assert not [o for o in xiamen.outcomes if o.status == "rejected"]
    checked = set()
    for outcome in xiamen.outcomes:
        truth = xiamen.reports[outcome.source]
        source = xiamen.sources[truth["source"]]
        name, region, level, parent, resolution, source_key = agencies[outcome.agency_id]
        assert outcome.agency_id == agency_id_for(source["agency"]), outcome.source
        assert (name, region, level, resolution, source_key) == (
            source["agency"],
            source["region_code"],
            source["level"],
            "registry",
            source["key"],
        ), outcome.source
        assert parent == expected_parent(source, xiamen.sources), outcome.source
        checked.add(source["key"])
    served = {r["source"] for r in xiamen.reports.values() if r["expected_outcome"] in ("ok", "unsupported")}
    assert checked == served and len(checked) > 60


def test_discovered_columns_are_attributed_like_declared_ones(xiamen):
    discovered = set(xiamen.summary.discovered_not_declared)
    assert len(discovered) >= 10  # Siming, Huli and Xiang'an columns found on their own pages
    rows = xiamen.con.execute(
        "SELECT DISTINCT a.source_key, a.resolution, p.level FROM report r JOIN dim_agency a "
        "USING (agency_id) JOIN dim_agency p ON p.agency_id = a.parent_agency_id"
    ).fetchall()
    landed = {
        key
        for key, resolution, parent_level in rows
        if resolution == "registry" and parent_level == "district"
    }
    assert discovered <= landed


def test_no_two_columns_share_an_agency_and_nothing_is_unresolved(xiamen):
    assert xiamen.con.execute(
        "SELECT count(*) FROM dim_agency WHERE resolution = 'unresolved'"
    ).fetchall() == [(0,)]
    per_agency = xiamen.con.execute(
        "SELECT agency_id, count(DISTINCT l.source_key) FROM report r JOIN report_lineage l "
        "USING (report_id) GROUP BY agency_id HAVING count(DISTINCT l.source_key) > 1"
    ).fetchall()
    assert per_agency == []
