"""Storage and loads: the DuckDB file, its schema, and every write into it.

`db` opens the warehouse (one writer, readers of the snapshot); `schema` migrates it from
`sql/`; `load` stages and writes reports (validated by `prepare`/`staging`) revision-aware in
one transaction per batch; `current` is the one rule for which version of an agency-year is
current; `agency_sync` re-attributes stored reports when the agency data changes; `reparse`
re-derives facts from the raw archive after a parser upgrade; `crosschecks` evaluates rules
across reports; `runs` records each run.
"""
