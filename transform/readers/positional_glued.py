"""Borderless headers in narrow columns: pieces glued across a cell edge, cut where the edges line up.

LibreOffice (and Word → PDF) set a narrow cell's characters from edge to edge when a 14-pt
header fills its 40-pt column, two characters a line, so the last character of one cell
abuts the first of the next with no gap at all ('本 | 年本 | 年对 | 外' for the header cells
'本年' | '本年' | '对外', each line of '本年新制作数量' / '本年新公开数量' / '对外公开总数量').
No gap test can cut there, and such a piece, over two columns, reads as a merged cell.

Two things tell it apart. A line of a header row holds one cell per column, so a piece over
several columns that shares one of them with another piece of its line is no merged cell.
And a cell's left edge lines up down the header: its text starts there on the other lines
('本年' on the next line starts where '本' of '年本' does). Such a piece is cut at the
character boundaries where another header line's piece starts. (Not where one ends: the
lines of one left-aligned cell set at one pitch end at each other's character boundaries,
'社会公益' over '组织'.)
"""

from __future__ import annotations

import itertools

from transform.readers.positional_header import ABUT, HEADER_COVER, Span, cover, midpoint_cells, spaced
from transform.readers.positional_lines import Line, Piece, piece_of

# A character boundary this close (points) to another header line's piece edge is that cell
# edge: LibreOffice places narrow cells' characters at the same x on every line (to 0.1 pt
# measured on the 14-pt tuning pages); a word's character boundaries fall a full character
# width (≥ 9 pt) from the next.
EDGE_ALIGN = 1.0


def cut_glued(lines: list[Line], columns: list[Span]) -> list[Line]:
    """The header lines with every piece glued across a cell edge cut there (`columns`: the
    band's columns as its labels and values say)."""
    spans = midpoint_cells(columns)
    cut = [spaced(line) for line in lines]  # (cut at printed spaces and pitch breaks first)
    starts = [[p.x0 for p in found] for found in cut]
    out: list[Line] = []
    for k, line in enumerate(lines):
        covers = [cover(piece, spans, HEADER_COVER) for piece in cut[k]]
        others = [x for j, found in enumerate(starts) if j != k for x in found]
        pieces: list[Piece] = []
        for n, (piece, (first, last)) in enumerate(zip(cut[k], covers, strict=True)):
            shared = any(a <= last and first <= b for j, (a, b) in enumerate(covers) if j != n)
            if last > first and shared:
                pieces.extend(_cut_at(piece, others, line.height))
            else:
                pieces.append(piece)
        out.append(line if len(pieces) == len(cut[k]) else Line(line.top, line.bottom, pieces))
    return out


def _cut_at(piece: Piece, edges: list[float], height: float) -> list[Piece]:
    """The piece cut at every boundary between two abutting characters (no letter spacing
    between them) where a piece of another line starts (`edges`)."""
    boxes = piece.boxes
    cuts = [
        j
        for j in range(1, len(boxes))
        if boxes[j].x0 - boxes[j - 1].x1 <= ABUT and any(abs(x - boxes[j].x0) <= EDGE_ALIGN for x in edges)
    ]
    if not cuts:
        return [piece]
    bounds = [0, *cuts, len(boxes)]
    return [piece_of(boxes[a:b], height) for a, b in itertools.pairwise(bounds)]
