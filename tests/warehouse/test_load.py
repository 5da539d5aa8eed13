"""Loading into a real DuckDB file: idempotence, revisions, re-derivation, refusals, atomicity."""

from __future__ import annotations

import duckdb
import pytest
import warehouse_kit as kit

import transform
import warehouse.store.load as load_module
from extract.archive import Capture
from transform.model import Fact
from warehouse.agencies.resolve import AgencyFacts, agency_id_for
from warehouse.store.load import LoadItem, load_report, load_reports
from warehouse.store.runs import finish_run, start_run


def wide(con) -> dict[tuple[str, int], tuple]:
    return {(r[1], r[3]): r[5:] for r in kit.rows(con, "SELECT * FROM v_table3_wide")}


def test_a_report_lands_with_its_facts_checks_and_lineage(writer, run_id):
    capture = kit.capture("page", source="siming/zfb", headers={"Content-Type": "text/html", "ETag": "x1"})
    outcome = load_report(writer, kit.result(published="2024-01-18"), capture, run_id)
    assert outcome.status == "new" and outcome.fact_rows == 49
    report = kit.rows(
        writer,
        "SELECT agency_id, year, template, source_url, "
        "published_date::VARCHAR, fetched_at::VARCHAR, content_sha256, "
        "parser_version, is_current, parse_status FROM report",
    )
    assert report == [
        (
            agency_id_for("厦门市测试区人民政府"),
            2023,
            "2021",
            capture.url,
            "2024-01-18",
            "2024-01-20 08:00:00",
            capture.sha256,
            transform.PARSER_VERSION,
            True,
            "parsed",
        )
    ]
    assert kit.rows(
        writer,
        "SELECT value FROM fact_application WHERE disposition = "
        "'unavailable.not_held' AND applicant = 'total'",
    ) == [(3,)]
    lineage = kit.rows(
        writer, "SELECT origin, http_status, content_type, headers_json, source_key FROM report_lineage"
    )
    assert lineage == [
        ("crawl", 200, "text/html", '{"Content-Type": "text/html", "ETag": "x1"}', "siming/zfb")
    ]
    assert kit.rows(writer, "SELECT rule, subject, status FROM check_result") == [
        ("t3.balance", "total", "pass")
    ]


def test_reloading_the_same_bytes_changes_nothing(writer, run_id):
    load_report(writer, kit.result(), kit.capture("page"), run_id)
    before = kit.table_counts(writer)
    again = load_report(writer, kit.result(), kit.capture("page"), start_run(writer, "again"))
    assert again.status == "unchanged"
    assert kit.table_counts(writer) == before


def test_new_bytes_with_the_same_content_are_not_a_revision(writer, run_id):
    load_report(writer, kit.result(), kit.capture("page, 1234 visits"), run_id)
    outcome = load_report(writer, kit.result(), kit.capture("page, 1299 visits"), run_id)
    assert outcome.status == "unchanged" and "same content" in outcome.reason
    assert kit.count(writer, "report") == 1


def test_a_changed_report_is_a_revision_and_only_its_agency_year_changes(writer, run_id):
    load_report(writer, kit.result(year=2022, published="2023-01-10"), kit.capture("a22"), run_id)
    load_report(writer, kit.result(year=2023, published="2024-01-10"), kit.capture("a23"), run_id)
    load_report(
        writer,
        kit.result(agency="厦门市别的局", year=2023, published="2024-01-10"),
        kit.capture("b23"),
        run_id,
    )
    before = wide(writer)
    corrected = kit.result(year=2023, published="2024-02-01", facts=kit.table3(not_held=5))
    outcome = load_report(writer, corrected, kit.capture("a23 corrected"), run_id)
    assert outcome.status == "revision"
    versions = kit.rows(
        writer,
        "SELECT is_current, published_date::VARCHAR FROM report "
        "WHERE agency_id = ? AND year = 2023 ORDER BY 2",
        [outcome.agency_id],
    )
    assert versions == [(False, "2024-01-10"), (True, "2024-02-01")]
    after = wide(writer)
    changed = {key for key in before if before[key] != after[key]}
    assert changed == {(outcome.agency_id, 2023)}
    assert kit.rows(
        writer,
        "SELECT unavailable_not_held FROM v_table3_wide WHERE agency_id = ? AND year = 2023",
        [outcome.agency_id],
    ) == [(5,)]
    assert kit.count(writer, "v_revisions") == 2


def test_an_older_version_loaded_later_does_not_become_current(writer, run_id):
    load_report(
        writer,
        kit.result(published="2024-03-01", facts=kit.table3(not_held=5)),
        kit.capture("corrected"),
        run_id,
    )
    late = load_report(writer, kit.result(published="2024-01-10"), kit.capture("original"), run_id)
    assert late.status == "revision"
    assert kit.rows(writer, "SELECT published_date::VARCHAR FROM report WHERE is_current") == [
        ("2024-03-01",)
    ]


