"""The one rule for what an annual-report title is and which year it covers.

The crawler (is this link a report, of which year?), the parser (agency and covered year from
the title) and the warehouse (the title's year as a fallback and a cross-check) must read a
title the same way, so the rule lives here once. Titles vary (SITES.md §2.2): with or without
工作/年度/政府, 政务 for 政府, 年度工作报告, the year before or after the agency, written in
Chinese numerals (二〇二三年度), in a trailing （2023年）, wrapped in 关于印发…的通知, broken
across lines. The covered year is the one the title names next to 年/年度 or the report phrase,
never the year in a URL or a publication date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The report phrase: 政府信息公开工作年度报告 and its printed variants (a bare 报 ends a link
# text cut short by the list page: …工作年度报).
REPORT_PHRASE = (
    r"(?:(?:政府|政务)(?:信息)?|信息)公开(?:工作)?(?:情况)?(?:年度)?(?:工作)?"
    r"(?:报告|年报|报)"
)
_PHRASE = re.compile(REPORT_PHRASE)
_NUMERAL_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=\s*年)")
_NUMERALS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# A covered year: four digits written next to 年, or directly before the report phrase.
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?=年|" + REPORT_PHRASE + ")")
# The year in parentheses after the phrase: …年度报告（2023年）, …年度报告(2023年度).
_TRAILING_YEAR = re.compile(r"^\s*[(（]\s*((?:19|20)\d{2})\s*年?\s*度?\s*[)）]")
# How far before the report phrase a year may stand and still be its year (the agency name,
# up to a 关于印发 … 的通知 wrapper, sits in between): the longest real titles seen put
# 50 characters between them.
MAX_YEAR_TO_PHRASE = 50
PLAUSIBLE_YEARS = range(1990, 2101)


def normalize_title(text: str) -> str:
    """NFKC (full-width digits → ASCII) and years in Chinese numerals as digits (二〇二三年)."""
    text = unicodedata.normalize("NFKC", text)
    return _NUMERAL_YEAR.sub(lambda m: m.group(0).translate(_NUMERALS), text)


def squash(text: str) -> str:
    """Normalized, with all whitespace removed (titles break mid-word)."""
    return "".join(normalize_title(text).split())


@dataclass(frozen=True)
class TitleParts:
    """Where the year and the report phrase sit in a (normalized) title.

    `before_year` is the text before the year (where the agency usually is), `between` the text
    between the year and the phrase (the agency in year-first titles); for a year printed after
    the phrase, `before_year` is the text before the phrase and `between` is empty.
    """

    text: str
    year: int
    start: int
    end: int
    before_year: str
    between: str


def read_title(text: str) -> TitleParts | None:
    """The parts of a title, or None when it is not a report title naming a year."""
    flat = normalize_title(text)
    for phrase in _PHRASE.finditer(flat):
        window_start = max(0, phrase.start() - MAX_YEAR_TO_PHRASE)
        years = [
            m
            for m in _YEAR.finditer(flat, window_start, phrase.start())
            if int(m.group(1)) in PLAUSIBLE_YEARS
        ]
        if years:
            year = years[-1]
            return TitleParts(
                flat,
                int(year.group(1)),
                year.start(),
                phrase.end(),
                flat[: year.start()],
                flat[year.end() : phrase.start()],
            )
        trailing = _TRAILING_YEAR.match(flat, phrase.end())
        if trailing and int(trailing.group(1)) in PLAUSIBLE_YEARS:
            return TitleParts(flat, int(trailing.group(1)), 0, trailing.end(), flat[: phrase.start()], "")
    return None


def looks_like_report(text: str) -> bool:
    """Does this text (a link, a heading) name an annual report?"""
    return bool(_PHRASE.search(squash(text)))


def report_year(text: str | None) -> int | None:
    """The covered year a report title names, or None if it names none.

    The year next to the report phrase when there is one; otherwise (a title that names the
    report differently, e.g. a link text) the first year written next to 年.
    """
    if not text:
        return None
    flat = squash(text)
    parts = read_title(flat)
    if parts is not None:
        return parts.year
    for match in _YEAR.finditer(flat):
        if int(match.group(1)) in PLAUSIBLE_YEARS:
            return int(match.group(1))
    return None
