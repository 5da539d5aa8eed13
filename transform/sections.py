"""Find where tables 2, 3 and 4 sit in the item stream.

Anchors are the rows only a given table has (table 3's 本年新收… row, table 4's 行政复议 /
结果维持 headers, the section headings around them), never mere mentions in the narrative:
headings must be short, and table 3 starts at its first value row, not at a sentence that
names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transform.labels import Vocabulary
from transform.normalize import label_key
from transform.rows import Item
from transform.segment import has_run

MAX_HEADING = 24
# Lines above a one-cell-per-line row that may hold its label: Word-export pages read one text
# run per line split a label into up to five runs ('一、本年' '新收政府' '信息公开' '申请' '数量').
MAX_LABEL_LINES = 6
# A row printing this many values is table 4's (fifteen cells in one row, or ten where a
# converter split it); table 3's widest row prints seven, eight with a remarks column.
T4_ROW_VALUES = 10
_T4_MARKERS = ("行政复议", "行政诉讼", "结果维持", "复议后起诉")
_AFTER_T4 = (
    "存在的主要问题",
    "主要问题及改进",
    "改进情况",
    "其他需要报告",
    "需要说明的事项",
    "问题和改进",
    "主要问题",
)
_T2_HEADINGS = ("主动公开政府信息情况", "第二十条第")
_T3_HEADINGS = ("收到和处理政府信息公开申请情况",)
_OPENING_CODES = ("new_received", "carried_over")


@dataclass(frozen=True)
class Sections:
    t2: tuple[int, int]  # always: the items before table 3, from table 2's heading if there is one
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None


def item_label(item: Item, vocab: Vocabulary, max_lines: int = MAX_LABEL_LINES) -> tuple[str, bool]:
    """The label a value row is read under, and whether it is the row's own (strong) label.

    A row's own label cells count, joined with a line or two above when that reads better (a
    label wrapped around its values); one-cell-per-line text has its label in the lines just
    above (the best-matching suffix of up to `max_lines` lines, so wrapped labels join up and
    header lines further up do not dilute it); otherwise those lines are only a hint.
    """
    own = item.label
    best, best_score = own, vocab.best(own)[1] if own else 0.0
    if best_score >= 0.95:
        return own, True  # an exact label needs no help from the lines around it
    above = range(0, min(max_lines if not own else 2, len(item.context)) + 1)
    below = range(0, min(2, len(item.after)) + 1) if own else range(1)
    for k in above:
        for j in below:
            if k == j == 0:
                continue
            # a label wrapped onto the lines above and below its values
            candidate = "".join(item.context[len(item.context) - k :]) + own + "".join(item.after[:j])
            _, score = vocab.best(candidate)
            if score > best_score + 1e-9:
                best, best_score = candidate, score
    if best_score < 0.8 and not own and item.context and has_run(item.values or ()):
        # Glued text: a label runs on from the header cells before it ('…现行有效件数规章').
        tail = _key_at_end(item.context[-1], vocab)
        if tail and vocab.best(tail)[1] > best_score:
            best = tail
    return best, bool(own) or item.stream


def _key_at_end(text: str, vocab: Vocabulary) -> str:
    """The text from the last vocabulary key it contains, when that key is where it ends."""
    hits = vocab.find_all(text)
    if not hits:
        return ""
    core = label_key(text)
    tail = core[hits[-1][0] :]
    return tail if vocab.best(tail)[1] >= 0.8 else ""


def _any_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of the phrases: every line before table 3 (site chrome included) is
    tried as a heading, so this runs once per line rather than once per phrase."""
    return re.compile("|".join(map(re.escape, phrases)))


_T2_HEADING = _any_of(_T2_HEADINGS)
_T3_HEADING = _any_of(_T3_HEADINGS)
_T4_HEADING = _any_of(_T4_MARKERS)
_AFTER_T4_HEADING = _any_of(_AFTER_T4)


def _is_heading(item: Item, phrases: re.Pattern[str]) -> bool:
    if item.values is not None or len(item.label) > 3 * MAX_HEADING:
        return False
    key = label_key(item.label)
    return len(key) <= MAX_HEADING and phrases.search(key) is not None


def locate(items: list[Item], vocab: Vocabulary) -> Sections:
    t3_start = None
    opening = [vocab.index[c] for c in _OPENING_CODES]
    for i, item in enumerate(items):
        if item.values is not None:  # a value row (`Item.is_values`, without the call)
            label, _ = item_label(item, vocab)
            scores = vocab.scores(label) if label else None
            if scores is not None and max(scores[k] for k in opening) >= 0.75:
                t3_start = i
                break
    if t3_start is None:
        t3_start = next((i for i, it in enumerate(items) if _is_heading(it, _T3_HEADING)), None)
    t2_end = t3_start if t3_start is not None else len(items)
    t2_start = next((i for i, it in enumerate(items[:t2_end]) if _is_heading(it, _T2_HEADING)), 0)
    t2 = (t2_start, t2_end)

    search_from = t3_start if t3_start is not None else 0
    t4_start = None
    for i in range(search_from + (1 if t3_start is not None else 0), len(items)):
        item = items[i]
        if _is_heading(item, _T4_HEADING) or (
            item.values is not None and len(item.printed()) >= T4_ROW_VALUES
        ):
            t4_start = i
            break
        if t3_start is not None and _is_heading(item, _AFTER_T4_HEADING):
            break
    t3 = (
        (t3_start, t4_start if t4_start is not None else _section_end(items, search_from))
        if t3_start is not None
        else None
    )
    t4 = None
    if t4_start is not None:
        t4 = (t4_start, _section_end(items, t4_start + 1))
    return Sections(t2=t2, t3=t3, t4=t4)


def _section_end(items: list[Item], start: int) -> int:
    for i in range(start, len(items)):
        if _is_heading(items[i], _AFTER_T4_HEADING):
            return i
    return len(items)
