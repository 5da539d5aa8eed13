"""Compare two data directories the way a researcher would notice a difference.

A warehouse is summarised as, per table, its row count and the sha256 of its rows in a
total order; an export as the sha256 of every file. What legitimately differs between two
runs over the same sites is left out, and only that:

- run history: `load_run`, `load_event`, `agency_sync` (an interrupted run is part of the
  history: it stays `running`, as `warehouse.store.runs` documents), and `schema_migration`'s time;
- wall-clock times: every TIMESTAMP column (`fetched_at`, `started_at`, `synced_at`, ...)
  and the ids of the run that loaded a row (`loaded_run_id`);
- `report_lineage.headers_json`: the servers' own `Date` header;
- in the export, the manifest's run block, its dataset version (a hash over every file, those
  two included) and the two files that carry those columns (`report.parquet`,
  `report_lineage.parquet`), which are compared by content instead.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb

HISTORY_TABLES = {"load_run", "load_event", "agency_sync"}
VOLATILE_COLUMNS = {"loaded_run_id", "headers_json", "sync_id"}
VOLATILE_FILES = {"report.parquet", "report_lineage.parquet", "manifest.json"}


def _stable_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        name
        for name, kind in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        if "TIMESTAMP" not in kind and name not in VOLATILE_COLUMNS
    ]


def _rows_digest(con: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> tuple[int, str]:
    select = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(f"SELECT {select} FROM {relation} ORDER BY ALL").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def warehouse_digest(path: Path) -> dict[str, tuple[int, str]]:
    """table -> (rows, content sha256) for every table but the run history."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
            if t not in HISTORY_TABLES
        ]
        return {t: _rows_digest(con, t, _stable_columns(con, t)) for t in tables}
    finally:
        con.close()


def export_digest(out_dir: Path) -> dict[str, str]:
    """relative path -> sha256 for every export file; content digests for the volatile ones."""
    digests = {}
    con = duckdb.connect()
    try:
        for path in sorted(p for p in out_dir.rglob("*") if p.is_file()):
            name = path.relative_to(out_dir).as_posix()
            if name == "manifest.json":
                manifest = json.loads(path.read_text(encoding="utf-8"))
                manifest.pop("run", None)
                manifest.pop("run_id", None)
                # a content hash of the data, fetch times included: two runs fetch at other times
                manifest.pop("data_fingerprint", None)
                manifest.pop("version", None)
                manifest["files"] = [
                    {k: v for k, v in f.items() if k not in ("sha256", "bytes")}
                    if f["path"] in VOLATILE_FILES
                    else f
                    for f in manifest["files"]
                ]
                digests[name] = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
            elif name in VOLATILE_FILES:
                relation = f"read_parquet('{path.as_posix()}')"
                columns = [
                    c
                    for c, kind, *_ in con.execute(f"DESCRIBE SELECT * FROM {relation}").fetchall()
                    if "TIMESTAMP" not in kind and c not in VOLATILE_COLUMNS
                ]
                digests[name] = _rows_digest(con, relation, columns)[1]
            else:
                digests[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    finally:
        con.close()
    return digests


def leftovers(root: Path) -> list[str]:
    """Partial files a killed run could leave: archive temps, snapshot temps, export stages."""
    patterns = ("raw/objects/**/.tmp-*", "published/*.tmp", "exports.partial-*", "exports.previous")
    return sorted(p.relative_to(root).as_posix() for pattern in patterns for p in root.glob(pattern))


def archive_problems(root: Path) -> list[str]:
    """Objects whose bytes do not hash to their name, and captures naming missing objects."""
    from extract.archive import Archive, sha256_hex

    archive = Archive(root / "raw")
    problems = [
        f"object {p.name} holds other bytes"
        for p in archive.objects.rglob("*")
        if p.is_file() and not p.name.startswith(".tmp-") and sha256_hex(p.read_bytes()) != p.name
    ]
    problems += [
        f"capture of {c.url} names missing object {c.sha256}"
        for c in archive.captures()
        if c.sha256 and not archive.has(c.sha256)
    ]
    return problems
