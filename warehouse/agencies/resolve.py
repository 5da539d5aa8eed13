"""Agency identity: the ONE place a report's agency becomes an `agency_id`.

The loader, the re-parse, the sync after a data-file edit and `ogi agencies` all go through
`AgencyCatalog.resolve` (`warehouse.agencies.catalog`): registry facts for crawled reports, then
the printed name read against the known agencies and their aliases, else an unresolved
record. This module holds the catalog the process uses (rebuilt when the registry or agency
data files change), the functions the loader and the nightly flow call, and the set-wise
upsert of `dim_agency` rows.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from extract.archive import Capture
from extract.registry import SOURCES_DIR, Registry, load_registry
from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.data import AGENCY_DATA_DIR, CatalogError, load_agency_data
from warehouse.agencies.model import (
    AGENCY_COLUMNS,
    CATALOG,
    REGISTRY,
    UNRESOLVED,
    AgencyFacts,
    AgencyRow,
    Resolution,
    UnresolvedAgency,
)

__all__ = [
    "CATALOG",
    "REGISTRY",
    "UNRESOLVED",
    "AgencyClaim",
    "AgencyFacts",
    "CatalogError",
    "UnresolvedAgency",
    "agency_id_for",
    "agency_id_of",
    "current_catalog",
    "facts_for_capture",
    "facts_from_registry",
    "refresh_catalog",
    "resolve_agencies",
    "resolve_agency",
    "use_agency_files",
]

AGENCY_DATA_ENV = "OGI_AGENCY_DATA"
# Upsert precedence: a better-known row replaces a less-known one, never the reverse.
RANK = {UNRESOLVED: 0, CATALOG: 1, REGISTRY: 2}


@dataclass(frozen=True)
class AgencyClaim:
    """Who published a report, as far as the loader knows: a printed name and/or registry facts."""

    name: str | None
    source: str | None = None
    facts: AgencyFacts | None = None


# ---------------------------------------------------------------- the process's catalog


class _ProcessCatalog:
    """The catalog this process resolves with, and where its files are read from."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.registry_dir: Path | None = None  # None: the defaults
        self.data_dir: Path | None = None
        self.stamp: tuple | None = None
        self.catalog: AgencyCatalog | None = None


_process = _ProcessCatalog()


def use_agency_files(registry_dir: Path | str | None = None, data_dir: Path | str | None = None) -> None:
    """Read the registry and agency data from these directories (None: the defaults)."""
    with _process.lock:
        _process.registry_dir = Path(registry_dir) if registry_dir else None
        _process.data_dir = Path(data_dir) if data_dir else None
        _process.stamp = _process.catalog = None


def _directories() -> tuple[Path, Path]:
    data = _process.data_dir or os.environ.get(AGENCY_DATA_ENV) or AGENCY_DATA_DIR
    return Path(_process.registry_dir or SOURCES_DIR), Path(data)


def _stamp(directories: tuple[Path, Path]) -> tuple:
    """Path, size and mtime of every file the catalog reads: a cheap "did anything change"."""
    registry_dir, data_dir = directories
    files = sorted([*registry_dir.glob("*.toml"), *data_dir.glob("*.toml"), *data_dir.glob("*.csv")])
    return directories, tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def refresh_catalog() -> AgencyCatalog:
    """The catalog, rebuilt if a registry or agency data file changed since it was read.

    Raises `CatalogError` (or `extract.registry.RegistryError`) naming the bad file.
    """
    with _process.lock:
        directories = _directories()
        stamp = _stamp(directories)
        if _process.catalog is None or _process.stamp != stamp:
            registry_dir, data_dir = directories
            _process.catalog = AgencyCatalog(load_registry(registry_dir), load_agency_data(data_dir))
            _process.stamp = stamp
        return _process.catalog


def current_catalog() -> AgencyCatalog:
    """The catalog last read (reading it the first time); `refresh_catalog` re-checks files."""
    return _process.catalog or refresh_catalog()


# ---------------------------------------------------------------- resolution


def agency_id_for(name: str) -> str:
    """The agency_id a report printing `name` (and nothing else) lands on."""
    return agency_id_of(AgencyClaim(name=name))


