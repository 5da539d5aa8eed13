"""Span expansion: merged cells land on every position they cover, values only at the origin."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transform.grid import MAX_ROWSPAN, expand
from transform.readers.html import read_html


@st.composite
def tilings(draw):
    """A random partition of an H×W grid into rectangles, as a region id per position."""
    height = draw(st.integers(1, 7))
    width = draw(st.integers(1, 7))
    owner = [[None] * width for _ in range(height)]
    regions = []
    for r in range(height):
        for c in range(width):
            if owner[r][c] is not None:
                continue
            max_w = 0
            while c + max_w < width and owner[r][c + max_w] is None:
                max_w += 1
            w = draw(st.integers(1, max_w))
            h = draw(st.integers(1, height - r))
            rid = len(regions)
            for dr in range(h):
                for dc in range(w):
                    if owner[r + dr][c + dc] is None:
                        owner[r + dr][c + dc] = rid
            regions.append((r, c, h, w))
    # Regions that lost cells to an earlier taller region are not rectangles; shrink them.
    return height, width, owner, regions


def _source_rows(owner, regions):
    rows = []
    for r, line in enumerate(owner):
        row = []
        for c, rid in enumerate(line):
            r0, c0, _, _ = regions[rid]
            if (r0, c0) == (r, c):
                h = sum(1 for rr in range(len(owner)) if owner[rr][c] == rid)
                w = sum(1 for cc in range(len(line)) if owner[r][cc] == rid)
                row.append((f"R{rid}", h, w))
        rows.append(row)
    return rows


def _is_rectangular(owner, regions) -> bool:
    for rid, (r0, c0, _, _) in enumerate(regions):
        cells = {(r, c) for r, line in enumerate(owner) for c, x in enumerate(line) if x == rid}
        rows = {r for r, _ in cells}
        cols = {c for _, c in cells}
        if len(cells) != len(rows) * len(cols) or (r0, c0) != (min(rows), min(cols)):
            return False
    return True


@settings(max_examples=300, deadline=None)
@given(tilings())
def test_random_span_layouts_round_trip(tiling):
    height, width, owner, regions = tiling
    if not _is_rectangular(owner, regions):
        return
    grid = expand(_source_rows(owner, regions))
    assert len(grid) == height
    for r, line in enumerate(owner):
        assert len(grid[r]) == width
        for c, rid in enumerate(line):
            cell = grid[r][c]
            assert cell.text == f"R{rid}"
            assert cell.span_copy == ((r, c) != regions[rid][:2])


@settings(max_examples=100, deadline=None)
@given(tilings())
def test_html_tables_expand_like_the_grid(tiling):
    _, _, owner, regions = tiling
    if not _is_rectangular(owner, regions):
        return
    source = _source_rows(owner, regions)
    html = (
        "<table>"
        + "".join(
            "<tr>" + "".join(f'<td rowspan="{h}" colspan="{w}">{t}</td>' for t, h, w in row) + "</tr>"
            for row in source
        )
        + "</table>"
    )
    rows = [r for r in read_html(html).rows if r.grid is not None]
    assert [[(c.text, c.span_copy) for c in r.cells] for r in rows] == [
        [(c.text, c.span_copy) for c in line] for line in expand(source)
    ]


def test_values_are_counted_once_under_colspan():
    grid = expand([[("总计", 1, 1), ("5", 1, 3)]])
    values = [c.text for c in grid[0] if not c.span_copy]
    assert values == ["总计", "5"]
    assert [c.span_copy for c in grid[0]] == [False, False, True, True]


def test_hostile_spans_are_clamped():
    grid = expand([[("a", 99999, 99999)], [("b", 1, 1)]])
    assert len(grid) == 2
    assert len(grid[0]) == 64
    assert MAX_ROWSPAN >= 2


def test_rowspan_beyond_a_short_row_still_fills_its_column():
    grid = expand([[("a", 1, 1), ("b", 2, 1)], []])
    assert [(c.text, c.span_copy) for c in grid[1]] == [("", True), ("b", True)]


def _cell_by_cell(rows):
    """Span expansion walked one source cell at a time (the grid's behaviour before it built
    unmerged runs in bulk), malformed overlaps and short rows included: the reference."""
    grid, pending = [], {}
    for r, source_row in enumerate(rows):
        waiting = pending.pop(r, {})
        out, col = [], 0
        for text, rowspan, colspan in source_row:
            while col in waiting:
                out.append(waiting.pop(col))
                col += 1
            rowspan = max(1, min(rowspan, MAX_ROWSPAN, len(rows) - r))
            colspan = max(1, min(colspan, 64))
            out.append((text, False))
            out.extend([(text, True)] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    pending.setdefault(r + dr, {})[col + dc] = (text, True)
            col += colspan
        while col in waiting:
            out.append(waiting.pop(col))
            col += 1
        for c in sorted(waiting):
            if c >= len(out):
                out.extend([("", True)] * (c - len(out)))
                out.append(waiting[c])
        grid.append(out)
    return grid


_spans = st.sampled_from([1, 1, 1, 2, 3])
_ragged = st.lists(st.lists(st.tuples(st.sampled_from("abc"), _spans, _spans), max_size=5), max_size=6)


@settings(max_examples=300, deadline=None)
@given(_ragged)
def test_any_rows_expand_as_walked_cell_by_cell(rows):
    """Ragged rows with spans that overlap each other or run past short rows: the bulk paths
    (unmerged rows, rows under a rowspan) place every cell where the cell-by-cell walk does."""
    assert [[(c.text, c.span_copy) for c in line] for line in expand(rows)] == _cell_by_cell(rows)


def test_html_spanning_cell_is_placed_by_its_row_and_siblings():
    """A comment in a row is one of its cells (as it always was); a spanning cell after one
    lands at its own index, and a page with layout tables reads only its leaf tables."""
    page = (
        "<table><tr><td><table><tr><td>x</td><!-- c --><td rowspan='2'>y</td></tr>"
        "<tr><td>z</td><td>w</td></tr></table></td></tr></table><table><tr><td>q</td></tr></table>"
    )
    doc = read_html(page)
    grids = {}
    for row in doc.rows:
        if row.grid is not None:
            grids.setdefault(row.grid, []).append([(c.text, c.span_copy) for c in row.cells])
    assert grids == {
        0: [[("x", False), ("c", False), ("y", False)], [("z", False), ("w", False), ("y", True)]],
        1: [[("q", False)]],
    }
