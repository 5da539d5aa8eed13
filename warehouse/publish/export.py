"""`export`: the researchers' dataset — parquet per table, codebook, manifest, optional CSV.

Layout of the export directory (default `data/exports/`):

    fact_application/year=2023/data_0.parquet     one dataset per fact table, by covered year
    fact_review_litigation/…  fact_proactive/…
    report.parquet  report_lineage.parquet  report_narrative.parquet  check_result.parquet
    dim_*.parquet  agency_expected_year.parquet  data_dictionary.parquet
    codebook.md  codebook.json  manifest.json  [csv/<table>.csv]

The `year` of a fact table lives in its directory name (hive partitioning), not inside the
files: pyarrow and pandas infer hive partitions when reading a directory and refuse a file
that ALSO holds the column (`Unable to merge: Field year has incompatible types`), so
`WRITE_PARTITION_COLUMNS true` would break `pd.read_parquet("fact_application")`, the first
thing a researcher types. Every reader (pandas, pyarrow, R arrow, DuckDB, polars) turns the
directory name back into the `year` column.

Reads the published snapshot (so it runs while a load is writing). Every file is written
with a fixed row order, and the manifest holds no wall-clock time, so re-exporting unchanged
data gives byte-identical files. The export is built in a sibling directory and swapped in
(`warehouse.publish.replace_dir`): a crash mid-export leaves the previous export whole, and
partitions of years that no longer exist disappear with the directory they were in. An
export whose manifest already names the snapshot's data fingerprint (and the same format and
CSV choice) is left as it is when the caller asks (`skip_unchanged`, as the nightly run
does): nothing is rewritten (`ExportResult.changed` is False); `ogi export` run by hand
always writes. `ogi
export` takes no run lock (it only reads the snapshot); two exports into one directory take
turns on the directory's own lock.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.paths import DataPaths
from core.progress import Tick
from warehouse.publish.codebook import build_codebook, codebook_json, codebook_markdown
from warehouse.publish.fingerprint import data_fingerprint
from warehouse.publish.replace_dir import replacing
from warehouse.store.db import connect_reader
from warehouse.store.results import scalar
from warehouse.store.runs import last_successful_run
from warehouse.store.schema import schema_version

DATASET = "ogi-warehouse"
# Changes whenever the files' layout, order or encoding changes, so an old export is rewritten.
EXPORT_FORMAT = 2

# table → ORDER BY of its rows in the files (partitioned tables also split by year).
PARTITIONED = {
    "fact_application": "year, report_id, disposition, applicant",
    "fact_review_litigation": "year, report_id, proceeding, outcome",
    "fact_proactive": "year, report_id, item, measure",
}
SINGLE_FILE = {
    "report": "year, agency_id, report_id",
    "report_lineage": "report_id",
    "report_narrative": "report_id, key",
    "check_result": "report_id, rule, subject",
    "dim_agency": "agency_id",
    "agency_alias": "agency_id, alias",
    "agency_link": "predecessor_id, successor_id",
    "agency_expected_year": "agency_id, year",
    "dim_disposition": "sort_order",
    "dim_applicant": "sort_order",
    "dim_proceeding": "sort_order",
    "dim_outcome": "sort_order",
    "dim_proactive_item": "sort_order",
    "dim_proactive_measure": "sort_order",
    "dim_check_rule": "rule",
}
EXPORTED_TABLES = (*PARTITIONED, *SINGLE_FILE)


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    manifest: dict
    changed: bool = True  # False: the export already held this data and was left untouched


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _copy(con: duckdb.DuckDBPyConnection, query: str, target: Path, options: str) -> None:
    con.execute(f"COPY ({query}) TO ? ({options})", [target.as_posix()])  # any path, quoted


def _select(con: duckdb.DuckDBPyConnection, table: str, order: str) -> str:
    """The table's rows as exported: JSON columns as their text (parquet's JSON type reads back
    as Python objects in pandas; text reads as a string column, like every other)."""
    json_columns = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND data_type = 'JSON' "
            "AND database_name = current_database() ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    replace = f" REPLACE ({', '.join(f'{c}::VARCHAR AS {c}' for c in json_columns)})" if json_columns else ""
    return f"SELECT *{replace} FROM {table} ORDER BY {order}"


def _write_tables(
    con: duckdb.DuckDBPyConnection, staging: Path, with_csv: bool, on_file: Tick | None
) -> None:
    jobs = [
        (
            _select(con, table, order),
            staging / table,
            "FORMAT parquet, PARTITION_BY (year), OVERWRITE, WRITE_PARTITION_COLUMNS false",
        )
        for table, order in PARTITIONED.items()
    ]
    jobs += [
        (_select(con, table, order), staging / f"{table}.parquet", "FORMAT parquet")
        for table, order in SINGLE_FILE.items()
    ]
    jobs.append(
        (
            "SELECT * EXCLUDE (kind) FROM v_data_dictionary WHERE kind = 'table' AND "
            f"list_contains({list(EXPORTED_TABLES)!r}, object_name) "
            "ORDER BY object_name, column_index",
            staging / "data_dictionary.parquet",
            "FORMAT parquet",
        )
    )
    if with_csv:
        (staging / "csv").mkdir()
        jobs += [
            (_select(con, table, order), staging / "csv" / f"{table}.csv", "FORMAT csv, HEADER true")
            for table, order in {**PARTITIONED, **SINGLE_FILE}.items()
        ]
    for table in PARTITIONED:
        (staging / table).mkdir()
    for done, (query, target, options) in enumerate(jobs, start=1):
        _copy(con, query, target, options)
        if on_file is not None:
            on_file(done, len(jobs))


def _manifest(con: duckdb.DuckDBPyConnection, staging: Path, run_id: int | None) -> dict:
    files = []
    for path in sorted(p for p in staging.rglob("*") if p.is_file()):
        entry = {
            "path": path.relative_to(staging).as_posix(),
            "bytes": path.stat().st_size,
            "sha256": _sha256(path),
        }
        if path.suffix == ".parquet":
            entry["rows"] = scalar(con, "SELECT count(*) FROM read_parquet(?)", [path.as_posix()])
        files.append(entry)
    run = None
    if run_id is not None:
        row = con.execute(
            "SELECT run_id, kind, status, parser_version, finished_at FROM load_run WHERE run_id = ?",
            [run_id],
        ).fetchall()
        if not row:
            raise ValueError(f"no load run {run_id} in the warehouse")
        run_id, kind, status, parser_version, finished = row[0]
        run = {
            "run_id": run_id,
            "kind": kind,
            "status": status,
            "parser_version": parser_version,
            "finished_at": finished.isoformat() if finished else None,
        }
    return {
        "dataset": DATASET,
        "format": EXPORT_FORMAT,
        "version": _version(con, files),
        "run": run,
        "run_id": run_id,
        "parser_version": run["parser_version"] if run else None,
        "parser_versions_in_data": [
            v for (v,) in con.execute("SELECT DISTINCT parser_version FROM report ORDER BY 1").fetchall()
        ],
        "schema_version": schema_version(con),
        "tables": {t: scalar(con, f"SELECT count(*) FROM {t}") for t in EXPORTED_TABLES},
        "current_reports": scalar(con, "SELECT count(*) FROM report WHERE is_current"),
        "years": [y for (y,) in con.execute("SELECT DISTINCT year FROM report ORDER BY 1").fetchall()],
        "files": files,
    }


def _version(con: duckdb.DuckDBPyConnection, files: list[dict]) -> str:
    """The dataset version to cite: the day of the newest report in it and a hash of every
    file's content (`2025-01-31+3f9a…`). Unchanged data keeps its version; no clock is read."""
    newest = scalar(con, "SELECT max(fetched_at)::DATE FROM report")
    digest = hashlib.sha256("".join(f"{f['path']}\0{f['sha256']}\n" for f in files).encode()).hexdigest()
    return f"{newest or 'empty'}+{digest[:12]}"


