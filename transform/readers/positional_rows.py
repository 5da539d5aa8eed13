"""Borderless tables' rows: a band's lines, cut into columns, grouped into table rows.

Every line holding values is a value row; a label wraps in its cell over lines that hold
nothing else, and such lines join the row above or below — split where the widest gap between
them is (the cell padding) — unless they open with a numbering ('（三）', '2.'), which starts a
row of its own (a blank row, or the top of a label whose values stand lower down). A row's
pieces go to the columns their x-range covers (`positional_columns` found them), so a mostly
blank row keeps its few values where they stand, and a value standing between columns is
reported in a warning, not silently moved.
"""

from __future__ import annotations

import math

from transform.normalize import squash
from transform.readers.positional_bands import NUMBERED_LABEL, is_value
from transform.readers.positional_header import CellSpec, Span, cover
from transform.readers.positional_lines import Line, Piece, lowest

# A body piece covers a column when it overlaps this share of the column's or its own width.
COLUMN_OVERLAP = 0.3

# Label lines opening a continued part are the rest of the label overleaf when the gap below
# them is this many times any other between the lines down to the first values (a row's
# padding against its label's line spacing: 31.8 pt against 20.7 in Word → PDF at 10.5 pt).
REST_GAP_RATIO = 1.3

# What a band's line is: a value row, label text only (left of the values), or text of its
# own over the value columns (a header row inside the band).
VALUE, LABEL, OWN = "value", "label", "own"


def row_owners(lines: list[Line], kinds: list[str], start: int) -> list[int]:
    """For each line from `start` on, the index of the line whose row it joins."""
    owner = list(range(len(lines)))
    above: int | None = None  # the value row (or header row) above the current run
    k = start
    while k < len(lines):
        if kinds[k] != LABEL:
            above, k = k, k + 1
            continue
        run_start = k
        while k < len(lines) and kinds[k] == LABEL:
            k += 1
        below = k if k < len(lines) else None
        run = list(range(run_start, k))
        if run_start == start == 0 and below is not None and kinds[below] == VALUE:
            rest = _rest_of_label_above(lines, run, below)
            for cut_off in run[:rest]:
                owner[cut_off] = run[0]  # (one row: the rest of the label overleaf)
            run = run[rest:]
        _assign(lines, kinds, run, above, below, owner)
    return owner


def _rest_of_label_above(lines: list[Line], run: list[int], below: int) -> int:
    """How many of the label lines opening a part printed without its header are the rest of
    the label the page before ended with ('许可' atop the page, then '其他对' / '外管理' /
    values): those above a gap clearly the widest (REST_GAP_RATIO) between the run's lines
    and its values; 0 when the gaps are alike (one label wrapped above its values)."""
    gaps = [lines[k].top - lines[k - 1].bottom for k in [*run[1:], below]]
    if len(gaps) < 2:
        return 0
    widest = max(range(len(gaps)), key=gaps.__getitem__)
    others = [g for n, g in enumerate(gaps) if n != widest]
    return widest + 1 if gaps[widest] >= REST_GAP_RATIO * max(others) else 0


def _assign(
    lines: list[Line],
    kinds: list[str],
    run: list[int],
    above: int | None,
    below: int | None,
    owner: list[int],
) -> None:
    """Label-only lines between two rows: the wrapped ends of the label above, the tops of the
    label below, or (opening with a numbering) rows of their own."""
    up = above if above is not None and kinds[above] == VALUE else None
    down = below if below is not None and kinds[below] == VALUE else None
    cuts = [k for k in run if NUMBERED_LABEL.match(lines[k].text)]
    head = [k for k in run if not cuts or k < cuts[0]]
    if head:
        if up is not None and below is not None and not cuts:
            # (below a header row inside the band — a new part of the table — the lines
            # after the split are a row of their own, a heading of that part)
            split = _widest_gap(lines, up, below)
            for k in head:
                owner[k] = up if k < split else (down if down is not None else split)
        else:  # (the top of the label below, unless that label opens with its own numbering)
            opens = down is not None and _numbered_under(lines[down], lines[head[0]].pieces[0])
            target = (
                up if up is not None else (down if not cuts and down is not None and not opens else head[0])
            )
            for k in head:
                owner[k] = target
    for n, cut in enumerate(cuts):
        segment = [k for k in run if cut <= k < (cuts[n + 1] if n + 1 < len(cuts) else math.inf)]
        last = n + 1 == len(cuts)
        opens_below = down is not None and _numbered_under(lines[down], lines[cut].pieces[0])
        target = down if last and down is not None and not opens_below else cut
        for k in segment:
            owner[k] = target


def _numbered_under(line: Line, label: Piece) -> bool:
    """Whether `line` opens a numbered label of its own in the column `label` stands in
    ('2.重复申请' under '1.信访…'); a numbered group label in the column left of it
    ('（五）' beside the wrapped end '出版物' of '3.要求提供公开') is not."""
    return any(NUMBERED_LABEL.match(p.text) and p.x1 > label.x0 and p.x0 < label.x1 for p in line.pieces)


def _widest_gap(lines: list[Line], a: int, b: int) -> int:
    """Index of the first line between rows a and b that belongs to b's row."""
    best, best_gap = b, -math.inf
    for k in range(a + 1, b + 1):  # a split before line k; the widest gap wins
        gap = lines[k].top - lines[k - 1].bottom
        if gap > best_gap + 0.5:
            best, best_gap = k, gap
    return best


def row(group: list[Line], columns: list[Span], value_left: float, warnings: list[str]) -> list[CellSpec]:
    texts: list[list[str]] = [[] for _ in columns]
    confidences: list[list[float | None]] = [[] for _ in columns]
    covered = [False] * len(columns)
    placed: list[tuple[Piece, int, bool]] = []
    for line in group:
        for piece in line.pieces:
            first, last = cover(piece, columns, COLUMN_OVERLAP)
            texts[first].append(piece.text)
            confidences[first].append(piece.confidence)
            for c in range(first + 1, last + 1):
                covered[c] = True
            if piece.x0 >= value_left and is_value(piece):
                placed.append((piece, first, overlaps(piece, columns[first])))
    label = squash("".join(t for c in range(len(columns)) if columns[c][1] <= value_left for t in texts[c]))
    _check(placed, label, warnings)
    row: list[CellSpec] = []
    origin_text, origin_conf = "", None
    for c in range(len(columns)):
        if texts[c] or not covered[c]:
            origin_text, origin_conf = squash("".join(texts[c])), lowest(confidences[c])
            row.append((origin_text, False, origin_conf))
        else:
            row.append((origin_text, True, origin_conf))
    return row


def _check(placed: list[tuple[Piece, int, bool]], label: str, warnings: list[str]) -> None:
    """Warn about values placed without confidence: between columns, or two in one column."""
    seen: dict[int, Piece] = {}
    for piece, column, inside in placed:
        if not inside:
            warnings.append(
                f"borderless table row {label!r}: value {piece.text!r} stands between "
                "columns; read in the nearest"
            )
        if column in seen:
            warnings.append(
                f"borderless table row {label!r}: values {seen[column].text!r} and "
                f"{piece.text!r} fall in one column; read together"
            )
        seen[column] = piece


def overlaps(piece: Piece, span: Span) -> bool:
    return min(piece.x1, span[1]) - max(piece.x0, span[0]) > 0
