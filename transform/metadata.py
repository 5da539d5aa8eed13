"""Agency, covered year and publication date from a report's title and text.

What a title is and which year it covers is `core.titles` (the crawler and the warehouse read
titles by the same rule); here the agency is cut out of it: the text around the year, as the
report names it, without a 文号 in front, breadcrumbs or a 关于印发…的通知 wrapper.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.titles import REPORT_PHRASE, read_title
from transform.normalize import simplify

MAX_TITLE = 160
# The agency stands within this many characters before the year, after any sentence end.
MAX_AGENCY_PREFIX = 60
_SENTENCE_END = re.compile(r"[。；;!?？！]")
_CLAUSE_END = re.compile(r"[。；;]")  # never inside a title, between its year and its phrase
_REPORT = REPORT_PHRASE
_DOC_NO = re.compile(r"^.*?[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号")
# Site chrome before a title ('首页 > …', 'xx网 | …'), and a key in front of it ('标题：…',
# '【标题】…').
_SEPARATORS = re.compile(r"[|_>»›:：】]+|\s[-—]\s")
_NOTICE = re.compile(r"(?:关于)?(?:印发|公布|发布|公开)$|关于$")
_PUNCT = r"\s\-—:：,，、.。“”\"'《》【】\[\]()（）"
_EDGE = re.compile(rf"^[#*>{_PUNCT}]+|[{_PUNCT}]+$")
_PERIOD = re.compile(r"(?:统计|时限|期限|周期)[^。]{0,20}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_BODY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?(?:本单位|本机关|本部门)?\s*" + _REPORT)
_DATE = re.compile(
    r"(?:发布日期|发布时间|成文日期|生成日期|公开日期|日期|时间)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})"
    r"\s*[-/.月]\s*(\d{1,2})"
)
_DATE_KEY_ALONE = re.compile(r"(?:发布日期|发布时间|成文日期|生成日期|公开日期|日期|时间)\s*[:：]?$")
_ANY_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SIGNED = re.compile(r"^[(（]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]?$")


def find_title(candidates: Iterable[str]) -> tuple[str | None, str | None, int | None]:
    """(title, agency, year) from the first candidate that reads as a report title.

    A title naming no agency ('2023年政府信息公开工作年度报告' on its own line) is kept only
    if no later candidate for the same year names one (the agency is often the line above).
    """
    fallback: tuple[str | None, str | None, int | None] = (None, None, None)
    for raw in candidates:
        text = simplify(raw)
        if not text or len(text) > MAX_TITLE:
            continue
        parts = read_title(text)
        if parts is None or _CLAUSE_END.search(parts.between):
            continue
        before = _SENTENCE_END.split(parts.before_year[-MAX_AGENCY_PREFIX:])[-1]
        between = re.sub(r"^\s*年?\s*度?\s*(?:的)?", "", parts.between)
        agency = _clean_agency(before) or _clean_agency(between)
        start = parts.start - len(before) if parts.between or parts.start else 0
        title = _EDGE.sub("", parts.text[start : parts.end].strip())
        year = parts.year
        if agency:
            if fallback[2] in (None, year):
                return title, agency, year
            continue
        if fallback[0] is None:
            fallback = (title, None, year)
    return fallback


def _clean_agency(text: str) -> str:
    text = _DOC_NO.sub("", text)
    text = _SEPARATORS.split(text)[-1]
    text = _EDGE.sub("", text)
    text = _NOTICE.sub("", text)
    text = _EDGE.sub("", text)
    text = re.sub(r"\s+", "", text)
    return text if len(text) >= 2 else ""


def title_candidates(hints: list[str], lines: list[str], head: int = 12) -> list[str]:
    """Title hints first, then the opening lines, single and joined in twos and threes
    (titles break across lines)."""
    opening = [ln for ln in lines[:head] if ln.strip()]
    joined = ["".join(opening[i : i + k]) for k in (2, 3) for i in range(len(opening))]
    return [*hints, *opening, *joined]


def covered_year_from_body(lines: list[str]) -> int | None:
    for line in lines:
        text = simplify(line)
        for pattern in (_PERIOD, _BODY_YEAR):
            m = pattern.search(text)
            if m:
                return int(m.group(1))
    return None


def published_date(lines: list[str], meta: dict[str, str], head: int = 40) -> str | None:
    """The page's own date line in the first `head` lines (its key and date may be lines of
    their own, as text taken run by run from a page leaves them), else the signature date at
    the very end."""
    m = _ANY_DATE.search(meta.get("PubDate") or "")
    if m:
        return _iso(*m.groups())
    top = lines[:head]
    for i, value in enumerate(top):
        text = simplify(value)
        if _DATE_KEY_ALONE.search(text) and i + 1 < len(top):
            text += ":" + simplify(top[i + 1])
        m = _DATE.search(text)
        if m:
            return _iso(*m.groups())
    for line in reversed(lines[-20:]):
        m = _SIGNED.match(simplify(line))
        if m:
            return _iso(*m.groups())
    return None


def _iso(year: str, month: str, day: str) -> str | None:
    y, mo, d = int(year), int(month), int(day)
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None
