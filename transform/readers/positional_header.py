"""Borderless tables' headers: where the header says the value columns are, and its lines
laid out as header rows.

A header's lowest cells stand over the value columns (a merged header over several columns
has their own headers below it), so they say where the columns are, blank ones included;
its pieces over several columns are merged cells (text at the first column, copies in the
others), and the pieces over one column stack into that column's header cell ('自然' over
'人' is '自然人'). `positional_columns` cuts the band into these columns and its rows.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

from transform.normalize import squash
from transform.readers.pages import Box
from transform.readers.positional_bands import HEADING_ALIGN
from transform.readers.positional_lines import SPACE_GAP, Line, Piece, lowest, piece_of

# A header piece covers a column's cell (the span between the midpoints to its neighbours)
# when it overlaps this share of the cell's or its own width (a header left-aligned in its
# cell starts a little left of the midpoint; one merged over five columns covers three).
HEADER_COVER = 0.3

# CJK characters of one cell set by an office suite advance by exactly their size (±0.1 pt);
# an advance this much longer (points) is a cell boundary, where every other advance of the
# run (at least MIN_REGULAR of them) is that regular.
PITCH_JITTER = 0.15
PITCH_BREAK = 0.45
MIN_REGULAR = 2
# Between two cells of a run regular within PITCH_JITTER, a step this much off its neighbours
# is a boundary: Chrome sets abutting cells' characters at exactly 12.0 pt and steps 0.37-0.57
# pt further at each cell's edge (a hidden border's width), below PITCH_BREAK.
CELL_STEP = 0.3

# Pieces overlapping by less than this (points) abut: LibreOffice sets the characters of
# neighbouring narrow cells edge to edge, their boxes overlapping by 0.1 pt ('数' | '数量' on
# the 14-pt tuning pages); the lines of one cell overlap by 0.3 pt and more ('他' letter-spaced
# over '结果' at 11 pt: 0.5 split that cell in two).
ABUT = 0.2

CellSpec = tuple[str, bool, float | None]  # text, span_copy, confidence
Span = tuple[float, float]


def header_leaves(lines: list[Line], stub: float | None, label_right: float) -> list[Piece]:
    """The lowest header pieces over the value columns: under each, only the values (a
    merged header over several columns has their own headers below it). Where the band has
    a label column starting at `stub`, a piece starting there heads the label column,
    however far right it runs ('（本列数据的勾稽关系为：…）')."""
    pieces = [
        (k, p)
        for k, line in enumerate(lines)
        for p in spaced(line)
        if (p.x0 + p.x1) / 2 > label_right and (stub is None or p.x0 > stub + HEADING_ALIGN)
    ]
    return [
        p for k, p in pieces if not any(j > k and min(p.x1, q.x1) - max(p.x0, q.x0) > ABUT for j, q in pieces)
    ]


def with_leaves(value_columns: list[Span], leaves: list[Piece]) -> list[Span]:
    """Value columns as the header's lowest cells say: one per header cell, each with the
    values standing in it (a header left-aligned over centred values still owns them); the
    values' own columns when a header cell would hold two of them."""
    leaf_columns = merged(leaves)
    members: list[list[Span]] = [[] for _ in leaf_columns]
    spans = midpoint_cells(leaf_columns)
    for span in value_columns:
        centre = (span[0] + span[1]) / 2
        members[next(c for c, (lo, hi) in enumerate(spans) if lo <= centre <= hi)].append(span)
    if any(len(found) > 1 for found in members):
        return value_columns
    return [
        (min([x0, *(v[0] for v in found)]), max([x1, *(v[1] for v in found)]))
        for (x0, x1), found in zip(leaf_columns, members, strict=True)
    ]


