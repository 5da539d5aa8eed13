"""Table 3 (收到和处理政府信息公开申请情况): value rows → canonical dispositions × applicants.

The row order is fixed by the template, so the observed value rows are *aligned* to it
(dynamic programming, like sequence alignment): a row's label is evidence for its place, a
row whose label was lost in conversion fills the gap its neighbours leave, and noise rows are
skipped. Both row sets are tried — the 2021 template with three （六） sub-rows and the 2019
one (also used by many later reports) with a single （六）其他处理 row — and the better wins.
"""

from __future__ import annotations

from dataclasses import dataclass

from transform.codes import APPLICANTS, DISPOSITIONS
from transform.labels import STRONG, Vocabulary, remember
from transform.layout import Cell, provenance
from transform.model import Fact
from transform.normalize import read_number
from transform.rows import Item
from transform.sections import item_label
from transform.segment import has_run
from transform.segment_tables import UNDECIDED, T3Row, resolve_table3

T3_VOCAB = Vocabulary(
    DISPOSITIONS, group_phrases=("本年度办理结果", "不予公开", "无法提供", "不予处理", "其他处理")
)
APPLICANT_CODES = [a.code for a in APPLICANTS]
APPLICANT_VOCAB = Vocabulary(APPLICANTS)
VARIANTS = {
    "2021": [c.code for c in DISPOSITIONS if c.code != "other"],
    "2019": [c.code for c in DISPOSITIONS if not c.code.startswith("other.")],
}
# Scores of the row-to-slot alignment (a matched strong label scores 2·F1 − 1, so 1 at best).
# Skipping a printed row (a heading, a note) costs less than leaving a template slot empty, so
# an extra row is passed over before a slot is given up; an unlabelled value row (label lost in
# conversion) is worth a little, more where its label half-matches (HINT_WEIGHT · F1), so it can
# fill the one slot its neighbours leave open. Chosen on the corpus and the mirror's dropped-
# label and extra-row variants: every value there is placed, none misplaced.
SKIP_ROW, SKIP_SLOT, UNLABELLED, HINT_WEIGHT = -0.3, -0.5, 0.1, 0.4


@dataclass
class _Observed:
    item: Item
    label: str
    strong: bool
    scores: list[float]  # similarity to each of T3_VOCAB's codes
    values: list[Cell | None]
    note: str = ""


@dataclass
class Table3:
    facts: list[Fact]
    template: str | None
    warnings: list[str]


def map_table3(items: list[Item], start: int, end: int, all_items: list[Item]) -> Table3:
    warnings: list[str] = []
    grids = {it.grid for it in items[start:end] if it.positional and it.grid is not None}
    headers = _header_maps([it for it in all_items if it.grid in grids]) if grids else {}
    observed: list[_Observed] = []
    last_map: tuple[int, dict[int, int]] | None = None
    for item in items[start:end]:
        if item.values is None:
            continue
        label, strong = item_label(item, T3_VOCAB)
        colmap = headers.get(item.grid) if item.positional and item.grid is not None else None
        if item.positional and colmap is None and last_map and last_map[0] == len(item.cells or ()):
            colmap = last_map[1]  # a table continued on the next page, without its header
        if colmap is not None:
            last_map = (len(item.cells or ()), colmap)
        values, note = _values(item, colmap)
        runs = has_run(item.values or ())
        has_number = runs or any(v is not None and read_number(v.text).kind == "number" for v in values)
        if not has_number and not (item.positional and strong and label):
            continue
        printed = len(item.printed())
        if printed < (2 if strong else 4) and not runs:
            continue  # a lone number (a displaced cell, a page number) is not a row of table 3
        scores = T3_VOCAB.scores(label).tolist() if label else [0.0] * len(T3_VOCAB.codes)
        if label and strong and T3_VOCAB.is_group_heading(label):
            scores = [s if code == "other" else -1.0 for code, s in zip(T3_VOCAB.codes, scores, strict=True)]
        observed.append(_Observed(item, label, strong and bool(label), scores, values, note))
    if not observed:
        return Table3([], None, ["table 3 not found"])
    template, pairs = _best_variant(observed)
    # Rows whose cell boundaries were lost (glued or split digits) are read by the identities.
    segmented, notes = resolve_table3(
        {
            code: T3Row(
                observed[i].item.printed(),
                observed[i].values,
                observed[i].item.loose,
            )
            for i, code in pairs
        }
    )
    facts: list[Fact] = []
    placed = set()
    for obs_index, code in pairs:
        placed.add(obs_index)
        obs = observed[obs_index]
        if obs.note and code not in segmented:
            warnings.append(f"table 3 row {obs.label or '(no label)'!r}: {obs.note}")
        cells = segmented.get(code, obs.values)
        for applicant, cell in zip(APPLICANT_CODES, cells, strict=True):
            if cell is not UNDECIDED:
                facts.append(_fact(code, applicant, cell, warnings))
    warnings.extend(notes)
    for i, obs in enumerate(observed):
        if i not in placed:
            warnings.append(f"table 3: a row of values could not be placed (label {obs.label!r})")
    found = {code for _, code in pairs}
    missing = [c for c in VARIANTS[template] if c not in found]
    if missing:
        warnings.append("table 3: rows not found: " + ", ".join(missing))
    return Table3(facts, template, warnings)


