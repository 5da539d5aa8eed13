"""Table readings of digit runs: which rows need them, how table 3's column identities choose
among them, and what is warned about (the readings themselves: `transform.segment`).

Table 3: a row read by its own total first; the combinations of its rows' readings judged by
一+二 = （七）+四 and （七） = the rows under 三 per column. Table 4: each proceeding's 总计.
Table 2 has no identity: only a row its digits allow one way is read. Whatever stays
undecided keeps the cells all readings agree on; the others are `UNDECIDED` (no fact) and a
warning names the row and its readings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transform.codes import T3_OUTCOME_ROWS
from transform.layout import Cell
from transform.segment import (
    MAX_READINGS,
    has_run,
    is_blank_mark,
    read_groups,
    read_split,
    segmentable,
    shown,
)

# Table-level search: at most this many combinations of ambiguous rows are tried.
MAX_COMBINATIONS = 4096
# Cells after table 4's run that may be left out (a page counter or a footer's number sits
# in the section's text after the table in the mirror's chrome and in real page footers).
T4_TRAILING = 3

# Marks a cell whose digits the identities could not attribute: no fact is made of it.
UNDECIDED = Cell("", extraction="segmented")
LOST = "?"  # a cell printed somewhere in these columns, but where, the text does not say
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


def read_table4(cells: Sequence[Cell], loose: bool) -> tuple[list[Cell | None] | None, list[str]]:
    """Table 4's fifteen cells from its printed cells, where their boundaries were lost
    (None: nothing to do): glued runs, or more cells than fifteen on `loose` lines of text
    whose first fifteen do not add up. Each proceeding's 总计 must be the sum of its four
    outcomes. Cells after the table (a page counter, a footer's number) may follow its run:
    up to `T4_TRAILING` trailing cells are left out when no reading takes them in."""
    tokens = [c for c in cells if c.text.strip() or is_blank_mark(c)]
    if len(tokens) < len(cells) or not segmentable(tokens):
        return None, []
    glued = has_run(tokens)
    if not glued and not (loose and len(tokens) > 15 and not _t4_holds(tokens[:15])):
        return None, []
    for drop in range(min(T4_TRAILING, len(tokens) - 1) + 1):
        kept = tokens[: len(tokens) - drop]
        search = read_groups(kept, [5, 5, 5])
        if search.readings:
            break
    else:
        return [UNDECIDED] * 15, [
            f"table 4: no split of the digits {shown(tokens)!r} makes each "
            "proceeding's 总计 the sum of its outcomes; not read"
        ]
    notes = [f"table 4: {drop} cell(s) after its fifteen left out"] if drop else []
    if len(search.readings) == 1:
        return _cells(search.readings[0], kept), notes
    return _agreeing(search.readings), [
        *notes,
        (
            f"table 4: the digits {shown(kept)!r} read {len(search.readings)}"
            f"{'+' if search.overflow else ''} ways that satisfy every identity "
            f"({_shown(search.readings)}); the cells they disagree on are not read"
        ),
    ]


def _t4_holds(tokens: Sequence[Cell]) -> bool:
    values = [int("".join(c.text.split())) for c in tokens]
    return all(sum(values[i : i + 4]) == values[i + 4] for i in (0, 5, 10))


def read_cells(values: Sequence[Cell], width: int, what: str) -> tuple[list[Cell | None] | None, list[str]]:
    """A row of `width` cells with no identity to decide it (table 2): only a split the digits
    allow in one way is read (None: the row needs no segmenting)."""
    tokens = [c for c in values if c.text.strip() or is_blank_mark(c)]
    if (
        len(tokens) < len(values)
        or not segmentable(tokens, signed=True)
        or not (has_run(tokens) or len(tokens) > width)
    ):
        return None, []
    search = read_split(tokens, width)
    if len(search.readings) == 1:
        return _cells(search.readings[0], tokens), []
    if not search.readings:
        return [UNDECIDED] * width, [
            f"{what}: the digits {shown(tokens)!r} cannot be {width} cells; not read"
        ]
    return _agreeing(search.readings), [
        f"{what}: the digits {shown(tokens)!r} read {len(search.readings)} ways "
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
    v = {r: c if isinstance(c, int) else 0 for r, c in zip(rows, cells, strict=True)}  # None: 0
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
    fixed: dict[str, list[Cell | None]] = {}  # rows read as printed
    out: dict[str, list[Cell | None]] = {}
    for code, row in rows.items():
        glued = has_run(row.tokens)
        if not (glued or row.loose):  # a grid's or a pipe table's cells, read as printed
            fixed[code] = row.literal
            continue
        tokens = [c for c in row.tokens if c.text.strip() or is_blank_mark(c)]
        needed = (
            len(tokens) == len(row.tokens)
            and (
                glued
                or (
                    len(tokens) > T3_WIDTH
                    or 2 < len(tokens) < T3_WIDTH
                    or (len(tokens) > typical and not _holds([_value(c) for c in row.literal]))
                )
            )
            and segmentable(tokens)
        )
        if not needed:
            fixed[code] = row.literal
            continue
        readings, merges, overflow = _candidates(tokens)
        if not readings:
            warnings.append(
                f"table 3 row {code}: no split of the digits {shown(tokens)!r} makes "
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
                f"table 3 row {code}: the digits {shown(tokens)!r} read more than "
                f"{MAX_READINGS} ways; the cells they disagree on are not read"
            )
            out[code] = _agreeing(readings)
            continue
        if any(LOST in r for r in readings):
            warnings.append(
                f"table 3 row {code}: cells of {shown(tokens)!r} printed in the "
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
    options: dict[str, list[tuple[str | None, ...]]], fixed: dict[str, list[Cell | None]], warnings: list[str]
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
    base: dict[str, Sequence[int | str | None]] = {
        **{c: [_value(cell) for cell in cells] for c, cells in fixed.items()},
        **{c: _numbers(options[c][0]) for c in settled},
    }
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