def test_revisions_fetched_within_the_same_second_follow_the_order_they_were_loaded(writer):
    """Fetch times are to the second; a tie must not fall back on the report id's hash."""
    for n in range(1, 7):
        outcome = load_report(
            writer,
            kit.result(facts=kit.table3(not_held=n)),
            kit.capture(f"revision {n}"),
            start_run(writer, f"run {n}"),
        )
        assert kit.rows(writer, "SELECT report_id FROM report WHERE is_current") == [(outcome.report_id,)], (
            f"revision {n}"
        )


def test_a_new_parser_version_rederives_the_same_report(writer, run_id, monkeypatch):
    monkeypatch.setattr(transform, "PARSER_VERSION", "0.9+old")
    first = load_report(writer, kit.result(facts=kit.table3(not_held=2)), kit.capture("p"), run_id)
    monkeypatch.setattr(transform, "PARSER_VERSION", "1.0+new")
    again = load_report(writer, kit.result(facts=kit.table3(not_held=3)), kit.capture("p"), run_id)
    assert again.status == "rederived" and again.report_id == first.report_id
    assert kit.rows(writer, "SELECT parser_version, is_current FROM report") == [("1.0+new", True)]
    assert kit.rows(
        writer,
        "SELECT value FROM fact_application WHERE disposition = "
        "'unavailable.not_held' AND applicant = 'total'",
    ) == [(3,)]


@pytest.mark.parametrize(
    ("result", "capture", "reason"),
    [
        (kit.result(agency=None), kit.capture("x"), "agency could not be determined"),
        (kit.result(year=None, title="工作报告"), kit.capture("x"), "year the report covers"),
        (kit.result(year=1850), kit.capture("x"), "implausible"),
        (kit.result(), Capture(url="https://www.test.gov.cn/x.htm"), "no archived bytes"),
    ],
)
def test_unloadable_reports_are_rejected_with_a_reason(writer, run_id, result, capture, reason):
    outcome = load_report(writer, result, capture, run_id)
    assert outcome.status == "rejected" and reason in outcome.reason
    assert kit.count(writer, "report") == 0
    assert kit.rows(writer, "SELECT outcome, source_url FROM load_event") == [("rejected", capture.url)]


def test_year_falls_back_to_capture_metadata_then_title_with_a_warning(writer, run_id):
    by_meta = load_report(
        writer, kit.result(year=None, title="无年份"), kit.capture("m", meta={"year": 2021}), run_id
    )
    by_title = load_report(
        writer, kit.result(year=None, title="二〇二二年度信息公开年报"), kit.capture("t"), run_id
    )
    assert (by_meta.year, by_title.year) == (2021, 2022)
    warnings = [w for (ws,) in kit.rows(writer, "SELECT warnings FROM report ORDER BY year") for w in ws]
    assert any("capture metadata" in w for w in warnings)
    assert any("title" in w for w in warnings)


def test_one_bad_report_does_not_stop_its_batch(writer, run_id):
    items = [LoadItem(kit.result(agency=f"第{i}局"), kit.capture(f"r{i}")) for i in range(5)]
    items[2] = LoadItem(kit.result(agency=None), kit.capture("bad"))
    outcomes = load_reports(writer, items, run_id, batch_size=10)
    assert [o.status for o in outcomes] == ["new", "new", "rejected", "new", "new"]
    assert kit.count(writer, "report") == 4


def test_a_database_error_in_a_batch_is_isolated_to_its_report(writer, run_id, monkeypatch):
    real = load_module._insert_reports

    def refuse_agency_3(con, plan, staged, register):
        if any(p.report_row["agency_name_printed"] == "第3局" for p in plan.writes):
            raise duckdb.ConstraintException("simulated constraint violation")
        return real(con, plan, staged, register)

    monkeypatch.setattr(load_module, "_insert_reports", refuse_agency_3)
    items = [LoadItem(kit.result(agency=f"第{i}局"), kit.capture(f"r{i}")) for i in range(5)]
    outcomes = load_reports(writer, items, run_id, batch_size=5)
    assert [o.status for o in outcomes] == ["new", "new", "new", "rejected", "new"]
    assert "simulated constraint violation" in outcomes[3].reason
    assert kit.count(writer, "report") == 4
    assert kit.rows(
        writer, "SELECT count(*) FROM fact_application WHERE report_id NOT IN (SELECT report_id FROM report)"
    ) == [(0,)]


def test_two_versions_in_one_batch(writer, run_id):
    items = [
        LoadItem(kit.result(published="2024-01-01"), kit.capture("v1")),
        LoadItem(kit.result(published="2024-02-01", facts=kit.table3(granted=5)), kit.capture("v2")),
        LoadItem(kit.result(published="2024-01-01"), kit.capture("v1")),
    ]
    outcomes = load_reports(writer, items, run_id)
    assert [o.status for o in outcomes] == ["new", "revision", "unchanged"]
    assert kit.rows(writer, "SELECT count(*), count(*) FILTER (is_current) FROM report") == [(2, 1)]


