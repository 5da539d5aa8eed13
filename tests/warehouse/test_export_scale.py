"""Export determinism at a size where DuckDB's parallel parquet writer would reorder rows."""

from __future__ import annotations

import hashlib

import pyarrow.parquet as pq
import pytest

from core.paths import DataPaths
from mirror.synthetic import synthetic_items
from transform import codes
from warehouse.publish.export import export
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.db import connect_writer
from warehouse.store.load import load_reports
from warehouse.store.runs import finish_run, start_run


@pytest.fixture(scope="module")
def synthetic_data(tmp_path_factory):
    paths = DataPaths.resolve(tmp_path_factory.mktemp("scale") / "data")
    con = connect_writer(paths.warehouse)
    run = start_run(con, "test")
    load_reports(con, synthetic_items(1500, range(2023, 2025), seed=5), run)
    finish_run(con, run)
    publish_snapshot(paths, con)
    con.close()
    return paths


def hashes(directory):
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*.parquet"))
    }


def test_large_partitions_export_identically_and_in_key_order(synthetic_data, tmp_path):
    first = export(synthetic_data, tmp_path / "a").out_dir
    second = export(synthetic_data, tmp_path / "b").out_dir
    assert hashes(first) == hashes(second)
    part = pq.read_table(
        first / "fact_application" / "year=2024" / "data_0.parquet",
        columns=["report_id", "disposition", "applicant"],
    )
    assert part.num_rows > 250_000
    rank_d = {c.code: i for i, c in enumerate(codes.DISPOSITIONS)}
    rank_a = {c.code: i for i, c in enumerate(codes.APPLICANTS)}
    keys = [
        (r, rank_d[d], rank_a[a])
        for r, d, a in zip(*(part.column(c).to_pylist() for c in part.column_names), strict=True)
    ]
    assert keys == sorted(keys)
