"""Which printed cells a check result is about, so a report page can highlight them.

The identities are evaluated by the parser (`transform.checks`) and the cross-report rules by
`warehouse.store.crosschecks`; a stored result names only its rule and subject (a column, a row or
a proceeding). This module maps (rule, subject) back to the cells each side of the identity
sums, from the same row and column lists `transform.checks` sums over.
"""

from __future__ import annotations

from transform.checks import COLUMNS, PARTS
from transform.codes import T3_OUTCOME_ROWS
from warehouse.store.rules import CARRYOVER, IN_FORCE_STOCK

Cell = tuple[str, str, str]  # (table, row code, column code); table "t2", "t3" or "t4"

_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def cells_of(rule: str, subject: str, printed_rows: set[str] | None = None) -> list[Cell]:
    """The cells a result of `rule` about `subject` adds up; [] for rules about no cell.

    `printed_rows` limits table-3 rows to those the report printed (a 2019 layout has no
    `other.*` rows, a 2021 one usually no single `other` row).
    """

    def present(rows: tuple[str, ...]) -> list[str]:
        return [r for r in rows if printed_rows is None or r in printed_rows]

    if rule == "t3.balance" or rule == CARRYOVER:
        rows = _BALANCE_ROWS if rule == "t3.balance" else ("carried_over",)
        return [("t3", row, subject) for row in present(rows)]
    if rule == "t3.total_processed":
        return [("t3", row, subject) for row in present((*T3_OUTCOME_ROWS, "total_processed"))]
    if rule == "t3.row_total":
        return [("t3", subject, column) for column in COLUMNS]
    if rule == "t4.total":
        return [("t4", subject, outcome) for outcome in (*PARTS, "total")]
    if rule == IN_FORCE_STOCK:  # this year's stock in force (last year's is another report)
        return [("t2", subject, "in_force")]
    return []
