"""Tables 2, 3 and 4 laid out again as the report printed them, for a report page.

Rows follow the template order of the dimension tables (`dim_disposition.sort_order` puts each
heading such as （三）不予公开 just before its first reason), and only rows the report printed
appear, with the headings above them. A blank cell stays blank; a printed 0 stays 0. Each cell
knows the checks that failed over it, so the page can highlight it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from warehouse.site.cells import Cell, cells_of
from warehouse.site.queries import ReportPage


@dataclass
class CellView:
    id: str
    value: int | float | str | None
    blank: bool
    failed_rules: list[str] = field(default_factory=list)
    unassessable_rules: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(
            c
            for c, on in (
                ("fail", self.failed_rules),
                ("blank", self.blank),
                ("na", self.unassessable_rules and not self.failed_rules),
            )
            if on
        )

    @property
    def note(self) -> str:
        parts = [f"fails {', '.join(self.failed_rules)}"] if self.failed_rules else []
        if self.unassessable_rules:
            parts.append(f"not assessable: {', '.join(self.unassessable_rules)}")
        if self.blank:
            parts.append("blank in the report")
        return "; ".join(parts)


@dataclass
class RowView:
    code: str
    label: str
    heading: bool
    depth: int
    cells: list[CellView]


def cell_id(cell: Cell) -> str:
    table, row, column = cell
    return f"{table}-{row}-{column}".replace(".", "_")


def _check_marks(page: ReportPage) -> tuple[dict[Cell, list[str]], dict[Cell, list[str]]]:
    printed = {row for row, _ in page.table3}
    failed: dict[Cell, list[str]] = defaultdict(list)
    unassessable: dict[Cell, list[str]] = defaultdict(list)
    for check in page.checks:
        marks = {"fail": failed, "not_assessable": unassessable}.get(check["status"])
        if marks is None:
            continue
        for cell in cells_of(check["rule"], check["subject"], printed):
            marks[cell].append(check["rule"])
    return failed, unassessable


def _depth(code: str, parents: dict[str, str | None]) -> int:
    depth, parent = 0, parents.get(code)
    while parent:
        depth, parent = depth + 1, parents.get(parent)
    return depth


def table3_rows(
    page: ReportPage, dispositions: list[dict[str, Any]], applicants: list[dict[str, Any]]
) -> list[RowView]:
    """Printed table-3 rows in template order, headings included where a child is printed."""
    failed, unassessable = _check_marks(page)
    printed = {row for row, _ in page.table3}
    parents = {d["code"]: d["parent_code"] for d in dispositions}
    shown_groups = {parents[code] for code in printed if parents.get(code)}
    shown_groups |= {parents[g] for g in list(shown_groups) if parents.get(g)}
    rows = []
    for d in dispositions:
        code = d["code"]
        if d["is_group"]:
            if code in shown_groups:
                rows.append(RowView(code, d["label_zh"], True, _depth(code, parents), []))
            continue
        if code not in printed:
            continue
        cells = []
        for a in applicants:
            key: Cell = ("t3", code, a["code"])
            value, blank = page.table3.get((code, a["code"]), (None, True))
            cells.append(CellView(cell_id(key), value, blank, failed.get(key, []), unassessable.get(key, [])))
        rows.append(RowView(code, d["label_zh"], False, _depth(code, parents), cells))
    return rows


def table4_rows(
    page: ReportPage, proceedings: list[dict[str, Any]], outcomes: list[dict[str, Any]]
) -> list[RowView]:
    failed, unassessable = _check_marks(page)
    rows = []
    for p in proceedings:
        if not any((p["code"], o["code"]) in page.table4 for o in outcomes):
            continue
        cells = []
        for o in outcomes:
            key: Cell = ("t4", p["code"], o["code"])
            value, blank = page.table4.get((p["code"], o["code"]), (None, True))
            cells.append(CellView(cell_id(key), value, blank, failed.get(key, []), unassessable.get(key, [])))
        rows.append(RowView(p["code"], p["label_zh"], False, 0, cells))
    return rows


def table2_rows(
    page: ReportPage, items: list[dict[str, Any]], measures: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[RowView]]:
    """Table 2 as item × measure: the measures this report printed (they differ between the
    2019 and 2021 templates) and the printed text of each cell (money as printed, 万元 too)."""
    failed, unassessable = _check_marks(page)
    printed_measures = {m for _, m in page.table2}
    columns = [m for m in measures if m["code"] in printed_measures]
    rows = []
    for item in items:
        if not any((item["code"], m["code"]) in page.table2 for m in columns):
            continue
        cells = []
        for m in columns:
            key: Cell = ("t2", item["code"], m["code"])
            printed = (item["code"], m["code"]) in page.table2
            value, raw = page.table2.get((item["code"], m["code"]), (None, None))
            shown = raw if raw not in (None, "") else value
            # a measure the template has not for this item is empty, not a blank printed cell
            cells.append(
                CellView(
                    cell_id(key),
                    shown,
                    printed and shown is None,
                    failed.get(key, []),
                    unassessable.get(key, []),
                )
            )
        rows.append(RowView(item["code"], item["label_zh"], False, 0, cells))
    return columns, rows


_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)\s*")
_TRAILING_NOTE = re.compile(r"（[^）]*）$")


def short_label(label_zh: str) -> str:
    """A printed row label without its numbering or trailing note: '（二）部分公开（区分处理的…）'
    → '部分公开'; '1.属于国家秘密' → '属于国家秘密'."""
    return _TRAILING_NOTE.sub("", _NUMBERING.sub("", label_zh)).strip()
