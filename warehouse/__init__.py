"""The DuckDB warehouse, one sub-package per concern (see docs/architecture.md):

- `warehouse.store`: the file, its schema and every write (`db.connect_writer` / `connect_reader`,
  `schema.migrate`, `runs.start_run` / `finish_run`, `load.load_reports`, `current`,
  `crosschecks.run_cross_checks`, `reparse.reparse`, `agency_sync.sync_agencies`);
- `warehouse.agencies`: agency identity (`resolve.resolve_agencies`, `facts_for_capture`;
  docs/agencies.md);
- `warehouse.publish`: `snapshot.publish_snapshot`, `export.export`, the codebook;
- `warehouse.query`: `ogi sql` and the analysts' pandas API over the published snapshot;
- `warehouse.site`: the static report site (`ogi report`).

The flows call these entry points and hold no SQL.
"""
