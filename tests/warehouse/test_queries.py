"""Every analyst query in sql/queries/ runs on the demo data and answers with rows."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.query.shell import QUERIES_DIR, named_queries, resolve_query, run_query

QUERIES = sorted(QUERIES_DIR.glob("*.sql"))


def test_there_are_at_least_ten_documented_questions():
    assert len(QUERIES) >= 10
    for name, question in named_queries().items():
        assert "?" in question, f"{name}: the first comment line should ask the question"


@pytest.fixture(scope="module")
def snapshot(demo_data):
    con = duckdb.connect(str(demo_data.published), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("path", QUERIES, ids=[p.stem for p in QUERIES])
def test_query_runs_and_returns_rows(snapshot, path):
    result = run_query(snapshot, resolve_query(str(path)))
    assert result.rows, f"{path.name} returned no rows on the demo data"
    assert len(set(result.columns)) == len(result.columns)


def test_the_not_held_question_ranks_agencies_by_share(snapshot):
    result = run_query(snapshot, resolve_query("not_held_by_agency"))
    share = result.columns.index("not_held_share")
    shares = [row[share] for row in result.rows if row[share] is not None]
    assert shares == sorted(shares, reverse=True)
    top = dict(zip(result.columns, result.rows[0], strict=True))
    # 厦门市思明区人民政府办公室 2019: 19 of 25 requests handled were "not held".
    assert (top["agency_name"], top["year"], top["handled"], top["not_held"]) == (
        "厦门市思明区人民政府办公室",
        2019,
        25,
        19,
    )
