"""Parquet export: round trip, byte-identical re-export, stale partitions, crash safety."""

from __future__ import annotations

import hashlib
import json
import shutil

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
import warehouse_kit as kit

import warehouse.publish.export as export_module
from core.paths import DataPaths
from transform import codes
from warehouse.publish.export import PARTITIONED, SINGLE_FILE, export
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.db import connect_writer
from warehouse.store.load import load_report
from warehouse.store.runs import finish_run, start_run


@pytest.fixture(scope="module")
def exported(demo_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "exports"
    return export(demo_data, out, with_csv=True)


def files_by_hash(directory):
    return {
        p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def normalized(rows):
    return sorted(
        tuple(None if v is None else (str(v) if not isinstance(v, int | float | bool) else v) for v in row)
        for row in rows
    )


@pytest.mark.parametrize("table", [*PARTITIONED, *SINGLE_FILE])
def test_parquet_read_back_with_pyarrow_equals_the_warehouse(exported, demo_data, table):
    con = duckdb.connect(str(demo_data.published), read_only=True)
    expected = con.execute(f"SELECT * FROM {table}")
    names = [d[0] for d in expected.description]
    expected_rows = expected.fetchall()
    con.close()
    path = exported.out_dir / (table if table in PARTITIONED else f"{table}.parquet")
    data = pq.read_table(path)  # the default reader: hive partitions become columns
    assert sorted(data.column_names) == sorted(names)
    got = [tuple(row[n] for n in names) for row in data.to_pylist()]
    assert normalized(got) == normalized(expected_rows)


def test_pandas_reads_a_partitioned_table_from_its_directory(exported, demo_data):
    frame = pd.read_parquet(exported.out_dir / "fact_application")
    con = duckdb.connect(str(demo_data.published), read_only=True)
    expected = kit.rows(con, "SELECT year, count(*) FROM fact_application GROUP BY 1 ORDER BY 1")
    con.close()
    counts = frame.groupby(frame["year"].astype(int), observed=True).size()
    assert [(int(y), int(n)) for y, n in counts.items()] == expected


def test_partitions_are_by_covered_year(exported, demo_data):
    years = sorted(p.name for p in (exported.out_dir / "fact_application").iterdir())
    con = duckdb.connect(str(demo_data.published), read_only=True)
    stored = con.execute("SELECT DISTINCT year FROM fact_application ORDER BY 1").fetchall()
    con.close()
    assert len(stored) > 1 and years == [f"year={y}" for (y,) in stored]
    part = pq.read_table(exported.out_dir / "fact_application" / "year=2019" / "data_0.parquet")
    assert part.num_rows > 0 and "year" not in part.column_names


def test_manifest_counts_rows_and_hashes_every_file(exported):
    manifest = json.loads((exported.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == 1 and manifest["parser_version"]
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = files_by_hash(exported.out_dir)
    on_disk.pop("manifest.json")
    assert {p: f["sha256"] for p, f in listed.items()} == on_disk
    partition_rows = sum(f["rows"] for p, f in listed.items() if p.startswith("fact_application/"))
    assert partition_rows == manifest["tables"]["fact_application"] > 0
    assert "csv/fact_application.csv" in listed


def test_codebook_lists_every_column_and_every_code(exported):
    book = json.loads((exported.out_dir / "codebook.json").read_text(encoding="utf-8"))
    tables = {t["name"]: t for t in book["tables"]}
    assert set(tables) == set(PARTITIONED) | set(SINGLE_FILE)
    assert all(c["description"] for t in tables.values() for c in t["columns"])
    dispositions = {c["code"]: c for c in book["codes"]["disposition"]}
    for code in codes.DISPOSITIONS:
        assert dispositions[code.code]["label_zh"] == code.label_zh
        assert dispositions[code.code]["templates"] == list(code.templates)
    markdown = (exported.out_dir / "codebook.md").read_text(encoding="utf-8")
    assert "本机关不掌握相关政府信息" in markdown and "## fact_application" in markdown


def test_reexporting_unchanged_data_gives_byte_identical_files(demo_data, tmp_path):
    first = export(demo_data, tmp_path / "a", with_csv=True).out_dir
    second = export(demo_data, tmp_path / "b", with_csv=True).out_dir
    assert files_by_hash(first) == files_by_hash(second)
    again = export(demo_data, tmp_path / "a", with_csv=True).out_dir
    assert files_by_hash(again) == files_by_hash(second)


def fresh_warehouse(tmp_path, years):
    paths = DataPaths.resolve(tmp_path / "data")
    con = connect_writer(paths.warehouse)
    run = start_run(con, "test")
    for year in years:
        load_report(con, kit.result(year=year), kit.capture(str(year)), run)
    finish_run(con, run)
    publish_snapshot(paths, con)
    return paths, con


def test_a_refresh_removes_partitions_of_years_that_are_gone(tmp_path):
    paths, con = fresh_warehouse(tmp_path, [2021, 2022])
    out = export(paths).out_dir
    assert (out / "fact_application" / "year=2021").exists()
    con.execute("DELETE FROM fact_application WHERE year = 2021")
    publish_snapshot(paths, con)
    con.close()
    export(paths)
    assert sorted(p.name for p in (out / "fact_application").iterdir()) == ["year=2022"]


def test_a_crash_mid_export_leaves_the_previous_export_whole(tmp_path, monkeypatch):
    paths, con = fresh_warehouse(tmp_path, [2021])
    out = export(paths).out_dir
    before = files_by_hash(out)
    load_report(con, kit.result(year=2022), kit.capture("2022"), start_run(con, "test"))
    publish_snapshot(paths, con)  # new data: the next export rewrites
    con.close()

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "codebook_markdown", explode)
    with pytest.raises(OSError, match="disk full"):
        export(paths)
    assert files_by_hash(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith("exports")] == ["exports"]


def test_an_interrupted_swap_is_recovered(tmp_path):
    paths, con = fresh_warehouse(tmp_path, [2021])
    con.close()
    out = export(paths).out_dir
    before = files_by_hash(out)
    out.rename(out.with_name("exports.previous"))  # killed between the two renames
    (out.parent / "exports.partial-99999").mkdir()
    result = export(paths)
    assert files_by_hash(result.out_dir) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith("exports")] == ["exports"]


def test_export_without_a_snapshot_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="ogi ingest"):
        export(DataPaths.resolve(tmp_path / "empty"))
    shutil.rmtree(tmp_path / "empty", ignore_errors=True)


def test_an_export_of_unchanged_data_is_not_rewritten(demo_data, tmp_path):
    out = tmp_path / "export"
    first = export(demo_data, out)
    assert first.changed
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = export(demo_data, out, skip_unchanged=True)
    assert not again.changed
    assert again.manifest == first.manifest
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamp
    assert export(demo_data, out, with_csv=True, skip_unchanged=True).changed  # asked for more
    assert export(demo_data, out).changed  # by hand: always written


def test_pandas_reads_every_column_with_the_dtype_the_codebook_states(exported):
    exported = exported.out_dir
    codebook = json.loads((exported / "codebook.json").read_text(encoding="utf-8"))
    for table in codebook["tables"]:
        name = table["name"]
        path = exported / name if name in PARTITIONED else exported / f"{name}.parquet"
        frame = pd.read_parquet(path, dtype_backend="numpy_nullable")
        stated = {c["name"]: c["pandas"] for c in table["columns"]}
        read = {column: str(dtype) for column, dtype in frame.dtypes.items()}
        assert read == stated, name


def test_the_export_reports_each_file_it_writes(demo_data, tmp_path):
    calls: list[tuple[int, int]] = []
    result = export(demo_data, tmp_path / "out", with_csv=True, on_file=lambda d, t: calls.append((d, t)))
    files = len(PARTITIONED) + len(SINGLE_FILE) + 1 + len(PARTITIONED) + len(SINGLE_FILE)  # + dictionary, csv
    assert calls == [(done, files) for done in range(1, files + 1)]
    assert (result.out_dir / "csv").is_dir()
