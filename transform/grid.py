"""Expand rowspan/colspan into a true grid, recording which cells are span copies.

`pandas.read_html` copies a merged cell's value into every covered cell, so a colspan'd number
is counted twice; here the text stays at the origin and covered cells are marked `span_copy`
(their text repeated only so labels read naturally), and value readers skip copies.
Spans are clamped so hostile markup (rowspan="99999") cannot blow up memory or time.
"""

from __future__ import annotations

from collections.abc import Sequence

from transform.layout import Cell

MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
MAX_GRID_CELLS = 200_000


def expand(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[Cell]]:
    """Rows of (text, rowspan, colspan) in source order → rows of cells in grid order."""
    grid: list[list[Cell]] = []
    pending: dict[int, dict[int, Cell]] = {}  # row → {col: copy placed by an earlier rowspan}
    total = 0
    n_rows = len(rows)
    for r, source_row in enumerate(rows):
        waiting = pending.pop(r, None)
        if waiting is None and all(rs == 1 and cs == 1 for _, rs, cs in source_row):
            grid.append([Cell(text) for text, _, _ in source_row])  # the common, unmerged row
            total += len(source_row)
            continue
        waiting = waiting or {}
        out: list[Cell] = []
        col = 0
        for text, rowspan, colspan in source_row:
            while col in waiting:
                out.append(waiting.pop(col))
                col += 1
            if rowspan == colspan == 1:
                out.append(Cell(text))
                col += 1
                continue
            rowspan = max(1, min(rowspan, MAX_ROWSPAN, n_rows - r))
            colspan = max(1, min(colspan, MAX_COLSPAN))
            total += rowspan * colspan
            if total > MAX_GRID_CELLS:
                raise ValueError(f"table too large after span expansion (> {MAX_GRID_CELLS} cells)")
            out.append(Cell(text))
            out.extend([Cell(text, True) for _ in range(colspan - 1)])
            for dr in range(1, rowspan):
                below = pending.setdefault(r + dr, {})
                for dc in range(colspan):
                    below[col + dc] = Cell(text, True)
            col += colspan
        while col in waiting:
            out.append(waiting.pop(col))
            col += 1
        # A rowspan reaching past a short row's end still fills its column; one overlapping a
        # cell the row itself printed (malformed markup) yields to the printed cell.
        for c in sorted(waiting):
            if c < len(out):
                continue
            out.extend([Cell("", True) for _ in range(c - len(out))])
            out.append(waiting[c])
        grid.append(out)
    return grid
