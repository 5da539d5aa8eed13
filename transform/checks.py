"""The report's own identities, evaluated on the values exactly as printed.

Nothing here repairs a value: a total that does not add up stays as printed and the failed
identity is reported. A blank cell might hide a number, so a sum with blanks that does not
balance is `not_assessable`, while one that balances with blanks read as zero is `pass`
(with a note). A check with a blank total, or no printed inputs at all, is `not_assessable`.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import cast

from transform.codes import APPLICANTS, OUTCOMES, T3_OUTCOME_ROWS
from transform.model import Check, Fact

Values = dict[str, dict[str, int | float | None]]
SIX = [a.code for a in APPLICANTS if a.code != "total"]
COLUMNS = [a.code for a in APPLICANTS]
PARTS = [o.code for o in OUTCOMES if o.code != "total"]


def _sum(values: Sequence[int | float | None]) -> tuple[int | float, int]:
    """(the sum of the printed values, how many are blank), added left to right from 0."""
    if None not in values:  # the common case: Python 3.11's sum adds in this order too
        return sum(cast("Sequence[int | float]", values)), 0
    total: int | float = 0
    blanks = 0
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


NOT_A_COUNT = "cell.not_a_count"
COUNT_TABLES = ("applications", "review_litigation")


def count_cell_checks(facts: Sequence[Fact]) -> list[Check]:
    """A failing `cell.not_a_count` for every count printed as something no count can be.

    Tables 3 and 4 hold counts of requests and cases; a printed '1.5' or '18342.8022' is a
    misprint (or a misread). The value stays in the JSON as printed, the warehouse stores the
    cell's text with no value, and this check says so — the rest of the report is unaffected.
    Only failures are listed: the rule is about cells, not an identity with a pass to report.
    """
    if all(map(_is_count_or_blank, set(map(_VALUE, facts)))):
        return []  # the common case, decided on the few distinct values a report prints
    out = []
    for f in facts:
        if f.table in COUNT_TABLES and f.value is not None and not _is_count(f.value):
            out.append(
                Check(
                    NOT_A_COUNT,
                    f"{f.table}/{f.row}/{f.col}",
                    "fail",
                    None,
                    f.value if isinstance(f.value, int | float) else None,
                    f"printed {f.raw_text or f.value!r}, which is not a whole count",
                )
            )
    return out


_VALUE = attrgetter("value")


def _is_count_or_blank(value: object) -> bool:
    return value is None or _is_count(value)


def _is_count(value: object) -> bool:
    if type(value) is int:  # the common case, decided without a float
        return -(2**63) <= value < 2**63
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and -(2**63) <= value < 2**63
