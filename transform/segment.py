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
`Search.states` counts them (see `tests/parser/test_segment.py` for the worst case).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from transform.codes import T3_OUTCOME_ROWS
from transform.layout import Cell

# A cell holds at most this many digits: the busiest agency in the corpus (淮安市, 2024) prints
# 4-digit totals, a province's totals run to 5; 6 leaves room and bounds the search.
MAX_DIGITS = 6
# Readings kept per search state; more than this many equally good readings is ambiguous
# whatever the column identities say, and keeping them all would make the search unbounded.
MAX_READINGS = 64
# Table-level search: at most this many combinations of ambiguous rows are tried.
MAX_COMBINATIONS = 4096
# Cells after table 4's run that may be left out (a page counter or a footer's number sits
# in the section's text after the table in the mirror's chrome and in real page footers).
T4_TRAILING = 3


def is_run(cell: Cell | None) -> bool:
    """A cell a reader marked as a digit run with lost cell boundaries (see readers.text)."""
    return (
        cell is not None
        and cell.extraction == "segmented"
        and bool(cell.text)
        and all(ch.isdigit() or ch in " .-\xa0" for ch in cell.text)
    )


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


# ---------------------------------------------------------------- tables

# Marks a cell whose digits the identities could not attribute: no fact is made of it.
UNDECIDED = Cell("", extraction="segmented")
T3_WIDTH = 7


def _cells(digits: Sequence[str | None], tokens: Sequence[Cell] = ()) -> list[Cell | None]:
    """A reading as cells, marked segmented unless it is just the printed tokens."""
    if [d for d in digits if d is not None] == [c.text for c in tokens if not is_blank_mark(c)]:
        return [None if d is None else Cell(d) for d in digits]
    return [
        None if d is None else UNDECIDED if d == LOST else Cell(d, extraction="segmented") for d in digits
    ]


def _agreeing(readings: Sequence[Sequence[str | None]]) -> list[Cell | None]:
    """Cells on which all readings agree; UNDECIDED where they differ."""
    out: list[Cell | None] = []
    for column in zip(*readings, strict=True):
        first = column[0]
        out.append(
            UNDECIDED
            if first == LOST or any(v != first for v in column)
            else (None if first is None else Cell(first, extraction="segmented"))
        )
    return out


def _shown(readings: Sequence[Sequence[str | None]], limit: int = 4) -> str:
    shown = " / ".join("|".join(v if v is not None else "_" for v in r) for r in readings[:limit])
    return shown + (" / …" if len(readings) > limit else "")


def _digits(tokens: Sequence[Cell]) -> str:
    return " ".join(_BLANK if is_blank_mark(c) else c.text for c in tokens)


def read_table4(cells: Sequence[Cell], loose: bool) -> tuple[list[Cell] | None, list[str]]:
    """Table 4's fifteen cells from its printed cells, where their boundaries were lost
    (None: nothing to do): glued runs, or more cells than fifteen on `loose` lines of text
    whose first fifteen do not add up. Each proceeding's 总计 must be the sum of its four
    outcomes. Cells after the table (a page counter, a footer's number) may follow its run:
    up to `T4_TRAILING` trailing cells are left out when no reading takes them in."""
    tokens = [c for c in cells if c.text.strip() or is_blank_mark(c)]
    if len(tokens) < len(cells) or _pieces(tokens) is None:
        return None, []
    glued = any(is_run(c) for c in tokens)
    if not glued and not (loose and len(tokens) > 15 and not _t4_holds(tokens[:15])):
        return None, []
    for drop in range(min(T4_TRAILING, len(tokens) - 1) + 1):
        kept = tokens[: len(tokens) - drop]
        search = read_groups(kept, [5, 5, 5])
        if search.readings:
            break
    else:
        return [UNDECIDED] * 15, [
            f"table 4: no split of the digits {_digits(tokens)!r} makes each "
            "proceeding's 总计 the sum of its outcomes; not read"
        ]
    notes = [f"table 4: {drop} cell(s) after its fifteen left out"] if drop else []
    if len(search.readings) == 1:
        return _cells(search.readings[0], kept), notes
    return _agreeing(search.readings), [
        *notes,
        (
            f"table 4: the digits {_digits(kept)!r} read {len(search.readings)}"
            f"{'+' if search.overflow else ''} ways that satisfy every identity "
            f"({_shown(search.readings)}); the cells they disagree on are not read"
        ),
    ]


def _t4_holds(tokens: Sequence[Cell]) -> bool:
    values = [int("".join(c.text.split())) for c in tokens]
    return all(sum(values[i : i + 4]) == values[i + 4] for i in (0, 5, 10))


