"""What `ogi agencies` shows: known agencies, renames and mergers, and unresolved names.

The catalog comes from the data files as they are now; what the reports say (years covered,
names printed, which names matched nothing) comes from the published snapshot. When the files
changed since the warehouse last reflected them, each unresolved name also says what it
resolves to now, and the listing says a sync (or the next load) will apply it. For a name
that still matches nothing, the closest known agency of the same place is suggested, so the
operator can write the alias.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, process

from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.data import LEVELS
from warehouse.agencies.model import UNRESOLVED, UnresolvedAgency
from warehouse.query.shell import QueryResult

AGENCY_COLUMNS = [
    "agency_id",
    "name",
    "level",
    "region_code",
    "parent",
    "resolution",
    "years",
    "reports",
    "other_names",
]
LINK_COLUMNS = ["predecessor", "successor", "year", "kind", "continues_series", "contradiction"]
UNRESOLVED_COLUMNS = [
    "agency_id",
    "printed_names",
    "region_code",
    "years",
    "reports",
    "example_source",
    "resolves_now_to",
    "closest_known",
]
SUGGESTION_CUTOFF = 50
LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}


@dataclass
class AgencyListing:
    agencies: QueryResult
    links: QueryResult
    unresolved: QueryResult
    notes: list[str] = field(default_factory=list)


def year_ranges(years: list[int]) -> str:
    """[2019, 2020, 2021, 2023] → '2019-2021, 2023'."""
    spans: list[list[int]] = []
    for year in sorted(set(years)):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _has(con: duckdb.DuckDBPyConnection, view: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [view]).fetchall()[0][0] > 0


def _stored(con: duckdb.DuckDBPyConnection | None, sql: str) -> list[dict]:
    if con is None:
        return []
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _agencies(catalog: AgencyCatalog, stored: list[dict]) -> QueryResult:
    by_id = {row["agency_id"]: row for row in stored}
    names = {k: r.name for k, r in catalog.rows.items()} | {k: r["name"] for k, r in by_id.items()}

    def order(agency_id: str) -> tuple:
        """By place, then government, office and bureaus, streets, then name."""
        row = catalog.rows.get(agency_id)
        seen = by_id.get(agency_id, {})
        level = row.level if row else seen.get("level")
        region = (row.region_code if row else seen.get("region_code")) or ""
        return region, LEVEL_ORDER.get(level or "", len(LEVEL_ORDER)), names[agency_id]

    out = []
    for agency_id in sorted(set(catalog.rows) | set(by_id), key=order):
        known, seen = catalog.rows.get(agency_id), by_id.get(agency_id, {})
        if known is None and seen.get("resolution") == UNRESOLVED:
            continue
        name = known.name if known else seen["name"]
        others = {a.name for a in catalog.aliases.get(agency_id, [])}
        others |= set(seen.get("printed_names") or [])
        parent = known.parent_agency_id if known else seen.get("parent_agency_id")
        out.append(
            (
                agency_id,
                name,
                known.level if known else seen.get("level"),
                known.region_code if known else seen.get("region_code"),
                names.get(parent) if parent else None,
                known.resolution if known else seen.get("resolution"),
                year_ranges(seen.get("years") or []),
                seen.get("reports", 0),
                ", ".join(sorted(others - {name})),
            )
        )
    return QueryResult(AGENCY_COLUMNS, out)


def _links(catalog: AgencyCatalog, stored: list[dict]) -> QueryResult:
    verdict = {(r["predecessor_id"], r["successor_id"]): r for r in stored}
    out = []
    for link in catalog.links:
        seen = verdict.get((link.predecessor_id, link.successor_id), {})
        out.append(
            (
                catalog.rows[link.predecessor_id].name,
                catalog.rows[link.successor_id].name,
                link.year,
                link.kind,
                seen.get("continues_series"),
                seen.get("contradiction"),
            )
        )
    return QueryResult(LINK_COLUMNS, out)


def closest_known(catalog: AgencyCatalog, name: str, region_code: str | None) -> str | None:
    """The known agency of the same place whose name is most alike, with the score (0-100)."""
    parsed = catalog.reader.parse(name, catalog.gazetteer.get(region_code))
    candidates = {
        k: catalog.reader.parse(r.name, catalog.gazetteer.get(r.region_code)).rest_key
        for k, r in catalog.rows.items()
        if r.region_code == region_code
    }
    best = process.extractOne(parsed.rest_key, candidates, scorer=fuzz.ratio, score_cutoff=SUGGESTION_CUTOFF)
    return f"{catalog.rows[best[2]].name} ({best[1]:.0f})" if best else None


def _unresolved(catalog: AgencyCatalog, stored: list[dict]) -> QueryResult:
    out = []
    for row in stored:
        now = set()
        for printed, source, column in zip(
            row["printed_names"], row["source_keys"], row["columns"], strict=True
        ):
            facts = catalog.facts_for_source_key(source, json.loads(column) if column else None)
            try:
                resolved = catalog.resolve(printed, source, facts).row
            except UnresolvedAgency:
                continue
            if resolved.resolution != UNRESOLVED:
                now.add(resolved.name)
        out.append(
            (
                row["agency_id"],
                ", ".join(sorted(set(filter(None, row["printed_names"])))),
                row["region_code"],
                year_ranges(row["years"]),
                row["reports"],
                row["example_source"],
                ", ".join(sorted(now)) or None,
                None if now else closest_known(catalog, row["name"], row["region_code"]),
            )
        )
    return QueryResult(UNRESOLVED_COLUMNS, out)


def list_agencies(catalog: AgencyCatalog, con: duckdb.DuckDBPyConnection | None = None) -> AgencyListing:
    """The listing from the catalog and, when given, a warehouse (normally the snapshot)."""
    notes = []
    if con is not None and not _has(con, "v_agency"):
        notes.append("the snapshot predates agency identity; run a load or `ogi agencies --sync` to fill it")
        con = None
    if con is not None:
        synced = con.execute("SELECT fingerprint FROM agency_sync ORDER BY sync_id DESC LIMIT 1").fetchall()
        if not synced or synced[0][0] != catalog.fingerprint:
            notes.append(
                "the agency data files changed since the warehouse was last synced; "
                "`ogi agencies --sync` (or the next run) applies them"
            )
    agencies = _stored(con, "SELECT * FROM v_agency")
    links = _stored(con, "SELECT * FROM v_agency_link")
    unresolved = _stored(
        con,
        """
        SELECT a.agency_id, a.name, a.region_code,
               list(r.agency_name_printed ORDER BY r.report_id) AS printed_names,
               list(l.source_key ORDER BY r.report_id) AS source_keys,
               list(json_extract(l.meta_json, '$.column')::VARCHAR ORDER BY r.report_id)
                   AS columns,
               list(DISTINCT r.year ORDER BY r.year) AS years, count(*) AS reports,
               min(r.source_url) AS example_source
        FROM dim_agency a
        JOIN report r USING (agency_id)
        LEFT JOIN report_lineage l USING (report_id)
        WHERE a.resolution = 'unresolved'
        GROUP BY ALL
        ORDER BY a.name""",
    )
    return AgencyListing(
        _agencies(catalog, agencies), _links(catalog, links), _unresolved(catalog, unresolved), notes
    )
