"""The catalog of known agencies and the one rule that turns a report's agency claim into an id.

Known agencies come from the crawler's registry (every report column names its agency; its
district gives the place) and from the agency data files (`warehouse.agencies.data`): agencies no
column declares, other spellings, and the predecessors that renames and mergers name. Every
agency's id is the hash of its key (`warehouse.agencies.names`): the place's GB/T 2260 code and
the rest of the name with abbreviations expanded, so 厦门市思明区市政园林局, 思明区市政园林局 and,
on Siming's own site, 市政园林局 are one id; 区人民政府 and 区人民政府办公室 are two.

Resolution (`AgencyCatalog.resolve`), in order:
1. Registry facts (a report crawled from a column) name the column's agency; only a printed
   name that reads as a predecessor or successor of that agency (a pre-rename report still in
   the renamed bureau's column) takes precedence, so old and new stay distinguishable.
2. A printed name that reads as a known agency or alias is that agency.
3. Otherwise the name is *unresolved*: it gets its own id from its key (two spellings of one
   unknown agency still meet), no level and no parent; `ogi agencies` lists it with the closest
   known agency, and an alias in a data file resolves it at the next load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from functools import lru_cache
from typing import Any

from extract.registry import District, Registry, RegistryError, Source, discovered_source
from warehouse.agencies.data import AgencyData, AgencyEntry, AliasEntry, CatalogError, RenameEntry
from warehouse.agencies.model import (
    CATALOG,
    REGISTRY,
    RESOLVER_VERSION,
    UNRESOLVED,
    AgencyFacts,
    AgencyLink,
    AgencyRow,
    Resolution,
    UnresolvedAgency,
    check_acyclic,
    components,
)
from warehouse.agencies.names import Gazetteer, NameReader, ParsedName, Region, name_form

GOVERNMENT_LEVEL = {"province": "province", "city": "city", "county": "district"}


def _places(gazetteer: Gazetteer, region: Region | None) -> dict[str, str | None]:
    if region is None:
        return {"region_code": None, "province": None, "city": None, "district": None}
    province, city = gazetteer.province_of(region), gazetteer.city_of(region)
    county = gazetteer.county_of(region)
    return {
        "region_code": region.code,
        "province": province.name if province else None,
        "city": city.name if city else None,
        "district": county.name if county else None,
    }


def _gazetteer(data: AgencyData, registry: Registry) -> Gazetteer:
    """The data file's regions plus any registry district they lack (named as the registry does)."""
    regions = {r.code: r for r in data.regions}
    for district in registry.districts:
        if district.region_code and district.region_code not in regions:
            regions[district.region_code] = Region(district.region_code, district.name)
    return Gazetteer(regions.values())