def _best_variant(observed: list[_Observed]) -> tuple[str, list[tuple[int, str]]]:
    """The template whose row set the observed rows fit best: the first that fits perfectly
    (every row labelled, in template order), else the best alignment."""
    matches: dict[str, list[list[float]]] = {}
    for name, codes in VARIANTS.items():
        if len(observed) == len(codes):  # only a row set as long as the rows can fit perfectly
            matches[name] = _match(observed, codes)
            if _in_order(matches[name]):
                return name, [(i, codes[i]) for i in range(len(codes))]
    best: tuple[float, str, list[tuple[int, str]]] | None = None
    for name, codes in VARIANTS.items():
        match = matches[name] if name in matches else _match(observed, codes)
        score, pairs = _align(match, codes)
        if best is None or score > best[0]:
            best = (score, name, pairs)
    assert best is not None  # VARIANTS, a constant, is never empty
    return best[1], best[2]


def _fact(code: str, applicant: str, cell: Cell | None, warnings: list[str]) -> Fact:
    plain = cell is None or (cell.extraction is None and cell.confidence is None)
    key = (code, applicant, "" if cell is None else cell.text)
    if plain and (known := _FACTS.get(key)) is not None:
        return known  # the same cell text under the same heads is the same fact
    text, extraction, confidence = ("", None, None) if cell is None else (cell.text, *provenance(cell))
    num = read_number(text)
    value = num.plain if num.kind == "number" else None
    fact = Fact("applications", code, applicant, value, text, None, extraction, confidence)
    if num.kind == "number" and not num.integral:
        warnings.append(f"table 3 {code}/{applicant}: non-integer count {text!r} kept as printed")
    elif num.kind == "text":
        warnings.append(f"table 3 {code}/{applicant}: unreadable cell {text!r} read as blank")
    else:
        return remember(_FACTS, key, fact) if plain else fact
    return fact  # a warned-of cell's fact is made afresh, so its warning is given each time


# Facts of cells read off a text layer or markup with no warning, by (row, column, text): a
# fact is an immutable tuple, and the same counts recur under the same heads in report after
# report, so each is made once (the memo is bounded as the label memos are).
_FACTS: dict[tuple[str, str, str], Fact] = {}


def _match(observed: list[_Observed], codes: list[str]) -> list[list[float]]:
    """What placing each observed row in each template slot scores: a strong label's
    similarity stretched to -1…1, a weak one's a small hint on top of `UNLABELLED`."""
    cols = [T3_VOCAB.index[c] for c in codes]
    match = []
    for obs in observed:
        s = obs.scores
        if obs.strong:
            match.append([2 * s[c] - 1 for c in cols])
        else:
            match.append([UNLABELLED + HINT_WEIGHT * min(max(s[c], 0.0), 1.0) for c in cols])
    return match


