"""Agency identity: one id per agency across spellings, abbreviations and renames.

`data` reads the agency data files (names, aliases, renames, regions), `catalog` indexes them,
`names` normalizes printed names, `resolve` turns a printed name plus a source's facts into an
agency id and maintains `dim_agency`. Nothing here writes report rows: re-attributing stored
reports after the agency data changed is `warehouse.store.agency_sync`. See docs/agencies.md.
"""
