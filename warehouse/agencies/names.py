"""Reading a Chinese agency name: where the agency is (the place prefix) and what it is (the rest).

Reports name one body many ways: 厦门市思明区市政园林局, 思明区市政园林局, 市政园林局; full-width or
traditional characters; 区政府 for 区人民政府; 湖里区人民政府湖里街道办事处 for 湖里街道. Two names
are the same agency when they read to the same place and the same rest once the abbreviations of
the naming rules (data, `extract/sources/agencies/naming.toml`) are expanded: that pair is the
agency's *key*. Nothing here guesses. A place is read only when the gazetteer knows the name
unambiguously (or the caller says where the report was published, the *scope*), and each place
read must lie inside the previous one, so 厦门市 followed by a 洪泽区 is not a place at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transform.normalize import simplify

ID_PREFIX = "ag_"


def name_form(name: str) -> str:
    """How names are compared: NFKC (full-width → half-width), simplified script, no whitespace."""
    return "".join(simplify(name).split())


@dataclass(frozen=True)
class Region:
    """One GB/T 2260 division: 350000 a province, 350200 a city, 350203 a district or county."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def tier(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "county"

    def contains(self, other: Region) -> bool:
        """True when `other` lies strictly inside this division (by the code's digit groups)."""
        width = {"province": 2, "city": 4, "county": 6}[self.tier]
        return other.code != self.code and other.code[:width] == self.code[:width]


class Gazetteer:
    """The divisions the project knows, by code and by name (aliases included)."""

    def __init__(self, regions: Iterable[Region]):
        self.by_code: dict[str, Region] = {}
        self._by_name: dict[str, list[Region]] = {}
        for region in regions:
            self.by_code[region.code] = region
            for name in {name_form(region.name), *map(name_form, region.aliases)}:
                self._by_name.setdefault(name, []).append(region)
        self._names = sorted(self._by_name, key=len, reverse=True)  # longest first: 淮安市 before 淮安

    def get(self, code: str | None) -> Region | None:
        return self.by_code.get(code) if code else None

    def province_of(self, region: Region) -> Region | None:
        return self.by_code.get(region.code[:2] + "0000")

    def city_of(self, region: Region) -> Region | None:
        return None if region.tier == "province" else self.by_code.get(region.code[:4] + "00")

    def county_of(self, region: Region) -> Region | None:
        return region if region.tier == "county" else None

    def prefix_of(self, region: Region | None) -> str:
        """The place part of a full name: 厦门市思明区, 淮安市, 上海市 (the province only when no
        city stands between it and the region, as for 上海市's districts)."""
        if region is None:
            return ""
        city = self.city_of(region)
        chain = [self.province_of(region) if city is None else None, city, region]
        names: list[str] = []
        for place in chain:
            if place is not None and place.name not in names:
                names.append(place.name)
        return "".join(names)

    def read_prefix(self, form: str, scope: Region | None = None) -> tuple[Region | None, str]:
        """The innermost place the name starts with, and the rest of the name."""
        region, rest = None, form
        while True:
            step = self._next_place(rest, region, scope)
            if step is None:
                return region, rest
            region, rest = step

    def _next_place(
        self, text: str, within: Region | None, scope: Region | None
    ) -> tuple[Region, str] | None:
        for name in self._names:
            if not text.startswith(name):
                continue
            candidates = [r for r in self._by_name[name] if within is None or within.contains(r)]
            if len(candidates) > 1 and scope is not None:  # 鼓楼区: which one the site says
                candidates = [
                    r for r in candidates if r.code == scope.code or r.contains(scope) or scope.contains(r)
                ]
            if len(candidates) == 1:
                return candidates[0], text[len(name) :]
            if len(candidates) > 1:
                return None  # ambiguous: read no further rather than pick one
        return None


@dataclass(frozen=True)
class NamingRules:
    """Abbreviations that name the same body, applied to the rest of a name after its place.

    `equivalent`: a whole rest and its full form (政府 → 人民政府, '' → 人民政府 for a name that
    is only a place, 泉州市丰泽区). `endings`: a rest ending and its full form (街道 →
    街道办事处, 镇 → 镇人民政府). `nested`: words between the place and a street or town
    (人民政府 in 湖里区人民政府湖里街道办事处) that name no separate body.
    """

    equivalent: Mapping[str, str] = field(default_factory=dict)
    endings: Mapping[str, str] = field(default_factory=dict)
    nested: tuple[str, ...] = ()

    def rest_key(self, rest: str) -> str:
        rest = self.equivalent.get(rest, rest)
        for short, full in sorted(self.endings.items(), key=lambda kv: -len(kv[0])):
            if rest.endswith(short) and not rest.endswith(full) and len(rest) > len(short):
                rest = rest[: -len(short)] + full
                break
        full_endings = tuple(self.endings.values())
        for word in self.nested:
            if (
                rest.startswith(word)
                and len(rest) > len(word)
                and rest.endswith(full_endings)
                and rest[len(word) :] not in full_endings
            ):
                rest = rest[len(word) :]
                break
        return rest


@dataclass(frozen=True)
class ParsedName:
    """A name read against the gazetteer: its place (if any), its rest, and its key."""

    form: str
    region: Region | None
    rest: str  # the rest as printed (after the place)
    rest_key: str  # the rest with abbreviations expanded
    placed_by: str  # "name" (the name says where), "scope" (the site says), or "" (nowhere)

    @property
    def key(self) -> str:
        """`<region code>|<rest>`: equal keys are the same agency, whatever the spelling."""
        return f"{self.region.code if self.region else ''}|{self.rest_key}"

    @property
    def agency_id(self) -> str:
        return id_for_key(self.key)


def id_for_key(key: str) -> str:
    """The stable agency_id of a key: `ag_` + 12 hex digits of its sha256."""
    return ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class NameReader:
    """Gazetteer + naming rules: the one way a name becomes a key."""

    gazetteer: Gazetteer
    rules: NamingRules

    def parse(self, name: str, scope: Region | None = None) -> ParsedName:
        form = name_form(name)
        region, rest = self.gazetteer.read_prefix(form, scope)
        placed_by = "name" if region is not None else ""
        if region is None and scope is not None:
            region, placed_by = scope, "scope"
        return ParsedName(form, region, rest, self.rules.rest_key(rest), placed_by)

    def full_name(self, parsed: ParsedName, *, keep_rest: bool = False) -> str:
        """The name with its whole place prefix: 思明区发展和改革局 → 厦门市思明区发展和改革局.

        `keep_rest` keeps the rest as printed (a site's own label) instead of its expanded form.
        """
        return self.gazetteer.prefix_of(parsed.region) + (parsed.rest if keep_rest else parsed.rest_key)