class AgencyCatalog:
    """Registry + agency data, indexed by name form and by key; immutable once built."""

    def __init__(self, registry: Registry, data: AgencyData):
        self.registry, self.data = registry, data
        self.gazetteer = _gazetteer(data, registry)
        self.reader = NameReader(self.gazetteer, data.naming)
        self.rows: dict[str, AgencyRow] = {}
        self.expected_years: dict[str, tuple[int, ...]] = {}
        self.aliases: dict[str, list[AliasEntry]] = {}
        self._origin: dict[str, str] = {}
        self._by_form: dict[str, str] = {}
        self._by_key: dict[str, str] = {}
        self._district_region = {d.key: self.gazetteer.get(d.region_code) for d in registry.districts}
        self._host_region = {
            host: self._district_region[d.key] for d in registry.districts for host in d.allow.hosts
        }
        for entry in data.agencies:
            self._add_data_agency(entry)
        for district in registry.districts:
            for source in district.sources:
                self._add_registry_source(source, district)
        for entry in data.agencies:
            self._set_data_parent(entry)
        self.links = self._add_renames(data.renames)
        check_acyclic(self.links, self.rows)
        for alias in data.aliases:
            self._add_alias(alias)
        self._lineage = components(self.links)
        self.fingerprint = self._fingerprint()
        self.resolve = lru_cache(maxsize=1 << 16)(self._resolve)

    # ------------------------------------------------------------------ building

    def _index(self, row: AgencyRow, name: str, parsed: ParsedName, origin: str) -> None:
        for table, value in ((self._by_form, parsed.form), (self._by_key, parsed.key)):
            other = table.get(value)
            if other is not None and other != row.agency_id:
                raise CatalogError(
                    f"{origin}: {name!r} reads as the same agency as "
                    f"{self.rows[other].name!r} ({self._origin[other]})"
                )
            table[value] = row.agency_id

    def _key_in(self, name: str, region: Region | None, origin: str) -> ParsedName:
        """The key of a declared name: its own place if it names one, else the declared one."""
        parsed = self.reader.parse(name, region)
        if region is None or parsed.region is None or parsed.region.code == region.code:
            return parsed
        if parsed.region.contains(region):  # 厦门市X管委会 declared in a district: the district
            return replace(parsed, region=region)
        raise CatalogError(
            f"{origin}: {name!r} names the place {parsed.region.name} but is "
            f"declared in {region.name} ({region.code})"
        )

    def _add(
        self, row: AgencyRow, origin: str, region: Region | None, years: tuple[int, ...] = ()
    ) -> AgencyRow:
        seen = self.rows.get(row.agency_id)
        if seen is not None:
            if seen.resolution == REGISTRY and row.resolution == REGISTRY:
                return seen  # two columns of one agency: the first names it
            if not (seen.resolution == CATALOG and row.resolution == REGISTRY):
                raise CatalogError(
                    f"{origin}: {row.name!r} is already declared ({self._origin[row.agency_id]})"
                )
            # a data file declared what the registry now crawls: the registry's row wins
        self.rows[row.agency_id] = row
        self._origin[row.agency_id] = origin
        self.expected_years[row.agency_id] = years
        self._index(row, row.name, self._key_in(row.name, region, origin), origin)
        return row

    def _add_data_agency(self, entry: AgencyEntry) -> None:
        region = self.gazetteer.get(entry.region)
        if region is None:
            raise CatalogError(f"{entry.origin}: region {entry.region} is not in regions.csv")
        parsed = self._key_in(entry.name, region, entry.origin)
        self._add(
            AgencyRow(
                parsed.agency_id,
                entry.name,
                **_places(self.gazetteer, region),
                level=entry.level,
                parent_agency_id=None,
                site_url=entry.site_url,
                resolution=CATALOG,
                source_key=None,
            ),
            entry.origin,
            region,
        )

    def _add_registry_source(self, source: Source, district: District) -> None:
        facts = self.facts_for_source(source, district)
        origin = f"{district.path or district.key} source {source.key!r}"
        row = self._facts_row(facts, source.key, origin=origin)
        self._add(row, origin, self.gazetteer.get(facts.region_code), facts.expected_years)

    def _set_data_parent(self, entry: AgencyEntry) -> None:
        row = self.match(entry.name)
        assert row is not None  # _add_data_agency indexed this name in the first pass
        region = self.gazetteer.get(row.region_code)
        if entry.parent:
            parent = self.match(entry.parent, region)
            if parent is None:
                raise CatalogError(
                    f"{entry.origin}: parent {entry.parent!r} is not a known "
                    "agency (declare it with [[agency]] or in the registry)"
                )
        else:
            parent = self._default_parent(row.level, region)
        if parent is not None:
            self.rows[row.agency_id] = replace(row, parent_agency_id=parent.agency_id)

    def _government(self, region: Region | None) -> AgencyRow | None:
        """The government (人民政府) of a region, if the catalog knows exactly one."""
        if region is None:
            return None
        level = GOVERNMENT_LEVEL[region.tier]
        found = [r for r in self.rows.values() if r.region_code == region.code and r.level == level]
        return found[0] if len(found) == 1 else None

    def _default_parent(self, level: str | None, region: Region | None) -> AgencyRow | None:
        """Departments and streets sit under their region's government; a government under the
        government of the region above it (a district under its city)."""
        if region is None or level is None:
            return None
        if level in ("department", "street"):
            return self._government(region)
        above = self.gazetteer.city_of(region) if region.tier == "county" else None
        if above is None and region.tier != "province":
            above = self.gazetteer.province_of(region)
        return self._government(above) if above is not None and above.code != region.code else None

    def _add_renames(self, entries: tuple[RenameEntry, ...]) -> tuple[AgencyLink, ...]:
        """Entries in any order: a chain (园林局 → 市容局 → 市政园林局) is read from the end
        a known agency stands at, each step making the next one's agency known."""
        links: list[AgencyLink] = []
        pending = list(entries)
        while pending:
            ready = [e for e in pending if any(self.match(n) for n in (*e.predecessors, *e.successors))]
            if not ready:
                entry = pending[0]
                raise CatalogError(
                    f"{entry.origin}: none of "
                    f"{', '.join((*entry.predecessors, *entry.successors))} is a "
                    "known agency; declare one of them ([[agency]] or the "
                    "registry)"
                )
            for entry in ready:
                links += self._add_rename(entry)
            pending = [e for e in pending if e not in ready]
        return tuple(links)

    def _add_rename(self, entry: RenameEntry) -> list[AgencyLink]:
        names = (*entry.predecessors, *entry.successors)
        known = {name: self.match(name) for name in names}
        model = next(row for row in known.values() if row is not None)
        region = self.gazetteer.get(model.region_code)
        for name in names:
            if known[name] is None:  # the old (or new) name: same place, level and parent
                parsed = self._key_in(name, region, entry.origin)
                row = replace(
                    model,
                    agency_id=parsed.agency_id,
                    name=name,
                    resolution=CATALOG,
                    source_key=None,
                    site_url=None,
                )
                known[name] = self._add(row, entry.origin, region)
        ids = {name: row.agency_id for name, row in known.items() if row is not None}  # every name, now
        return [
            AgencyLink(ids[p], ids[s], entry.year, entry.kind, entry.note, entry.origin)
            for p in entry.predecessors
            for s in entry.successors
        ]

    def _add_alias(self, alias: AliasEntry) -> None:
        target = self.match(alias.agency)
        if target is None:
            raise CatalogError(
                f"{alias.origin}: {alias.agency!r} is not a known agency "
                "(an alias must point at a declared or registry agency)"
            )
        region = self.gazetteer.get(target.region_code)
        self._index(target, alias.name, self._key_in(alias.name, region, alias.origin), alias.origin)
        self.aliases.setdefault(target.agency_id, []).append(alias)

    def _fingerprint(self) -> str:
        state: dict[str, Any] = {
            "version": RESOLVER_VERSION,
            "regions": [asdict(self.gazetteer.by_code[c]) for c in sorted(self.gazetteer.by_code)],
            "naming": asdict(self.data.naming),
            "rows": [asdict(self.rows[k]) for k in sorted(self.rows)],
            "expected": {k: list(v) for k, v in sorted(self.expected_years.items())},
            "forms": sorted(self._by_form.items()),
            "keys": sorted(self._by_key.items()),
            "aliases": sorted((a.name, k, a.note) for k, v in self.aliases.items() for a in v),
            "links": [{k: v for k, v in asdict(link).items() if k != "origin"} for link in self.links],
            "hosts": {h: r.code if r else None for h, r in sorted(self._host_region.items())},
            "districts": {k: r.code if r else None for k, r in sorted(self._district_region.items())},
        }
        blob = json.dumps(state, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    # ------------------------------------------------------------------ registry facts

    def facts_for_source(
        self, source: Source, district: District, registry: Registry | None = None
    ) -> AgencyFacts:
        """The agency behind a registry column, declared or discovered, with its place."""
        registry = registry or self.registry
        region = self.gazetteer.get(district.region_code)
        name = source.agency
        if not source.declared:  # a sidebar label (思明区发展和改革局): give it its whole place
            name = self.reader.full_name(self.reader.parse(source.agency, region), keep_rest=True)
        if source.level == "district":
            government = self._default_parent("district", region)
            parent = government.name if government else None
        else:
            try:
                parent = registry.source(source.parent).agency if source.parent else None
            except RegistryError:
                parent = None
        places = _places(self.gazetteer, region)
        return AgencyFacts(
            name=name,
            region_code=places["region_code"],
            province=places["province"],
            city=places["city"],
            district=places["district"] or district.name or None,
            level=source.level,
            parent_name=parent,
            site_url=source.column_url or None,
            expected_years=tuple(source.years),
        )

    def facts_for_source_key(
        self, key: str | None, column: dict | None = None, registry: Registry | None = None
    ) -> AgencyFacts | None:
        """Facts for a crawled report's source key; a column the district's pages linked but
        the registry does not declare is described by the crawl (`column` = capture meta
        `column`: its label and URL). None when nothing registered stands behind the key."""
        registry = registry or self.registry
        if not key or "/" not in key:
            return None
        district_key, code = key.split("/", 1)
        try:
            district = registry.district(district_key)
        except RegistryError:
            return None
        source = district.source(key)
        if source is not None and source.shared:
            return None  # many agencies' column: the printed name decides, within the district
        if source is None:
            column = column if isinstance(column, dict) else {}
            if not column.get("agency"):
                return None
            source = discovered_source(district, str(column.get("url") or ""), code, str(column["agency"]))
        return self.facts_for_source(source, district, registry)

    def _facts_row(
        self, facts: AgencyFacts, source_key: str | None, origin: str = "registry facts"
    ) -> AgencyRow:
        region = self.gazetteer.get(facts.region_code)
        if region is None and facts.region_code:
            region = Region(facts.region_code, facts.district or facts.region_code)
        parent = self._id_of(facts.parent_name, region) if facts.parent_name else None
        known = self.match(facts.name, region)
        if known is not None:
            given = {
                k: v
                for k, v in (
                    ("region_code", facts.region_code),
                    ("province", facts.province),
                    ("city", facts.city),
                    ("district", facts.district),
                    ("level", facts.level),
                    ("site_url", facts.site_url),
                )
                if v is not None
            }
            return replace(
                known,
                **given,
                parent_agency_id=parent or known.parent_agency_id,
                resolution=REGISTRY,
                source_key=source_key or known.source_key,
            )
        try:
            parsed = self._key_in(facts.name, region, origin)
        except CatalogError:
            parsed = self.reader.parse(facts.name, region)
        return AgencyRow(
            parsed.agency_id,
            "".join(facts.name.split()),
            facts.region_code,
            facts.province,
            facts.city,
            facts.district,
            facts.level,
            parent,
            facts.site_url,
            REGISTRY,
            source_key,
        )

    # ------------------------------------------------------------------ resolution

    def match(self, name: str | None, scope: Region | None = None) -> AgencyRow | None:
        """The known agency a name (or alias) reads as, or None."""
        form = name_form(name) if name else ""
        if not form:
            return None
        found = self._by_form.get(form) or self._by_key.get(self.reader.parse(form, scope).key)
        return self.rows[found] if found else None

    def _id_of(self, name: str, region: Region | None) -> str:
        known = self.match(name, region)
        return known.agency_id if known else self.reader.parse(name, region).agency_id

    def scope_of(self, source_key: str | None) -> Region | None:
        """Where a report was published: the district of its registry key or ad-hoc host."""
        if not source_key:
            return None
        head, _, tail = source_key.partition("/")
        if head == "url":
            return self._host_region.get(tail.lower())
        return self._district_region.get(head)

    def lineage(self, agency_id: str) -> frozenset[str]:
        """The agency and every agency linked to it by renames and mergers, transitively."""
        return self._lineage.get(agency_id, frozenset({agency_id}))

    def unresolved_row(self, name: str, scope: Region | None = None) -> AgencyRow:
        parsed = self.reader.parse(name, scope)
        return AgencyRow(
            parsed.agency_id,
            self.reader.full_name(parsed),
            **_places(self.gazetteer, parsed.region),
            level=None,
            parent_agency_id=None,
            site_url=None,
            resolution=UNRESOLVED,
            source_key=None,
        )

    def _resolve(self, name: str | None, source: str | None, facts: AgencyFacts | None) -> Resolution:
        if facts is not None:
            target = self._facts_row(facts, source)
            printed = self.match(name, self.gazetteer.get(target.region_code))
            if (
                printed is not None
                and printed.agency_id != target.agency_id
                and printed.agency_id in self.lineage(target.agency_id)
            ):
                return Resolution(printed)
            return Resolution(target, tuple(facts.expected_years))
        if not name or not name_form(name):
            raise UnresolvedAgency("the agency could not be determined from the report")
        scope = self.scope_of(source)
        known = self.match(name, scope)
        return Resolution(known if known is not None else self.unresolved_row(name, scope))
