"""Renames and mergers as data: a continuous series where the agency continued, never a merge
of two agencies that both still exist."""

from __future__ import annotations

from warehouse.agencies.resolve import agency_id_for, facts_from_registry
from warehouse.store.load import load_report

from .kit import append, capture, report

OLD, NEW = "厦门市思明区市容管理局", "厦门市思明区市政园林局"  # NEW is the registry's szylj column
RENAME = f"""
[[rename]]
from = "{OLD}"
to = "{NEW}"
year = 2021
note = "test: a bureau renamed by a reform"
"""


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def load_years(writer, run_id, name, years, source=None):
    facts = facts_from_registry(source) if source else None
    return [
        load_report(writer, report(name, year), capture(f"{name}{year}", source), run_id, agency=facts)
        for year in years
    ]


def test_a_renamed_bureaus_series_continues_and_old_and_new_stay_apart(writer, run_id, agency_data):
    append(agency_data / "xiamen.toml", RENAME)
    old = load_years(writer, run_id, "思明区市容管理局", [2019, 2020])  # ingested
    new = load_years(writer, run_id, "思明区市政园林局", [2021, 2022], "siming/szylj")  # crawled
    # a pre-rename report still sitting in the renamed bureau's column keeps the old name
    late = load_years(writer, run_id, OLD, [2018], "siming/szylj")
    old_id, new_id = agency_id_for(OLD), agency_id_for(NEW)
    assert {o.agency_id for o in old + late} == {old_id} and {o.agency_id for o in new} == {new_id}
    assert rows(
        writer,
        "SELECT year, series_id, agency_id, agency_name, under_former_name "
        "FROM v_agency_series ORDER BY year",
    ) == [
        (2018, new_id, old_id, OLD, True),
        (2019, new_id, old_id, OLD, True),
        (2020, new_id, old_id, OLD, True),
        (2021, new_id, new_id, NEW, False),
        (2022, new_id, new_id, NEW, False),
    ]
    assert rows(
        writer, "SELECT count(*), count(DISTINCT agency_id), count(DISTINCT series_id) FROM v_table3_series"
    ) == [(5, 2, 1)]
    assert rows(writer, "SELECT predecessors FROM v_agency WHERE agency_id = ?", [new_id]) == [
        ([f"{OLD} (2021)"],)
    ]


def test_a_rename_the_reports_contradict_continues_nothing(writer, run_id, agency_data):
    append(agency_data / "xiamen.toml", RENAME)
    load_years(writer, run_id, OLD, [2020, 2021])  # the old bureau still reports for 2021
    load_years(writer, run_id, NEW, [2021, 2022], "siming/szylj")
    assert rows(
        writer, "SELECT continues_series, contradiction FROM v_agency_link WHERE predecessor_name = ?", [OLD]
    ) == [(False, "the old agency still reported for 2021")]
    assert rows(
        writer, "SELECT year, count(DISTINCT series_id) FROM v_agency_series GROUP BY year ORDER BY year"
    ) == [(2020, 1), (2021, 2), (2022, 1)]


def test_a_merger_is_recorded_but_merges_no_series(writer, run_id, agency_data):
    append(
        agency_data / "xiamen.toml",
        """
[[rename]]
from = ["厦门市思明区文化局", "厦门市思明区旅游局"]
to = "厦门市思明区文化和旅游局"
year = 2019
""",
    )
    load_years(writer, run_id, "思明区文化局", [2017, 2018])
    load_years(writer, run_id, "思明区旅游局", [2017, 2018])
    load_years(writer, run_id, "思明区文化和旅游局", [2019, 2020], "siming/whtycbj")
    links = rows(
        writer, "SELECT predecessor_name, kind, continues_series, contradiction FROM v_agency_link ORDER BY 1"
    )
    assert [link for link in links if "思明" in link[0]] == [
        ("厦门市思明区文化局", "merger", False, None),
        ("厦门市思明区旅游局", "merger", False, None),
    ]
    assert rows(
        writer,
        "SELECT year, count(*), count(DISTINCT series_id) FROM v_agency_series GROUP BY year ORDER BY year",
    ) == [(2017, 2, 2), (2018, 2, 2), (2019, 1, 1), (2020, 1, 1)]
    predecessors = rows(
        writer,
        "SELECT level, region_code, parent_name, resolution FROM "
        "v_agency WHERE name IN ('厦门市思明区文化局', '厦门市思明区旅游局')",
    )
    assert predecessors == [("department", "350203", "厦门市思明区人民政府", "catalog")] * 2


def test_a_chain_of_renames_is_one_series(writer, run_id, agency_data):
    append(
        agency_data / "xiamen.toml",
        f"""
[[rename]]
from = "厦门市思明区园林局"
to = "{OLD}"
year = 2019

{RENAME}""",
    )
    load_years(writer, run_id, "厦门市思明区园林局", [2018])
    load_years(writer, run_id, OLD, [2019, 2020])
    load_years(writer, run_id, NEW, [2021], "siming/szylj")
    assert rows(
        writer,
        "SELECT count(DISTINCT series_id), count(DISTINCT agency_id), "
        "any_value(series_name) FROM v_agency_series",
    ) == [(1, 3, NEW)]
