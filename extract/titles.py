"""Is this link or page an annual report, and which year does it cover?

Titles vary (SITES.md §2.2): with or without 工作/年度, 政务 for 政府, the year before or after
the agency, wrapped in a 关于印发…的通知, broken across lines. So whitespace is removed
before matching, and the year is the 4-digit number written next to 年/年度 (or directly
before the report phrase), never the year in the URL.
"""

from __future__ import annotations

import re

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_REPORT = re.compile(r"(?:政府|政务)信息公开(?:工作)?(?:年度)?(?:报告|年报|报)"
                     r"|信息公开年报|信息公开.{0,8}年度报告")
_YEAR = re.compile(r"((?:19|20)\d{2})(?=年|(?:政府|政务)信息公开)")


def squash(text: str) -> str:
    """Drop all whitespace (titles break mid-word) and normalise full-width digits."""
    return "".join(text.translate(_FULL_WIDTH).split())


def looks_like_report(text: str) -> bool:
    return bool(_REPORT.search(squash(text)))


def report_year(text: str) -> int | None:
    """The covered year named in a report title, or None if the title names none."""
    flat = squash(text)
    match = _REPORT.search(flat)
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(flat)]
    if not years:
        return None
    if match is None:
        return years[0][1]
    before = [y for pos, y in years if pos < match.start()]
    return before[-1] if before else years[0][1]
