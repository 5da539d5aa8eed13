"""The whole mirror as data: virtual hosts, sources, reports, hazards, and the manifest.

`mirror.families.build_site(seed, scale)` asks each family module (Xiamen TRS districts,
Hanweb, gkmlpt and the Guangdong column site, the unconfigured and hazard hosts) to register
its hosts and reports.
Nothing is rendered here; pages render on first request. The manifest is the mirror's own
account of what it serves, which the crawler's integration tests check their results against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Report, Source, VirtualHost

GENERATOR_VERSION = "2"


@dataclass
class MirrorSite:
    seed: int
    scale: int
    hosts: dict[str, VirtualHost] = field(default_factory=dict)
    alias_of: dict[str, str] = field(default_factory=dict)
    dead_hosts: set[str] = field(default_factory=set)
    sources: list[Source] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    hazards: list[dict[str, Any]] = field(default_factory=list)
    unconfigured: list[dict[str, Any]] = field(default_factory=list)
    # Per source key, the latest (year, values) generated, so next year's report continues it.
    last_values: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)

    def add_host(self, vhost: VirtualHost) -> VirtualHost:
        for name in (vhost.name, *vhost.aliases):
            if name in self.alias_of:
                raise ValueError(f"mirror host {name!r} is defined twice")
            self.alias_of[name] = vhost.name
        self.hosts[vhost.name] = vhost
        return vhost

    def lookup(self, host: str) -> VirtualHost | None:
        """The virtual host for a Host header (port stripped, case-insensitive), if any."""
        name = self.alias_of.get(host.split(":", 1)[0].strip().lower().rstrip("."))
        return self.hosts.get(name) if name else None

    def add_report(self, report: Report) -> Report:
        self.reports.append(report)
        return report

    def hazard(self, kind: str, **fields: Any) -> None:
        self.hazards.append({"kind": kind, **fields})

    def report_by_url(self, url: str) -> Report:
        for r in self.reports:
            if r.url == url:
                return r
        raise KeyError(f"no report at {url!r} in the mirror's manifest")

    def manifest(self) -> dict[str, Any]:
        hosts = []
        for v in self.hosts.values():
            hosts.append(
                {
                    "host": v.name,
                    "schemes": v.schemes,
                    "family": v.family,
                    "aliases": list(v.aliases),
                    "robots": v.robots,
                    "official": v.official,
                    "http": v.http,
                    "https": v.https,
                }
            )
        for name in sorted(self.dead_hosts):
            hosts.append(
                {
                    "host": name,
                    "schemes": [],
                    "family": None,
                    "aliases": [],
                    "robots": None,
                    "official": True,
                    "dead": True,
                }
            )
        return {
            "seed": self.seed,
            "scale": self.scale,
            "generator_version": GENERATOR_VERSION,
            "hosts": hosts,
            "sources": [s.to_manifest() for s in self.sources],
            "reports": [r.to_manifest() for r in self.reports],
            "hazards": list(self.hazards),
            "unconfigured_sites": list(self.unconfigured),
        }
