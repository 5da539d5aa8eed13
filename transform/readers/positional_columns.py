"""Borderless tables: a band of lines (`positional_bands`) cut into columns and rows.

The columns come from the values: in every value row the numbers of one column line up
(centred, left or right aligned, their x-ranges overlap), and no number of another column
reaches into them, so the x-ranges of a band's values, merged where they overlap, are its
value columns, whatever the header above them prints. The label columns are the ranges of the
label pieces left of the values. A row's values go to the columns their x-range covers, so a
mostly blank row keeps its few values where they stand, and a value standing between columns
is reported in a warning, not silently moved. Pieces printed too close together to be cut by
their gap alone (a label and the value next to it, header cells of narrow columns) are cut
where a gap falls between two columns.

Lines above the first value row that reach over the value columns are the header: a header
piece over several columns is a merged cell (text at the first column, copies in the others),
and the pieces over one column are stacked into that column's header cell (a header wrapped
over two lines, '自然' over '人', is one cell '自然人'). The rows are `positional_rows`'s.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

from transform.normalize import read_number
from transform.readers.pages import Box
from transform.readers.positional_bands import (
    HEADING_ALIGN,
    NUMBERED_LABEL,
    closer_above,
    find_bands,
    is_value,
    labels_beside,
    spread_numbering,
)
from transform.readers.positional_glued import cut_glued
from transform.readers.positional_header import (
    CellSpec,
    Span,
    header_leaves,
    header_rows,
    merged,
    set_solid,
    with_leaves,
)
from transform.readers.positional_lines import Line, Piece, piece_of
from transform.readers.positional_rows import LABEL, OWN, VALUE, overlaps, row, row_owners
from transform.readers.positional_spread import spread_cells, spread_labels

# A table has at least this many columns (a label and two values), or two under a header
# (table 2's parts of one value column: '信息内容 | 本年处理决定数量'), its own or that of the
# part the page before ended with (such a part broken after a row goes on overleaf bare).
MIN_COLUMNS = 3
MIN_COLUMNS_UNDER_HEADER = 2
# A band needs this many value rows, or one with at least ONE_ROWVALUES values (a table with
# a single value row, like the review and litigation table: fifteen values).
MIN_ANCHORS = 2
ONE_ROWVALUES = 5
# A gap between two characters this many line heights wide, falling between two columns, cuts
# a piece (CJK characters of one cell abut; cells stand at least a padding apart).
GUTTER_GAP = 0.05
# A part of a table starts at the first gap this share as wide as the widest between its
# predecessor's last values and its header (rows of one table are padded alike; a wrapped
# label's lines stand a padding closer together).
PART_GAP_SHARE = 0.6
# A label piece may end this far (points) right of the first value column's left edge.
LABEL_SLACK = 1.0


@dataclass
class TextTable:
    top: float
    rows: list[list[CellSpec]]
    warnings: list[str] = field(default_factory=list)
    columns: list[Span] = field(default_factory=list)
    value_columns: list[Span] = field(default_factory=list)  # what a part without header takes


def find_text_tables(
    lines: list[Line], carried: list[Span] | None = None
) -> tuple[list[TextTable], list[Line]]:
    """The borderless tables among a page's lines, and the lines left outside them.
    `carried`: the value columns of the table the previous page ended with, for a part of
    it printed without its header."""
    tables: list[TextTable] = []
    rest: list[Line] = []
    done = 0
    for band_start, band_end in find_bands(lines):
        rest.extend(lines[done:band_start])
        for start, end in _parts(lines, band_start, band_end):
            table = _table(lines[start:end], carried)
            if table is None:
                rest.extend(lines[start:end])
            else:
                tables.append(table)
                carried = table.value_columns
        done = band_end
    rest.extend(lines[done:])
    return tables, rest


def _parts(lines: list[Line], start: int, end: int) -> list[tuple[int, int]]:
    """A band cut before every header printed below values: the parts of a table whose
    columns change (table 2's parts, each under its own header, '信息内容 | 本年处理决定数量').
    The cut falls at the widest gap between the last values and the new header, so that a
    heading line between them ('第二十条第（五）项') opens the new part."""
    cuts = [start]
    last_value = None
    left = min(p.x0 for line in lines[start:end] for p in line.pieces)
    label_right = left + HEADING_ALIGN  # where the labels of the band's value rows end
    found: list[Piece] = []
    for k in range(start, end):
        if values := _values(lines[k], left):
            last_value, found = k, values
            beside = labels_beside(lines, k, start, end)
            label_right = max(
                [
                    label_right,
                    *(p.x1 for p in lines[k].pieces if p.x1 <= values[0].x0),
                    *(p.x1 for j in beside for p in lines[j].pieces),
                ]
            )  # (the labels of values alone on their line wrap around them: '理   由' / '0  0')
        elif last_value is not None and _new_header(lines[k], label_right, found):
            cuts.append(_part_cut(lines, last_value, k))  # text right of the labels: a header
            last_value = None
    cuts.append(end)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _new_header(line: Line, label_right: float, values: list[Piece]) -> bool:
    """Header cells below values: text right of the labels, no numbered label ('2.没有现成'
    beside '（四）无法' is a label wrapped apart from its values). A header cell may stand
    alone on its line, over the `values` of the row above, when the stub header beside it
    wraps above and below it ('信息' / '本年处理决定数量' / '内容'); a label's line alone
    stays left of the values."""
    if len(line.pieces) == 1:
        piece = line.pieces[0]
        if is_value(piece) or not any(overlaps(piece, (v.x0, v.x1)) for v in values):
            return False
    return any(p.x0 > label_right for p in line.pieces) and not any(
        NUMBERED_LABEL.match(p.text) for p in line.pieces
    )


def _part_cut(lines: list[Line], a: int, b: int) -> int:
    """Where a new part starts between the last value row `a` and the header `b`: at the
    first gap nearly as wide as the widest (PART_GAP_SHARE), so that a heading row between
    them joins the new part unless it stands clearly closer to the values (a wrapped label)."""
    gaps = {k: lines[k].top - lines[k - 1].bottom for k in range(a + 1, b + 1)}
    widest = max(gaps.values())
    if widest <= 0:
        return b  # (lines overlapping: no gap to cut at)
    return next(k for k, gap in gaps.items() if gap >= PART_GAP_SHARE * widest)


def _table(lines: list[Line], carried: list[Span] | None) -> TextTable | None:
    left = min(p.x0 for line in lines for p in line.pieces)
    values = [_values(line, left) for line in lines]
    anchors = [k for k, found in enumerate(values) if found]
    if not anchors:
        return None
    value_columns = merged(p for k in anchors for p in values[k])
    value_left = value_columns[0][0]
    label_pieces = [
        p
        for k in anchors
        for p in lines[k].pieces
        if p.x1 <= value_left + LABEL_SLACK and not (p.x0 > left + HEADING_ALIGN and is_value(p))
    ]
    if not label_pieces:  # labels wrapped around their values, none beside them
        label_pieces = _wrapped_labels(lines, left, value_left, anchors[0])
    labels = spread_labels(lines, merged(label_pieces), value_left)
    beside = sum(any(p.x1 <= value_left + LABEL_SLACK for p in lines[k].pieces) for k in anchors)
    if 2 * beside < len(anchors):  # most values alone on their line, their labels around them
        labels = _label_reach(lines[anchors[0] :], labels, value_left)
    label_right = labels[-1][1] if labels else left
    lines = [_recut(line, _gutters(labels, value_columns[:1]), value_columns, label_right) for line in lines]
    kinds = [_kind(line, left, value_left, label_right) for line in lines]
    header_end = kinds.index(VALUE)
    while header_end > 0 and kinds[header_end - 1] == LABEL and not closer_above(lines, header_end - 1):
        header_end -= 1  # label-column lines right above the first value row: its label
    stub = left if any(not is_value(p) for p in label_pieces) else None
    found = [p for line in lines[header_end:] for p in _values(line, left)]
    lines[:header_end] = cut_glued(lines[:header_end], labels + merged(found))
    leaves = spread_cells(
        lines[:header_end],
        header_leaves(lines[:header_end], stub, label_right),
        merged(found),
        stub,
        label_right,
    )
    headed = bool(leaves)  # columns said by a header, here or over the part before
    if leaves:  # the header says where the columns are, blank ones included
        value_columns = with_leaves(merged(found), leaves)
    elif carried is not None and _fits(found, carried):
        # the table's next part, without its header: its value columns (its own labels)
        value_columns = [span for span in carried if span[1] > value_left]
        headed = True
        if header_end and NUMBERED_LABEL.match(lines[0].text) and all(k == LABEL for k in kinds[:header_end]):
            header_end = 0  # (label text opening with a numbering above the first values: no
            # header, but the top of the first row's label, '4.  无' / '正  当' / '理  由')
    elif len(anchors) < MIN_ANCHORS and len(values[anchors[0]]) < ONE_ROWVALUES:
        return None
    columns = labels + value_columns
    lines = [_recut(line, _gutters(labels, value_columns), value_columns, label_right) for line in lines]
    lines[:header_end] = cut_glued(lines[:header_end], columns)
    if len(columns) < (MIN_COLUMNS_UNDER_HEADER if headed else MIN_COLUMNS):
        return None
    owner = row_owners(lines, kinds, header_end)
    groups: dict[int, list[Line]] = {}
    for k in range(header_end, len(lines)):
        groups.setdefault(owner[k], []).append(lines[k])
    table = TextTable(
        lines[0].top, header_rows(lines[:header_end], columns), columns=columns, value_columns=value_columns
    )
    for k in sorted(groups):
        cells = row(groups[k], columns, value_left, table.warnings)
        if any(text for text, _, _ in cells):
            table.rows.append(cells)
    return table


def _label_reach(lines: list[Line], labels: list[Span], value_left: float) -> list[Span]:
    """The label columns with the last one reaching as far right as the lines of label text
    alone below the first value row do: where most labels wrap around values alone on their
    line, the value rows print few labels to measure the column by ('（七）总计' beside its
    values; '大   量' / '反   复' of a label spread two characters a line reach further).
    (Where most value rows print their labels, those say where the column ends: a label
    spread to the header's edge would put the header's first character in the labels.)"""
    reach = max(
        (
            p.x1
            for line in lines
            if all(q.x1 <= value_left + LABEL_SLACK and not is_value(q) for q in line.pieces)
            for p in line.pieces
        ),
        default=-math.inf,
    )
    if not labels or reach <= labels[-1][1]:
        return labels
    return [*labels[:-1], (labels[-1][0], reach)]


def _wrapped_labels(lines: list[Line], left: float, value_left: float, first: int) -> list[Piece]:
    """The label pieces of a band whose labels wrap around their values: the lines holding
    nothing but label text, from the labels' left edge. Above the first value row (line
    `first`) a piece of several characters after a line's first is header text left of the
    values ('信息' beside a header cell '本年处理' left-aligned over values centred right of
    it), unless a label piece below stands under it (a group label's sub-labels, '（三）' |
    '1.属于…'); one character is a label spread over its cell ('行   政')."""
    found = [
        (k, p)
        for k, line in enumerate(lines)
        if all(q.x1 <= value_left + LABEL_SLACK and not is_value(q) for q in line.pieces)
        and line.pieces[0].x0 <= left + HEADING_ALIGN
        for p in line.pieces
    ]
    below = [(q.x0, q.x1) for k, q in found if k >= first]
    return [
        p
        for k, p in found
        if k >= first
        or p is lines[k].pieces[0]
        or len(p.text) == 1
        or any(overlaps(p, span) for span in below)
    ]


def _fits(values: list[Piece], columns: list[Span]) -> bool:
    """Every value stands over one of the columns."""
    return bool(values) and all(any(overlaps(p, span) for span in columns) for p in values)


def _values(line: Line, left: float) -> list[Piece]:
    """The line's value pieces right of the band's label column."""
    if spread_numbering(line):
        return []
    return [p for p in line.pieces if p.x0 > left + HEADING_ALIGN and is_value(p)]


def _kind(line: Line, left: float, value_left: float, label_right: float) -> str:
    if _values(line, left):
        return VALUE
    if all(p.x1 <= value_left + LABEL_SLACK and p.x0 < label_right for p in line.pieces):
        return LABEL
    return OWN  # text over the value columns: a header row inside the band


def _gutters(labels: list[Span], values: list[Span]) -> list[Span]:
    """The gaps between the label columns and the values, and between value columns (not
    between label columns: a label may run over several, '四、结转下年度继续办理')."""
    columns = labels[-1:] + values
    return [(a[1], b[0]) for a, b in itertools.pairwise(columns)]


def _recut(line: Line, gutters: list[Span], columns: list[Span], label_right: float) -> Line:
    """The line with its pieces cut where a gap between two characters falls in a gutter,
    unless a part right of the labels would head no value column (covers none of their
    centres): header text is wider than the values centred under it, so a gutter between
    value columns may fall inside one header cell ('自然人' over a narrow '6')."""
    least = GUTTER_GAP * line.height
    centres = [(a + b) / 2 for a, b in columns]
    pieces: list[Piece] = []
    for piece in line.pieces:
        boxes, start = piece.boxes, 0
        parts: list[list[Box]] = []
        solid = set_solid(boxes)
        for j in range(1, len(boxes)):
            g0, g1 = boxes[j - 1].x1, boxes[j].x0
            if g1 - g0 >= least and j not in solid and any(min(g1, b) - max(g0, a) > 0 for a, b in gutters):
                parts.append(boxes[start:j])
                start = j
        if not parts:
            pieces.append(piece)
            continue
        parts.append(boxes[start:])
        pieces.extend(piece_of(part, line.height) for part in _rejoined(parts, centres, label_right))
    return Line(line.top, line.bottom, pieces)


def _rejoined(parts: list[list[Box]], centres: list[float], label_right: float) -> list[list[Box]]:
    """Parts of a cut piece, each part right of the labels that is no value and covers no
    column's centre joined to its neighbour across the narrower gap."""

    def orphan(part: list[Box]) -> bool:
        x0, x1 = part[0].x0, part[-1].x1
        return x0 > label_right and not any(x0 <= c <= x1 for c in centres) and not _is_value_text(part)

    while len(parts) > 1:
        k = next((k for k, part in enumerate(parts) if orphan(part)), None)
        if k is None:
            break
        before = parts[k][0].x0 - parts[k - 1][-1].x1 if k > 0 else math.inf
        after = parts[k + 1][0].x0 - parts[k][-1].x1 if k + 1 < len(parts) else math.inf
        j = k - 1 if before <= after else k + 1
        a, b = min(j, k), max(j, k)
        parts[a : b + 1] = [parts[a] + parts[b]]
    return parts


def _is_value_text(boxes: list[Box]) -> bool:
    return read_number("".join(b.text for b in boxes)).kind != "text"
