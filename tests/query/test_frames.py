"""The analysts' pandas API reads the published snapshot into typed frames."""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import pytest

from core.paths import DataPaths
from flows.ingest import ingest
from mirror.families import build_site
from warehouse.query.frames import Snapshot

REPORTS = 12


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """Reports the mirror generates (with the values they print), ingested and published."""
    site = build_site(0, 1)
    folder = tmp_path_factory.mktemp("reports")
    expected = {}
    for report in site.reports:
        m = report.to_manifest()
        if (
            m["form"] != "html"
            or not m["template"]
            or m["expected_outcome"] != "ok"
            or len(expected) >= REPORTS
        ):
            continue
        parts = urlsplit(m["url"])
        path = folder / f"{len(expected):02d}.html"
        path.write_bytes(site.lookup(parts.hostname).static[parts.path].body())
        expected[str(path)] = m
    paths = DataPaths.resolve(tmp_path_factory.mktemp("data"))
    ingest(sorted(folder.glob("*.html")), paths)
    return paths, expected


def test_table3_is_typed_and_matches_what_was_printed(data):
    paths, expected = data
    with Snapshot(paths.root) as snap:
        t3 = snap.table3()
    assert str(t3["value"].dtype) == "Int64"
    assert t3["disposition"].cat.ordered and t3["disposition"].cat.categories[0] == "new_received"
    first = next(iter(expected.values()))
    mine = t3[(t3["year"] == first["year"]) & (t3["agency_name"] == first["agency"])]
    got = {(r.disposition, r.applicant): r.value for r in mine.itertuples()}
    printed = first["values"]["applications"]
    for disposition, cols in printed.items():
        for applicant, value in cols.items():
            assert got[(disposition, applicant)] == value


def test_filters_by_agency_name_part_and_years(data):
    paths, expected = data
    some = next(iter(expected.values()))
    with Snapshot(paths.root) as snap:
        picked = snap.table3(agency=some["agency"][-6:], years=[some["year"]])
        assert set(picked["year"]) == {some["year"]}
        assert all(some["agency"][-6:] in name for name in picked["agency_name"])
        assert snap.table3(years=1999).empty


def test_trend_gives_the_share_of_handled_requests(data):
    paths, _ = data
    with Snapshot(paths.root) as snap:
        trend = snap.trend("unavailable.not_held")
        with pytest.raises(ValueError, match="unknown disposition"):
            snap.trend("not_a_code")
    row = trend.dropna().iloc[0]
    assert row["share"] == pytest.approx(row["unavailable.not_held"] / row["total_processed"])
    assert str(trend["unavailable.not_held"].dtype) == "Int64"


def test_a_missing_snapshot_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no warehouse"):
        Snapshot(tmp_path)


def test_blank_cells_are_na_not_zero(data):
    paths, _ = data
    with Snapshot(paths.root) as snap:
        t3 = snap.table3()
    assert (t3["is_blank"] == t3["value"].isna()).all()
    assert isinstance(t3, pd.DataFrame)
