"""An alias or rename added to a data file re-attributes the reports already stored."""

from __future__ import annotations

import pytest

from warehouse.agencies.data import CatalogError
from warehouse.agencies.resolve import agency_id_for, facts_from_registry
from warehouse.store.agency_sync import sync_agencies
from warehouse.store.load import load_report

from .kit import append, capture, report

TYPO = "厦门市思明区市政和园林局"  # a misprint no rule can know
ALIAS = f"""
[[alias]]
name = "{TYPO}"
agency = "厦门市思明区市政园林局"
note = "test: misprint in a 2020 title"
"""


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def counts(con) -> dict[str, int]:
    return {
        t: rows(con, f"SELECT count(*) FROM {t}")[0][0]
        for t in ("report", "report_lineage", "fact_application", "check_result")
    }


def test_an_alias_added_later_moves_the_stored_report_and_keeps_its_id(writer, run_id, agency_data):
    typo = load_report(writer, report(TYPO, 2020), capture("t20"), run_id)
    crawled = load_report(
        writer,
        report("思明区市政园林局", 2021),
        capture("c21", "siming/szylj"),
        run_id,
        agency=facts_from_registry("siming/szylj"),
    )
    assert typo.agency_id != crawled.agency_id
    assert rows(writer, "SELECT resolution FROM dim_agency WHERE agency_id = ?", [typo.agency_id]) == [
        ("unresolved",)
    ]
    before = counts(writer)

    append(agency_data / "xiamen.toml", ALIAS)
    result = sync_agencies(writer)

    assert (result.changed, result.reports_moved) == (True, 1)
    assert rows(
        writer, "SELECT report_id, agency_id, is_current, agency_name_printed FROM report WHERE year = 2020"
    ) == [(typo.report_id, crawled.agency_id, True, TYPO)]
    assert rows(writer, "SELECT agency_id, year, report_id FROM current_report WHERE year = 2020") == [
        (crawled.agency_id, 2020, typo.report_id)
    ]
    assert rows(writer, "SELECT DISTINCT agency_id FROM fact_application WHERE year = 2020") == [
        (crawled.agency_id,)
    ]
    assert counts(writer) == before  # moved, not copied, not lost
    assert rows(writer, "SELECT count(*) FROM dim_agency WHERE agency_id = ?", [typo.agency_id]) == [
        (0,)
    ]  # the unresolved record had nothing left
    assert rows(writer, "SELECT alias, declared_in FROM agency_alias WHERE alias = ?", [TYPO]) == [
        (TYPO, "xiamen.toml [[alias]] #1")
    ]
    assert sync_agencies(writer).changed is False


def test_the_next_load_applies_a_data_edit_before_loading(writer, run_id, agency_data):
    load_report(writer, report(TYPO, 2020), capture("t20"), run_id)
    append(agency_data / "xiamen.toml", ALIAS)
    again = load_report(writer, report(TYPO, 2020), capture("t20"), run_id)
    assert again.status == "unchanged"
    assert again.agency_id == agency_id_for("厦门市思明区市政园林局")
    assert rows(writer, "SELECT count(*) FROM report") == [(1,)]


def test_one_capture_is_one_report_whoever_it_is_attributed_to(writer, run_id, agency_data):
    first = load_report(writer, report(TYPO, 2020), capture("same"), run_id)
    again = load_report(
        writer,
        report(TYPO, 2020),
        capture("same", "siming/szylj"),
        run_id,
        agency=facts_from_registry("siming/szylj"),
    )
    assert (again.status, again.report_id) == ("rederived", first.report_id)
    assert again.agency_id != first.agency_id
    assert rows(writer, "SELECT count(*), count(*) FILTER (is_current) FROM report") == [(1, 1)]
    append(agency_data / "xiamen.toml", ALIAS)
    assert sync_agencies(writer).reports_moved == 0
    assert rows(writer, "SELECT report_id, agency_id FROM report") == [(first.report_id, again.agency_id)]
    assert rows(writer, "SELECT count(DISTINCT report_id) FROM fact_application") == [(1,)]


