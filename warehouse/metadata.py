"""Reading the metadata a report carries about itself: the year in its title, its publish date.

Used both when loading (to fall back on the title when the parser found no year, to store
the publish date as a DATE) and by the cross-report metadata checks, so the two agree.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

_CHINESE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_TITLE_YEAR = re.compile(r"([0-9〇零一二三四五六七八九]{4})\s*年")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PLAUSIBLE = range(1990, 2101)


def year_in_title(title: str | None) -> int | None:
    """The first year a title names (2023年, 二〇二三年度, full-width digits), or None."""
    if not title:
        return None
    text = unicodedata.normalize("NFKC", title)
    for match in _TITLE_YEAR.finditer(text):
        year = int(match.group(1).translate(_CHINESE_DIGITS))
        if year in _PLAUSIBLE:
            return year
    return None


def parse_date(text: str | date | None) -> date | None:
    """A publish date as printed (2024-01-15, 2024/1/15, 2024年1月15日, ISO time) or None."""
    if text is None or isinstance(text, date):
        return text if not isinstance(text, datetime) else text.date()
    match = _DATE.search(unicodedata.normalize("NFKC", str(text)))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
