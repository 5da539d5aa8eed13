"""The nightly flow end to end against the local mirror, with a real Prefect test server."""

from __future__ import annotations

import duckdb
import pytest

from core.lock import AlreadyRunning, RunLock
from core.paths import DataPaths
from flows.nightly import Options, run_pipeline
from flows.runner import nightly_with_runner

from .conftest import expected_reports


@pytest.fixture(scope="module")
def data(tmp_path_factory, mirror):
    """A data directory after one full nightly run (shared by the tests in order)."""
    root = tmp_path_factory.mktemp("nightly-data")
    report = nightly_with_runner()(data_dir=str(root))
    return DataPaths.resolve(root), report


def _query(paths: DataPaths, sql: str, params=None):
    con = duckdb.connect(str(paths.published), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_first_run_loads_every_report_with_its_numbers(data, mirror):
    paths, report = data
    expected = expected_reports(mirror.manifest)
    assert report.status == "succeeded" and not report.failures()
    loaded = dict(
        _query(
            paths,
            "SELECT l.url, r.year FROM report r JOIN report_lineage l USING (report_id) WHERE r.is_current",
        )
    )
    # A PDF attached to a report page with the same content is the same report (the loader
    # keeps one); it is found through its page.
    missing = sorted(
        url for url, r in expected.items() if url not in loaded and r.get("attachment_of") not in loaded
    )
    assert not missing, missing[:5]
    assert all(loaded[url] == expected[url]["year"] for url in expected if url in loaded)
    cells = {
        (url, row, col): value
        for url, row, col, value in _query(
            paths,
            """
        SELECT l.url, f.disposition::VARCHAR, f.applicant::VARCHAR, f.value
        FROM fact_application f JOIN report_lineage l USING (report_id)""",
        )
    }
    wrong = [
        (url, row, col)
        for url, r in expected.items()
        if url in loaded
        for row, cols in ((r.get("values") or {}).get("applications") or {}).items()
        for col, value in cols.items()
        if cells.get((url, row, col), "missing") != value
    ]
    assert not wrong, wrong[:5]


def _facts(paths: DataPaths) -> list[tuple]:
    return _query(
        paths, "SELECT * FROM fact_application ORDER BY report_id, disposition, applicant"
    ) + _query(paths, "SELECT report_id, agency_id, year, is_current FROM report ORDER BY report_id")


def test_a_dask_cluster_gives_the_same_warehouse(data, tmp_path):
    paths, _ = data
    dask_data = DataPaths.resolve(tmp_path / "dask")
    report = nightly_with_runner(dask_workers=2)(data_dir=str(dask_data.root))
    assert report.status == "succeeded"
    assert _facts(dask_data) == _facts(paths)


def test_artifacts_and_run_row(data):
    paths, report = data
    ((status, new),) = _query(
        paths, "SELECT status, reports_new FROM load_run WHERE run_id = ?", [report.run_id]
    )
    assert status == "succeeded" and new == report.loads["new"] > 0
    assert "nightly run" in report.markdown()
    assert {row["source"] for row in report.source_rows()} >= {"siming/qrmzf", "huli/zfb"}


def test_second_run_changes_nothing(data):
    paths, _ = data
    again = nightly_with_runner()(data_dir=str(paths.root))
    assert again.changed_nothing()
    assert again.parsed == 0 and sum(again.loads.values()) == 0
    assert again.crawl_counts()["new"] == 0


def test_a_changed_page_is_a_revision(data, mirror):
    paths, _ = data
    url = next(
        u
        for u, r in expected_reports(mirror.manifest).items()
        if r["source"] == "siming/szylj" and r["form"] == "html"
    )
    mirror.change_report(url)
    run = nightly_with_runner()(data_dir=str(paths.root), district="siming")
    assert run.loads["revision"] == 1 and run.parsed == 1
    rows = _query(
        paths,
        """
        SELECT r.is_current FROM report r JOIN report_lineage l USING (report_id)
        WHERE (r.agency_id, r.year) IN (SELECT agency_id, year FROM report r2
                                        JOIN report_lineage l2 USING (report_id)
                                        WHERE l2.url = ?)""",
        [url],
    )
    assert sorted(c for (c,) in rows) == [False, True]


def test_a_second_run_while_one_is_active_exits_naming_the_holder(data):
    paths, _ = data
    with RunLock(paths.lock, "nightly run"), pytest.raises(AlreadyRunning, match="pid"):
        run_pipeline(Options(data_dir=str(paths.root)))
