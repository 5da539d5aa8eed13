"""The source registry: one TOML file per district under `extract/sources/`, no code.

A district file names its hosts (canonical, live aliases, dead hosts to rewrite), the hosts a
crawl may touch, its CMS family, politeness, TLS policy, the years every source is expected
to have, and its sources (one report column per agency). With a `[discover]` table the
district's own column pages are read for further columns; declared and discovered columns are
then reconciled by the crawl (a discovered column not declared is reported, a declared one not
found is an error). Adding a district is adding a file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.resources import package_dir
from extract.platforms import FAMILIES
from extract.politeness import Politeness
from extract.urls import AllowList, HostMap, host_of, is_ip_literal_private, is_official_host

SOURCES_DIR = package_dir("extract", "sources")
LEVELS = ("district", "department", "street")


class RegistryError(ValueError):
    """A registry file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class Source:
    """One agency's report column: the unit that is crawled, counted and reconciled."""

    key: str
    district: str
    agency: str
    level: str
    family: str
    column_url: str
    years: tuple[int, ...]
    allow: AllowList
    hosts: HostMap = field(default_factory=HostMap)
    politeness: Politeness = field(default_factory=Politeness)
    region_code: str = ""
    parent: str | None = None
    moved_to: str | None = None
    verify_tls: bool = True
    declared: bool = True
    # A column where several agencies publish (Hanweb and gkmlpt sites often have one): its
    # reports are attributed by the agency they print, placed in this district, not to `agency`.
    shared: bool = False

    @property
    def expected_years(self) -> set[int]:
        return set(self.years)


@dataclass(frozen=True)
class Discovery:
    """Where a district lists its own columns, and what a column link looks like there."""

    pages: tuple[str, ...]
    pattern: re.Pattern[str]
    levels: dict[str, str]

    def level_of(self, url: str) -> str:
        return next((lvl for marker, lvl in self.levels.items() if marker in url), "department")

    def column_code(self, url: str) -> str | None:
        """The agency code of a column link (the pattern's `code` group), or None if no column."""
        match = self.pattern.search(urlsplit(url).path)
        if match is None:
            return None
        if "code" in self.pattern.groupindex:
            return match.group("code")
        return [p for p in urlsplit(url).path.split("/") if p][-2]


@dataclass(frozen=True)
class District:
    key: str
    name: str
    region_code: str
    family: str
    allow: AllowList
    hosts: HostMap
    politeness: Politeness
    years: tuple[int, ...]
    sources: tuple[Source, ...]
    discovery: Discovery | None = None
    path: Path | None = None

    def source(self, key: str) -> Source | None:
        return next((s for s in self.sources if s.key == key), None)


@dataclass(frozen=True)
class Registry:
    districts: tuple[District, ...]

    def sources(self) -> list[Source]:
        return [s for d in self.districts for s in d.sources]

    def district(self, key: str) -> District:
        found = next((d for d in self.districts if d.key == key), None)
        if found is None:
            known = ", ".join(d.key for d in self.districts)
            raise RegistryError(f"no district {key!r} in the registry (known: {known})")
        return found

    def source(self, key: str) -> Source:
        found = next((s for s in self.sources() if s.key == key), None)
        if found is None:
            raise RegistryError(
                f"no source {key!r} in the registry (keys look like 'siming/qrmzf'; see `ogi crawl --list`)"
            )
        return found


def parse_years(value: Any, where: str) -> tuple[int, ...]:
    """`"2019-2025"`, `[2012, "2019-2025"]` or `2020` → sorted tuple of years."""
    items = value if isinstance(value, list) else [value]
    years: set[int] = set()
    for item in items:
        text = str(item).strip()
        match = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", text)
        if match is None:
            raise RegistryError(f"{where}: cannot read years {item!r} (want 2019 or 2019-2025)")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise RegistryError(f"{where}: year range {text!r} runs backwards")
        years.update(range(first, last + 1))
    return tuple(sorted(years))


def _politeness(table: dict[str, Any], where: str) -> Politeness:
    try:
        return Politeness(
            rate=float(table.get("rate", 2.0)) or None,
            concurrency=int(table.get("concurrency", 2)),
            delay=float(table.get("delay", 0.0)),
        )
    except (TypeError, ValueError) as exc:
        raise RegistryError(f"{where}: bad [politeness]: {exc}") from exc


def _require(table: dict[str, Any], name: str, where: str) -> Any:
    if name not in table or table[name] in ("", None):
        raise RegistryError(f"{where}: missing required field {name!r}")
    return table[name]


