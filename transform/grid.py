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
    pending: dict[tuple[int, int], Cell] = {}  # (row, col) → copy placed by an earlier rowspan
    total = 0
    n_rows = len(rows)
    for r, source_row in enumerate(rows):
        out: list[Cell] = []
        col = 0
        for text, rowspan, colspan in source_row:
            while (r, col) in pending:
                out.append(pending.pop((r, col)))
                col += 1
            rowspan = max(1, min(rowspan, MAX_ROWSPAN, n_rows - r))
            colspan = max(1, min(colspan, MAX_COLSPAN))
            total += rowspan * colspan
            if total > MAX_GRID_CELLS:
                raise ValueError(f"table too large after span expansion (> {MAX_GRID_CELLS} cells)")
            for dc in range(colspan):
                out.append(Cell(text, span_copy=dc > 0))
                for dr in range(1, rowspan):
                    pending[(r + dr, col + dc)] = Cell(text, span_copy=True)
            col += colspan
        while (r, col) in pending:
            out.append(pending.pop((r, col)))
            col += 1
        grid.append(out)
    # A rowspan reaching past a short row's end still fills its column; one overlapping a
    # cell the row itself printed (malformed markup) yields to the printed cell.
    for (r, c), cell in sorted(pending.items()):
        row = grid[r]
        if len(row) > c:
            continue
        while len(row) < c:
            row.append(Cell("", span_copy=True))
        row.append(cell)
    return grid