def export(
    paths: DataPaths,
    out_dir: Path | None = None,
    run_id: int | None = None,
    *,
    with_csv: bool = False,
    source: Path | None = None,
    skip_unchanged: bool = False,
    on_file: Tick | None = None,
) -> ExportResult:
    """Export the published snapshot (or `source`) to `out_dir` (default `paths.exports`).

    `run_id` names the load run the export belongs to (recorded in the manifest); by
    default the last successful run in the warehouse. Waits for another export into the
    same directory to finish first. `on_file(done, total)` is called as each table is written
    (the operator's progress).
    """
    out_dir = Path(out_dir or paths.exports).resolve()
    source = source or paths.published
    con = connect_reader(source)
    try:
        fingerprint = data_fingerprint(con)
        if (
            skip_unchanged
            and run_id is not None
            and not scalar(con, "SELECT count(*) FROM load_run WHERE run_id = ?", [run_id])
        ):
            run_id = None  # a run that changed nothing did not re-publish: the data is an earlier run's
    finally:
        con.close()
    existing = _existing_manifest(out_dir) if skip_unchanged else {}
    if (
        existing.get("data_fingerprint") == fingerprint
        and existing.get("format") == EXPORT_FORMAT
        and existing.get("with_csv", False) == with_csv
    ):  # the same data: its manifest keeps naming the run that produced it
        return ExportResult(out_dir, existing, changed=False)
    with replacing(out_dir) as staging:
        manifest = _export(staging, run_id, with_csv, source, fingerprint, on_file)
    return ExportResult(out_dir, manifest)


def _existing_manifest(out_dir: Path) -> dict:
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def _export(
    staging: Path,
    run_id: int | None,
    with_csv: bool,
    source: Path,
    fingerprint: str,
    on_file: Tick | None,
) -> dict:
    """Write the whole export into `staging`; returns its manifest."""
    con = connect_reader(source)
    # The partitioned parquet writer interleaves rows from its threads: with more than one,
    # files differ from run to run and lose the ORDER BY. One thread keeps them identical.
    con.execute("SET threads = 1")
    try:
        if run_id is None:
            run_id = last_successful_run(con)
        _write_tables(con, staging, with_csv, on_file)
        codebook = build_codebook(con, EXPORTED_TABLES, tuple(PARTITIONED))
        (staging / "codebook.json").write_text(codebook_json(codebook), encoding="utf-8")
        (staging / "codebook.md").write_text(codebook_markdown(codebook), encoding="utf-8")
        manifest = _manifest(con, staging, run_id) | {"data_fingerprint": fingerprint, "with_csv": with_csv}
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    finally:
        con.close()
    return manifest
