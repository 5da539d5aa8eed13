"""Headline numbers that pre-2019 reports state in prose, and only those stated plainly.

Before the 2019 template there is no table; the text says e.g. '共受理政府信息公开申请12件'.
Traps: cumulative figures (历年累计), numbers tied to another year, zeros written as
'未收到…申请'. A number is taken only from a sentence about the covered year (or naming no
year); yearly figures never from a cumulative clause, and running totals (历年累计) are kept
apart under their own keys; two different candidates for one key give none.
"""

from __future__ import annotations

import re

from transform.normalize import simplify

_SENTENCE = re.compile(r"[^。；;!！?？\n]+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_PATTERNS = {
    "applications_received": re.compile(
        r"(?:共|全年)?(?:受理|收到)(?:收到|受理)?(?:了)?(?:政府)?信息公开(?:的)?申请(?:共)?[^0-9。;,，]{0,6}?(\d+)\s*[件条宗份个]"
    ),
    "proactive_published": re.compile(
        r"主动公开(?:了)?(?:政府)?(?:信息|文件)(?:共)?[^0-9。;,，]{0,12}?(\d+)\s*[条件篇份]"
    ),
}
_ZERO_APPLICATIONS = re.compile(r"(?:未|没有)(?:收到|受理)[^。;，,]{0,25}?申请")
_CUMULATIVE = re.compile(r"累计|历年|截至|截止|以来")
_CUMULATIVE_NUMBER = re.compile(r"(?:历年)?累计(?:受理|收到|公开)?[^0-9。;,，]{0,8}?(\d+)\s*[件条宗份篇]")
_CLAUSE = re.compile(r"[^,，]+")
_TOPIC = {"applications_cumulative": "申请", "proactive_cumulative": "主动公开"}


def narrative_numbers(lines: list[str], year: int | None) -> tuple[dict[str, int], list[str]]:
    found: dict[str, set[int]] = {}
    for line in lines:
        text = simplify(line)
        if len(text) < 6:
            continue
        for sentence in _SENTENCE.findall(text):
            years = {int(y) for y in _YEAR.findall(sentence)}
            if year is not None and years and year not in years:
                continue
            for key, pattern in _PATTERNS.items():
                for m in pattern.finditer(sentence):
                    if _CUMULATIVE.search(sentence[max(0, m.start() - 12) : m.end()]):
                        continue
                    found.setdefault(key, set()).add(int(m.group(1)))
            for clause in _CLAUSE.findall(sentence):
                if _ZERO_APPLICATIONS.search(clause) and not _CUMULATIVE.search(clause):
                    found.setdefault("applications_received", set()).add(0)
            topics = [key for key, word in _TOPIC.items() if word in sentence]
            if len(topics) == 1:  # a running total, attributable to one subject
                for m in _CUMULATIVE_NUMBER.finditer(sentence):
                    found.setdefault(topics[0], set()).add(int(m.group(1)))
    numbers: dict[str, int] = {}
    warnings: list[str] = []
    for key, values in found.items():
        if len(values) == 1:
            numbers[key] = values.pop()
        else:
            warnings.append(f"narrative: {key} stated as {sorted(values)}; none taken")
    return numbers, warnings
