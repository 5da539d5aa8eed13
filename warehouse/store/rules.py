"""The consistency rules the warehouse knows, with what each asserts (→ `dim_check_rule`).

Per-report rules are evaluated by the parser (CONTRACT.md §2) and only stored here; cross rules
are evaluated by `warehouse.store.crosschecks`. Describing both in one place gives analysts and the
codebook a single list of every rule they can check themselves.
"""

from __future__ import annotations

REPORT_RULES: dict[str, str] = {
    "t3.balance": "Table 3, per applicant column: 一、本年新收 + 二、上年结转 = （七）总计 + "
    "四、结转下年度继续办理.",
    "t3.total_processed": "Table 3, per applicant column: （七）总计 = the sum of the outcome rows under 三.",
    "t3.row_total": "Table 3, per row: the 总计 column = the sum of the six applicant columns.",
    "t4.total": "Table 4, per proceeding: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
    "cell.not_a_count": "Tables 3 and 4: a cell printed as something no count can be (1.5, "
    "18342.8022); the cell keeps its printed text (raw_text) and no value, the rest of the "
    "report loads. Listed only when it fails.",
}

CARRYOVER = "cross.carryover"
IN_FORCE_STOCK = "cross.in_force_stock"
YEAR_VS_TITLE = "cross.year_vs_title"
YEAR_VS_PUBLISHED = "cross.year_vs_published"

CROSS_RULES: dict[str, str] = {
    CARRYOVER: "Per applicant column: this year's 二、上年结转 = the same agency's 四、结转下年度继续办理 "
    "in last year's current report.",
    IN_FORCE_STOCK: "Table 2 (2021 template), per item: 现行有效件数 = last year's 现行有效件数 "
    "+ 本年制发件数 − 本年废止件数.",
    YEAR_VS_TITLE: "The covered year equals the year named in the report title (e.g. 2023年度).",
    YEAR_VS_PUBLISHED: "The report was published in the year after the year it covers "
    "(reports are due by 31 January of the following year).",
}
