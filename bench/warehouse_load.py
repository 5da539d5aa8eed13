"""Warehouse load throughput at scale, beside per-report transactions and `executemany`.

Loads N synthetic reports (default 100,000: 14,286 agencies × 2019–2025, generated from the
real 2019/2021 layouts with counts that satisfy every identity; see mirror/synthetic.py)
into a fresh DuckDB file through the production loader (with every constraint of the schema),
then runs the cross-report checks, publishes the snapshot, exports parquet, publishes and
exports again with nothing changed (both must be skipped), and times every analyst query on
it. Generating the parse results is not timed; everything from a `ParseResult` on is. Peak
memory is the process's maximum resident set (DuckDB runs in-process; no children).

Baselines, on a sample, into fresh files, projected to N:
  - the same loader with one transaction per report (`load_report`, the nightly path);
  - `executemany` of the same table-3 rows (the row-by-row insert NOTES §3.8 warns about).

    uv run python bench/warehouse_load.py [--reports 100000] [--batch 2000] [--keep DIR]

    nice uv run python bench/warehouse_load.py --reports 1000000 --sample 0

Targets at 1,000,000 reports on 2 cores: load < 10 min, peak memory < 8 GB, warehouse
≤ 3 KB per report, snapshot publish < 30 s, export < 2 min, every analyst query < 2 s.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

YEARS = range(2019, 2026)
PROGRESS_EVERY = 100_000  # reports between progress lines (a 1M run shows its rate as it goes)


def items(reports: int, seed: int = 1):
    from mirror.synthetic import synthetic_items

    agencies = -(-reports // len(YEARS))
    return islice(synthetic_items(agencies, YEARS, seed=seed), reports)


def timed(label: str, fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    elapsed = time.perf_counter() - started
    print(f"  {label:44} {elapsed:8.2f} s   (peak so far {peak_rss_gb():.2f} GB)", flush=True)
    return value, elapsed


def peak_rss_gb() -> float:
    """Maximum resident set of this process (and any finished children), in GB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) * 1024 / 1e9


def bulk_load(paths, reports: int, batch: int) -> tuple[float, int]:
    """The production loader, `batch` reports per transaction; returns (seconds, fact rows)."""
    from warehouse.publish.snapshot import publish
    from warehouse.store.crosschecks import run_cross_checks
    from warehouse.store.db import connect_writer
    from warehouse.store.load import load_reports
    from warehouse.store.runs import finish_run, start_run

    con = connect_writer(paths.warehouse)
    run = start_run(con, "bench")
    source = items(reports)
    loading = cpu = 0.0
    rows = 0
    while chunk := list(islice(source, 10_000)):  # generate 10,000 at a time (not timed)
        started, started_cpu = time.perf_counter(), time.process_time()
        outcomes = load_reports(con, chunk, run, batch_size=batch)
        loading += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
        rows += sum(o.fact_rows for o in outcomes)
        assert all(o.status == "new" for o in outcomes), {o.status for o in outcomes}
        done = run_reports(con, run)
        if done % PROGRESS_EVERY < len(chunk) and done < reports:
            print(
                f"  … {done:>9,} reports loaded in {loading:7.1f} s ({done / loading:,.0f}/s), "
                f"CPU {cpu / done * 1e3:.3f} ms per report, peak {peak_rss_gb():.2f} GB",
                flush=True,
            )
    peak = peak_rss_gb()
    print(f"  {'load (timed part only)':44} {loading:8.2f} s   (peak so far {peak:.2f} GB)", flush=True)
    print(
        f"  {'load CPU (process, all threads)':44} {cpu:8.2f} s = {cpu / reports * 1e3:.3f} ms per report",
        flush=True,
    )
    timed("cross-report checks", run_cross_checks, con)
    finish_run(con, run)
    first, _ = timed("checkpoint + publish snapshot", publish, paths, con)
    assert first.copied
    again_run = start_run(con, "bench")
    finish_run(con, again_run)  # a run that changed nothing
    again, _ = timed("publish again, nothing changed", publish, paths, con)
    assert not again.copied, "an unchanged snapshot was copied"
    con.close()
    return loading, rows


