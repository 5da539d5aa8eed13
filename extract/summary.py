"""What a crawl found, per source: counts, reports, years, and every item that went wrong.

`SourceResult` is what `crawl_source` returns (the nightly flow turns it into Prefect
artifacts); `CrawlSummary` gathers them for `ogi crawl`. Problems are explicit lists, so a
declared source that yields nothing, a year that is missing, a wall or a refused redirect is
printed and can fail a `--strict` run instead of vanishing into a log.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# How each capture outcome is counted (fresh bodies are split into new / changed by `change`).
COUNTED = (
    "pages",
    "new",
    "changed",
    "unchanged",
    "not_modified",
    "blocked",
    "refused",
    "not_found",
    "rejected",
    "errors",
)
_OUTCOME_COUNTER = {
    "blocked": "blocked",
    "refused": "refused",
    "not_found": "not_found",
    "rejected": "rejected",
    "error": "errors",
    "unchanged": "unchanged",
    "not_modified": "not_modified",
}
# Item outcomes that make a `--strict` run fail.
FAILING = ("blocked", "refused", "not_found", "rejected", "error")


@dataclass(frozen=True)
class ReportRef:
    """One report candidate the crawl found (a detail page or an attached file)."""

    url: str
    year: int | None
    title: str
    form: str  # html / pdf / ole / zip
    outcome: str  # capture outcome: ok / unchanged / not_modified
    change: str = ""
    attachment_of: str | None = None


@dataclass(frozen=True)
class Problem:
    url: str
    outcome: str
    reason: str
    role: str


@dataclass
class SourceResult:
    key: str
    agency: str
    column_url: str
    declared: bool = True
    expected_years: tuple[int, ...] = ()
    counts: Counter = field(default_factory=Counter)
    reports: list[ReportRef] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stopped: bool = False  # the crawl was asked to stop before this source was done
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (Prefect may persist task results): the lock is not state."""
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def count(self, outcome: str, change: str = "") -> None:
        with self._lock:
            self.counts["pages"] += 1
            if outcome == "ok":
                self.counts[change or "new"] += 1
            else:
                self.counts[_OUTCOME_COUNTER.get(outcome, "errors")] += 1

    def problem(self, url: str, outcome: str, reason: str, role: str) -> None:
        with self._lock:
            self.problems.append(Problem(url, outcome, reason, role))

    def forget_problems(self, role: str) -> list[Problem]:
        """Drop (and return) the problems of one role, e.g. an expected 404 of a moved column."""
        with self._lock:
            dropped = [p for p in self.problems if p.role == role]
            self.problems = [p for p in self.problems if p.role != role]
        return dropped

    @property
    def years_found(self) -> set[int]:
        return {r.year for r in self.reports if r.year is not None}

    @property
    def missing_years(self) -> list[int]:
        return sorted(set(self.expected_years) - self.years_found)

    @property
    def unexpected_years(self) -> list[int]:
        if not self.expected_years:
            return []
        return sorted(self.years_found - set(self.expected_years))

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def to_row(self) -> dict[str, Any]:
        """A flat dict for tables and Prefect artifacts (lowercase keys, plain values)."""
        row: dict[str, Any] = {
            "source": self.key,
            "agency": self.agency,
            "declared": self.declared,
            "reports": len(self.reports),
        }
        row.update({name: self.counts.get(name, 0) for name in COUNTED})
        row["years_found"] = ",".join(map(str, sorted(self.years_found)))
        row["missing_years"] = ",".join(map(str, self.missing_years))
        row["unexpected_years"] = ",".join(map(str, self.unexpected_years))
        row["failure"] = "; ".join(self.errors)
        return row


@dataclass
class CrawlSummary:
    results: list[SourceResult] = field(default_factory=list)
    discovered_not_declared: list[str] = field(default_factory=list)
    declared_not_discovered: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    stopped: bool = False  # asked to stop: results cover only what was crawled by then

    @property
    def reports(self) -> list[ReportRef]:
        return [r for result in self.results for r in result.reports]

    def errors(self) -> list[str]:
        """What failed on our side or the network's, whatever the options: a source that
        yielded nothing, a transport error that outlived its retries (refused, DNS, timeout)."""
        lines: list[str] = []
        for result in self.results:
            lines.extend(f"{result.key}: {message}" for message in result.errors)
            lines.extend(
                f"{result.key}: {p.url}: {p.reason}" for p in result.problems if p.outcome == "error"
            )
        return lines

    def failures(self) -> list[str]:
        """One line per blocked / missing / failed item: what `--strict` refuses to accept."""
        lines: list[str] = []
        for result in self.results:
            lines.extend(f"{result.key}: ERROR {message}" for message in result.errors)
            lines.extend(
                f"{result.key}: {p.outcome} {p.url} ({p.reason})"
                for p in result.problems
                if p.outcome in FAILING
            )
            if result.missing_years:
                years = ", ".join(map(str, result.missing_years))
                lines.append(f"{result.key}: missing years {years}")
        lines.extend(
            f"{key}: declared but not linked from the district's pages"
            for key in self.declared_not_discovered
        )
        return lines

    def notes(self) -> list[str]:
        lines = [
            f"{key}: discovered on the district's pages, not declared in the registry"
            for key in self.discovered_not_declared
        ]
        for result in self.results:
            lines.extend(f"{result.key}: {note}" for note in result.notes)
            if result.unexpected_years:
                years = ", ".join(map(str, result.unexpected_years))
                lines.append(f"{result.key}: years on the site the registry does not expect: {years}")
        return lines
