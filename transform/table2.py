"""Table 2 (主动公开政府信息情况): item rows × the measures named by the header above them.

Table 2 is several small tables, each a header naming its measures (2019: 本年新制作数量…;
2021: 本年制发件数…) and item rows under it. Each value row is read under the nearest header
seen before it; money columns printed in 万元 are scaled to yuan, keeping the printed text.
"""

from __future__ import annotations

from decimal import Decimal

from transform.codes import MONEY_MEASURES, PROACTIVE_ITEMS, PROACTIVE_MEASURES, by_code
from transform.labels import STRONG, Vocabulary
from transform.layout import Cell, provenance
from transform.model import Fact
from transform.normalize import read_number, simplify, to_plain
from transform.rows import Item
from transform.sections import item_label
from transform.segment_tables import UNDECIDED, read_cells

ITEM_VOCAB = Vocabulary(PROACTIVE_ITEMS)
MEASURE_VOCAB = Vocabulary(PROACTIVE_MEASURES)
_MEASURES = by_code(PROACTIVE_MEASURES)

# What each item's row holds when no header could be read, by template.
DEFAULT_MEASURES = {
    "2021": {
        "regulation": ["issued", "repealed", "in_force"],
        "normative_document": ["issued", "repealed", "in_force"],
        "administrative_license": ["decisions"],
        "administrative_penalty": ["decisions"],
        "administrative_coercion": ["decisions"],
        "administrative_fee": ["fee_amount_yuan"],
    },
    "2019": {
        "regulation": ["new_made", "new_published", "total_published"],
        "normative_document": ["new_made", "new_published", "total_published"],
        "administrative_license": ["prior_year_items", "net_change", "decisions"],
        "other_external_service": ["prior_year_items", "net_change", "decisions"],
        "administrative_penalty": ["prior_year_items", "net_change", "decisions"],
        "administrative_coercion": ["prior_year_items", "net_change", "decisions"],
        "administrative_fee": ["prior_year_items", "net_change"],
        "centralized_procurement": ["procurement_items", "procurement_amount_yuan"],
    },
}
DEFAULT_MONEY_UNIT = {"fee_amount_yuan": "万元", "procurement_amount_yuan": "元"}


def map_table2(
    items: list[Item], start: int, end: int, template_hint: str | None
) -> tuple[list[Fact], str | None, list[str]]:
    facts: list[Fact] = []
    warnings: list[str] = []
    measures: list[str] = []
    header_text = ""
    seen: set[str] = set()
    for item in items[start:end]:
        found = _measures_in(item.label if not item.is_values else "")
        if item.values is None:
            if found:
                measures, header_text = found, item.label
            continue
        context_found = _measures_in("".join(item.context))
        if context_found:
            measures, header_text = context_found, "".join(item.context)
        label, _ = item_label(item, ITEM_VOCAB)
        code, score = ITEM_VOCAB.best(label) if label else (None, 0.0)
        if code is None or score < STRONG or item.numbers() == 0:
            continue
        if code in seen:
            warnings.append(f"table 2: {code} printed twice; kept the first")
            continue
        seen.add(code)
        row_measures = measures or DEFAULT_MEASURES[template_hint or "2021"].get(code, [])
        values = item.printed()
        if row_measures and item.loose:  # digits glued together or split over lines
            split, notes = read_cells(values, len(row_measures), f"table 2 {code}")
            warnings.extend(notes)
            if split is not None:
                facts.extend(
                    _fact(code, m, c, header_text)
                    for m, c in zip(row_measures, split, strict=True)
                    if c is not UNDECIDED
                )
                continue
        facts.extend(_row_facts(code, row_measures, values, header_text, warnings))
    template = _template_of({f.col for f in facts})
    return facts, template, warnings


_MEASURE_HINTS = ("数量", "件数", "金额", "增")  # every measure name holds one of these


def _measures_in(text: str) -> list[str]:
    if not text or not any(h in text for h in _MEASURE_HINTS):
        return []
    return [code for _, code in MEASURE_VOCAB.find_all(text)]


def _row_facts(
    item: str, measures: list[str], values: list[Cell], header: str, warnings: list[str]
) -> list[Fact]:
    if not measures:
        return []
    if len(values) > len(measures):
        trimmed = (
            [v for v in values if v.text] if len([v for v in values if v.text]) <= len(measures) else values
        )
        if len(trimmed) > len(measures):
            warnings.append(f"table 2 {item}: {len(values)} values for {len(measures)} measures")
        values = trimmed[: len(measures)]
    pairs = list(zip(measures, values, strict=False))
    if 1 < len(values) < len(measures):
        warnings.append(
            f"table 2 {item}: {len(values)} values for {len(measures)} measures; "
            f"the last read as {measures[-1]}"
        )
        pairs = [*zip(measures[: len(values) - 1], values, strict=False), (measures[-1], values[-1])]
    return [_fact(item, m, cell, header) for m, cell in pairs]


def _fact(item: str, measure: str, cell: Cell | None, header: str) -> Fact:
    text = cell.text if cell is not None else ""  # None: a blank cell of a segmented row
    num = read_number(text)
    if num.value is None:  # a blank or text cell: only a 'number' has a value
        return Fact("proactive", item, measure, None, text, None, *provenance(cell))
    unit = num.unit
    value: Decimal = num.value
    if measure in MONEY_MEASURES:
        unit = unit or _money_unit(header, measure)
        if unit == "万元":
            value = value * 10000
        return Fact("proactive", item, measure, to_plain(value), text, "元", *provenance(cell))
    return Fact("proactive", item, measure, to_plain(value), text, unit or "件", *provenance(cell))


def _money_unit(header: str, measure: str) -> str:
    text = simplify(header)
    if "万元" in text:
        return "万元"
    if "元" in text:
        return "元"
    return DEFAULT_MONEY_UNIT[measure]


def _template_of(measures: set[str]) -> str | None:
    if any("2021" not in _MEASURES[m].templates for m in measures):
        return "2019"
    if any("2019" not in _MEASURES[m].templates for m in measures):
        return "2021"
    return None
