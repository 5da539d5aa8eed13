"""Where a batch load's time goes: CPU per report of each half of `load_reports`, measured apart.

`bench/warehouse_load.py` times the whole load on a shared machine, where wall time says more
about the neighbours than about the loader. This bench measures process CPU time (DuckDB's
threads included) of each stage on the same synthetic reports, one stage at a time:

  - prepare: validation, flattening and fingerprints (`warehouse.store.prepare.prepare`), of
    which `transform.frames.result_cells` (the parser's cell validation) is listed apart;
  - stage: a batch's cells as Arrow tables (`warehouse.store.staging.stage`);
  - insert: DuckDB appending the staged tables of one batch to the constrained tables, writing
    the per-report summaries from them (`report_table3`, `check_tally`, listed apart) and
    committing, repeated with fresh report ids so the tables grow (`--batches`).

The first two run under the GIL (the loader overlaps them with DuckDB's work on a second
thread, not with each other), so their sum bounds the single-process load rate.

    uv run python bench/warehouse_stages.py [--reports 4000] [--batches 20]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BATCH = 2000  # reports per transaction, as bench/warehouse_load.py loads them


def cpu_per_report(label: str, reports: int, fn):
    started = time.process_time()
    value = fn()
    ms = (time.process_time() - started) / reports * 1e3
    print(f"  {label:44} {ms:7.3f} ms CPU per report", flush=True)
    return value


def insert_batches(staged, batches: int) -> float:
    """Append one staged batch `batches` times (ids shifted), one transaction each, with the
    per-report summaries the loader writes from the staged rows (report_table3, check_tally);
    returns the process CPU seconds of the summaries alone."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warehouse.store import table3, tally
    from warehouse.store.db import connect_writer
    from warehouse.store.load import LOAD_THREADS

    summaries = 0.0
    with tempfile.TemporaryDirectory(prefix="ogi-stages-") as directory:
        con = connect_writer(Path(directory) / "w.duckdb")
        con.execute(f"SET threads = {LOAD_THREADS}")  # as load_reports appends
        base = pc.unique(pa.chunked_array([t["report_id"] for t in staged.tables.values()]))
        for n in range(1, batches + 1):
            shift = n << 40  # far from the synthetic ids (53-bit hashes), distinct per batch
            con.execute("BEGIN TRANSACTION")
            con.register("stage_keys", pa.table({"report_id": pc.add(base, shift)}))
            con.execute("INSERT INTO report_key SELECT report_id FROM stage_keys")
            for table, data in staged.tables.items():
                column = data.schema.get_field_index("report_id")
                con.register(
                    f"stage_{table}", data.set_column(column, "report_id", pc.add(data["report_id"], shift))
                )
                if data.num_rows:
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM stage_{table}")
            started = time.process_time()
            table3.insert_batch(con, "stage_keys", "stage_fact_application", "stage_check_result")
            tally.insert_batch(con, "stage_check_result")
            summaries += time.process_time() - started
            con.execute("COMMIT")
            for name in ["stage_keys", *(f"stage_{table}" for table in staged.tables)]:
                con.unregister(name)
        con.close()
    return summaries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000, help="reports prepared and staged")
    parser.add_argument("--batches", type=int, default=20, help="batches of 2,000 inserted")
    args = parser.parse_args()

    from warehouse_load import items

    import transform
    from transform.frames import result_cells
    from warehouse.store.prepare import prepare
    from warehouse.store.staging import Prepared, stage

    sample = list(items(args.reports))
    print(f"{args.reports:,} synthetic reports; CPU time of each stage (process, all threads):")
    cpu_per_report(
        "  of which result_cells (transform)", args.reports, lambda: [result_cells(i.result) for i in sample]
    )
    ready = cpu_per_report(
        "prepare (validate, flatten, fingerprint)",
        args.reports,
        lambda: [prepare(i, transform.PARSER_VERSION, 1) for i in sample],
    )
    batches = cpu_per_report(
        "stage (Arrow tables, batches of 2,000)",
        args.reports,
        lambda: [
            stage([Prepared(p.report_id, p.agency_id, p.year, p.columns) for p in ready[k : k + BATCH]])
            for k in range(0, len(ready), BATCH)
        ],
    )
    summaries = cpu_per_report(
        f"insert + commit ({args.batches} batches, facts and checks)",
        args.batches * BATCH,
        lambda: insert_batches(batches[0], args.batches),
    )
    label = "  of which report_table3 + check_tally"
    print(f"  {label:44} {summaries / (args.batches * BATCH) * 1e3:7.3f} ms CPU per report")


if __name__ == "__main__":
    main()
