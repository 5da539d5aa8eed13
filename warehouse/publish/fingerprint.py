"""What a published output reflects, as one hash: so an unchanged warehouse is not published again.

A nightly run that found nothing new still records its run (`load_run`, `load_event`), so the
warehouse file never stays byte-identical; what analysts and researchers read does. The
fingerprint covers exactly that: every table's rows except the run bookkeeping, the schema
(types, comments, views), all order-independent (`bit_xor` of row hashes, and counts), so it
costs one scan and no sort. Equal fingerprints mean an equal snapshot for every query that
does not read the bookkeeping, and a byte-identical export (whose files are written in a fixed
order from those rows; `EXPORT_FORMAT` changes with the export's layout).
"""

from __future__ import annotations

import hashlib
import json

import duckdb

# Tables about the runs, not the data: a run that changed nothing still writes them.
BOOKKEEPING = frozenset({"load_run", "load_event", "agency_sync", "schema_migration"})


def data_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """sha256 of the warehouse's data and schema, ignoring the run bookkeeping."""
    tables = [
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary ORDER BY table_name"
        ).fetchall()
        if name not in BOOKKEEPING
    ]
    parts: dict[str, object] = {
        name: con.execute(f"SELECT count(*), coalesce(bit_xor(hash(t)), 0) FROM {name} t").fetchall()[0]
        for name in tables
    }
    parts["schema"] = con.execute(
        "SELECT list([table_name, column_name, data_type, coalesce(comment, '')] ORDER BY table_name, "
        "column_index) FROM duckdb_columns() WHERE database_name = current_database() "
        "AND schema_name = 'main'"
    ).fetchall()[0][0]
    parts["views"] = con.execute(
        "SELECT list([view_name, sql, coalesce(comment, '')] ORDER BY view_name) FROM duckdb_views() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal"
    ).fetchall()[0][0]
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()
