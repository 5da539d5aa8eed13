"""Reports loaded into a real warehouse land on one agency per real agency."""

from __future__ import annotations

from warehouse.agencies.resolve import agency_id_for, facts_from_registry
from warehouse.store.load import load_report

from .kit import capture, report


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def test_three_spellings_load_as_one_agency_with_every_printed_name(writer, run_id):
    outcomes = [
        load_report(writer, report("厦门市思明区市政园林局", 2021), capture("a"), run_id),
        load_report(writer, report("思明区市政园林局", 2022), capture("b"), run_id),
        load_report(
            writer,
            report("市政园林局", 2023),
            capture("c", url="http://siming.gov.cn/x/t1.htm", source="url/siming.gov.cn"),
            run_id,
        ),
    ]
    assert {o.status for o in outcomes} == {"new"}
    assert {o.agency_id for o in outcomes} == {agency_id_for("厦门市思明区市政园林局")}
    (agency,) = rows(
        writer,
        "SELECT name, level, region_code, parent_name, printed_names, years FROM v_agency WHERE reports > 0",
    )
    assert agency == (
        "厦门市思明区市政园林局",
        "department",
        "350203",
        "厦门市思明区人民政府",
        ["厦门市思明区市政园林局", "市政园林局", "思明区市政园林局"],
        [2021, 2022, 2023],
    )


def test_a_district_government_and_its_office_stay_two_agencies_in_one_year(writer, run_id):
    government = load_report(writer, report("思明区人民政府", 2022), capture("g"), run_id)
    office = load_report(writer, report("思明区人民政府办公室", 2022), capture("o"), run_id)
    assert government.status == office.status == "new"
    assert government.agency_id != office.agency_id
    assert rows(writer, "SELECT count(*) FROM report WHERE is_current AND year = 2022") == [(2,)]
    assert rows(
        writer,
        "SELECT a.name, a.level, p.name FROM report r JOIN dim_agency a "
        "USING (agency_id) LEFT JOIN dim_agency p ON p.agency_id = "
        "a.parent_agency_id ORDER BY a.name",
    ) == [
        ("厦门市思明区人民政府", "district", "厦门市人民政府"),
        ("厦门市思明区人民政府办公室", "department", "厦门市思明区人民政府"),
    ]


def test_an_unknown_name_is_stored_as_unresolved_and_guesses_nothing(writer, run_id):
    outcome = load_report(writer, report("某某区不存在局", 2023), capture("u"), run_id)
    assert outcome.status == "new"
    assert rows(
        writer,
        "SELECT name, resolution, region_code, level, parent_agency_id FROM dim_agency WHERE agency_id = ?",
        [outcome.agency_id],
    ) == [("某某区不存在局", "unresolved", None, None, None)]


def test_a_crawled_report_lands_on_its_columns_agency_with_expected_years(writer, run_id):
    facts = facts_from_registry("jimei/XM03125")
    outcome = load_report(
        writer, report("集美区审计局", 2023), capture("j", "jimei/XM03125"), run_id, agency=facts
    )
    assert rows(
        writer,
        "SELECT name, region_code, district, level, resolution, source_key "
        "FROM dim_agency WHERE agency_id = ?",
        [outcome.agency_id],
    ) == [("厦门市集美区审计局", "350211", "集美区", "department", "registry", "jimei/XM03125")]
    assert rows(
        writer,
        "SELECT list(year ORDER BY year) FROM agency_expected_year WHERE agency_id = ?",
        [outcome.agency_id],
    ) == [(list(facts.expected_years),)]
    assert facts.expected_years[-7:] == (2019, 2020, 2021, 2022, 2023, 2024, 2025)


def test_the_corpus_links_hongze_across_its_two_spellings(writer, run_id):
    first = load_report(writer, report("洪泽区人民政府", 2023, carried_forward=4), capture("h23"), run_id)
    second = load_report(writer, report("淮安市洪泽区人民政府", 2024, carried_over=4), capture("h24"), run_id)
    assert first.agency_id == second.agency_id
    from warehouse.store.crosschecks import run_cross_checks

    run_cross_checks(writer)
    assert rows(
        writer,
        "SELECT DISTINCT status FROM check_result c JOIN report r "
        "USING (report_id) WHERE rule = 'cross.carryover' AND r.year = 2024",
    ) == [("pass",)]
