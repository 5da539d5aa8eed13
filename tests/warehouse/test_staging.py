"""Staging: the columnar batch equals `transform.frames.to_frames`, and bad input is refused."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform import codes
from transform.frames import to_frames
from transform.model import Check, Fact, ParseResult
from warehouse.store.staging import InvalidReport, Prepared, report_columns, stage

COUNT_CELLS = [("applications", d.code, a.code) for d in codes.DISPOSITIONS for a in codes.APPLICANTS] + [
    ("review_litigation", p.code, o.code) for p in codes.PROCEEDINGS for o in codes.OUTCOMES
]
PROACTIVE_CELLS = [
    ("proactive", i.code, m.code) for i in codes.PROACTIVE_ITEMS for m in codes.PROACTIVE_MEASURES
]


@st.composite
def parse_results(draw) -> ParseResult:
    cells = draw(st.lists(st.sampled_from(COUNT_CELLS + PROACTIVE_CELLS), unique=True, max_size=60))
    facts = []
    for table, row, col in cells:
        if table == "proactive":
            value = draw(st.none() | st.floats(0, 1e9, allow_nan=False))
            facts.append(
                Fact(
                    table,
                    row,
                    col,
                    value,
                    raw_text=draw(st.text(max_size=5)),
                    unit=draw(st.none() | st.just("万元")),
                )
            )
        else:
            facts.append(Fact(table, row, col, draw(st.none() | st.integers(0, 10**6))))
    checks = [
        Check(
            rule,
            subject,
            draw(st.sampled_from(["pass", "fail", "not_assessable"])),
            draw(st.none() | st.integers(0, 99)),
            draw(st.none() | st.integers(0, 99)),
            draw(st.sampled_from(["", "why"])),
        )
        for rule, subject in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["t3.balance", "t4.total"]),
                    st.sampled_from(["total", "natural_person", "reconsideration"]),
                ),
                unique=True,
                max_size=6,
            )
        )
    ]
    return ParseResult(source="x", agency="A", year=2023, template="2021", facts=facts, checks=checks)


def frame(table) -> pd.DataFrame:
    return (
        table.to_pandas()
        .drop(columns=["report_id", "agency_id", "year"], errors="ignore")
        .reset_index(drop=True)
    )


def canonical(df: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in df.astype(object).itertuples(index=False)
    ]


@settings(max_examples=60, deadline=None)
@given(parse_results())
def test_staged_tables_equal_to_frames(result):
    expected = to_frames(result)
    staged = stage([Prepared(7, "ag_x", 2023, report_columns(result))])
    for mine, theirs in (
        (staged.fact_application, expected.applications),
        (staged.fact_review_litigation, expected.review_litigation),
        (staged.fact_proactive, expected.proactive),
    ):
        assert list(frame(mine).columns) == list(theirs.columns)
        assert canonical(frame(mine)) == canonical(theirs)
    checks = expected.checks.assign(message=expected.checks["message"].replace("", None))
    assert canonical(frame(staged.check_result)) == canonical(checks)
    assert set(staged.fact_application.column("report_id").to_pylist()) <= {7}


def test_batch_keeps_each_reports_rows_under_its_own_ids():
    first = ParseResult("a", facts=[Fact("applications", "granted", "total", 1)])
    second = ParseResult(
        "b", facts=[Fact("applications", "granted", "total", 2), Fact("applications", "other", "total", 3)]
    )
    staged = stage(
        [Prepared(1, "ag_a", 2020, report_columns(first)), Prepared(2, "ag_b", 2021, report_columns(second))]
    )
    table = staged.fact_application.to_pylist()
    assert [(r["report_id"], r["agency_id"], r["year"], r["value"]) for r in table] == [
        (1, "ag_a", 2020, 1),
        (2, "ag_b", 2021, 2),
        (2, "ag_b", 2021, 3),
    ]


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (Fact("applications", "granted", "everyone", 1), "unknown code"),
        (Fact("applications", "granted", "total", 1.5), "not a whole count"),
        (Fact("applications", "granted", "total", "12"), "not a number"),
        (Fact("applications", "granted", "total", True), "not a number"),
        (Fact("applications", "granted", "total", 2**70), "out of range"),
        (Fact("tables", "granted", "total", 1), "unknown fact table"),
        (Fact("proactive", "regulation", "issued", "many"), "not a number"),
    ],
)
def test_bad_cells_are_refused_with_the_reason(fact, message):
    with pytest.raises(InvalidReport, match=message):
        report_columns(ParseResult("x", facts=[fact]))


def test_a_repeated_cell_is_refused():
    facts = [Fact("applications", "granted", "total", 1), Fact("applications", "granted", "total", 2)]
    with pytest.raises(InvalidReport, match="appears twice"):
        report_columns(ParseResult("x", facts=facts))


def test_a_repeated_check_keeps_its_first_evaluation():
    checks = [Check("t3.balance", "total", "fail", 1, 2), Check("t3.balance", "total", "pass")]
    columns = report_columns(ParseResult("x", checks=checks))
    assert columns.checks["status"] == ["fail"]


def test_whole_floats_are_stored_as_counts():
    columns = report_columns(ParseResult("x", facts=[Fact("applications", "granted", "total", 4.0)]))
    assert columns.tables["applications"].value == [4]


def test_fingerprint_ignores_order_and_sees_values_and_template():
    facts = [Fact("applications", "granted", "total", 1), Fact("applications", "other", "total", 2)]
    base = report_columns(ParseResult("x", template="2021", facts=facts)).fingerprint
    assert report_columns(ParseResult("y", template="2021", facts=facts[::-1])).fingerprint == base
    changed = [facts[0], Fact("applications", "other", "total", 3)]
    assert report_columns(ParseResult("x", template="2021", facts=changed)).fingerprint != base
    assert report_columns(ParseResult("x", template="2019", facts=facts)).fingerprint != base
    blank = [facts[0], Fact("applications", "other", "total", None)]
    zero = [facts[0], Fact("applications", "other", "total", 0)]
    assert (
        report_columns(ParseResult("x", facts=blank)).fingerprint
        != report_columns(ParseResult("x", facts=zero)).fingerprint
    )
