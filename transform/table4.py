"""Table 4 (行政复议、行政诉讼): three proceedings × five outcomes.

The template prints one row of fifteen values under a three-level header; converters split it
into three tables of five, or lose header cells so the values outnumber the headers. So values
are read in order, proceeding by proceeding, unless rows are labelled with their proceeding
(or, transposed, with their outcome), in which case the labels decide.
"""

from __future__ import annotations

from collections.abc import Mapping

from transform.codes import OUTCOMES, PROCEEDINGS
from transform.labels import STRONG, Vocabulary
from transform.layout import Cell, provenance
from transform.model import Fact
from transform.normalize import read_number
from transform.rows import Item
from transform.segment_tables import UNDECIDED, read_table4

PROCEEDING_VOCAB = Vocabulary(PROCEEDINGS)
OUTCOME_VOCAB = Vocabulary(OUTCOMES)
P_CODES = [p.code for p in PROCEEDINGS]
O_CODES = [o.code for o in OUTCOMES]
CELLS = len(P_CODES) * len(O_CODES)


def map_table4(items: list[Item], start: int, end: int) -> tuple[list[Fact], list[str]]:
    rows = [it for it in items[start:end] if it.is_values and it.numbers() > 0]
    if not rows:
        return [], ["table 4 not found"]
    grid: Mapping[str, Mapping[str, Cell | None]] | None = _by_labels(rows)
    warnings: list[str] = []
    if grid is None:
        printed = [c for it in rows for c in it.printed()]
        while len(printed) > CELLS and not printed[-1].text:
            printed.pop()
        # digit runs whose cell boundaries were lost: glued, or split over lines of text
        segmented, notes = read_table4(printed, all(it.loose for it in rows))
        warnings.extend(notes)
        cells: list[Cell | None] = segmented or [*printed]  # None: a blank cell of a glued run
        if len(cells) < CELLS:
            return [], [f"table 4: {len(cells)} values where {CELLS} were expected; not read"]
        if len(cells) > CELLS:
            warnings.append(f"table 4: {len(cells)} values; read the first {CELLS}")
        it = iter(cells)
        grid = {p: {o: next(it) for o in O_CODES} for p in P_CODES}
    facts = []
    for p in P_CODES:
        for o in O_CODES:
            cell = grid[p][o]
            if cell is UNDECIDED:
                continue
            text = cell.text if cell is not None else ""
            num = read_number(text)
            if num.kind == "text":
                warnings.append(f"table 4 {p}/{o}: unreadable cell {text!r} read as blank")
            value = num.plain if num.kind == "number" else None
            facts.append(Fact("review_litigation", p, o, value, text, None, *provenance(cell)))
    return facts, warnings


def _by_labels(rows: list[Item]) -> dict[str, dict[str, Cell]] | None:
    """Rows labelled by proceeding (5 values each) or by outcome (3 values each)."""
    for vocab, own, other in ((PROCEEDING_VOCAB, P_CODES, O_CODES), (OUTCOME_VOCAB, O_CODES, P_CODES)):
        placed: dict[str, list[Cell]] = {}
        for row in rows:
            code, score = vocab.best(row.label or "".join(row.context[-1:]))
            values = row.printed()
            if code is None or score < STRONG or len(values) != len(other) or code in placed:
                break
            placed[code] = values
        else:
            if len(placed) == len(own):
                if own is P_CODES:
                    return {p: dict(zip(O_CODES, placed[p], strict=True)) for p in P_CODES}
                return {p: {o: placed[o][i] for o in O_CODES} for i, p in enumerate(P_CODES)}
    return None
