"""Expand rowspan/colspan into a true grid, recording which cells are span copies.

`pandas.read_html` copies a merged cell's value into every covered cell, so a colspan'd number
is counted twice; here the text stays at the origin and covered cells are marked `span_copy`
(their text repeated only so labels read naturally), and value readers skip copies.
Spans are clamped so hostile markup (rowspan="99999") cannot blow up memory or time.
"""

from __future__ import annotations

from collections.abc import Sequence

from transform.layout import Cell, plain_cells

MAX_COLSPAN = 64
MAX_ROWSPAN = 1000
MAX_GRID_CELLS = 200_000


def expand(rows: Sequence[Sequence[tuple[str, int, int]]]) -> list[list[Cell]]:
    """Rows of (text, rowspan, colspan) in source order → rows of cells in grid order."""
    spans: dict[int, dict[int, tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for i, (_, rowspan, colspan) in enumerate(row):
            if rowspan != 1 or colspan != 1:
                spans.setdefault(r, {})[i] = (rowspan, colspan)
    return expand_spans([[text for text, _, _ in row] for row in rows], spans)


def expand_spans(
    rows: Sequence[Sequence[str]], spans: dict[int, dict[int, tuple[int, int]]]
) -> list[list[Cell]]:
    """Rows of cell texts in source order → rows of cells in grid order; `spans` holds the
    (rowspan, colspan) of each cell spanning more than itself, {row: {index in the row: span}}.

    Most rows span nothing and no rowspan reaches them: they become cells as they stand, as
    do the unmerged cells of a row under a rowspan, between the copies placed in it.
    The copies of one merged cell are one `span_copy` cell placed in every position it covers
    (cells are values: nothing changes a cell once read).
    """
    grid: list[list[Cell]] = []
    pending: dict[int, dict[int, Cell]] = {}  # row → {col: copy placed by an earlier rowspan}
    total = 0
    n_rows = len(rows)
    for r, source_row in enumerate(rows):
        waiting = pending.pop(r, None)
        row_spans = spans.get(r)
        if row_spans is None:
            # the common, unmerged row; or one under a rowspan, spanning nothing itself
            grid.append(plain_cells(source_row) if waiting is None else _between_copies(source_row, waiting))
            total += len(source_row) if waiting is None else 0
            continue
        waiting = waiting or {}
        out: list[Cell] = []
        col = 0
        for i, text in enumerate(source_row):
            while col in waiting:
                out.append(waiting.pop(col))
                col += 1
            span = row_spans.get(i)
            if span is None:
                out.append(Cell(text))
                col += 1
                continue
            rowspan = max(1, min(span[0], MAX_ROWSPAN, n_rows - r))
            colspan = max(1, min(span[1], MAX_COLSPAN))
            total += rowspan * colspan
            if total > MAX_GRID_CELLS:
                raise ValueError(f"table too large after span expansion (> {MAX_GRID_CELLS} cells)")
            copy = Cell(text, True)
            out.append(Cell(text))
            out.extend([copy] * (colspan - 1))
            for dr in range(1, rowspan):
                below = pending.setdefault(r + dr, {})
                for dc in range(colspan):
                    below[col + dc] = copy
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


def _between_copies(source_row: Sequence[str], waiting: dict[int, Cell]) -> list[Cell]:
    """A row of unmerged cells with the copies rowspans above it place at their columns, the
    printed cells filling the columns between them in order (as a cell-by-cell walk would)."""
    out: list[Cell] = []
    i, n = 0, len(source_row)
    for col in sorted(waiting):
        take = col - len(out)  # printed cells before this column
        if take > n - i:  # the row ends before it: blank copies up to it
            out.extend(plain_cells(source_row[i:]))
            i = n
            out.extend([Cell("", True) for _ in range(col - len(out))])
        else:
            out.extend(plain_cells(source_row[i : i + take]))
            i += take
        out.append(waiting[col])
    out.extend(plain_cells(source_row[i:]))
    return out
