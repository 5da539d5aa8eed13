"""Cross-report rules: carry-over between years, the stock of documents in force, metadata."""

from __future__ import annotations

import warehouse_kit as kit

from transform.model import Fact
from warehouse.store.crosschecks import run_cross_checks
from warehouse.store.load import load_report


def results(con, rule):
    return kit.rows(
        con,
        "SELECT r.year, c.subject, c.status, c.expected, c.actual FROM "
        "check_result c JOIN report r USING (report_id) WHERE rule = ? "
        "ORDER BY r.year, c.subject",
        [rule],
    )


def test_carryover_matches_last_years_carried_forward_per_column(writer, run_id):
    load_report(writer, kit.result(year=2021, facts=kit.table3(carried_forward=2)), kit.capture("21"), run_id)
    load_report(writer, kit.result(year=2022, facts=kit.table3(carried_over=2)), kit.capture("22"), run_id)
    load_report(writer, kit.result(year=2023, facts=kit.table3(carried_over=4)), kit.capture("23"), run_id)
    summary = run_cross_checks(writer)
    found = {(y, s): (st, e, a) for y, s, st, e, a in results(writer, "cross.carryover")}
    assert found[(2022, "natural_person")] == ("pass", 2, 2)
    assert found[(2022, "total")] == ("pass", 2, 2)
    assert found[(2023, "natural_person")] == ("fail", 1, 4)
    assert len(found) == 14  # seven columns, two year pairs; 2021 has no previous year
    assert summary.by_rule["cross.carryover"] == {"pass": 12, "fail": 2}


def test_a_blank_cell_makes_carryover_not_assessable(writer, run_id):
    load_report(
        writer,
        kit.result(year=2021, facts=kit.table3(blanks=("carried_forward",))),
        kit.capture("21"),
        run_id,
    )
    load_report(writer, kit.result(year=2022), kit.capture("22"), run_id)
    run_cross_checks(writer)
    assert ("not_assessable",) in kit.rows(
        writer, "SELECT status FROM check_result WHERE rule = 'cross.carryover' AND subject = 'total'"
    )


def test_carryover_uses_the_current_version_of_last_year(writer, run_id):
    load_report(
        writer,
        kit.result(year=2021, published="2022-01-10", facts=kit.table3(carried_forward=3)),
        kit.capture("21"),
        run_id,
    )
    load_report(
        writer,
        kit.result(year=2021, published="2022-02-10", facts=kit.table3(carried_forward=1)),
        kit.capture("21b"),
        run_id,
    )
    load_report(writer, kit.result(year=2022, facts=kit.table3(carried_over=1)), kit.capture("22"), run_id)
    run_cross_checks(writer)
    assert {s for _, _, s, _, _ in results(writer, "cross.carryover")} == {"pass"}


def test_documents_in_force_move_by_issued_minus_repealed(writer, run_id):
    for year, stock, body in ((2021, (10, 2, 1), "21"), (2022, (11, 3, 2), "22"), (2023, (20, 1, 0), "23")):
        facts = kit.table3() + kit.table2_2021(*stock)
        load_report(writer, kit.result(year=year, facts=facts), kit.capture(body), run_id)
    run_cross_checks(writer)
    assert results(writer, "cross.in_force_stock") == [
        (2022, "normative_document", "pass", 11, 11),
        (2023, "normative_document", "fail", 12, 20),
    ]


def test_title_and_publish_date_are_checked_against_the_covered_year(writer, run_id):
    load_report(
        writer, kit.result(year=2022, title="2022年度报告", published="2023-01-15"), kit.capture("ok"), run_id
    )
    load_report(
        writer,
        kit.result(
            agency="别局", year=2022, title="二〇二三年政府信息公开工作年度报告", published="2022-06-01"
        ),
        kit.capture("bad"),
        run_id,
    )
    load_report(
        writer,
        kit.result(agency="第三局", year=2022, title="年度报告", published=None),
        kit.capture("unknown"),
        run_id,
    )
    run_cross_checks(writer)
    got = kit.rows(
        writer,
        "SELECT a.name, c.rule, c.status, c.actual FROM check_result c "
        "JOIN report r USING (report_id) JOIN dim_agency a USING (agency_id) "
        "WHERE rule LIKE 'cross.year%' ORDER BY 1, 2",
    )
    assert got == [
        ("别局", "cross.year_vs_published", "fail", 2022),
        ("别局", "cross.year_vs_title", "fail", 2023),
        ("厦门市测试区人民政府", "cross.year_vs_published", "pass", 2023),
        ("厦门市测试区人民政府", "cross.year_vs_title", "pass", 2022),
        ("第三局", "cross.year_vs_published", "not_assessable", None),
        ("第三局", "cross.year_vs_title", "not_assessable", None),
    ]


def test_rerunning_gives_the_same_results_and_keeps_parser_checks(writer, run_id):
    load_report(writer, kit.result(year=2021), kit.capture("21"), run_id)
    load_report(writer, kit.result(year=2022, facts=kit.table3(carried_over=7)), kit.capture("22"), run_id)
    run_cross_checks(writer)
    first = kit.rows(writer, "SELECT * FROM check_result ORDER BY ALL")
    again = run_cross_checks(writer)
    assert kit.rows(writer, "SELECT * FROM check_result ORDER BY ALL") == first
    assert again.failed == 2  # natural_person and total
    assert kit.rows(writer, "SELECT count(*) FROM check_result WHERE rule = 't3.balance'") == [(2,)]


def test_a_2019_layout_year_has_no_stock_to_compare(writer, run_id):
    old = [*kit.table3(), Fact("proactive", "normative_document", "new_made", 3.0)]
    load_report(writer, kit.result(year=2020, template="2019", facts=old), kit.capture("20"), run_id)
    load_report(
        writer,
        kit.result(year=2021, facts=kit.table3() + kit.table2_2021(5, 1, 0)),
        kit.capture("21"),
        run_id,
    )
    run_cross_checks(writer)
    assert results(writer, "cross.in_force_stock") == []