def read_cells(values: Sequence[Cell], width: int, what: str) -> tuple[list[Cell] | None, list[str]]:
    """A row of `width` cells with no identity to decide it (table 2): only a split the digits
    allow in one way is read (None: the row needs no segmenting)."""
    tokens = [c for c in values if c.text.strip() or is_blank_mark(c)]
    if (
        len(tokens) < len(values)
        or _pieces(tokens, signed=True) is None
        or not (any(is_run(c) for c in tokens) or len(tokens) > width)
    ):
        return None, []
    search = read_split(tokens, width)
    if len(search.readings) == 1:
        return _cells(search.readings[0], tokens), []
    if not search.readings:
        return [UNDECIDED] * width, [
            f"{what}: the digits {_digits(tokens)!r} cannot be {width} cells; not read"
        ]
    return _agreeing(search.readings), [
        f"{what}: the digits {_digits(tokens)!r} read {len(search.readings)} ways "
        f"({_shown(search.readings)}) and no identity decides; the cells they disagree on are "
        "not read"
    ]


@dataclass
class T3Row:
    """A value row of table 3 as printed: its value cells, the seven as read literally, and
    whether the separators between its cells may fall inside a cell (lines or spaces of text,
    not a grid's or a pipe table's cell boundaries)."""

    tokens: list[Cell]
    literal: list[Cell | None]
    loose: bool = True


def _value(cell: Cell | None) -> int | None:
    text = "".join(cell.text.split()) if cell is not None else ""
    return int(text) if text.isdigit() else None


def _holds(values: Sequence[int | None]) -> bool:
    *parts, total = values
    return total is not None and sum(v or 0 for v in parts) == total


LOST = "?"  # a cell printed somewhere in these columns, but where, the text does not say


def _candidates(tokens: list[Cell]) -> tuple[list[tuple[str | None, ...]], int, bool]:
    """A row's readings as seven columns, the merges they need, and overflow.

    Where fewer than seven cells were printed (blank cells that left no mark), the first is
    自然人 and the last 总计, as in every blank-column table seen; cells printed in between
    could sit in any of the five legal-person columns, so those columns are LOST.
    """
    search = read_groups(tokens, [T3_WIDTH])
    if search.readings:
        return _unique(search.readings), search.merges, search.overflow
    best: list[tuple[str | None, ...]] = []
    least, overflow = None, False
    for k in range(T3_WIDTH - 1, 1, -1):
        found = read_groups(tokens, [k])
        if not found.readings:
            continue
        least = found.merges if least is None else min(least, found.merges)
        overflow |= found.overflow
        for r in found.readings:
            middle = None if all(m is None for m in r[1:-1]) else LOST
            best.append((r[0], *(middle,) * (T3_WIDTH - 2), r[-1]))
    return _unique(best), least or 0, overflow


def _unique(readings: Sequence[tuple[str | None, ...]]) -> list[tuple[str | None, ...]]:
    return list(dict.fromkeys(readings))


def _identities(rows: dict[str, list[int | None]] | set[str]) -> list[tuple[str, int]]:
    """Table 3's column identities that these rows make checkable: (rule, column)."""
    found = []
    for col in range(T3_WIDTH):
        if {"new_received", "carried_over", "total_processed", "carried_forward"} <= set(rows):
            found.append(("balance", col))
        if "total_processed" in rows and any(r in rows for r in T3_OUTCOME_ROWS):
            found.append(("total_processed", col))
    return found


def _identity_holds(rule: str, col: int, values: dict[str, Sequence[int | str | None]]) -> bool | None:
    """Whether a column identity holds (None: a cell in it is LOST, so it cannot be told)."""
    rows = (
        ("new_received", "carried_over", "total_processed", "carried_forward")
        if rule == "balance"
        else (*(r for r in T3_OUTCOME_ROWS if r in values), "total_processed")
    )
    cells = [values[r][col] for r in rows]
    if LOST in cells:
        return None
    v = dict(zip(rows, (c or 0 for c in cells), strict=True))
    if rule == "balance":
        return v["new_received"] + v["carried_over"] == v["total_processed"] + v["carried_forward"]
    return sum(v[r] for r in rows[:-1]) == v["total_processed"]


