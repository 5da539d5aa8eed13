"""Coverage statuses as the heatmap shows them: label, symbol and what each one means.

Statuses are those of `v_coverage` plus `revised` (an ok agency-year published more than once)
and `blocked` (a missing one whose report page met an anti-bot wall, from the crawl log).
Each cell carries a symbol as well as a colour, so the map reads in greyscale and for
colour-blind readers; the symbols are ones the bundled font has (`bundle_font`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    code: str
    label_zh: str
    label_en: str
    symbol: str
    meaning: str


STATUSES: tuple[Status, ...] = (
    Status(
        "ok",
        "已发布",
        "found and current",
        "✓",
        "The current report was found, parsed and passes every check.",
    ),
    Status(
        "revised",
        "已修订",
        "revised",
        "◎",
        "Found and passes every check; the agency published more than one version.",
    ),
    Status(
        "failed_checks",
        "校验未通过",
        "failed checks",
        "×",
        "Parsed, but at least one identity or cross-report check fails.",
    ),
    Status(
        "no_table",
        "无标准表格",
        "no standard table",
        "□",
        "Found, but no standard table was recognised (e.g. a pre-2019 narrative report).",
    ),
    Status("failed_to_parse", "解析失败", "failed to parse", "!", "Found, but the parser could not read it."),
    Status(
        "blocked",
        "被拦截",
        "blocked",
        "⊘",
        "Missing, and the crawler's last visit to its report page met an anti-bot wall.",
    ),
    Status(
        "missing",
        "缺失",
        "missing",
        "–",
        "Expected for this agency and year, but no report is in the warehouse.",
    ),
)
BY_CODE = {s.code: s for s in STATUSES}


def status(code: str) -> Status:
    """The status for a code; an unknown code (a newer view) is shown as itself, not dropped."""
    return BY_CODE.get(code) or Status(code, code, code, "?", "A status this site version does not describe.")