def resolution_of(claim: AgencyClaim) -> Resolution:
    return current_catalog().resolve(claim.name, claim.source, claim.facts)


def agency_id_of(claim: AgencyClaim) -> str:
    """The id `resolve_agencies` will give this claim; raises `UnresolvedAgency`."""
    return resolution_of(claim).agency_id


def upsert_agency_rows(
    con: duckdb.DuckDBPyConnection, rows: Sequence[AgencyRow], *, authoritative: bool = False
) -> None:
    """Insert rows, or update existing ones whose resolution is no better known than theirs
    (any existing row, when `authoritative`: the catalog's own rows at a sync)."""
    by_id: dict[str, AgencyRow] = {}
    for row in rows:  # one row per id: the best known, the last of equals
        seen = by_id.get(row.agency_id)
        if seen is None or RANK[row.resolution] >= RANK[seen.resolution]:
            by_id[row.agency_id] = row
    if not by_id:
        return
    table = pa.Table.from_pylist(
        [asdict(by_id[k]) for k in sorted(by_id)],
        schema=pa.schema([(c, pa.string()) for c in AGENCY_COLUMNS]),
    )
    updates = ", ".join(f"{c} = excluded.{c}" for c in AGENCY_COLUMNS[1:])
    rank = "CASE {} WHEN 'registry' THEN 2 WHEN 'catalog' THEN 1 ELSE 0 END"
    only_if = (
        ""
        if authoritative
        else (f" WHERE {rank.format('excluded.resolution')} >= {rank.format('dim_agency.resolution')}")
    )
    con.register("agency_stage", table)
    try:
        con.execute(
            "INSERT INTO dim_agency SELECT * FROM agency_stage ON CONFLICT (agency_id) "
            f"DO UPDATE SET {updates}{only_if}"
        )
    finally:
        con.unregister("agency_stage")


def resolve_agencies(con: duckdb.DuckDBPyConnection, claims: Sequence[AgencyClaim]) -> list[str]:
    """The agency_id of each claim, creating or enriching `dim_agency` rows set-wise.

    Registry facts beat a catalog row, which beats an unresolved name; a claim without any
    name or facts raises `UnresolvedAgency` (the caller refuses the report instead).
    """
    resolved = [resolution_of(claim) for claim in claims]
    upsert_agency_rows(con, [r.row for r in resolved])
    expected = sorted({(r.agency_id, year) for r in resolved for year in r.expected_years})
    if expected:
        con.register(
            "expected_stage",
            pa.table(
                {
                    "agency_id": pa.array([a for a, _ in expected], pa.string()),
                    "year": pa.array([y for _, y in expected], pa.int16()),
                }
            ),
        )
        try:
            con.execute(
                "INSERT INTO agency_expected_year SELECT * FROM expected_stage ON CONFLICT DO NOTHING"
            )
        finally:
            con.unregister("expected_stage")
    return [r.agency_id for r in resolved]


def resolve_agency(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str | None,
    source: str | None = None,
    facts: AgencyFacts | None = None,
) -> str:
    """One report's agency_id (see `resolve_agencies`); raises `UnresolvedAgency`."""
    return resolve_agencies(con, [AgencyClaim(name=name, source=source, facts=facts)])[0]


# ---------------------------------------------------------------- registry facts


def facts_for_capture(capture: Capture, registry: Registry | None = None) -> AgencyFacts | None:
    """Registry facts for a crawled report: its column's agency, district, parent and region.

    Covers declared columns and the columns a district's own pages link (discovered: the
    crawl records the column's label and URL in the capture's `meta["column"]`). None for
    ingested files and ad-hoc crawls: their printed name is resolved instead.
    """
    return current_catalog().facts_for_source_key(capture.source, capture.meta.get("column"), registry)


def facts_from_registry(source_key: str | None, registry: Registry | None = None) -> AgencyFacts | None:
    """Facts for a declared source key (None for others); prefer `facts_for_capture`."""
    return current_catalog().facts_for_source_key(source_key, None, registry)
