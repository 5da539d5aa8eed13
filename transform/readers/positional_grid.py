"""Ruled tables: the grid drawn by horizontal and vertical rulings, merged cells included.

Borders come drawn in many ways — one line per border (Word, LibreOffice), a thin filled
rectangle per cell side (Chrome), abutting filled cells whose gaps are the borders (some report
producers), double lines — so rulings are first snapped together: lines this close are one
border. Rulings that touch form a table; its distinct x and y positions make an elementary
grid, and two neighbouring elementary cells with no border drawn between them are one merged
cell. As in the HTML grid (`transform.grid`), a merged cell's text stands at its top-left
(origin) cell and the cells it covers are `span_copy` copies of it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from transform.layout import Cell, Extraction
from transform.normalize import squash
from transform.readers.pages import Box, Ruling
from transform.readers.positional_lines import joined_text

# Rulings this close (points) are one border: Chrome's per-cell rectangles overlap, abutting
# cell fills leave 0.2–0.5 pt gaps, HTML's default cell spacing draws borders 1.5 pt apart.
SNAP = 2.0
# Grid positions closer than this (points) are one: no cell is narrower or lower than a
# character (7 pt and more in reports), while double borders stand 2–3 pt apart.
MIN_CELL = 4.0
# A border counts for a cell side when it covers this share of it (the rest: a merged cell).
COVER = 0.5
# Shorter rulings are not borders (underlines of a character, tick marks, bullets).
MIN_RULING = 3.0
# A table has at least two columns (a lone frame is a text box or a page border); one row is
# enough (the last row of a table, pushed alone onto the next page).
MIN_ROWS, MIN_COLUMNS = 1, 2
# Rulings past this count on one page are a drawing, not a table (real pages: < 1,000).
MAX_RULINGS = 20_000


@dataclass(slots=True)
class _Rule:
    at: float  # y of a horizontal rule, x of a vertical one
    start: float
    end: float


@dataclass
class Grid:
    """One ruled table: its column edges `xs`, row edges `ys` and which sides have borders."""

    xs: list[float]
    ys: list[float]
    horizontals: list[_Rule]
    verticals: list[_Rule]

    @property
    def top(self) -> float:
        return self.ys[0]

    def holds(self, box: Box) -> bool:
        cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
        return self.xs[0] <= cx <= self.xs[-1] and self.ys[0] <= cy <= self.ys[-1]

    def rows(self, boxes: list[Box], cell_extraction: Extraction | None = None) -> list[list[Cell]]:
        """The grid's rows of cells, with `boxes` (those it `holds`) placed in them."""
        origin = self._merged_cells()
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        contents: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            col = _index(self.xs, (box.x0 + box.x1) / 2)
            row = _index(self.ys, (box.top + box.bottom) / 2)
            contents.setdefault(origin[row][col], []).append(box)
        texts = {at: _cell_text(found) for at, found in contents.items()}
        rows = []
        for r in range(n_rows):
            cells = []
            for c in range(n_cols):
                at = origin[r][c]
                text, confidence = texts.get(at, ("", None))
                cells.append(
                    Cell(
                        text,
                        span_copy=at != (r, c),
                        extraction=cell_extraction if text else None,
                        confidence=confidence if cell_extraction and text else None,
                    )
                )
            if any(cell.text for cell in cells):
                rows.append(cells)
        return rows

    def _merged_cells(self) -> list[list[tuple[int, int]]]:
        """For each elementary cell, the top-left cell of the merged cell it belongs to."""
        n_rows, n_cols = len(self.ys) - 1, len(self.xs) - 1
        parent = list(range(n_rows * n_cols))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(a: int, b: int) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)  # the root stays the top-left-most cell

        for r in range(n_rows):
            for c in range(n_cols):
                if c + 1 < n_cols and not _covered(
                    self.verticals, self.xs[c + 1], self.ys[r], self.ys[r + 1]
                ):
                    union(r * n_cols + c, r * n_cols + c + 1)
                if r + 1 < n_rows and not _covered(
                    self.horizontals, self.ys[r + 1], self.xs[c], self.xs[c + 1]
                ):
                    union(r * n_cols + c, (r + 1) * n_cols + c)
        # A merged region's origin: its topmost row, then its leftmost column in that row.
        origins: dict[int, tuple[int, int]] = {}
        for r in range(n_rows):
            for c in range(n_cols):
                origins.setdefault(find(r * n_cols + c), (r, c))
        return [[origins[find(r * n_cols + c)] for c in range(n_cols)] for r in range(n_rows)]


