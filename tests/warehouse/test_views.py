"""Analyst views: current rows only, the wide table, honest rates, coverage and check summary."""

from __future__ import annotations

import pytest
import warehouse_kit as kit

from transform.model import Check, Fact
from warehouse.agencies.resolve import AgencyFacts
from warehouse.store.crosschecks import run_cross_checks
from warehouse.store.load import load_report


def test_views_serve_only_the_current_version(writer, run_id):
    load_report(writer, kit.result(published="2024-01-01"), kit.capture("v1"), run_id)
    load_report(
        writer, kit.result(published="2024-02-01", facts=kit.table3(granted=4)), kit.capture("v2"), run_id
    )
    assert kit.count(writer, "report") == 2
    for view in ("v_report", "v_table3_wide", "v_rates"):
        assert kit.count(writer, view) == 1, view
    assert kit.count(writer, "v_application") == 49
    assert kit.rows(writer, "SELECT granted FROM v_table3_wide") == [(4,)]


def test_rates_use_the_printed_total_and_leave_blanks_null(writer, run_id):
    load_report(
        writer,
        kit.result(agency="甲局", facts=kit.table3(new=10, granted=6, not_held=3)),
        kit.capture("a"),
        run_id,
    )
    load_report(
        writer,
        kit.result(agency="乙局", facts=kit.table3(blanks=("unavailable.not_held",))),
        kit.capture("b"),
        run_id,
    )
    load_report(
        writer,
        kit.result(agency="丙局", facts=kit.table3(blanks=("total_processed",))),
        kit.capture("c"),
        run_id,
    )
    rates = {
        r[0]: r[1:]
        for r in kit.rows(
            writer, "SELECT agency_name, handled, granted_share, not_held_share, withheld_share FROM v_rates"
        )
    }
    assert rates["甲局"] == (9, pytest.approx(6 / 9), pytest.approx(3 / 9), None)
    assert rates["乙局"][2] is None and rates["乙局"][1] == pytest.approx(6 / 9)
    assert rates["丙局"] == (None, None, None, None)


def test_withheld_share_needs_every_reason_printed(writer, run_id):
    withheld = [
        Fact("applications", f"withheld.{r}", "total", v)
        for r, v in (("state_secret", 1), ("third_party_rights", 2))
    ]
    load_report(writer, kit.result(agency="甲局", facts=kit.table3() + withheld), kit.capture("a"), run_id)
    blank = [
        Fact("applications", "withheld.state_secret", "total", 1),
        Fact("applications", "withheld.third_party_rights", "total", None),
    ]
    load_report(writer, kit.result(agency="乙局", facts=kit.table3() + blank), kit.capture("b"), run_id)
    got = dict(kit.rows(writer, "SELECT agency_name, withheld FROM v_rates"))
    assert got == {"甲局": 3, "乙局": None}


def test_the_wide_view_has_one_row_per_agency_year_even_without_table_3(writer, run_id):
    load_report(writer, kit.result(year=2022), kit.capture("a"), run_id)
    load_report(writer, kit.result(year=2015, facts=[], template=None, checks=[]), kit.capture("b"), run_id)
    assert kit.rows(
        writer, "SELECT year, new_received, carried_forward FROM v_table3_wide ORDER BY year"
    ) == [(2015, None, None), (2022, 10, 1)]


def test_coverage_marks_every_status(writer, run_id):
    facts = AgencyFacts(name="厦门市思明区人民政府", expected_years=(2019, 2020, 2021, 2022, 2023))
    failing = [Check("t3.balance", "total", "fail", 10, 12)]
    load_report(writer, kit.result(agency="x", year=2019), kit.capture("19"), run_id, agency=facts)
    load_report(
        writer, kit.result(agency="x", year=2020, checks=failing), kit.capture("20"), run_id, agency=facts
    )
    load_report(
        writer,
        kit.result(agency="x", year=2022, facts=[], template=None, checks=[], error="unreadable PDF"),
        kit.capture("22"),
        run_id,
        agency=facts,
    )
    load_report(
        writer,
        kit.result(agency="x", year=2023, facts=[], template=None, checks=[]),
        kit.capture("23"),
        run_id,
        agency=facts,
    )
    assert kit.rows(writer, "SELECT year, status FROM v_coverage ORDER BY year") == [
        (2019, "ok"),
        (2020, "failed_checks"),
        (2021, "missing"),
        (2022, "failed_to_parse"),
        (2023, "no_table"),
    ]


def test_coverage_without_a_registry_spans_first_report_to_latest_year(writer, run_id):
    load_report(writer, kit.result(agency="甲局", year=2021), kit.capture("a"), run_id)
    load_report(writer, kit.result(agency="乙局", year=2023), kit.capture("b"), run_id)
    got = kit.rows(writer, "SELECT agency_name, year, status FROM v_coverage ORDER BY 1, 2")
    assert got == [
        ("乙局", 2023, "ok"),
        ("甲局", 2021, "ok"),
        ("甲局", 2022, "missing"),
        ("甲局", 2023, "missing"),
    ]


def test_check_summary_counts_current_reports_only(writer, run_id):
    failing = [Check("t3.balance", "total", "fail", 10, 12)]
    load_report(writer, kit.result(published="2024-01-01", checks=failing), kit.capture("old"), run_id)
    load_report(
        writer, kit.result(published="2024-02-01", facts=kit.table3(granted=5)), kit.capture("new"), run_id
    )
    load_report(writer, kit.result(agency="乙局", checks=failing), kit.capture("b"), run_id)
    run_cross_checks(writer)
    summary = {
        r[0]: r[1:]
        for r in kit.rows(writer, "SELECT rule, reports, passed, failed, fail_share FROM v_check_summary")
    }
    assert summary["t3.balance"] == (2, 1, 1, 0.5)
