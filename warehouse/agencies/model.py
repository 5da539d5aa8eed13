"""The records of agency identity: registry facts, `dim_agency` rows, resolutions, rename links.

Kept apart from the catalog that produces them so the loader, the sync and the listing can
share the types without the catalog's building logic, and so the rename graph's rules (a
lineage is a connected group; a circle of renames is an error) read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.agencies.data import CatalogError

# Bump when resolution changes meaning: every warehouse then re-resolves its reports once.
RESOLVER_VERSION = "1"
REGISTRY, CATALOG, UNRESOLVED = "registry", "catalog", "unresolved"


class UnresolvedAgency(ValueError):
    """Neither the report nor the registry names the agency."""


@dataclass(frozen=True)
class AgencyFacts:
    """What the source registry knows about the agency behind a crawled report's column."""

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
class AgencyRow:
    """One `dim_agency` row."""

    agency_id: str
    name: str
    region_code: str | None
    province: str | None
    city: str | None
    district: str | None
    level: str | None
    parent_agency_id: str | None
    site_url: str | None
    resolution: str
    source_key: str | None


AGENCY_COLUMNS = tuple(AgencyRow.__dataclass_fields__)


@dataclass(frozen=True)
class Resolution:
    row: AgencyRow
    expected_years: tuple[int, ...] = ()

    @property
    def agency_id(self) -> str:
        return self.row.agency_id


@dataclass(frozen=True)
class AgencyLink:
    """`predecessor` became (part of) `successor` from the covered year `year` on."""

    predecessor_id: str
    successor_id: str
    year: int
    kind: str
    note: str
    origin: str


def components(links: tuple[AgencyLink, ...]) -> dict[str, frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for link in links:
        merged = groups.get(link.predecessor_id, {link.predecessor_id}) | groups.get(
            link.successor_id, {link.successor_id}
        )
        for member in merged:
            groups[member] = merged
    return {k: frozenset(v) for k, v in groups.items()}


def check_acyclic(links: tuple[AgencyLink, ...], rows: dict[str, AgencyRow]) -> None:
    """A rename chain that comes back to where it started is a data error, not a lineage."""
    successors: dict[str, list[AgencyLink]] = {}
    for link in links:
        successors.setdefault(link.predecessor_id, []).append(link)
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(node: str) -> None:
        state[node] = "open"
        for link in successors.get(node, []):
            seen = state.get(link.successor_id)
            if seen == "open":
                raise CatalogError(
                    f"{link.origin}: renames go round in a circle through {rows[link.successor_id].name!r}"
                )
            if seen is None:
                visit(link.successor_id)
        state[node] = "done"

    for start in sorted(successors):
        if start not in state:
            visit(start)