def test_registry_facts_name_the_agency_and_upgrade_a_printed_name(writer, run_id):
    printed = load_report(
        writer, kit.result(agency="厦门市思明区人民政府办公室", year=2022), kit.capture("file"), run_id
    )
    facts = AgencyFacts(
        name="厦门市思明区人民政府办公室",
        region_code="350203",
        district="思明区",
        level="department",
        parent_name="厦门市思明区人民政府",
        site_url="http://siming.gov.cn/",
        expected_years=(2022, 2023),
    )
    crawled = load_report(
        writer,
        kit.result(agency="思明区政府办", year=2023),
        kit.capture("crawl", source="siming/zfb"),
        run_id,
        agency=facts,
    )
    assert crawled.agency_id == printed.agency_id
    assert kit.rows(
        writer,
        "SELECT name, region_code, district, level, parent_agency_id, "
        "resolution, source_key FROM dim_agency WHERE agency_id = ?",
        [crawled.agency_id],
    ) == [
        (
            "厦门市思明区人民政府办公室",
            "350203",
            "思明区",
            "department",
            agency_id_for("厦门市思明区人民政府"),
            "registry",
            "siming/zfb",
        )
    ]
    assert kit.rows(writer, "SELECT agency_name_printed FROM report WHERE year = 2023") == [("思明区政府办",)]
    assert kit.rows(writer, "SELECT year FROM agency_expected_year ORDER BY 1") == [(2022,), (2023,)]


def test_a_failed_parse_lands_as_failed_to_parse(writer, run_id):
    failed = kit.result(facts=[], template=None, checks=[], error="PDF has no text layer")
    outcome = load_report(writer, failed, kit.capture("scan"), run_id)
    assert outcome.status == "new"
    assert kit.rows(writer, "SELECT status FROM v_coverage") == [("failed_to_parse",)]


def test_narrative_numbers_of_a_report_without_tables_are_kept(writer, run_id):
    old = kit.result(year=2015, facts=[], template=None, checks=[], narrative={"requests_received": 21})
    load_report(writer, old, kit.capture("2015"), run_id)
    assert kit.rows(writer, "SELECT key, value FROM report_narrative") == [("requests_received", 21.0)]
    assert kit.rows(writer, "SELECT parse_status FROM report") == [("no_table",)]


def test_run_counts_come_from_what_happened(writer, run_id):
    load_report(writer, kit.result(), kit.capture("a"), run_id)
    load_report(writer, kit.result(), kit.capture("a"), run_id)
    load_report(writer, kit.result(facts=kit.table3(granted=5)), kit.capture("b"), run_id)
    load_report(writer, kit.result(agency=None), kit.capture("c"), run_id)
    summary = finish_run(writer, run_id)
    assert (
        summary.seen,
        summary.new,
        summary.unchanged,
        summary.revised,
        summary.rejected,
        summary.fact_rows,
    ) == (4, 1, 1, 1, 1, 98)
    assert kit.rows(writer, "SELECT status, finished_at IS NOT NULL FROM load_run") == [("succeeded", True)]


def test_a_report_with_one_cell_that_is_not_a_count_loads_whole(writer, run_id):
    """The odd cell is stored as printed with no value and a failing check; the report is
    current and every other cell is there."""
    facts = [
        Fact("applications", "granted", "total", 1.5, "1.5"),
        Fact("applications", "other", "total", 4, "4"),
    ]
    outcome = load_report(writer, kit.result(facts=facts), kit.capture("odd"), run_id)
    assert outcome.status == "new"
    rows = writer.execute(
        "SELECT disposition::VARCHAR, value, raw_text, is_blank FROM fact_application "
        "WHERE report_id = ? ORDER BY disposition",
        [outcome.report_id],
    ).fetchall()
    assert rows == [("granted", None, "1.5", False), ("other", 4, None, False)]
    current = writer.execute(
        "SELECT is_current FROM report WHERE report_id = ?", [outcome.report_id]
    ).fetchall()
    assert current == [(True,)]
    checks = writer.execute(
        "SELECT rule, subject, status FROM check_result WHERE report_id = ? AND rule = 'cell.not_a_count'",
        [outcome.report_id],
    ).fetchall()
    assert checks == [("cell.not_a_count", "applications/granted/total", "fail")]


def test_loading_runs_duckdb_on_load_threads_only_while_it_loads(writer, run_id, monkeypatch):
    """The loader runs DuckDB on LOAD_THREADS threads while it loads and gives the setting
    back after, also when the load fails."""

    def threads() -> int:
        return kit.rows(writer, "SELECT current_setting('threads')")[0][0]

    writer.execute("SET threads = 3")
    seen = []
    real = load_module._prepared

    def spy(item, version, run):
        seen.append(threads())
        return real(item, version, run)

    monkeypatch.setattr(load_module, "_prepared", spy)
    load_reports(writer, [LoadItem(kit.result(), kit.capture("page"), None)], run_id)
    assert seen == [load_module.LOAD_THREADS] and threads() == 3

    def broken(item, version, run):
        raise RuntimeError("prepare failed")

    monkeypatch.setattr(load_module, "_prepared", broken)
    with pytest.raises(RuntimeError, match="prepare failed"):
        load_reports(writer, [LoadItem(kit.result(), kit.capture("other"), None)], run_id)
    assert threads() == 3
