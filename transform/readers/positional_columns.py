"""Borderless tables: columns from aligned pieces of text, rows from lines.

Where a table's borders are hidden (common in Word and WPS exports) or were never drawn, its
rows still stand on lines cut into several pieces by wide gaps, and its cells line up. A run of
such lines is a table band; the lines with the most pieces (a table's value rows) are its
anchors, and the x-ranges their pieces cover, merged where they overlap, are the columns. Every
piece of the band goes to the columns it covers: a header printed over several columns is a
merged cell (text at the first column, copies in the others).

A label wraps in its cell over lines that hold nothing else; between two value rows such
lines belong to the row above or below, and they are split where the widest gap between them
is (the cell padding), or before a line opening with a numbering ('（三）', '2.', '四、'), which
starts a new cell. Lines above the first value row that reach into the value columns are the
header, one row per line.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from transform.normalize import squash
from transform.readers.positional_lines import Line, Piece, lowest

# A table line has at least this many pieces (a label and two values; a header line with
# fewer pieces belongs to a band only between or above such lines).
MIN_PIECES = 3
# Anchors (value rows) have at least this share of the band's widest line's pieces.
ANCHOR_SHARE = 0.5
# A band needs this many anchors, or one with at least ONE_ROW_PIECES pieces (a table with a
# single value row, like the review and litigation table: fifteen values).
MIN_ANCHORS = 2
ONE_ROW_PIECES = 6
# Lines of a band follow each other at most this many line heights apart (a wrapped label's
# lines, cell padding); at most MAX_BETWEEN non-table lines stand between two table lines.
BAND_GAP = 2.5
MAX_BETWEEN = 6
# Lines above the first table line are its header if at most this far apart (line heights).
HEADER_GAP = 1.5
MAX_HEADER_LINES = 6
# A piece covers a column when it overlaps this share of the column's or its own width.
COLUMN_OVERLAP = 0.3
NUMBERED_LABEL = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])")

# A section heading opens with a Chinese numeral and '、' ('四、政府信息公开行政复议…'); it
# starts at the band's left edge (within this many points) or left of it.
SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
HEADING_ALIGN = 3.0

CellSpec = tuple[str, bool, float | None]  # text, span_copy, confidence


@dataclass
class TextTable:
    top: float
    rows: list[list[CellSpec]]


def find_text_tables(lines: list[Line]) -> tuple[list[TextTable], list[Line]]:
    """The borderless tables among a page's lines, and the lines left outside them."""
    tables: list[TextTable] = []
    rest: list[Line] = []
    i = 0
    while i < len(lines):
        band = _band(lines, i)
        if band is None:
            rest.append(lines[i])
            i += 1
            continue
        start, end = band
        table = _table(lines[start:end])
        if table is None:
            rest.extend(lines[i:end])
        else:
            rest.extend(lines[i:start])
            tables.append(table)
        i = end
    return tables, rest


def _is_table_line(line: Line) -> bool:
    return len(line.pieces) >= MIN_PIECES


def _band(lines: list[Line], i: int) -> tuple[int, int] | None:
    """(start, end) of the band whose first table line is lines[i], header lines included;
    None when lines[i] is not a table line."""
    if not _is_table_line(lines[i]):
        return None
    last = i
    j = i + 1
    left = lines[i].pieces[0].x0
    while j < len(lines):
        if lines[j].top - lines[j - 1].bottom > BAND_GAP * _height(lines[j - 1]):
            break
        if _is_heading(lines[j], left) and not (
                j + 1 < len(lines) and lines[j].bottom > lines[j + 1].top):
            break  # (a label's top line overlaps its centred values; a heading stands alone)
        if _is_table_line(lines[j]):
            last = j
        elif j - last > MAX_BETWEEN:
            break
        j += 1
    end = last + 1
    while end < len(lines) and _continues(lines[end - 1], lines[end], lines[i:end]):
        end += 1  # a wrapped label's last lines, below the last value row
    start = i
    x_min = min(p.x0 for line in lines[i:end] for p in line.pieces)
    label_edge = min(line.pieces[1].x0 for line in lines[i:end] if _is_table_line(line))
    while (start > 0 and i - start < MAX_HEADER_LINES and _continues_above(
            lines[start - 1], lines[start], x_min, label_edge)):
        start -= 1
    return start, end


def _is_heading(line: Line, left: float) -> bool:
    """A section heading ('四、…') alone on its line, at or left of the band's left edge: the
    next table (or the text after this one) starts here, however close it stands."""
    return (len(line.pieces) == 1 and line.pieces[0].x0 <= left + HEADING_ALIGN
            and SECTION_HEADING.match(line.pieces[0].text) is not None)


def _continues(above: Line, line: Line, band: list[Line]) -> bool:
    """A short line right below the band that wraps a cell's text (not a new heading)."""
    if line.top - above.bottom > HEADER_GAP * _height(above) or NUMBERED_LABEL.match(line.text):
        return False
    width = max(p.x1 for ln in band for p in ln.pieces) - min(p.x0 for ln in band for p in ln.pieces)
    return all(p.x1 - p.x0 < width / 3 for p in line.pieces)