def spaced(line: Line) -> list[Piece]:
    """The line's pieces cut at printed spaces clearly wider than their letter spacing (two
    header cells of narrow columns, '益组织 机构'; a justified '采 购 总 金 额' stays whole)."""
    out: list[Piece] = []
    for piece in line.pieces:
        boxes = piece.boxes
        gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(boxes)]
        if not gaps:
            out.append(piece)
            continue
        least = max(SPACE_GAP * line.height, 2 * sorted(gaps)[len(gaps) // 2] + 0.5)
        breaks = _pitch_breaks(boxes)
        solid = set_solid(boxes) if breaks else set()  # (a letter-spaced cell beside another)
        start = 0
        for j, gap in enumerate(gaps, 1):
            if (gap >= least and j not in solid) or j in breaks:
                out.append(piece_of(boxes[start:j], line.height))
                start = j
        out.append(piece if start == 0 else piece_of(boxes[start:], line.height))
    return out


def _pitch_breaks(boxes: list[Box]) -> set[int]:
    """Where a run of CJK characters set at exact advances skips ahead or falls short: two
    header cells that abut with a padding narrower than any gap test ('社会公|法律服务机',
    LibreOffice's narrow columns set 0.6 pt apart; letter-spaced cells, whose last character
    carries no spacing, '本年新制|本年新公', 1 pt short). Cells of one line may be set at
    different advances ('科 研 机|社 会 公|法律服务': letter-spaced cells beside a solid one),
    so the breaks are the fewest advances whose removal leaves every neighbouring pair
    within CELL_STEP (`_fewest_breaks`). Only a regular run counts (each stretch between
    breaks within PITCH_JITTER of its median, and more advances regular than breaking): a
    browser's glyph positions wander by a third of a point within one word."""
    steps = [_centre(b) - _centre(a) for a, b in itertools.pairwise(boxes)]  # (ink boxes differ)
    if len(steps) < 3 or not all(is_cjk(b.text) for b in boxes):
        return set()
    breaks = _fewest_breaks(steps)
    stretches: list[list[float]] = [[]]
    for j, step in enumerate(steps, 1):
        if j in breaks:
            stretches.append([])
        else:
            stretches[-1].append(step)
    regular = len(steps) - len(breaks)
    if regular < MIN_REGULAR or regular <= len(breaks):
        return set()
    for stretch in stretches:
        median = sorted(stretch)[len(stretch) // 2] if stretch else 0.0
        if any(abs(step - median) > PITCH_JITTER for step in stretch):
            return set()
    return breaks


def _fewest_breaks(steps: list[float]) -> set[int]:
    """The fewest advances (1-based) to take out so that no two left next to each other
    differ by CELL_STEP or more (a vertex cover of the path of such pairs, by dynamic
    programming); of as few, those off the run's median advance (the old cells' spacing
    is the common one)."""
    median = sorted(steps)[len(steps) // 2]
    cost = [1.0 - (0.001 if abs(step - median) >= CELL_STEP else 0.0) for step in steps]
    # best[i][taken]: least cost for steps[: i + 1], steps[i] taken out or not
    best = [(0.0, cost[0])]
    back: list[tuple[bool, bool]] = [(False, False)]
    for i in range(1, len(steps)):
        apart = abs(steps[i] - steps[i - 1]) >= CELL_STEP
        kept = best[i - 1][1] if apart else min(best[i - 1])
        kept_from = True if apart else best[i - 1][1] < best[i - 1][0]
        taken_from = best[i - 1][1] < best[i - 1][0]
        best.append((kept, min(best[i - 1]) + cost[i]))
        back.append((kept_from, taken_from))
    taken = best[-1][1] < best[-1][0]
    breaks: set[int] = set()
    for i in range(len(steps) - 1, -1, -1):
        if taken:
            breaks.add(i + 1)
        taken = back[i][1] if taken else back[i][0]
    return breaks


def set_solid(boxes: list[Box]) -> set[int]:
    """Indices j where boxes[j - 1] and boxes[j] are CJK characters set solid: their centres
    one regular advance apart (within PITCH_BREAK of the piece's median CJK advance, at least
    MIN_REGULAR advances measured). A glyph's ink box is narrower than its advance ('二' leaves
    a point of white either side), so the ink gap between two characters of one heading
    ('第二|十条') may be wider than two cells set abutting; their centres tell them apart.
    Where abutting cells are set at advances of their own ('结 果 纠|其他结': letter-spaced
    beside solid), the characters between the run's pitch breaks (`_pitch_breaks`) are."""
    steps = {
        j: _centre(b) - _centre(a)
        for j, (a, b) in enumerate(itertools.pairwise(boxes), 1)
        if is_cjk(a.text) and is_cjk(b.text)
    }
    if len(steps) < MIN_REGULAR:
        return set()
    pitch = sorted(steps.values())[len(steps) // 2]
    solid = {j for j, step in steps.items() if abs(step - pitch) < PITCH_BREAK}
    breaks = _pitch_breaks(boxes)  # (cells set at advances of their own: within each, solid)
    return solid | {j for j in steps if j not in breaks} if breaks else solid


def _centre(box: Box) -> float:
    return (box.x0 + box.x1) / 2


def is_cjk(text: str) -> bool:
    return len(text) == 1 and ord(text) >= 0x2E80


def header_rows(lines: list[Line], columns: list[Span]) -> list[list[CellSpec]]:
    """Header lines as rows: one per line for pieces over several columns, then one row of
    every column's stacked single-column pieces."""
    spans = midpoint_cells(columns)
    rows: list[list[CellSpec]] = []
    stacked: list[list[Piece]] = [[] for _ in columns]
    for line in lines:
        merged: list[tuple[int, int, Piece]] = []
        for first, last, piece in line_cells(spaced(line), spans):
            if last > first:
                merged.append((first, last, piece))
            else:
                stacked[first].append(piece)
        if merged:
            row: list[CellSpec] = [("", False, None)] * len(columns)
            for first, last, piece in merged:
                row[first] = (squash(piece.text), False, piece.confidence)
                for c in range(first + 1, last + 1):
                    row[c] = (squash(piece.text), True, piece.confidence)
            rows.append(row)
    if any(stacked):
        rows.append(
            [
                (squash("".join(p.text for p in found)), False, lowest(p.confidence for p in found))
                for found in stacked
            ]
        )
    return rows


def line_cells(pieces: list[Piece], spans: list[Span]) -> list[tuple[int, int, Piece]]:
    """A header line's pieces with the first and last column each covers. A piece over
    several columns is a merged cell only if no other piece of its line stands over one of
    them (a line of a header row holds one cell per column); else it is one cell's text,
    in the column its centre stands in (a narrow cell's last character, '一' of '上一',
    reaching over the next column's edge)."""
    covers = [cover(piece, spans, HEADER_COVER) for piece in pieces]
    out: list[tuple[int, int, Piece]] = []
    for k, (piece, (first, last)) in enumerate(zip(pieces, covers, strict=True)):
        if last > first and any(a <= last and first <= b for j, (a, b) in enumerate(covers) if j != k):
            centre = (piece.x0 + piece.x1) / 2
            first = last = next((c for c, (_, hi) in enumerate(spans) if centre <= hi), len(spans) - 1)
        out.append((first, last, piece))
    return out


def midpoint_cells(columns: list[Span]) -> list[Span]:
    """Each column widened to the midpoints between it and its neighbours."""
    out = []
    for c, (x0, x1) in enumerate(columns):
        lo = (columns[c - 1][1] + x0) / 2 if c > 0 else -math.inf
        hi = (x1 + columns[c + 1][0]) / 2 if c + 1 < len(columns) else math.inf
        out.append((lo, hi))
    return out


def merged(pieces: Iterable[Piece]) -> list[Span]:
    """X-ranges of the pieces, merged where they overlap (not where they abut)."""
    spans = sorted((p.x0, p.x1) for p in pieces)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 < columns[-1][1] - ABUT:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(a, b) for a, b in columns]


def cover(piece: Piece, spans: list[Span], share: float) -> tuple[int, int]:
    """The first and last spans a piece covers (the nearest one when it covers none)."""
    width = max(piece.x1 - piece.x0, 1e-6)
    hit = [
        c
        for c, (x0, x1) in enumerate(spans)
        if (overlap := min(piece.x1, x1) - max(piece.x0, x0)) > 0
        and overlap >= share * min(width, max(x1 - x0, 1e-6))
    ]
    if hit:
        return hit[0], hit[-1]
    centre = (piece.x0 + piece.x1) / 2
    nearest = min(range(len(spans)), key=lambda c: abs((spans[c][0] + spans[c][1]) / 2 - centre))
    return nearest, nearest