def test_removing_a_wrong_alias_moves_the_reports_back(writer, run_id, agency_data):
    append(agency_data / "xiamen.toml", ALIAS)
    load_report(writer, report(TYPO, 2020), capture("t20"), run_id)
    text = (agency_data / "xiamen.toml").read_text(encoding="utf-8")
    (agency_data / "xiamen.toml").write_text(text.replace(ALIAS.strip(), ""), encoding="utf-8")
    sync_agencies(writer)
    assert rows(writer, "SELECT a.name, a.resolution FROM report JOIN dim_agency a USING (agency_id)") == [
        (TYPO, "unresolved")
    ]


def test_a_bad_data_file_stops_the_load_and_changes_nothing(writer, run_id, agency_data):
    load_report(writer, report(TYPO, 2020), capture("t20"), run_id)
    before = rows(writer, "SELECT * FROM report ORDER BY report_id")
    append(
        agency_data / "xiamen.toml",
        """
[[alias]]
name = "某局"
agency = "厦门市思明区并不存在局"
""",
    )
    with pytest.raises(
        CatalogError,
        match=r"xiamen\.toml \[\[alias\]\] #1: '厦门市思明区并不存在局' "
        r"is not a known agency",
    ):
        load_report(writer, report("思明区市政园林局", 2021), capture("c21"), run_id)
    assert rows(writer, "SELECT * FROM report ORDER BY report_id") == before


def test_a_crawled_report_keeps_its_columns_agency_whatever_it_prints(writer, run_id, agency_data):
    column = {"agency": "思明区发展和改革局", "url": "http://siming.gov.cn/zfxxgkzl/gbmxxgk/fgj/ndbg/"}
    crawled = capture("x", "siming/fgj", column)
    from warehouse.agencies.resolve import facts_for_capture

    kept = load_report(writer, report("某不明名称", 2022), crawled, run_id, agency=facts_for_capture(crawled))
    append(agency_data / "xiamen.toml", ALIAS)  # any edit: every report is resolved again
    assert sync_agencies(writer).reports_moved == 0
    assert rows(
        writer, "SELECT r.agency_id, a.name, a.resolution FROM report r JOIN dim_agency a USING (agency_id)"
    ) == [(kept.agency_id, "厦门市思明区发展和改革局", "registry")]


def test_a_column_of_another_registry_file_is_left_where_it_is(writer, run_id, agency_data):
    from warehouse.agencies.resolve import AgencyFacts

    facts = AgencyFacts(
        name="某县教育局",
        region_code="990101",
        district="某县",
        level="department",
        parent_name="某县人民政府",
    )
    kept = load_report(writer, report("教育局", 2022), capture("n", "newcounty/jyj"), run_id, agency=facts)
    append(agency_data / "xiamen.toml", ALIAS)
    assert sync_agencies(writer).reports_moved == 0
    assert rows(
        writer, "SELECT r.agency_id, a.name, a.level FROM report r JOIN dim_agency a USING (agency_id)"
    ) == [(kept.agency_id, "某县教育局", "department")]


def test_a_warehouse_from_before_agency_identity_is_rekeyed_once(writer, run_id):
    """Before issue 8, agency_id hashed the printed name and unknown names were 'report_name'."""
    import hashlib

    loaded = load_report(writer, report("洪泽区人民政府", 2023), capture("h"), run_id)
    legacy_id = "ag_" + hashlib.sha256("洪泽区人民政府".encode()).hexdigest()[:12]
    writer.execute(  # migration 0005 turned the old 'report_name' into 'unresolved'
        "INSERT INTO dim_agency (agency_id, name, resolution) VALUES (?, '洪泽区人民政府', 'unresolved')",
        [legacy_id],
    )
    for table in ("current_report", "report", "fact_application", "fact_review_litigation", "fact_proactive"):
        writer.execute(f"UPDATE {table} SET agency_id = ? WHERE agency_id = ?", [legacy_id, loaded.agency_id])
    writer.execute("DELETE FROM agency_sync")

    result = sync_agencies(writer)

    assert result.reports_moved == 1
    assert rows(writer, "SELECT report_id, agency_id FROM report") == [(loaded.report_id, loaded.agency_id)]
    assert rows(
        writer, "SELECT name, resolution FROM dim_agency WHERE agency_id = ?", [loaded.agency_id]
    ) == [("淮安市洪泽区人民政府", "catalog")]
    assert rows(
        writer,
        "SELECT count(*) FROM dim_agency WHERE resolution NOT IN "
        "('registry', 'catalog', 'unresolved') OR agency_id = ?",
        [legacy_id],
    ) == [(0,)]
