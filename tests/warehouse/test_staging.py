"""Staging: the batch's Arrow tables hold the parser's frames plus the warehouse's keys; an odd
cell costs only itself; facts no frame can hold are refused."""

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


def canonical(df: pd.DataFrame) -> list[tuple]:
    return [
        tuple(None if pd.isna(v) else v for v in row) for row in df.astype(object).itertuples(index=False)
    ]


def without_keys(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["report_id", "agency_id", "year"], errors="ignore").reset_index(drop=True)


def staged_frames(prepared: list[Prepared]) -> dict[str, pd.DataFrame]:
    return {name: table.to_pandas() for name, table in stage(prepared).tables.items()}


@settings(max_examples=60, deadline=None)
@given(parse_results())
def test_staged_frames_are_the_parsers_frames_with_the_warehouse_keys(result):
    expected = to_frames(result)
    tables = stage([Prepared(7, "ag_x", 2023, report_columns(result))]).tables
    staged = {name: table.to_pandas() for name, table in tables.items()}
    for table, theirs in (
        ("fact_application", expected.applications),
        ("fact_review_litigation", expected.review_litigation),
        ("fact_proactive", expected.proactive),
    ):
        mine = without_keys(staged[table])
        assert list(mine.columns) == list(theirs.columns)
        assert canonical(mine) == canonical(theirs)
        for name, dtype in theirs.dtypes.items():  # code columns: the same ordered code lists
            if isinstance(dtype, pd.CategoricalDtype) and dtype.ordered:
                assert tables[table].schema.field(name).type.ordered
                assert list(mine[name].cat.categories) == list(dtype.categories)
        assert set(staged[table]["report_id"]) <= {7}
    assert canonical(without_keys(staged["check_result"])) == canonical(expected.checks)


def test_frames_are_typed_for_analysts():
    result = ParseResult(
        "x",
        facts=[
            Fact("applications", "granted", "total", 3, "3"),
            Fact("applications", "new_received", "total", None, "—"),
            Fact("proactive", "regulation", "issued", 2.0, "2", "件"),
        ],
    )
    frames = to_frames(result)
    apps = frames.applications
    assert str(apps["value"].dtype) == "Int64" and str(frames.proactive["value"].dtype) == "Float64"
    assert apps["disposition"].cat.ordered
    assert list(apps["disposition"].cat.categories[:2]) == ["new_received", "carried_over"]
    assert list(apps.sort_values("disposition")["disposition"]) == ["new_received", "granted"]
    blank = apps[apps["disposition"] == "new_received"].iloc[0]
    assert blank["is_blank"] and pd.isna(blank["value"]) and blank["raw_text"] == "—"
    assert pd.isna(apps[apps["disposition"] == "granted"].iloc[0]["raw_text"])  # just the value


def test_batch_keeps_each_reports_rows_under_its_own_ids():
    first = ParseResult("a", facts=[Fact("applications", "granted", "total", 1)])
    second = ParseResult(
        "b", facts=[Fact("applications", "granted", "total", 2), Fact("applications", "other", "total", 3)]
    )
    staged = staged_frames(
        [Prepared(1, "ag_a", 2020, report_columns(first)), Prepared(2, "ag_b", 2021, report_columns(second))]
    )["fact_application"]
    rows = zip(staged["report_id"], staged["agency_id"], staged["year"], staged["value"], strict=True)
    assert list(rows) == [(1, "ag_a", 2020, 1), (2, "ag_b", 2021, 2), (2, "ag_b", 2021, 3)]


def test_a_cell_that_is_not_a_count_costs_only_itself():
    """'1.5' in table 3: the cell keeps its printed text with no value, a failing
    cell.not_a_count says why, and every other cell of the report is staged."""
    result = ParseResult(
        "x",
        facts=[
            Fact("applications", "granted", "total", 1.5, "1.5"),
            Fact("applications", "other", "total", 4, "4"),
            Fact("review_litigation", "reconsideration", "total", 2**70, str(2**70)),
        ],
    )
    columns = report_columns(result)
    frames = staged_frames([Prepared(1, "ag", 2023, columns)])
    apps = frames["fact_application"].set_index("disposition")
    assert pd.isna(apps.loc["granted", "value"]) and apps.loc["granted", "raw_text"] == "1.5"
    assert not apps.loc["granted", "is_blank"] and apps.loc["other", "value"] == 4
    assert pd.isna(frames["fact_review_litigation"]["value"].iloc[0])
    failing = {(c.rule, c.subject) for c in columns.checks if c.status == "fail"}
    assert failing == {
        ("cell.not_a_count", "applications/granted/total"),
        ("cell.not_a_count", "review_litigation/reconsideration/total"),
    }


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (Fact("applications", "granted", "everyone", 1), "unknown code"),
        (Fact("applications", "granted", "total", "12"), "not a number"),
        (Fact("applications", "granted", "total", True), "not a number"),
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
    assert [c.status for c in columns.checks] == ["fail"]


def test_whole_floats_are_stored_as_counts():
    columns = report_columns(ParseResult("x", facts=[Fact("applications", "granted", "total", 4.0)]))
    assert columns.tables["applications"].values == [4]


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
