"""The report's own identities, evaluated on the values exactly as printed.

Nothing here repairs a value: a total that does not add up stays as printed and the failed
identity is reported. A blank cell might hide a number, so a sum with blanks that does not
balance is `not_assessable`, while one that balances with blanks read as zero is `pass`
(with a note). A check with a blank total, or no printed inputs at all, is `not_assessable`.
"""

from __future__ import annotations

from collections.abc import Sequence

from transform.codes import APPLICANTS, OUTCOMES, T3_OUTCOME_ROWS
from transform.model import Check

Values = dict[str, dict[str, int | float | None]]
SIX = [a.code for a in APPLICANTS if a.code != "total"]
COLUMNS = [a.code for a in APPLICANTS]
PARTS = [o.code for o in OUTCOMES if o.code != "total"]


def _sum(values: Sequence[int | float | None]) -> tuple[int | float, int]:
    total, blanks = 0, 0
    for v in values:
        if v is None:
            blanks += 1
        else:
            total += v
    return total, blanks


def _check(
    rule: str,
    subject: str,
    parts: Sequence[int | float | None],
    total: int | float | None,
    total_parts: Sequence[int | float | None] = (),
) -> Check:
    """`parts` sum on one side; `total` (plus `total_parts`) on the other."""
    left, left_blank = _sum(parts)
    right_values = [total, *total_parts]
    right, right_blank = _sum(right_values)
    if total is None or left_blank == len(parts):
        return Check(
            rule,
            subject,
            "not_assessable",
            left if left_blank < len(parts) else None,
            total,
            "a blank cell makes this identity unverifiable",
        )
    balanced = abs(left - right) < 1e-9
    if left_blank or right_blank:
        if balanced:
            return Check(rule, subject, "pass", left, right, "holds with blank cells read as 0")
        return Check(
            rule,
            subject,
            "not_assessable",
            left,
            right,
            "does not hold, but a blank cell may hide the difference",
        )
    return Check(rule, subject, "pass" if balanced else "fail", left, right)


def table3_checks(t3: Values) -> list[Check]:
    checks: list[Check] = []
    rows_under_3 = [r for r in T3_OUTCOME_ROWS if r in t3]
    for col in COLUMNS:
        if all(r in t3 for r in ("new_received", "carried_over", "total_processed", "carried_forward")):
            checks.append(
                _check(
                    "t3.balance",
                    col,
                    [t3["new_received"].get(col), t3["carried_over"].get(col)],
                    t3["total_processed"].get(col),
                    [t3["carried_forward"].get(col)],
                )
            )
        if "total_processed" in t3 and rows_under_3:
            checks.append(
                _check(
                    "t3.total_processed",
                    col,
                    [t3[r].get(col) for r in rows_under_3],
                    t3["total_processed"].get(col),
                )
            )
    for row, cells in t3.items():
        checks.append(_check("t3.row_total", row, [cells.get(c) for c in SIX], cells.get("total")))
    return checks


def table4_checks(t4: Values) -> list[Check]:
    return [
        _check("t4.total", proceeding, [cells.get(p) for p in PARTS], cells.get("total"))
        for proceeding, cells in t4.items()
    ]