def find_grids(rulings: list[Ruling]) -> list[Grid]:
    """Every ruled table on a page, top to bottom."""
    if len(rulings) > MAX_RULINGS:
        return []
    horizontals = _merge(
        [
            _Rule((r.top + r.bottom) / 2, r.x0, r.x1)
            for r in rulings
            if r.horizontal and r.x1 - r.x0 >= MIN_RULING
        ]
    )
    verticals = _merge(
        [
            _Rule((r.x0 + r.x1) / 2, r.top, r.bottom)
            for r in rulings
            if not r.horizontal and r.bottom - r.top >= MIN_RULING
        ]
    )
    grids = []
    for hs, vs in _touching(horizontals, verticals):
        xs = _open_edges(_positions([v.at for v in vs]), hs)
        ys = _open_edges(_positions([h.at for h in hs]), vs)
        if len(xs) > MIN_COLUMNS and len(ys) > MIN_ROWS:
            grids.append(Grid(xs, ys, hs, vs))
    grids.sort(key=lambda g: g.top)
    return grids


def _merge(rules: list[_Rule]) -> list[_Rule]:
    """Collinear rules (within SNAP) that overlap or nearly touch become one."""
    rules.sort(key=lambda r: r.at)
    merged: list[_Rule] = []
    band: list[_Rule] = []
    for rule in rules:
        if band and rule.at - band[0].at > SNAP:
            merged.extend(_join(band))
            band = []
        band.append(rule)
    if band:
        merged.extend(_join(band))
    return merged


def _join(band: list[_Rule]) -> list[_Rule]:
    at = sum(r.at for r in band) / len(band)
    out: list[_Rule] = []
    for rule in sorted(band, key=lambda r: r.start):
        if out and rule.start <= out[-1].end + SNAP:
            out[-1].end = max(out[-1].end, rule.end)
        else:
            out.append(_Rule(at, rule.start, rule.end))
    return out


def _touching(hs: list[_Rule], vs: list[_Rule]) -> list[tuple[list[_Rule], list[_Rule]]]:
    """Groups of horizontal and vertical rules connected by crossings or touching ends."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if (h.start - SNAP <= v.at <= h.end + SNAP) and (v.start - SNAP <= h.at <= v.end + SNAP):
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list[_Rule], list[_Rule]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if g[0] and g[1]]


def _positions(values: list[float]) -> list[float]:
    """Distinct positions, those closer than MIN_CELL taken as one (their mean)."""
    out: list[list[float]] = []
    for value in sorted(values):
        if out and value - out[-1][-1] < MIN_CELL:
            out[-1].append(value)
        else:
            out.append([value])
    return [sum(group) / len(group) for group in out]


def _open_edges(edges: list[float], across: list[_Rule]) -> list[float]:
    """Edges plus the ends of the rules drawn across them where those reach past the outermost
    edge: a row split over two pages is drawn without the border on its open side."""
    first, last = min(r.start for r in across), max(r.end for r in across)
    if first < edges[0] - MIN_CELL:
        edges.insert(0, first)
    if last > edges[-1] + MIN_CELL:
        edges.append(last)
    return edges


def _covered(rules: list[_Rule], at: float, start: float, end: float) -> bool:
    """Whether rules at `at` (within MIN_CELL) cover `COVER` of the side [start, end]."""
    need = COVER * (end - start)
    covered = 0.0
    for rule in rules:
        if abs(rule.at - at) < MIN_CELL:
            covered += max(0.0, min(rule.end, end) - max(rule.start, start))
            if covered >= need:
                return True
    return False


def _index(edges: list[float], value: float) -> int:
    return min(max(bisect.bisect_right(edges, value) - 1, 0), len(edges) - 2)


def _cell_text(boxes: list[Box]) -> tuple[str, float | None]:
    text, confidence = joined_text(boxes)
    return squash(text), confidence
