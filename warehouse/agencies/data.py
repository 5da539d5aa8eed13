"""The agency data files an operator edits: places, naming rules, agencies, aliases, renames.

They live in `extract/sources/agencies/` beside the crawler's registry (which names every
crawled column's agency) and say what the registry cannot: the GB/T 2260 codes of places
(`regions.csv`), how names abbreviate (`naming.toml`), agencies no column declares (a city
government, agencies known only from ingested reports), other spellings of an agency, and the
renames and mergers of institutional reforms (every other `*.toml`). Adding an alias or a
rename is adding a few lines there; nothing in code changes. A malformed file is refused with
its path, the entry and the problem, never half-read.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.resources import package_dir
from warehouse.agencies.names import NamingRules, Region

AGENCY_DATA_DIR = package_dir("extract", "sources", "agencies")
REGIONS_FILE = "regions.csv"
NAMING_FILE = "naming.toml"
LEVELS = ("province", "city", "district", "department", "street")


class CatalogError(ValueError):
    """An agency data file (or the registry it extends) is inconsistent; the message says where."""


@dataclass(frozen=True)
class AgencyEntry:
    """An agency declared in a data file (the registry declares the crawled ones)."""

    name: str
    region: str
    level: str
    origin: str
    parent: str | None = None
    site_url: str | None = None


@dataclass(frozen=True)
class AliasEntry:
    """Another spelling of an agency: `name` is printed somewhere and means `agency`."""

    name: str
    agency: str
    origin: str
    note: str = ""


@dataclass(frozen=True)
class RenameEntry:
    """Predecessors became successors from the covered year `year` on (rename, merger, split)."""

    predecessors: tuple[str, ...]
    successors: tuple[str, ...]
    year: int
    origin: str
    note: str = ""

    @property
    def kind(self) -> str:
        many_before, many_after = len(self.predecessors) > 1, len(self.successors) > 1
        if many_before and many_after:
            return "reorganization"
        return "merger" if many_before else "split" if many_after else "rename"


@dataclass(frozen=True)
class AgencyData:
    regions: tuple[Region, ...]
    naming: NamingRules
    agencies: tuple[AgencyEntry, ...]
    aliases: tuple[AliasEntry, ...]
    renames: tuple[RenameEntry, ...]
    files: tuple[Path, ...]


def _optional_text(table: dict[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise CatalogError(f"{where}: {key!r} must be text, not {value!r}")
    return value.strip()


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = _optional_text(table, key, where)
    if value is None:
        raise CatalogError(f"{where}: missing {key!r}")
    return value


def _names(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    items = [value] if isinstance(value, str) else value
    if not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise CatalogError(f"{where}: {key!r} must be a name or a list of names")
    return tuple(v.strip() for v in items)


def read_regions(path: Path) -> tuple[Region, ...]:
    """`code,name,aliases,note` rows; aliases separated by `;`."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CatalogError(f"{path}: cannot read the regions file: {exc}") from exc
    regions, seen = [], set()
    for line, row in enumerate(rows, start=2):
        code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
        if len(code) != 6 or not code.isdigit() or not name:
            raise CatalogError(
                f"{path}:{line}: want a 6-digit GB/T 2260 code and a name, got {code!r}, {name!r}"
            )
        if code in seen:
            raise CatalogError(f"{path}:{line}: region {code} is listed twice")
        seen.add(code)
        aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
        regions.append(Region(code, name, aliases))
    return tuple(regions)


def read_naming(path: Path) -> NamingRules:
    data = _load_toml(path)
    tables = {key: data.get(key, {}) for key in ("equivalent", "endings")}
    for key, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise CatalogError(f"{path}: [{key}] must map names to names")
    nested = data.get("nested", [])
    if not isinstance(nested, list) or not all(isinstance(v, str) and v for v in nested):
        raise CatalogError(f"{path}: 'nested' must be a list of words")
    return NamingRules(
        equivalent=dict(tables["equivalent"]), endings=dict(tables["endings"]), nested=tuple(nested)
    )


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{path}: cannot read agency data: {exc}") from exc


def _agency(table: dict[str, Any], where: str) -> AgencyEntry:
    name = _text(table, "name", where)
    where = f"{where} ({name})"
    region = _text(table, "region", where)
    if len(region) != 6 or not region.isdigit():
        raise CatalogError(f"{where}: region must be a 6-digit GB/T 2260 code, not {region!r}")
    level = _text(table, "level", where)
    if level not in LEVELS:
        raise CatalogError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    return AgencyEntry(
        name,
        region,
        level,
        where,
        _optional_text(table, "parent", where),
        _optional_text(table, "site_url", where),
    )


def _rename(table: dict[str, Any], where: str) -> RenameEntry:
    year = table.get("year")
    if not isinstance(year, int) or not 1949 <= year <= 2100:
        raise CatalogError(
            f"{where}: 'year' must be the first covered year under the new name(s), e.g. 2019; got {year!r}"
        )
    entry = RenameEntry(
        _names(table, "from", where),
        _names(table, "to", where),
        year,
        where,
        _optional_text(table, "note", where) or "",
    )
    if set(entry.predecessors) & set(entry.successors):
        raise CatalogError(f"{where}: an agency cannot be its own predecessor")
    return entry


def read_agency_file(path: Path) -> tuple[list[AgencyEntry], list[AliasEntry], list[RenameEntry]]:
    data = _load_toml(path)
    unknown = set(data) - {"agency", "alias", "rename"}
    if unknown:
        raise CatalogError(
            f"{path}: unknown tables {sorted(unknown)} (use [[agency]], [[alias]] and [[rename]])"
        )
    agencies = [_agency(t, f"{path} [[agency]] #{i}") for i, t in enumerate(data.get("agency", []), 1)]
    aliases = []
    for i, table in enumerate(data.get("alias", []), 1):
        where = f"{path} [[alias]] #{i}"
        aliases.append(
            AliasEntry(
                _text(table, "name", where),
                _text(table, "agency", where),
                where,
                _optional_text(table, "note", where) or "",
            )
        )
    renames = [_rename(t, f"{path} [[rename]] #{i}") for i, t in enumerate(data.get("rename", []), 1)]
    return agencies, aliases, renames


def load_agency_data(directory: Path | str = AGENCY_DATA_DIR) -> AgencyData:
    """Every data file of `directory`, validated entry by entry."""
    directory = Path(directory)
    regions_file, naming_file = directory / REGIONS_FILE, directory / NAMING_FILE
    for required in (regions_file, naming_file):
        if not required.is_file():
            raise CatalogError(
                f"{required}: missing (the agency data directory needs {REGIONS_FILE} and {NAMING_FILE})"
            )
    agency_files = sorted(p for p in directory.glob("*.toml") if p.name != NAMING_FILE)
    agencies: list[AgencyEntry] = []
    aliases: list[AliasEntry] = []
    renames: list[RenameEntry] = []
    for path in agency_files:
        found = read_agency_file(path)
        agencies += found[0]
        aliases += found[1]
        renames += found[2]
    return AgencyData(
        read_regions(regions_file),
        read_naming(naming_file),
        tuple(agencies),
        tuple(aliases),
        tuple(renames),
        (regions_file, naming_file, *agency_files),
    )
