"""Borderless headers and labels in narrow columns: a cell whose characters spread over its width.

A narrow cell's text justified or letter-spaced two characters a line ('社   会' / '公' /
'益   组' / '织') stands as two stacks of single characters with white between them, wider
than a gap between cells. Neighbouring stacks are one cell when each line of the right one
has a character of the left one beside it, always as far apart centre to centre. The header
(`spread_cells`) and the label column (`spread_labels`) are read so.
"""

from __future__ import annotations

from transform.readers.positional_bands import HEADING_ALIGN
from transform.readers.positional_header import ABUT, Span, is_cjk, merged, spaced
from transform.readers.positional_lines import Line, Piece, piece_of

# A header cell spread over its width sets its lines' characters this evenly apart, centre to
# centre (points: one justified width, within rounding; the ink boxes of '目' and '一' are
# 2-4 pt narrower than '项', so their ink gaps vary by 2.3 pt where the centres vary by 0.05)
# on at least this many lines (a two-line stack of single characters, '其' / '他' beside
# '组' / '织', is as likely two one-character-wide cells).
SPREAD_JITTER = 1.0
SPREAD_LINES = 2


def spread_cells(
    lines: list[Line], leaves: list[Piece], values: list[Span], stub: float | None, label_right: float
) -> list[Piece]:
    """The leaves with a header cell whose lines spread their characters over its width
    made one (the values centred under it or under its first character): stacks on
    SPREAD_LINES lines at least, or on one beside a value column as `_spread` says, and
    together over one value column at most (two cells of their own hold their own values)."""
    spans = merged(leaves)
    if len(spans) < 2:
        return leaves
    pieces = [
        [
            p
            for p in spaced(line)
            if (p.x0 + p.x1) / 2 > label_right and (stub is None or p.x0 > stub + HEADING_ALIGN)
        ]
        for line in lines
    ]
    groups = _groups(pieces, spans, values)
    if all(len(group) == 1 for group in groups):
        return leaves
    out: list[Piece] = []
    for group in groups:
        members = [p for p in leaves if any(_overlaps_span((p.x0, p.x1), spans[c]) for c in group)]
        boxes = sorted((b for p in members for b in p.boxes), key=lambda b: b.x0)
        out.append(piece_of(boxes, max(p.bottom - p.top for p in members)) if len(group) > 1 else members[0])
    return out


def spread_labels(lines: list[Line], labels: list[Span], value_left: float) -> list[Span]:
    """The label columns with a label spread over its narrow cell made one column ('行   政'
    / '事   业' / '性   收' / '费', Chrome justifying a 14-pt label two characters a line):
    neighbouring stacks of single characters on SPREAD_LINES lines at least."""
    if len(labels) < 2:
        return labels
    pieces = [[p for p in line.pieces if p.x1 <= value_left] for line in lines]
    groups = _groups(pieces, labels, None)
    return [(labels[group[0]][0], labels[group[-1]][1]) for group in groups]


def _groups(pieces: list[list[Piece]], spans: list[Span], values: list[Span] | None) -> list[list[int]]:
    """The spans (indices) grouped into cells: each run of neighbouring spans whose stacks
    spread one cell's characters (`values`: the value columns under a header, None for the
    label column, whose spread stacks need SPREAD_LINES lines)."""
    stacks = [_stack(pieces, spans, c) for c in range(len(spans))]
    groups: list[list[int]] = [[0]]
    for c in range(1, len(spans)):
        group = groups[-1]
        span = (spans[group[0]][0], spans[c][1])
        if _spread(stacks[group[-1]], stacks[c], values) and (
            values is None or sum(_overlaps_span(v, span) for v in values) <= 1
        ):
            group.append(c)
        else:
            groups.append([c])
    return groups


def _stack(pieces: list[list[Piece]], spans: list[Span], c: int) -> dict[int, Piece] | None:
    """The pieces over span `c` alone, by line; None unless each is one CJK character."""
    stack: dict[int, Piece] = {}
    for k, line in enumerate(pieces):
        for p in line:
            hits = [d for d, span in enumerate(spans) if _overlaps_span((p.x0, p.x1), span)]
            if hits == [c]:
                if not is_cjk(p.text) or k in stack:
                    return None
                stack[k] = p
    return stack


def _spread(left: dict[int, Piece] | None, right: dict[int, Piece] | None, values: list[Span] | None) -> bool:
    """Whether two stacks are one cell's characters spread apart: on SPREAD_LINES lines, or
    on one when a value column is centred in the white between them ('自   然' / '人' over
    values centred in the cell) or none stands under the right one (no column is headed by
    one character on one line)."""
    if not left or not right or not set(right) <= set(left):
        return False
    if any(right[k].x0 <= left[k].x1 for k in right):
        return False
    distances = [_centre_of(right[k]) - _centre_of(left[k]) for k in right]
    if max(distances) - min(distances) > SPREAD_JITTER:
        return False
    if len(right) >= SPREAD_LINES:
        return True
    if values is None:
        return False
    k = next(iter(right))
    alone = not any(_overlaps_span(v, (right[k].x0, right[k].x1)) for v in values)
    return alone or any(left[k].x1 < (a + b) / 2 < right[k].x0 for a, b in values)


def _centre_of(piece: Piece) -> float:
    return (piece.x0 + piece.x1) / 2


def _overlaps_span(a: Span, b: Span) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > ABUT