def _source(raw: dict[str, Any], district: dict[str, Any], common: dict[str, Any], where: str) -> Source:
    code = str(_require(raw, "code", where))
    where = f"{where} source {code!r}"
    level = raw.get("level", "department")
    if level not in LEVELS:
        raise RegistryError(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    column = str(_require(raw, "column", where))
    allow: AllowList = common["allow"]
    for url in filter(None, (column, raw.get("moved_to"))):
        refusal = allow.check(common["hosts"].rewrite(url))
        if refusal:
            raise RegistryError(f"{where}: column {url} is off the district allow-list ({refusal})")
    years = parse_years(raw["years"], where) if "years" in raw else common["years"]
    extra = parse_years(raw["extra_years"], where) if "extra_years" in raw else ()
    family = raw.get("family", common["family"])
    if family not in FAMILIES:
        raise RegistryError(f"{where}: unknown family {family!r} (known: {', '.join(FAMILIES)})")
    return Source(
        key=f"{district['key']}/{code}",
        district=district["key"],
        agency=str(_require(raw, "agency", where)),
        level=level,
        family=family,
        column_url=column,
        years=tuple(sorted(set(years) | set(extra))),
        allow=allow,
        hosts=common["hosts"],
        politeness=common["politeness"],
        region_code=str(district.get("region_code", "")),
        parent=raw.get("parent", common["parent"] if level != "district" else None),
        moved_to=raw.get("moved_to"),
        verify_tls=bool(raw.get("verify_tls", common["verify_tls"])),
        shared=bool(raw.get("shared", False)),
    )


def load_district(path: Path) -> District:
    """Read and validate one district file; errors name the file and the field."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RegistryError(f"{where}: cannot read registry file: {exc}") from exc
    key = str(_require(data, "key", where))
    hosts_table = data.get("hosts", {})
    hosts = HostMap(
        aliases={
            h.lower(): str(_require(hosts_table, "canonical", where)).lower()
            for h in hosts_table.get("aliases", [])
        },
        rewrites={k.lower(): v.lower() for k, v in hosts_table.get("rewrites", {}).items()},
    )
    allowed = {str(h).lower() for h in _require(data, "allowed_hosts", where)}
    allow = AllowList.of(allowed, allow_local=bool(data.get("local", False)))
    raw_sources = data.get("source", [])
    if not raw_sources:
        raise RegistryError(f"{where}: a district needs at least one [[source]]")
    district_codes = [s.get("code") for s in raw_sources if s.get("level") == "district"]
    common = {
        "allow": allow,
        "hosts": hosts,
        "family": data.get("family", "trs"),
        "politeness": _politeness(data.get("politeness", {}), where),
        "years": parse_years(data.get("years", "2019-2025"), where),
        "verify_tls": bool(data.get("verify_tls", True)),
        "parent": f"{key}/{district_codes[0]}" if district_codes else None,
    }
    if common["family"] not in FAMILIES:
        raise RegistryError(f"{where}: unknown family {common['family']!r}")
    sources = tuple(_source(s, data, common, where) for s in raw_sources)
    dupes = {s.key for s in sources if sum(t.key == s.key for t in sources) > 1}
    if dupes:
        raise RegistryError(f"{where}: duplicate source codes: {', '.join(sorted(dupes))}")
    discovery = None
    if "discover" in data:
        table = data["discover"]
        try:
            pattern = re.compile(str(_require(table, "pattern", f"{where} [discover]")))
        except re.error as exc:
            raise RegistryError(f"{where} [discover]: bad pattern: {exc}") from exc
        pages = tuple(str(p) for p in _require(table, "pages", f"{where} [discover]"))
        discovery = Discovery(pages, pattern, dict(table.get("levels", {})))
    return District(
        key=key,
        name=str(data.get("name", key)),
        region_code=str(data.get("region_code", "")),
        family=common["family"],
        allow=allow,
        hosts=hosts,
        politeness=common["politeness"],
        years=common["years"],
        sources=sources,
        discovery=discovery,
        path=path,
    )


def load_registry(directory: Path | str = SOURCES_DIR) -> Registry:
    directory = Path(directory)
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise RegistryError(f"{directory}: no registry files (*.toml)")
    districts = tuple(load_district(p) for p in files)
    keys = [d.key for d in districts]
    if len(set(keys)) != len(keys):
        raise RegistryError(f"{directory}: two files declare the same district key")
    return Registry(districts)


def discovered_source(district: District, column_url: str, code: str, agency: str) -> Source:
    """A source for a column the district's own pages link but the registry does not declare."""
    template = next((s for s in district.sources if s.level == "district"), district.sources[0])
    level = district.discovery.level_of(column_url) if district.discovery else "department"
    return replace(
        template,
        key=f"{district.key}/{code}",
        agency=agency or code,
        level=level,
        column_url=column_url,
        years=district.years,
        parent=template.key,
        moved_to=None,
        declared=False,
    )


def adhoc_source(url: str, family: str = "generic", *, unofficial: bool = False) -> Source:
    """`ogi crawl --url`: generic discovery, allow-list = that URL's host, polite defaults.

    Local addresses are allowed here because the user named them explicitly; hosts outside
    `gov.cn` are refused unless `unofficial` (hijack mirrors copy government paths).
    """
    host = host_of(url)
    if not host or urlsplit(url).scheme not in ("http", "https"):
        raise RegistryError(f"--url {url!r}: not an absolute http(s) URL")
    if not unofficial and not is_official_host(host) and not is_ip_literal_private(host):
        raise RegistryError(
            f"--url {url!r}: {host} is not an official government host "
            "(*.gov.cn); hijack mirrors copy government paths"
        )
    return Source(
        key=f"url/{host}",
        district="",
        agency=host,
        level="district",
        family=family,
        column_url=url,
        years=(),
        allow=AllowList.for_url(url),
        declared=False,  # named on the command line, not in the registry
    )