def _align(match: list[list[float]], codes: list[str]) -> tuple[float, list[tuple[int, str]]]:
    """Best monotone matching of observed rows to template slots: (score, [(row, code)])."""
    n, m = len(match), len(codes)
    score = [[SKIP_SLOT * j for j in range(m + 1)]]
    move = [[3] * (m + 1)]
    for i in range(1, n + 1):
        prev, mrow = score[i - 1], match[i - 1]
        row, how_row = [SKIP_ROW * i], [2]
        for j in range(1, m + 1):
            best, how = prev[j - 1] + mrow[j - 1], 1
            if prev[j] + SKIP_ROW > best:
                best, how = prev[j] + SKIP_ROW, 2
            if row[j - 1] + SKIP_SLOT > best:
                best, how = row[j - 1] + SKIP_SLOT, 3
            row.append(best)
            how_row.append(how)
        score.append(row)
        move.append(how_row)
    pairs: list[tuple[int, str]] = []
    i, j = n, m
    while i > 0 or j > 0:
        how = move[i][j] if i > 0 else 3
        if how == 1:
            pairs.append((i - 1, codes[j - 1]))
            i, j = i - 1, j - 1
        elif how == 2:
            i -= 1
        else:
            j -= 1
    return score[n][m], pairs[::-1]


def _in_order(match: list[list[float]]) -> bool:
    """Fast path: every row strongly labelled, each slot filled once, in template order."""
    if not match or len(match) != len(match[0]):
        return False
    return all(row[i] >= 2 * STRONG - 1 and max(row) == row[i] for i, row in enumerate(match))


def _values(item: Item, colmap: dict[int, int] | None) -> tuple[list[Cell | None], str]:
    """The seven applicant cells of a value row, and a note when the row had to be guessed."""
    cells = item.cells or []
    if item.positional and colmap is not None:
        out: list[Cell | None] = []
        for i in range(len(APPLICANTS)):
            col = colmap.get(i)
            cell = cells[col] if col is not None and col < len(cells) else None
            out.append(None if cell is None or cell.span_copy else cell)
        return out, ""
    if item.positional:
        tail = cells[-len(APPLICANTS) :] if len(cells) >= len(APPLICANTS) else cells
        values = [None if c.span_copy else c for c in tail]
    else:
        values = list(item.printed())  # of Cell | None, like the branch above
    return _fit(values, len(APPLICANTS))


def _fit(values: list[Cell | None], width: int) -> tuple[list[Cell | None], str]:
    """Fit a row of cells to `width` columns when a converter added or lost cells."""
    while len(values) > width and (values[-1] is None or not values[-1].text):
        values = values[:-1]
    if len(values) == width:
        return values, ""
    if len(values) > width:
        return values[:width], f"{len(values)} values for {width} columns; read the first {width}"
    if len(values) < 2:
        return values + [None] * (width - len(values)), f"only {len(values)} of {width} values"
    note = f"{len(values)} of {width} values; the last read as the rightmost column"
    return values[:-1] + [None] * (width - len(values)) + values[-1:], note


def _header_maps(items: list[Item]) -> dict[int, dict[int, int]]:
    """For each grid, applicant index → column, from its header rows (needs ≥ 4 labels)."""
    found: dict[int, dict[int, int]] = {}
    for item in items:
        if item.values is not None or item.grid is None or not item.positional or not item.cells:
            continue
        cols = found.setdefault(item.grid, {})
        for col, cell in enumerate(item.cells):
            if cell.span_copy:
                continue
            code, score = APPLICANT_VOCAB.best(cell.text)
            index = APPLICANT_VOCAB.index[code] if code is not None and score >= STRONG else None
            if index is not None and index not in cols:
                cols[index] = col
    maps: dict[int, dict[int, int]] = {}
    for grid, cols in found.items():
        if len(cols) < 4:
            continue
        offsets = [col - index for index, col in cols.items()]
        base = max(set(offsets), key=offsets.count)
        maps[grid] = {i: cols.get(i, base + i) for i in range(len(APPLICANTS))}
    return maps
