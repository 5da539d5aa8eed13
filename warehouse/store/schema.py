"""Versioned DDL: `migrate(con)` brings any warehouse file, new or old, to the current schema.

Migrations are the numbered files `sql/schema/NNNN_<name>.sql`, applied in order, each in its
own transaction, and recorded in `schema_migration` with a checksum. An existing warehouse
therefore upgrades in place, and a migration edited after it was applied is refused instead of
silently diverging. The dimensions are refreshed from `transform.codes` after every migration
(so a migration can build ENUM code types from them), and the views of `sql/views/` (one per
file) are re-applied at the end in dependency order (views hold no data, so replacing them is
always safe). If `transform.codes` gains a code that a warehouse ENUM type lacks, migrate()
stops with an error instead of failing at load time.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from core.clock import utc_now
from core.resources import sql_dir
from warehouse.store import table3
from warehouse.store.dimensions import refresh_dimensions
from warehouse.store.results import scalar
from warehouse.store.transaction import transaction

SQL_DIR = sql_dir()
MIGRATIONS_DIR = SQL_DIR / "schema"
VIEWS_DIR = SQL_DIR / "views"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

_LEDGER_DDL = """
CREATE TABLE IF NOT EXISTS schema_migration (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    checksum   VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE schema_migration IS 'Schema migrations applied to this file (sql/schema/NNNN_*.sql).';
COMMENT ON COLUMN schema_migration.version IS 'Migration number.';
COMMENT ON COLUMN schema_migration.name IS 'Migration file name.';
COMMENT ON COLUMN schema_migration.checksum IS 'sha256 of the file when it was applied.';
COMMENT ON COLUMN schema_migration.applied_at IS 'When it was applied (UTC).';
"""


class SchemaError(RuntimeError):
    """The warehouse file and the migrations in the repository disagree."""


def migration_files(migrations_dir: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(migrations_dir.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise SchemaError(f"{path}: migration files must be named NNNN_<name>.sql")
        found.append((int(match.group(1)), path))
    if not found:
        raise SchemaError(
            f"{migrations_dir}: no migration files (NNNN_<name>.sql) found; the installation is incomplete"
        )
    versions = [v for v, _ in found]
    if len(set(versions)) != len(versions):
        raise SchemaError(f"{migrations_dir}: two migrations share a number: {versions}")
    return found


def _checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def migrate(
    con: duckdb.DuckDBPyConnection, migrations_dir: Path = MIGRATIONS_DIR, views_dir: Path = VIEWS_DIR
) -> list[str]:
    """Apply pending migrations, refresh dimensions and views; returns the files applied."""
    con.execute(_LEDGER_DDL)
    applied = dict(con.execute("SELECT version, checksum FROM schema_migration").fetchall())
    newly_applied = []
    for version, path in migration_files(migrations_dir):
        checksum = _checksum(path)
        if version in applied:
            if applied[version] != checksum:
                raise SchemaError(
                    f"{path.name} was changed after it was applied to this warehouse; "
                    "add a new migration instead of editing an applied one"
                )
            continue
        try:
            with transaction(con):
                comments = _comments(con)
                con.execute(path.read_text(encoding="utf-8"))
                _restore_comments(con, comments)
                con.execute(
                    "INSERT INTO schema_migration VALUES (?, ?, ?, ?)",
                    [version, path.name, checksum, utc_now()],
                )
        except duckdb.Error as exc:
            raise SchemaError(f"migration {path.name} failed: {exc}") from exc
        newly_applied.append(path.name)
        refresh_dimensions(con)
    refresh_dimensions(con)
    _check_code_types(con)
    table3.check_columns(con)
    with transaction(con):
        for view_file in view_files(views_dir):
            con.execute(view_file.read_text(encoding="utf-8"))
    return newly_applied


def _comments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str | None], str]:
    """Every table's and column's comment, by (table, column or None)."""
    rows = con.execute(
        "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' AND comment IS NOT NULL UNION ALL "
        "SELECT c.table_name, c.column_name, c.comment FROM duckdb_columns() c JOIN duckdb_tables() t "
        "USING (database_name, schema_name, table_name) WHERE c.database_name = current_database() "
        "AND c.schema_name = 'main' AND c.comment IS NOT NULL"
    ).fetchall()
    return {(table, column): comment for table, column, comment in rows}


def _restore_comments(con: duckdb.DuckDBPyConnection, before: dict[tuple[str, str | None], str]) -> None:
    """A migration that rebuilds a table (the only way to add a constraint in DuckDB) creates it
    without comments: the ones it had carry over, unless the migration wrote new ones."""
    now = _comments(con)
    columns = {
        (table, column)
        for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = 'main'"
        ).fetchall()
    }
    tables = {table for table, _ in columns}
    for (table, column), comment in sorted(before.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        exists = table in tables if column is None else (table, column) in columns
        if (table, column) in now or not exists:
            continue
        text = comment.replace("'", "''")
        target = f"TABLE {table}" if column is None else f"COLUMN {table}.{column}"
        con.execute(f"COMMENT ON {target} IS '{text}'")


def view_files(views_dir: Path = VIEWS_DIR) -> list[Path]:
    """The view and macro files, each after the files whose view or macro it names.

    One view per file, named after it; a dependency is a mention of another file's name as a
    word. A circle is a mistake in the SQL and is refused.
    """
    files = {path.stem: path for path in sorted(views_dir.glob("*.sql"))}
    if not files:
        raise SchemaError(f"{views_dir}: no view files found; the installation is incomplete")
    mentions = {
        name: {
            other for other in files if other != name and re.search(rf"\b{other}\b", path.read_text("utf-8"))
        }
        for name, path in files.items()
    }
    ordered: list[Path] = []
    done: set[str] = set()
    while len(done) < len(files):
        ready = [n for n in files if n not in done and mentions[n] <= done]
        if not ready:
            raise SchemaError(
                f"{views_dir}: views that depend on each other in a circle: "
                + ", ".join(sorted(set(files) - done))
            )
        for name in ready:
            ordered.append(files[name])
            done.add(name)
    return ordered


# ENUM type → the dimension whose codes it must list, in order.
CODE_TYPES = {
    "disposition_code": "SELECT code FROM dim_disposition WHERE NOT is_group ORDER BY sort_order",
    "applicant_code": "SELECT code FROM dim_applicant ORDER BY sort_order",
    "proceeding_code": "SELECT code FROM dim_proceeding ORDER BY sort_order",
    "outcome_code": "SELECT code FROM dim_outcome ORDER BY sort_order",
    "proactive_item_code": "SELECT code FROM dim_proactive_item ORDER BY sort_order",
    "proactive_measure_code": "SELECT code FROM dim_proactive_measure ORDER BY sort_order",
    "check_rule_code": "SELECT rule FROM dim_check_rule ORDER BY rule",
}


# Types that may also hold codes no longer in use (rules of stored checks from older parsers).
SUPERSET_TYPES = {"check_rule_code"}


def _check_code_types(con: duckdb.DuckDBPyConnection) -> None:
    existing = {
        name
        for (name,) in con.execute(
            "SELECT type_name FROM duckdb_types() WHERE database_name = current_database() "
            "AND schema_name = 'main'"
        ).fetchall()
    }
    for type_name, query in CODE_TYPES.items():
        if type_name not in existing:
            continue
        members = scalar(con, f"SELECT enum_range(NULL::{type_name})")
        wanted = [code for (code,) in con.execute(query).fetchall()]
        if members != wanted and not (type_name in SUPERSET_TYPES and set(wanted) <= set(members)):
            raise SchemaError(
                f"transform.codes and the warehouse type {type_name} disagree "
                f"(codes: {wanted}; type: {members}); add a migration that rebuilds the "
                "tables using it with a new type"
            )


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest migration applied (0 for an empty file)."""
    exists = scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migration'")
    if not exists:
        return 0
    return scalar(con, "SELECT coalesce(max(version), 0) FROM schema_migration")