def run_reports(con, run: int) -> int:
    return con.execute("SELECT count(*) FROM load_event WHERE run_id = ?", [run]).fetchall()[0][0]


def per_report_baseline(directory: Path, sample: int) -> float:
    """Seconds per report with one transaction per report (`load_report`)."""
    from warehouse.store.db import connect_writer
    from warehouse.store.load import load_report
    from warehouse.store.runs import start_run

    con = connect_writer(directory / "per_report.duckdb")
    run = start_run(con, "bench")
    sample_items = list(items(sample, seed=2))
    started = time.perf_counter()
    for item in sample_items:
        load_report(con, item.result, item.capture, run)
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed / sample


def executemany_baseline(directory: Path, sample: int) -> float:
    """Seconds per fact row inserting table-3 cells with `executemany` (same schema, PK)."""
    from warehouse.store.db import connect_writer

    con = connect_writer(directory / "executemany.duckdb")
    rows = []
    for n, item in enumerate(items(sample, seed=3)):
        rows += [
            (n, "ag_x", item.result.year, f.row, f.col, f.value, f.value is None)
            for f in item.result.facts
            if f.table == "applications"
        ]
    con.execute("INSERT INTO report_key SELECT range FROM range(?)", [sample])  # the FK's parent
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.executemany(
        "INSERT INTO fact_application (report_id, agency_id, year, disposition, applicant, value, "
        "is_blank) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    con.execute("COMMIT")
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2000, help="reports per transaction")
    parser.add_argument("--sample", type=int, default=2000, help="reports for the baselines")
    parser.add_argument("--keep", type=Path, help="build the warehouse here and keep it")
    args = parser.parse_args()

    from warehouse_queries import print_timings, time_queries

    from core.paths import DataPaths
    from warehouse.publish.export import export

    scratch = Path(tempfile.mkdtemp(prefix="ogi-bench-"))
    paths = DataPaths.resolve(args.keep or scratch / "data")
    if paths.root.exists():
        shutil.rmtree(paths.root)
    try:
        print(f"bulk load of {args.reports:,} reports, {args.batch} per transaction:")
        seconds, rows = bulk_load(paths, args.reports, args.batch)
        size = paths.warehouse.stat().st_size
        _, export_seconds = timed("parquet export (from the snapshot)", export, paths)
        exported = sum(p.stat().st_size for p in paths.exports.rglob("*") if p.is_file())
        unchanged, _ = timed("export again, nothing changed", export, paths, skip_unchanged=True)
        assert not unchanged.changed, "an unchanged export was rewritten"
        timings = time_queries(paths.published)

        if args.sample:
            print(f"baselines on {args.sample:,} reports:")
            per_report = per_report_baseline(scratch, args.sample)
            per_row_many = executemany_baseline(scratch, max(1, args.sample // 10))

        print()
        print(
            f"bulk load:            {rows:,} fact rows in {seconds:.1f} s = "
            f"{rows / seconds:,.0f} rows/s, {args.reports / seconds:,.0f} reports/s "
            f"(target: 1,000,000 reports < 600 s)"
        )
        if args.sample:
            print(
                f"per-report txn:       {1 / per_report:,.0f} reports/s, "
                f"{rows / args.reports / per_report:,.0f} rows/s → {args.reports:,} reports "
                f"in ~{per_report * args.reports:,.0f} s"
            )
            print(
                f"executemany (table 3): {1 / per_row_many:,.0f} rows/s → {rows:,} rows in "
                f"~{per_row_many * rows:,.0f} s"
            )
        print(
            f"warehouse file:       {size / 1e6:,.0f} MB ({size / args.reports / 1e3:.2f} KB "
            f"per report, target ≤ 3); parquet export {exported / 1e6:,.0f} MB "
            f"({exported / args.reports / 1e3:.2f} KB per report) in {export_seconds:.1f} s"
        )
        print(f"peak memory:          {peak_rss_gb():.2f} GB resident (target < 8)")
        print()
        print_timings(timings)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
