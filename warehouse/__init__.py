"""The DuckDB warehouse: schema, revision-aware loads, cross-report checks, snapshot, export.

Entry points (the flows call these and hold no SQL; see docs/warehouse.md):

- `warehouse.db.connect_writer(path)` / `connect_reader(path)`
- `warehouse.schema.migrate(con)` (run by `connect_writer`)
- `warehouse.runs.start_run(con, kind)` / `finish_run(con, run_id, status)`
- `warehouse.load.load_report(con, result, capture, run_id, agency=facts)` → `LoadOutcome`;
  `load_reports(con, items, run_id)` for many
- `warehouse.agency.resolve_agency(...)`, `facts_for_capture(capture, registry)`
  (agency identity: docs/agencies.md)
- `warehouse.crosschecks.run_cross_checks(con)`
- `warehouse.reparse.reparse(con, archive, run_id)`
- `warehouse.publish.publish_snapshot(paths, con)`
- `warehouse.export.export(paths, out_dir, run_id)`
- `warehouse.ingest.ingest(paths, data_paths)` (what `ogi ingest` runs)
"""
