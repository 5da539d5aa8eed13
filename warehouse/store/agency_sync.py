"""Keeping stored reports attributed by the current agency data.

An operator who adds an alias or a rename expects the reports already loaded to follow, not
only tomorrow's. So whenever the catalog's fingerprint differs from the one the warehouse last
reflected, `sync_agencies` (called by the loader before each load, and by `ogi agencies
--sync`) does, in ONE transaction:

1. `dim_agency` gets every catalog agency; `agency_alias` and `agency_link` are replaced;
2. every stored report's claim (printed name, source key, and the column label the crawl
   recorded) is resolved again; a report whose agency changed gets the new `agency_id` on its
   row and its facts, and nothing else: `report_id` identifies the capture, not who published
   it, so ids saved by analysts and exports stay valid;
3. the current report is decided again for every agency-year touched; agencies no report and
   no catalog entry mentions any more are removed.

Registry facts are rebuilt from each report's lineage (its source key, and the column label
the crawl recorded for a discovered column), so a crawled report stays with its column's
agency; a report from a column the registry cannot describe (a district file loaded from
elsewhere) is left where it is. Facts handed to the loader for a capture without a source key
cannot be rebuilt: such a report is resolved by its printed name like an ingested one.
Nothing is re-parsed.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from core.clock import utc_now
from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.model import AgencyRow, UnresolvedAgency
from warehouse.agencies.resolve import refresh_catalog, upsert_agency_rows
from warehouse.store.current import recompute_current
from warehouse.store.transaction import Register, transaction

# The tables whose rows carry their report's agency_id (current_report is decided again).
_WITH_AGENCY = ("report", "fact_application", "fact_review_litigation", "fact_proactive")

_CLAIMS = """
SELECT r.report_id, r.agency_id, r.year, r.agency_name_printed,
       l.source_key, json_extract(l.meta_json, '$.column')::VARCHAR AS column_json
FROM report r
LEFT JOIN report_lineage l USING (report_id)
ORDER BY r.report_id
"""


@dataclass(frozen=True)
class SyncResult:
    changed: bool
    agencies: int = 0
    reports_moved: int = 0


@dataclass(frozen=True)
class _Move:
    report_id: int
    old_agency_id: str
    new_agency_id: str
    year: int


def synced_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT fingerprint FROM agency_sync ORDER BY sync_id DESC LIMIT 1").fetchall()
    return rows[0][0] if rows else None


def _declared_in(origin: str) -> str:
    """`/repo/extract/sources/agencies/x.toml [[alias]] #2` → `x.toml [[alias]] #2`."""
    path, _, entry = origin.partition(" [[")
    return f"{os.path.basename(path)} [[{entry}" if entry else os.path.basename(path)


def plan(catalog: AgencyCatalog, claims: list[tuple]) -> tuple[list[_Move], list[AgencyRow]]:
    """Which reports move where, and the rows of the non-catalog agencies they land on."""
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for report_id, agency_id, year, printed, source, column_json in claims:
        groups[(agency_id, printed, source, column_json)].append((report_id, year))
    moves: list[_Move] = []
    rows: list[AgencyRow] = []
    for (agency_id, printed, source, column_json), reports in sorted(
        groups.items(), key=lambda kv: min(r[0] for r in kv[1])
    ):
        column = json.loads(column_json) if column_json else None
        facts = catalog.facts_for_source_key(source, column)
        if facts is None and source and "/" in source and not source.startswith("url/"):
            continue  # a column this registry cannot describe (another registry file): leave it
        try:
            target = catalog.resolve(printed, source, facts).row
        except UnresolvedAgency:
            continue  # no name and no rebuildable facts: nothing to decide by, leave it
        rows.append(target)
        if target.agency_id == agency_id:
            continue
        moves += [_Move(report_id, agency_id, target.agency_id, year) for report_id, year in reports]
    return moves, rows


def _apply_moves(con: duckdb.DuckDBPyConnection, moves: list[_Move], register: Register) -> None:
    """The new agency_id onto each moved report's rows, in place; then who is current."""
    register(
        "moves_stage",
        pa.table(
            {
                "report_id": pa.array([m.report_id for m in moves], pa.int64()),
                "agency_id": pa.array([m.new_agency_id for m in moves], pa.string()),
            }
        ),
    )
    for name in _WITH_AGENCY:
        con.execute(f"""
            UPDATE {name} SET agency_id = m.agency_id
            FROM moves_stage m WHERE {name}.report_id = m.report_id""")
    pairs = {(m.old_agency_id, m.year) for m in moves} | {(m.new_agency_id, m.year) for m in moves}
    recompute_current(con, pairs, register)


