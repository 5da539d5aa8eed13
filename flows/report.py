"""What one nightly run did, for the operator: counts, failures, and the two artifacts.

*Failures* need attention whatever the options (a stage that crashed, a declared source that
yielded nothing, a report that failed to parse or to load, a transport error after retries);
*listed* items are the sites' own hazards (walls, refusals, 404s, missing years), which make
the run fail only with `--strict` (CONTRACT.md §3).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extract.summary import CrawlSummary, SourceResult
from transform.model import ParseResult

# Crawl items that are the sites' hazards rather than our failures.
SITE_HAZARDS = ("blocked", "refused", "not_found", "rejected")


@dataclass
class RunReport:
    run_id: int | None = None
    status: str = "running"
    started: float = 0.0
    seconds: float = 0.0
    sources: list[SourceResult] = field(default_factory=list)
    crawl_notes: list[str] = field(default_factory=list)
    parsed: int = 0
    parse_errors: list[str] = field(default_factory=list)
    loads: Counter = field(default_factory=Counter)
    load_rejections: list[str] = field(default_factory=list)
    report_checks_failed: int = 0
    cross_checks_failed: int = 0
    snapshot: str | None = None
    export_dir: str | None = None
    site_index: str | None = None
    crashed: str | None = None
    cancelled: str | None = None  # why the run stopped early (a signal, at which stage)
    crashed_districts: list[str] = field(default_factory=list)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def add_crawl(self, summary: CrawlSummary) -> None:
        self.sources.extend(summary.results)
        self.crawl_notes.extend(summary.notes())
        self.crawl_notes.extend(
            f"declared column not found on its district's pages: {k}" for k in summary.declared_not_discovered
        )

    def add_parse(self, results: list[ParseResult]) -> None:
        self.parsed += len(results)
        self.parse_errors.extend(f"{r.source}: {r.error}" for r in results if r.error)

    def crawl_counts(self) -> Counter:
        total: Counter = Counter()
        for source in self.sources:
            total.update(source.counts)
        return total

    def failures(self) -> list[str]:
        out = [f"run crashed: {self.crashed}"] if self.crashed else []
        out.extend(f"crawl crashed: {c}" for c in self.crashed_districts)
        for source in self.sources:
            out.extend(f"{source.key}: {e}" for e in source.errors)
            out.extend(
                f"{source.key}: {p.outcome} {p.url} ({p.reason})"
                for p in source.problems
                if p.outcome not in SITE_HAZARDS
            )
        out.extend(f"parse failed: {e}" for e in self.parse_errors)
        out.extend(f"load rejected: {r}" for r in self.load_rejections)
        return out

    def listed(self) -> list[str]:
        out: list[str] = []
        for source in self.sources:
            out.extend(
                f"{source.key}: {p.outcome} {p.url} ({p.reason})"
                for p in source.problems
                if p.outcome in SITE_HAZARDS
            )
            if source.missing_years:
                out.append(f"{source.key}: missing years {', '.join(map(str, source.missing_years))}")
        return out

    def failed(self, strict: bool) -> bool:
        return bool(self.failures() or (strict and self.listed()))

    def changed_nothing(self) -> bool:
        crawl = self.crawl_counts()
        return not (
            crawl["new"]
            or crawl["changed"]
            or self.loads["new"]
            or self.loads["revision"]
            or self.loads["rederived"]
        )

    def source_rows(self) -> list[dict[str, Any]]:
        return [s.to_row() for s in self.sources]

    def markdown(self, limit: int = 200) -> str:
        """The run as markdown: a table of stage counts, then each list (up to `limit` items)."""
        crawl = self.crawl_counts()
        lines = [
            f"# OGI nightly run {self.run_id or '-'}: {self.status}",
            "",
            *([f"Cancelled: {self.cancelled}; nothing half-done was kept.", ""] if self.cancelled else []),
            f"Duration {self.seconds:.1f} s"
            + (
                " (" + ", ".join(f"{k} {v:.1f} s" for k, v in self.stage_seconds.items()) + "). "
                if self.stage_seconds
                else ". "
            )
            + ("Nothing changed since the last run." if self.changed_nothing() else ""),
            "",
            "| stage | counts |",
            "|---|---|",
            f"| crawl | {len(self.sources)} sources; {crawl['pages']} pages: {crawl['new']} new, "
            f"{crawl['changed']} changed, {crawl['unchanged'] + crawl['not_modified']} unchanged, "
            f"{crawl['blocked']} blocked, {crawl['refused']} refused, {crawl['not_found']} not "
            f"found, {crawl['errors']} errors |",
            f"| parse | {self.parsed} reports parsed, {len(self.parse_errors)} failed |",
            f"| load | {self.loads['new']} new, {self.loads['revision']} revised, "
            f"{self.loads['unchanged']} unchanged, {self.loads['rederived']} re-derived, "
            f"{self.loads['rejected']} rejected |",
            f"| checks | {self.report_checks_failed} failing report identities, "
            f"{self.cross_checks_failed} failing cross-report checks |",
        ]
        if self.snapshot:
            lines.append(
                f"| publish | snapshot {self.snapshot}; exports {self.export_dir}; report {self.site_index} |"
            )
        for title, items in (
            ("Failures", self.failures()),
            ("Blocked, refused, missing", self.listed()),
            ("Notes", self.crawl_notes),
        ):
            if items:
                lines += ["", f"## {title} ({len(items)})", ""] + [f"- {i}" for i in items[:limit]]
                if len(items) > limit:
                    lines.append(f"- … and {len(items) - limit} more")
        return "\n".join(lines) + "\n"
