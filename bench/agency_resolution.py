"""Agency identity costs: building the catalog, resolving names, and syncing a warehouse.

1. Building the catalog from the registry and the agency data files (every process does it
   once, and again when a file changes).
2. Resolving printed names the loader has not seen (the per-report cost before the cache):
   names of registry agencies in other spellings, and unknown names.
3. The no-op sync every `load_reports` call starts with (the warehouse already reflects the
   data files): one fingerprint comparison.
4. A sync that re-attributes every stored report: N synthetic reports are loaded, then a
   gazetteer edit (their city 合成市 becomes a known place) changes every report's agency_id,
   so every report and its ~200 fact rows move to a new report_id in one transaction. The
   commit dominates: DuckDB maintains the fact tables' primary-key indexes row by row. A
   real alias or rename edit moves a handful of reports; only a gazetteer edit moves many.

    uv run python bench/agency_resolution.py [--reports 5000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = range(2019, 2026)


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def catalog_build() -> None:
    from extract.registry import load_registry
    from warehouse.agencies.catalog import AgencyCatalog
    from warehouse.agencies.data import load_agency_data

    seconds = median_time(lambda: AgencyCatalog(load_registry(), load_agency_data()), 20)
    print(f"catalog build (registry + data files)      {seconds * 1000:8.1f} ms")


def resolution() -> None:
    from warehouse.agencies.resolve import current_catalog

    catalog = current_catalog()
    known = [
        f"{p}{row.name.removeprefix('厦门市')}{s}"
        for row in catalog.rows.values()
        for p in ("", "厦门市 ")
        for s in ("", " ")
    ]
    unknown = [f"合成市第{i}区人民政府" for i in range(20000)]
    for label, names in (("known agencies, other spellings", known), ("unknown names (unresolved)", unknown)):
        started = time.perf_counter()
        for name in names:
            catalog._resolve(name, None, None)  # uncached: the work the cache saves
        rate = len(names) / (time.perf_counter() - started)
        print(f"resolve {label:34} {rate:10,.0f} names/s")


def sync_costs(reports: int) -> None:
    from mirror.synthetic import synthetic_items
    from warehouse.agencies.data import AGENCY_DATA_DIR
    from warehouse.agencies.resolve import use_agency_files
    from warehouse.store.agency_sync import sync_agencies
    from warehouse.store.db import connect_writer
    from warehouse.store.load import load_reports
    from warehouse.store.runs import start_run

    work = Path(tempfile.mkdtemp(prefix="ogi-agency-bench-"))
    try:
        data = Path(shutil.copytree(AGENCY_DATA_DIR, work / "agencies"))
        use_agency_files(data_dir=data)
        con = connect_writer(work / "warehouse.duckdb")
        agencies = -(-reports // len(YEARS))
        started = time.perf_counter()
        load_reports(
            con,
            islice(synthetic_items(agencies, YEARS, seed=1), reports),
            start_run(con, "bench"),
            batch_size=2000,
        )
        loaded = time.perf_counter() - started
        facts = con.execute("SELECT count(*) FROM fact_application").fetchall()[0][0]
        print(
            f"load {reports:,} reports ({facts:,} table-3 rows)    {loaded:8.2f} s "
            f"(context: generation included)"
        )
        noop = median_time(lambda: sync_agencies(con), 50)
        print(f"no-op sync before a load                   {noop * 1000:8.2f} ms")
        with (data / "regions.csv").open("a", encoding="utf-8") as fh:
            fh.write("990100,合成市,,bench: makes every synthetic agency's key change\n")
        started = time.perf_counter()
        result = sync_agencies(con)
        moved = time.perf_counter() - started
        print(
            f"sync moving every report ({result.reports_moved:,} moved)    {moved:8.2f} s "
            f"({result.reports_moved / moved:,.0f} reports/s)"
        )
        assert result.reports_moved == reports
        con.close()
    finally:
        use_agency_files()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=5000)
    args = parser.parse_args()
    catalog_build()
    resolution()
    sync_costs(args.reports)


if __name__ == "__main__":
    main()