def _replace_alias_and_links(
    con: duckdb.DuckDBPyConnection, catalog: AgencyCatalog, register: Register
) -> None:
    aliases = [
        {
            "alias": a.name,
            "agency_id": agency_id,
            "note": a.note or None,
            "declared_in": _declared_in(a.origin),
        }
        for agency_id, entries in sorted(catalog.aliases.items())
        for a in entries
    ]
    links = [
        {
            "predecessor_id": link.predecessor_id,
            "successor_id": link.successor_id,
            "year": link.year,
            "kind": link.kind,
            "note": link.note or None,
            "declared_in": _declared_in(link.origin),
        }
        for link in catalog.links
    ]
    con.execute("DELETE FROM agency_alias")
    con.execute("DELETE FROM agency_link")
    for name, rows, schema in (
        (
            "agency_alias",
            aliases,
            [
                ("alias", pa.string()),
                ("agency_id", pa.string()),
                ("note", pa.string()),
                ("declared_in", pa.string()),
            ],
        ),
        (
            "agency_link",
            links,
            [
                ("predecessor_id", pa.string()),
                ("successor_id", pa.string()),
                ("year", pa.int16()),
                ("kind", pa.string()),
                ("note", pa.string()),
                ("declared_in", pa.string()),
            ],
        ),
    ):
        if rows:
            stage = register(f"{name}_stage", pa.Table.from_pylist(rows, schema=pa.schema(schema)))
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {stage}")


def _drop_orphans(con: duckdb.DuckDBPyConnection, catalog: AgencyCatalog, register: Register) -> None:
    """Agencies neither the catalog nor any report (nor a kept agency as parent) mentions."""
    known = register("catalog_ids", pa.table({"agency_id": pa.array(sorted(catalog.rows), pa.string())}))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE orphan_agency AS
        SELECT agency_id FROM dim_agency d
        WHERE d.agency_id NOT IN (SELECT agency_id FROM {known})
          AND d.agency_id NOT IN (SELECT agency_id FROM report)
          AND d.agency_id NOT IN (SELECT parent_agency_id FROM dim_agency
                                  WHERE parent_agency_id IS NOT NULL)""")
    for table in ("agency_expected_year", "agency_alias", "dim_agency"):  # referencing ones first
        con.execute(f"DELETE FROM {table} WHERE agency_id IN (SELECT agency_id FROM orphan_agency)")
    con.execute("DROP TABLE orphan_agency")  # (a rollback drops it too)


def sync_agencies(
    con: duckdb.DuckDBPyConnection, catalog: AgencyCatalog | None = None, *, force: bool = False
) -> SyncResult:
    """Bring `dim_agency` and the stored reports in line with the catalog (see module doc).

    A no-op (one query) when the warehouse already reflects this catalog, unless `force`.
    """
    catalog = catalog or refresh_catalog()
    if not force and synced_fingerprint(con) == catalog.fingerprint:
        return SyncResult(changed=False)
    moves, landed = plan(catalog, con.execute(_CLAIMS).fetchall())
    with transaction(con) as register:
        sync_id = con.execute("SELECT coalesce(max(sync_id), 0) + 1 FROM agency_sync").fetchall()[0][0]
        upsert_agency_rows(con, [catalog.rows[k] for k in sorted(catalog.rows)], authoritative=True)
        con.execute(
            "UPDATE dim_agency SET resolution = 'unresolved' WHERE resolution "
            "NOT IN ('registry', 'catalog', 'unresolved')"
        )  # before issue 8
        upsert_agency_rows(con, landed)
        _replace_alias_and_links(con, catalog, register)
        if moves:
            _apply_moves(con, moves, register)
        con.execute(
            "INSERT INTO agency_sync VALUES (?, ?, ?, ?, ?, 0)",
            [sync_id, catalog.fingerprint, utc_now(), 0, len(moves)],  # agencies: below
        )
    # Its own transaction: DuckDB refuses to delete an agency that rows changed earlier in the
    # same transaction referenced. Stray rows left by a crash in between are harmless.
    with transaction(con) as register:
        _drop_orphans(con, catalog, register)
        agencies = con.execute("SELECT count(*) FROM dim_agency").fetchall()[0][0]
        con.execute("UPDATE agency_sync SET agencies = ? WHERE sync_id = ?", [agencies, sync_id])
    return SyncResult(True, agencies, len(moves))
