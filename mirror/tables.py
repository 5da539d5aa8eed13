"""The three standard tables as cell grids, laid out like the State Council templates.

A grid (rows of `Cell`s with rowspan/colspan) is built once from a report's values and then
written out by `html_tables` (clean TRS or Word-export markup) or `pdf` (reportlab), so every
form of a report shows the same numbers in the same merged-cell layout. Labels come from
`transform.codes`, never respelled here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from transform.codes import APPLICANTS, DISPOSITION_GROUPS, DISPOSITIONS, OUTCOMES, by_code

from .numbers import APPLICANT_COLUMNS, t3_rows

_DISP = by_code(DISPOSITIONS)
_GROUP = by_code(DISPOSITION_GROUPS)
_APPL = by_code(APPLICANTS)
TYPO_LABEL = "2.其他法律行政止公开"  # a damaged label seen in real reports (hongze 2024)


@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    is_value: bool = False  # a number cell (blank when text == "")


Grid = list[list[Cell]]


def fmt(value: int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(int(value))


def wan(yuan: int | float | None) -> str:
    """A yuan amount printed in 万元, as reports do (CONTRACT §1 stores yuan)."""
    if yuan is None:
        return ""
    return fmt(round(yuan / 10000, 2)) if yuan else "0"


def _v(value: Any, colspan: int = 1) -> Cell:
    return Cell(fmt(value), colspan=colspan, is_value=True)


def table2(values: dict[str, Any], template: str) -> Grid:
    p = values["proactive"]
    g: Grid = []
    head = lambda t: g.append([Cell(t, colspan=4)])  # noqa: E731
    if template == "2021":
        head("第二十条第（一）项")
        g.append([Cell("信息内容"), Cell("本年制发件数"), Cell("本年废止件数"), Cell("现行有效件数")])
        for item, label in (("regulation", "规章"), ("normative_document", "行政规范性文件")):
            r = p[item]
            g.append([Cell(label), _v(r["issued"]), _v(r["repealed"]), _v(r["in_force"])])
        for section, items in (
            ("（五）", [("administrative_license", "行政许可")]),
            ("（六）", [("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")]),
        ):
            head(f"第二十条第{section}项")
            g.append([Cell("信息内容"), Cell("本年处理决定数量", colspan=3)])
            for item, label in items:
                g.append([Cell(label), _v(p[item]["decisions"], 3)])
        head("第二十条第（八）项")
        g.append([Cell("信息内容"), Cell("本年收费金额（单位：万元）", colspan=3)])
        g.append(
            [
                Cell("行政事业性收费"),
                Cell(wan(p["administrative_fee"]["fee_amount_yuan"]), colspan=3, is_value=True),
            ]
        )
        return g
    head("第二十条第（一）项")
    g.append([Cell("信息内容"), Cell("本年新制作数量"), Cell("本年新公开数量"), Cell("对外公开总数量")])
    for item, label in (("regulation", "规章"), ("normative_document", "规范性文件")):
        r = p[item]
        g.append([Cell(label), _v(r["new_made"]), _v(r["new_published"]), _v(r["total_published"])])
    for section, items in (
        (
            "（五）",
            [("administrative_license", "行政许可"), ("other_external_service", "其他对外管理服务事项")],
        ),
        ("（六）", [("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")]),
    ):
        head(f"第二十条第{section}项")
        g.append([Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减"), Cell("处理决定数量")])
        for item, label in items:
            r = p[item]
            g.append([Cell(label), _v(r["prior_year_items"]), _v(r["net_change"]), _v(r["decisions"])])
    head("第二十条第（八）项")
    g.append([Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减", colspan=2)])
    fee = p["administrative_fee"]
    g.append([Cell("行政事业性收费"), _v(fee["prior_year_items"]), _v(fee["net_change"], 2)])
    head("第二十条第（九）项")
    g.append([Cell("信息内容"), Cell("采购项目数量"), Cell("采购总金额（单位：万元）", colspan=2)])
    cp = p["centralized_procurement"]
    g.append(
        [
            Cell("政府集中采购"),
            _v(cp["procurement_items"]),
            Cell(wan(cp["procurement_amount_yuan"]), colspan=2, is_value=True),
        ]
    )
    return g


def _t3_value_cells(row: dict[str, Any]) -> list[Cell]:
    return [_v(row.get(c)) for c in (*APPLICANT_COLUMNS, "total")]


def table3(values: dict[str, Any], *, typo: bool = False) -> Grid:
    apps = values["applications"]
    single_other = "other" in apps
    rows = t3_rows(single_other)
    g: Grid = [
        [
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3
            ),
            Cell("申请人情况", colspan=7),
        ],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(_APPL[c].label_zh) for c in APPLICANT_COLUMNS[1:]],
    ]
    handled = [r for r in rows if _DISP[r].parent is not None]
    group_size = Counter(_DISP[r].parent for r in handled)
    seen_groups: set[str] = set()
    for r in rows:
        code = _DISP[r]
        label = TYPO_LABEL if typo and r == "withheld.prohibited_by_law" else code.label_zh
        cells: list[Cell] = []
        if code.parent is None:
            cells.append(Cell(label, colspan=3))
        else:
            if r == handled[0]:
                cells.append(Cell(_GROUP["processed"].label_zh, rowspan=len(handled)))
            if code.parent == "processed":
                cells.append(Cell(label, colspan=2))
            else:
                if code.parent not in seen_groups:
                    seen_groups.add(code.parent)
                    cells.append(Cell(_GROUP[code.parent].label_zh, rowspan=group_size[code.parent]))
                cells.append(Cell(label))
        g.append(cells + _t3_value_cells(apps[r]))
    return g


def table4(values: dict[str, Any]) -> Grid:
    rl = values["review_litigation"]
    labels = [c.label_zh for c in OUTCOMES]
    g: Grid = [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [
            *(Cell(t, rowspan=2) for t in labels),
            Cell("未经复议直接起诉", colspan=5),
            Cell("复议后起诉", colspan=5),
        ],
        [Cell(t) for t in labels * 2],
    ]
    row = []
    for proceeding in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        row += [_v(rl[proceeding][c.code]) for c in OUTCOMES]
    g.append(row)
    return g


def width(grid: Grid) -> int:
    return sum(c.colspan for c in grid[-1])
