"""Read digit runs whose cell boundaries were lost, using the table's own identities.

Text pulled out of HTML loses cell boundaries in two ways. Runs glued with no separator
('230 000023' for 23|0|0|0|0|0|23): any two adjacent digits may belong to different cells.
A number split over lines or spaces by Word's revision runs ('1' / '60' for 160): a separator
inside a cell. A row is therefore a list of *pieces* — the whitespace-separated tokens; a glued
token may be cut anywhere, a separator between tokens may be crossed (a merge) — and a reading
cuts it into cells. No separator is trusted to be a cell boundary (a page's source breaks
lines between any two tags, inside a cell too), and none is trusted to be inside one: every
reading counts. Readings are constrained by the row identity (the last cell, 总计, is the sum
of the others; table 4: each proceeding's 总计 is the sum of its four outcomes), then, across
table 3's rows, by its column identities (`resolve_table3`). What the identities cannot decide
stays undecided: several readings are never chosen between by a preference.

Plausible widths: a cell cut out of a glued run never starts with 0 unless it is the single
digit 0 (a report prints '0', never '05'); a token that stood alone between separators is
taken as printed. No cell is wider than `MAX_DIGITS`.

The search is dynamic programming over (position, cells placed, running sum), memoised, so a
row costs at most positions × cells × distinct sums states rather than 2^positions splits.
`Search.states` counts them (see `tests/parser/test_segment.py` for the worst case). The
tables' use of these readings (which rows, the column identities, what is warned) is in
`transform.segment_tables`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from transform.layout import Cell

# A cell holds at most this many digits: the busiest agency in the corpus (淮安市, 2024) prints
# 4-digit totals, a province's totals run to 5; 6 leaves room and bounds the search.
MAX_DIGITS = 6
# Readings kept per search state; more than this many equally good readings is ambiguous
# whatever the column identities say, and keeping them all would make the search unbounded.
MAX_READINGS = 64


def is_run(cell: Cell | None) -> bool:
    """A cell a reader marked as a digit run with lost cell boundaries (see readers.text)."""
    return (
        cell is not None
        and cell.extraction == "segmented"
        and bool(cell.text)
        and all(ch.isdigit() or ch in " .-\xa0" for ch in cell.text)
    )


def has_run(cells: Sequence[Cell | None]) -> bool:
    """Whether any of the cells is a digit run (`is_run`). Cells a reader did not segment are
    passed over without a look at their text: only a reader of text marks runs, so the cells
    of a page's or a document's tables are all passed over in one plain loop (a loop reading
    a slot: `"segmented" in map(attrgetter(...), ...)`, compared in C, took six times as long,
    comparing the string with each cell's None through the generic comparison)."""
    for cell in cells:
        if cell is not None and cell.extraction == "segmented":
            return any(map(is_run, cells))
    return False


def is_blank_mark(cell: Cell) -> bool:
    """A glued run's non-breaking space: the `&nbsp;` a blank cell printed, one cell wide."""
    return cell.text == BLANK_MARK and cell.extraction == "segmented"


BLANK_MARK = "\xa0"
_SIGNED_TOKEN = re.compile(r"[-\d.]*\d[-\d.]*")
_BLANK = "_"  # a blank cell in a row's digit string


@dataclass(frozen=True)
class _Row:
    text: str  # the digits, a `_` for each blank cell, separators removed
    cut_ok: tuple[bool, ...]  # per boundary between characters: may a cell end here?
    merge_cost: tuple[int, ...]  # per boundary: 1 if it is a separator (crossing it is a merge)
    whole: frozenset[tuple[int, int]]  # spans printed as one token between separators


def _pieces(tokens: Sequence[Cell], marks: bool = True, signed: bool = False) -> _Row | None:
    """The digits of a row's tokens and what each boundary between two digits may be (None:
    a token is no count). With `marks`, a glued run's `&nbsp;` is a blank cell in place; with
    `signed`, tokens may hold a sign or a decimal point ('-3', '81.89', '81' '.89')."""
    text, cut_ok, cost, whole = "", [], [], set()
    for cell in tokens:
        if is_blank_mark(cell):
            if not marks:
                continue
            token = _BLANK
        else:
            token = "".join(cell.text.split())
            if not (token.isdigit() or (signed and _SIGNED_TOKEN.fullmatch(token))):
                return None  # a decimal or a mark: not a count, not segmented
        if text:
            cut_ok.append(True)
            cost.append(0 if _BLANK in (token, text[-1]) else 1)
        glued = is_run(cell)
        cut_ok.extend([glued] * (len(token) - 1))
        cost.extend([0] * (len(token) - 1))
        if not glued:
            whole.add((len(text), len(text) + len(token)))
        text += token
    return _Row(text, tuple(cut_ok), tuple(cost), frozenset(whole)) if text.strip(_BLANK) else None


@dataclass
class Search:
    """Readings of one row: cells as digit strings (None: blank); the fewest merges any of
    them needs (separators crossed: a number split over lines, or a break in the page source)."""

    readings: list[tuple[str | None, ...]] = field(default_factory=list)
    merges: int = 0
    overflow: bool = False  # more readings than MAX_READINGS
    states: int = 0


def read_groups(tokens: Sequence[Cell], groups: Sequence[int]) -> Search:
    """Cut a row's pieces into consecutive groups of the given sizes, each group's last cell
    the sum of the group's other cells; every reading, whatever it merges. Blank marks are
    read as blank cells where they stand; failing that, as mere separators."""
    found = _search(_pieces(tokens), groups)
    if not found.readings and any(is_blank_mark(c) for c in tokens):
        found = _search(_pieces(tokens, marks=False), groups)
    return found


def _search(row: _Row | None, groups: Sequence[int]) -> Search:
    stats = Search()
    if row is None:
        return stats
    n = len(row.text)
    spans: dict[tuple[int, int], bool] = {}

    def piece_ok(a: int, b: int) -> bool:
        key = (a, b)
        if key not in spans:
            digits = row.text[a:b]
            spans[key] = (
                b - a <= MAX_DIGITS
                and (b == n or row.cut_ok[b - 1])
                and (digits == _BLANK or _BLANK not in digits)
                and (digits[0] != "0" or b - a == 1 or key in row.whole)
            )
        return spans[key]

    @cache
    def readings(pos: int, group: int, placed: int, running: int) -> tuple:
        """((merges, cells), …) for text[pos:] given `placed` cells of group `group` so far."""
        stats.states += 1
        if group == len(groups):
            return ((0, ()),) if pos == n else ()
        left = groups[group] - placed  # cells still to place in this group, its total included
        later = later_cells[group]
        rest = n - pos
        if (
            rest < left + later
            or rest > (left + later) * MAX_DIGITS
            or (running and rest < left - 1 + len(str(running)) + later)
        ):
            return ()  # the characters left cannot make the cells left
        last = left == 1
        if row.text[pos] == _BLANK:  # a blank cell: nothing to add (a blank total checks nothing)
            ends: range | list[int] = [pos + 1]
        elif last:  # the group's total: exactly the running sum, so its width is fixed
            ends = [pos + len(str(running))]
        else:
            ends = range(pos + 1, min(n, pos + MAX_DIGITS) + 1)
        found: list[tuple[int, tuple]] = []
        for end in ends:
            if end > n or not piece_ok(pos, end):
                continue
            digits = row.text[pos:end]
            value = 0 if digits == _BLANK else int(digits)
            if last and digits != _BLANK and value != running:
                continue
            if last:
                rest_found = readings(end, group + 1, 0, 0)
            else:
                rest_found = readings(end, group, placed + 1, running + value)
            merges = sum(row.merge_cost[pos : end - 1])
            cell = None if digits == _BLANK else digits
            found.extend((merges + m, (cell, *r)) for m, r in rest_found[: MAX_READINGS + 1 - len(found)])
        return tuple(found)

    later_cells = [sum(groups[g + 1 :]) for g in range(len(groups))]
    found = readings(0, 0, 0, 0)
    stats.readings = [r for _, r in found[:MAX_READINGS]]
    stats.overflow = len(found) > MAX_READINGS
    stats.merges = min((m for m, _ in found), default=0)
    return stats


# A table 2 cell: a count, a signed change (本年增/减) or an amount in 万元 with decimals; money
# runs to two more digits than a count (the mirror's and the corpus's amounts are under 10^8).
_MEASURE = re.compile(rf"-?(?:0|[1-9]\d{{0,{MAX_DIGITS + 2}}})(?:\.\d{{1,4}})?")
MAX_CELL_CHARS = 1 + MAX_DIGITS + 3 + 1 + 4  # the longest cell _MEASURE allows


def read_split(tokens: Sequence[Cell], width: int) -> Search:
    """Cut a row's pieces into exactly `width` cells with no identity to check (table 2, whose
    cells may be signed (本年增/减) or decimal (万元)): every reading the digits allow."""
    row = _pieces(tokens, marks=False, signed=True)
    if row is None:
        return Search()
    n = len(row.text)
    found: list[tuple[int, tuple[str, ...]]] = []

    def walk(pos: int, cells: tuple[str, ...], cost: int) -> None:
        if len(found) > MAX_READINGS:
            return
        if len(cells) == width:
            if pos == n:
                found.append((cost, cells))
            return
        for end in range(pos + 1, min(n, pos + MAX_CELL_CHARS) + 1):
            if end < n and not row.cut_ok[end - 1]:
                continue
            text = row.text[pos:end]
            if (pos, end) not in row.whole and not _MEASURE.fullmatch(text):
                continue
            walk(end, (*cells, text), cost + sum(row.merge_cost[pos : end - 1]))

    walk(0, (), 0)
    if not found:
        return Search()
    return Search(
        [cells for _, cells in found[:MAX_READINGS]], min(c for c, _ in found), len(found) > MAX_READINGS
    )


def segmentable(tokens: Sequence[Cell], signed: bool = False) -> bool:
    """Whether a row's cells are all digit pieces (or blank marks) a reading can cut."""
    return _pieces(tokens, signed=signed) is not None


def shown(tokens: Sequence[Cell]) -> str:
    """A row's pieces as a warning quotes them ('230 000023', '4 _ _ 4 9')."""
    return " ".join(_BLANK if is_blank_mark(c) else c.text for c in tokens)
