"""A parse result as pandas frames, one per fact table, shaped like the warehouse's facts.

The warehouse stages these frames and inserts them set-wise; it adds report_id, agency_id and
year itself. Column names follow CONTRACT.md §4.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from transform.model import ParseResult


@dataclass(frozen=True)
class ReportFrames:
    applications: pd.DataFrame
    review_litigation: pd.DataFrame
    proactive: pd.DataFrame
    checks: pd.DataFrame


def _counts(result: ParseResult, table: str, row_name: str, col_name: str) -> pd.DataFrame:
    facts = [f for f in result.facts if f.table == table]
    return pd.DataFrame(
        {
            row_name: pd.Series([f.row for f in facts], dtype="string"),
            col_name: pd.Series([f.col for f in facts], dtype="string"),
            "value": pd.Series([f.value for f in facts], dtype="Int64"),
            "is_blank": pd.Series([f.value is None for f in facts], dtype="bool"),
        }
    )


def to_frames(result: ParseResult) -> ReportFrames:
    proactive = [f for f in result.facts if f.table == "proactive"]
    return ReportFrames(
        applications=_counts(result, "applications", "disposition", "applicant"),
        review_litigation=_counts(result, "review_litigation", "proceeding", "outcome"),
        proactive=pd.DataFrame(
            {
                "item": pd.Series([f.row for f in proactive], dtype="string"),
                "measure": pd.Series([f.col for f in proactive], dtype="string"),
                "value": pd.Series([f.value for f in proactive], dtype="Float64"),
                "unit": pd.Series([f.unit for f in proactive], dtype="string"),
                "raw_text": pd.Series([f.raw_text for f in proactive], dtype="string"),
            }
        ),
        checks=pd.DataFrame(
            {
                "rule": pd.Series([c.rule for c in result.checks], dtype="string"),
                "subject": pd.Series([c.subject for c in result.checks], dtype="string"),
                "status": pd.Series([c.status for c in result.checks], dtype="string"),
                "expected": pd.Series([c.expected for c in result.checks], dtype="Float64"),
                "actual": pd.Series([c.actual for c in result.checks], dtype="Float64"),
                "message": pd.Series([c.message for c in result.checks], dtype="string"),
            }
        ),
    )