def _continues_above(line: Line, below: Line, x_min: float, label_edge: float) -> bool:
    """A header line (close above the band, reaching right of its label column), or the top
    of a label whose values stand half-way down its lines (it overlaps the line below)."""
    if all(p.x1 <= label_edge for p in line.pieces) and line.bottom > below.top:
        return True  # (a heading never overlaps the line below it)
    if _is_heading(line, x_min) or all(p.x1 <= label_edge for p in line.pieces):
        return False
    if below.top - line.bottom > HEADER_GAP * _height(line):
        return False
    return all(p.x0 >= x_min - 2 for p in line.pieces)


def _height(line: Line) -> float:
    return max(line.height, 1.0)


def _table(lines: list[Line]) -> TextTable | None:
    widest = max(len(line.pieces) for line in lines)
    threshold = max(MIN_PIECES, math.ceil(ANCHOR_SHARE * widest))
    anchors = [k for k, line in enumerate(lines) if len(line.pieces) >= threshold]
    if len(anchors) < MIN_ANCHORS and not (anchors and widest >= ONE_ROW_PIECES):
        return None
    columns = _columns([lines[k] for k in anchors])
    if len(columns) < MIN_PIECES:
        return None
    groups = _row_groups(lines, anchors)
    rows = [_row(group, columns) for group in groups]
    return TextTable(lines[0].top, [row for row in rows if any(text for text, _, _ in row)])


def _columns(anchors: list[Line]) -> list[tuple[float, float]]:
    """Column x-ranges: the anchors' pieces' ranges, merged where they overlap."""
    spans = sorted((p.x0, p.x1) for line in anchors for p in line.pieces)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def _row_groups(lines: list[Line], anchors: list[int]) -> list[list[Line]]:
    """Lines grouped into rows: each anchor with the wrapped lines that belong to it; the
    lines above the first anchor that reach into the value columns are header rows."""
    first = anchors[0]
    label_edge = min(lines[k].pieces[1].x0 for k in anchors)
    header_end = first
    while header_end > 0 and all(p.x1 <= label_edge for p in lines[header_end - 1].pieces):
        header_end -= 1  # label-column lines right above the first anchor: its wrapped label
    owner = list(range(len(lines)))  # line index → the line whose row it joins
    for k in range(header_end, first):
        owner[k] = first
    bounds = [header_end - 1, *anchors] if header_end > 0 else anchors
    for a, b in itertools.pairwise(bounds):
        split = _split(lines, a, b)
        for k in range(a + 1, b):
            owner[k] = a if k < split else b
    for k in range(anchors[-1] + 1, len(lines)):
        owner[k] = anchors[-1]
    groups: dict[int, list[Line]] = {}
    for k, line in enumerate(lines):
        groups.setdefault(owner[k], []).append(line)
    return [groups[k] for k in sorted(groups)]


def _split(lines: list[Line], a: int, b: int) -> int:
    """Index of the first line between anchors a and b that belongs to b's row."""
    between = range(a + 1, b)
    for k in between:
        if NUMBERED_LABEL.match(lines[k].text):
            return k
    best, best_gap = b, -math.inf
    for k in range(a + 1, b + 1):  # a split before line k; the widest gap wins
        gap = lines[k].top - lines[k - 1].bottom
        if gap > best_gap + 0.5:
            best, best_gap = k, gap
    return best


def _row(group: list[Line], columns: list[tuple[float, float]]) -> list[CellSpec]:
    texts: list[list[str]] = [[] for _ in columns]
    confidences: list[list[float | None]] = [[] for _ in columns]
    covered = [False] * len(columns)
    for line in group:
        for piece in line.pieces:
            first, last = _span(piece, columns)
            texts[first].append(piece.text)
            confidences[first].append(piece.confidence)
            for c in range(first + 1, last + 1):
                covered[c] = True
    row: list[CellSpec] = []
    origin_text, origin_conf = "", None
    for c in range(len(columns)):
        if texts[c] or not covered[c]:
            origin_text, origin_conf = squash("".join(texts[c])), lowest(confidences[c])
            row.append((origin_text, False, origin_conf))
        else:
            row.append((origin_text, True, origin_conf))
    return row


def _span(piece: Piece, columns: list[tuple[float, float]]) -> tuple[int, int]:
    """The first and last columns a piece covers (the nearest one when it covers none)."""
    width = max(piece.x1 - piece.x0, 1e-6)
    hit = [c for c, (x0, x1) in enumerate(columns)
           if (overlap := min(piece.x1, x1) - max(piece.x0, x0)) > 0
           and overlap >= COLUMN_OVERLAP * min(width, max(x1 - x0, 1e-6))]
    if hit:
        return hit[0], hit[-1]
    centre = (piece.x0 + piece.x1) / 2
    nearest = min(range(len(columns)), key=lambda c: abs((columns[c][0] + columns[c][1]) / 2 - centre))
    return nearest, nearest
