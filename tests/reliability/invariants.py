"""What every parse result must satisfy, whatever bytes it came from (fuzzing's oracle).

Not the numbers — hostile input has none to get right — but the contract: codes are
canonical, values are numbers or blank, checks have a known status, a failure is one clear
sentence naming the form and the problem, the result serialises as the `ogi parse` line,
and the loader either stages it or refuses it with its own error (never another exception).
"""

from __future__ import annotations

import math
import re

from transform import codes
from transform.model import TABLES, ParseResult

AXES = {
    "applications": (codes.DISPOSITIONS, codes.APPLICANTS),
    "review_litigation": (codes.PROCEEDINGS, codes.OUTCOMES),
    "proactive": (codes.PROACTIVE_ITEMS, codes.PROACTIVE_MEASURES),
}
ROWS = {t: {c.code for c in rows} for t, (rows, _) in AXES.items()}
COLUMNS = {t: {c.code for c in cols} for t, (_, cols) in AXES.items()}
ERROR = re.compile(r"(empty file|not a report: .+|unsupported: .+|unreadable \w+ file: .+)", re.DOTALL)


def broken(result: ParseResult) -> list[str]:
    """Every way `result` breaks the contract (empty when it keeps it)."""
    problems = []
    if result.error is not None and not ERROR.fullmatch(result.error):
        problems.append(f"unclear error {result.error!r}")
    if result.template not in (None, "2019", "2021"):
        problems.append(f"template {result.template!r}")
    if result.year is not None and not isinstance(result.year, int):
        problems.append(f"year {result.year!r}")
    for fact in result.facts:
        if (
            fact.table not in TABLES
            or fact.row not in ROWS[fact.table]
            or fact.col not in COLUMNS[fact.table]
        ):
            problems.append(f"unknown cell {fact.table}/{fact.row}/{fact.col}")
        if fact.value is not None and (
            not isinstance(fact.value, int | float) or not math.isfinite(fact.value)
        ):
            problems.append(f"value {fact.value!r} in {fact.row}/{fact.col}")
    for check in result.checks:
        if check.status not in ("pass", "fail", "not_assessable"):
            problems.append(f"check status {check.status!r}")
    if not all(isinstance(w, str) and w for w in result.warnings):
        problems.append("a warning that is not a sentence")
    try:
        result.to_json_line()
    except Exception as exc:  # the `ogi parse` line must always be writable
        problems.append(f"not serialisable: {exc!r}")
    problems += _loader_verdict(result)
    return problems


def _loader_verdict(result: ParseResult) -> list[str]:
    from warehouse.store.staging import InvalidReport, report_columns

    try:
        report_columns(result)
    except InvalidReport:
        pass  # refused with a reason: the loader records it
    except Exception as exc:
        return [f"the loader's staging crashed: {exc!r}"]
    return []
