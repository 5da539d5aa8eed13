"""Keeping stored reports attributed by the current agency data.

An operator who adds an alias or a rename expects the reports already loaded to follow, not
only tomorrow's. So whenever the catalog's fingerprint differs from the one the warehouse last
reflected, `sync_agencies` (called by the loader before each load, and by `ogi agencies
--sync`) does, in ONE transaction:

1. `dim_agency` gets every catalog agency; `agency_alias` and `agency_link` are replaced;
2. every stored report's claim (printed name, source key, and the column label the crawl
   recorded) is resolved again; a report whose agency changed is moved, which gives it a new
   `report_id` (the id includes the agency), logged in `agency_rekey`; if the same bytes are
   already stored for the new agency, the copy is dropped (`merged`);
3. `is_current` is recomputed for every agency-year touched; agencies no report and no
   catalog entry mentions any more are removed.

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
from dataclasses import asdict, dataclass

import duckdb
import pyarrow as pa

from core.clock import utc_now
from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.model import AgencyRow, UnresolvedAgency
from warehouse.agencies.resolve import refresh_catalog, upsert_agency_rows
from warehouse.store.current import recompute_current
from warehouse.store.prepare import report_id_for
from warehouse.store.tables import REPORT_TABLES
from warehouse.store.transaction import Register, transaction

_WITH_AGENCY = ("report", "fact_application", "fact_review_litigation", "fact_proactive")

_CLAIMS = """
SELECT r.report_id, r.agency_id, r.year, r.content_sha256, r.agency_name_printed,
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
    reports_merged: int = 0


@dataclass(frozen=True)
class _Move:
    old_report_id: int
    new_report_id: int
    old_agency_id: str
    new_agency_id: str
    year: int
    action: str  # moved | merged


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
    for report_id, agency_id, year, sha, printed, source, column_json in claims:
        groups[(agency_id, printed, source, column_json)].append((report_id, year, sha))
    landing: set[int] = set()
    moves: list[_Move] = []
    rows: list[AgencyRow] = []
    stored = {report_id for report_id, *_ in claims}
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
        for report_id, year, sha in reports:
            new_id = report_id_for(sha, target.agency_id, year)
            duplicate = new_id in stored or new_id in landing
            landing.add(new_id)
            moves.append(
                _Move(
                    report_id, new_id, agency_id, target.agency_id, year, "merged" if duplicate else "moved"
                )
            )
    return moves, rows


def _apply_moves(
    con: duckdb.DuckDBPyConnection, moves: list[_Move], sync_id: int, register: Register
) -> None:

    table = pa.Table.from_pylist(
        [{**asdict(m), "sync_id": sync_id} for m in moves],
        schema=pa.schema(
            [
                ("old_report_id", pa.int64()),
                ("new_report_id", pa.int64()),
                ("old_agency_id", pa.string()),
                ("new_agency_id", pa.string()),
                ("year", pa.int16()),
                ("action", pa.string()),
                ("sync_id", pa.int64()),
            ]
        ),
    )
    register("rekey_stage", table)
    for name in REPORT_TABLES:
        agency = ", m.new_agency_id AS agency_id" if name in _WITH_AGENCY else ""
        con.execute(f"""
            INSERT INTO {name} BY NAME
            SELECT t.* REPLACE (m.new_report_id AS report_id{agency})
            FROM {name} t JOIN rekey_stage m ON t.report_id = m.old_report_id
            WHERE m.action = 'moved'""")
        con.execute(f"DELETE FROM {name} t USING rekey_stage m WHERE t.report_id = m.old_report_id")
    con.execute("INSERT INTO agency_rekey BY NAME SELECT * FROM rekey_stage")
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
        DELETE FROM dim_agency d
        WHERE d.agency_id NOT IN (SELECT agency_id FROM {known})
          AND d.agency_id NOT IN (SELECT agency_id FROM report)
          AND d.agency_id NOT IN (SELECT parent_agency_id FROM dim_agency
                                  WHERE parent_agency_id IS NOT NULL)""")
    con.execute("DELETE FROM agency_expected_year WHERE agency_id NOT IN (SELECT agency_id FROM dim_agency)")


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
            _apply_moves(con, moves, sync_id, register)
        _drop_orphans(con, catalog, register)
        agencies = con.execute("SELECT count(*) FROM dim_agency").fetchall()[0][0]
        merged = sum(m.action == "merged" for m in moves)
        con.execute(
            "INSERT INTO agency_sync VALUES (?, ?, ?, ?, ?, ?)",
            [sync_id, catalog.fingerprint, utc_now(), agencies, len(moves) - merged, merged],
        )
    return SyncResult(True, agencies, len(moves) - merged, merged)