def resolve_table3(rows: dict[str, T3Row]) -> tuple[dict[str, list[Cell | None]], list[str]]:
    """Table 3's rows whose cell boundaries were lost, read by the identities: {code: cells}.

    A row is segmented when a reader marked it (glued digits), when it has more cells than
    columns (a number split over lines), when it has more cells than the table's other rows
    and its literal reading breaks its row total, or when some but not all of its blank cells
    left no trace (the columns of the cells between 自然人 and 总计 are then lost). Each such
    row is read by its row total first; where that leaves several readings, the column
    identities (一+二 = （七）+四, （七） = the rows under 三) choose among the combinations.
    Identities no combination satisfies are the report's own inconsistencies and decide
    nothing. A row still read in several ways keeps only the cells its readings agree on; a row
    no reading fits is not read. Both are warned about.
    """
    counts = [len(r.tokens) for r in rows.values() if r.loose]
    typical = max(set(counts), key=counts.count) if counts else T3_WIDTH
    warnings: list[str] = []
    options: dict[str, list[tuple[str | None, ...]]] = {}
    fixed: dict[str, list[int | None]] = {}
    out: dict[str, list[Cell | None]] = {}
    for code, row in rows.items():
        tokens = [c for c in row.tokens if c.text.strip() or is_blank_mark(c)]
        glued = any(is_run(c) for c in tokens)
        needed = (
            len(tokens) == len(row.tokens)
            and _pieces(tokens) is not None
            and (
                glued
                or (
                    row.loose
                    and (
                        len(tokens) > T3_WIDTH
                        or 2 < len(tokens) < T3_WIDTH
                        or (len(tokens) > typical and not _holds([_value(c) for c in row.literal]))
                    )
                )
            )
        )
        if not needed:
            fixed[code] = [_value(c) for c in row.literal]
            continue
        readings, merges, overflow = _candidates(tokens)
        if not readings:
            warnings.append(
                f"table 3 row {code}: no split of the digits {_digits(tokens)!r} makes "
                "总计 the sum of the other cells; not read"
            )
            out[code] = [UNDECIDED] * T3_WIDTH
            continue
        if merges:
            warnings.append(
                f"table 3 row {code}: {merges} number(s) split over lines or spaces "
                "rejoined where the row total decides"
            )
        if overflow:
            warnings.append(
                f"table 3 row {code}: the digits {_digits(tokens)!r} read more than "
                f"{MAX_READINGS} ways; the cells they disagree on are not read"
            )
            out[code] = _agreeing(readings)
            continue
        if any(LOST in r for r in readings):
            warnings.append(
                f"table 3 row {code}: cells of {_digits(tokens)!r} printed in the "
                "legal-person columns, but the text keeps no trace of which; those "
                "columns are not read"
            )
        options[code] = readings
    chosen = _choose(options, fixed, warnings)
    for code, readings in chosen.items():
        if len(readings) == 1:
            out[code] = _cells(readings[0])
        else:
            out[code] = _agreeing(readings)
            warnings.append(
                f"table 3 row {code}: the digits read {len(readings)} ways that satisfy "
                f"every identity ({_shown(readings)}); the cells they disagree on are "
                "not read"
            )
    for code, cells in out.items():
        literal = [c.text if c is not None else None for c in rows[code].literal]
        if literal == [c.text if c is not None else None for c in cells]:
            # the separators were the cell boundaries: read as printed, nothing segmented
            out[code] = [None if c is None else Cell(c.text) for c in rows[code].literal]
    return out, warnings


def _choose(
    options: dict[str, list[tuple[str | None, ...]]], fixed: dict[str, list[int | None]], warnings: list[str]
) -> dict[str, list[tuple[str | None, ...]]]:
    """For each row with readings, those that appear in combinations satisfying every column
    identity some combination can satisfy."""
    open_rows = [code for code, readings in options.items() if len(readings) > 1]
    settled = {code: options[code] for code in options if code not in open_rows}
    combos = 1
    for code in open_rows:
        combos *= len(options[code])
    if not open_rows:
        return settled
    if combos > MAX_COMBINATIONS:
        warnings.append(f"table 3: {combos} combinations of readings; too many to check")
        return options
    base = {**fixed, **{c: _numbers(options[c][0]) for c in settled}}
    identities = _identities(set(base) | set(open_rows))
    results = []
    for pick in _product([options[c] for c in open_rows]):
        values = {**base, **{c: _numbers(r) for c, r in zip(open_rows, pick, strict=True)}}
        results.append((pick, {i: _identity_holds(*i, values) for i in identities}))
    feasible = {i for _, held in results for i, ok in held.items() if ok}
    solutions = [pick for pick, held in results if all(held[i] is not False for i in feasible)]
    if not solutions:
        warnings.append("table 3: no reading of the digit runs satisfies every identity")
        return options
    chosen = dict(settled)
    for n, code in enumerate(open_rows):
        chosen[code] = sorted({pick[n] for pick in solutions}, key=options[code].index)
    return chosen


def _numbers(reading: Sequence[str | None]) -> list[int | str | None]:
    return [d if d in (None, LOST) else int(d) for d in reading]


def _product(choices: list[list]) -> list[tuple]:
    combos: list[tuple] = [()]
    for readings in choices:
        combos = [(*c, r) for c in combos for r in readings]
    return combos
