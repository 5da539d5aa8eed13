"""Backfill: a district file that is not in the registry yet, all its years, same tasks.

(The file declares the district's one Hanweb column, where every agency publishes, as
`shared`: each report lands on the agency it prints, placed in 洪泽区.)"""

from __future__ import annotations

from pathlib import Path

import duckdb

from core.paths import DataPaths
from flows.backfill import backfill

HONGZE = Path(__file__).parent.parent / "crawler" / "registry_extra" / "hongze.toml"


def test_backfill_of_a_new_district_file(tmp_path, mirror):
    paths = DataPaths.resolve(tmp_path / "data")
    report = backfill(sources_file=str(HONGZE), data_dir=str(paths.root))
    expected = {
        r["url"]: r
        for r in mirror.manifest["reports"]
        if r["source"].startswith("hongze/") and r["expected_outcome"] == "ok"
    }
    assert expected and report.status == "succeeded"
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        rows = con.execute("""
            SELECT l.url, r.year, a.name, a.resolution FROM report r
            JOIN report_lineage l USING (report_id) JOIN dim_agency a USING (agency_id)
            """).fetchall()
    finally:
        con.close()
    loaded = {url: (year, name) for url, year, name, _ in rows}
    assert set(loaded) == set(expected)
    for url, (year, name) in loaded.items():
        assert year == expected[url]["year"]
        assert name == expected[url]["agency"], url
