"""Agency identity: the ONE place an agency name becomes an `agency_id`.

For now the rule is deliberately simple and order-independent: `agency_id` is a hash of the
normalized name, so the same name gets the same id whether it arrives from a crawl or from
`ogi ingest`, in any order. Crawled reports carry registry facts (`AgencyFacts`), which are
stored with `resolution = 'registry'`; a name known only from a report is stored as printed
with `resolution = 'report_name'` and no guessed region. A later change (aliases, renames,
matching a printed name to a registry entry) refines `resolve_agencies` and nothing else;
`resolve_agency` is its one-report form.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

REGISTRY = "registry"
REPORT_NAME = "report_name"
_COLUMNS = ("agency_id", "name", "region_code", "province", "city", "district", "level",
            "parent_agency_id", "site_url", "resolution", "source_key")


@dataclass(frozen=True)
class AgencyFacts:
    """What the source registry knows about the agency behind a source key."""

    name: str
    region_code: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    level: str | None = None
    parent_name: str | None = None
    site_url: str | None = None
    expected_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class AgencyClaim:
    """Who published a report, as far as the loader knows: a printed name and/or registry facts."""

    name: str | None
    source: str | None = None
    facts: AgencyFacts | None = None


class UnresolvedAgency(ValueError):
    """Neither the report nor the registry names the agency."""


def normalize_name(name: str) -> str:
    """NFKC (full-width → half-width) without any whitespace: how names are compared."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def agency_id_for(name: str) -> str:
    normalized = normalize_name(name)
    if not normalized:
        raise UnresolvedAgency("empty agency name")
    return "ag_" + hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:12]


def _row_for(claim: AgencyClaim) -> dict:
    facts = claim.facts
    chosen = facts.name if facts is not None else claim.name
    if not chosen or not normalize_name(chosen):
        raise UnresolvedAgency("the agency could not be determined from the report")
    row = dict.fromkeys(_COLUMNS)
    row.update(agency_id=agency_id_for(chosen), name="".join(chosen.split()),
               resolution=REPORT_NAME)
    if facts is not None:
        row.update(region_code=facts.region_code, province=facts.province, city=facts.city,
                   district=facts.district, level=facts.level, site_url=facts.site_url,
                   parent_agency_id=agency_id_for(facts.parent_name) if facts.parent_name
                   else None, resolution=REGISTRY, source_key=claim.source)
    return row


def agency_id_of(claim: AgencyClaim) -> str:
    """The id `resolve_agencies` will give this claim; raises `UnresolvedAgency`."""
    return _row_for(claim)["agency_id"]


def resolve_agencies(con: duckdb.DuckDBPyConnection,
                     claims: Sequence[AgencyClaim]) -> list[str]:
    """The agency_id of each claim, creating or enriching `dim_agency` rows set-wise.

    Registry facts win over a printed name and upgrade an agency first seen by its printed
    name; a printed name never overwrites anything. Claims without any name must be filtered
    out by the caller first (`agency_id_of` raises `UnresolvedAgency` for them): a report
    whose agency is unknown is rejected, never attributed to an invented agency.
    """
    rows = [_row_for(claim) for claim in claims]
    by_id: dict[str, dict] = {}
    for row in rows:  # one row per id: registry facts beat printed names, the last facts win
        seen = by_id.get(row["agency_id"])
        if seen is None or row["resolution"] == REGISTRY:
            by_id[row["agency_id"]] = row
    registry = [r for r in by_id.values() if r["resolution"] == REGISTRY]
    expected = sorted({(row["agency_id"], year) for row, claim in zip(rows, claims, strict=True)
                       if claim.facts is not None for year in claim.facts.expected_years})
    printed = [r for r in by_id.values() if r["resolution"] == REPORT_NAME]
    updates = ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[1:])
    for batch, conflict in ((printed, "DO NOTHING"), (registry, f"DO UPDATE SET {updates}")):
        if not batch:
            continue
        con.register("agency_stage", pa.Table.from_pylist(
            batch, schema=pa.schema([(c, pa.string()) for c in _COLUMNS])))
        try:
            con.execute(f"INSERT INTO dim_agency SELECT * FROM agency_stage "
                        f"ON CONFLICT (agency_id) {conflict}")
        finally:
            con.unregister("agency_stage")
    if expected:
        con.register("expected_stage", pa.table({
            "agency_id": pa.array([a for a, _ in expected], pa.string()),
            "year": pa.array([y for _, y in expected], pa.int16())}))
        try:
            con.execute("INSERT INTO agency_expected_year SELECT * FROM expected_stage "
                        "ON CONFLICT DO NOTHING")
        finally:
            con.unregister("expected_stage")
    return [row["agency_id"] for row in rows]


def facts_from_registry(source_key: str | None, registry) -> AgencyFacts | None:
    """Agency facts for a crawled report's source key (`extract.registry.Registry`), or None
    for a source the registry does not declare (generic crawls, discovered columns): their
    reports then fall back to the printed name, unresolved, rather than a guess."""
    if not source_key:
        return None
    try:
        source = registry.source(source_key)
    except ValueError:
        return None
    district = next((d for d in registry.districts if d.key == source.district), None)
    parent = None
    if source.parent and source.parent != source.key:
        try:
            parent = registry.source(source.parent).agency
        except ValueError:
            parent = None
    return AgencyFacts(name=source.agency, region_code=source.region_code or None,
                       district=district.name if district else None, level=source.level,
                       parent_name=parent, site_url=source.column_url,
                       expected_years=tuple(source.years))


def resolve_agency(con: duckdb.DuckDBPyConnection, *, name: str | None,
                   source: str | None = None, facts: AgencyFacts | None = None) -> str:
    """One report's agency_id (see `resolve_agencies`); raises `UnresolvedAgency`."""
    return resolve_agencies(con, [AgencyClaim(name=name, source=source, facts=facts)])[0]
