"""The shipped catalog: registry agencies with their places and parents, resolution rules."""

from __future__ import annotations

import pytest

from extract.registry import load_registry
from warehouse.agencies.model import CATALOG, REGISTRY, UNRESOLVED, UnresolvedAgency
from warehouse.agencies.resolve import facts_for_capture

from .kit import capture

# GB/T 2260 codes of the six districts, as the issue states them.
DISTRICT_CODES = {
    "siming": "350203",
    "huli": "350206",
    "haicang": "350205",
    "jimei": "350211",
    "xmta": "350212",
    "xiangan": "350213",
}


def resolve(catalog, name, source=None, facts=None):
    return catalog.resolve(name, source, facts).row


def test_the_same_bureau_under_three_spellings_is_one_agency(catalog):
    rows = [
        resolve(catalog, "厦门市思明区市政园林局"),
        resolve(catalog, "思明区市政园林局"),
        resolve(catalog, "市政园林局", "url/www.siming.gov.cn"),  # printed on Siming's site
        resolve(catalog, "廈門市 思明區市政園林局"),
    ]
    assert {r.agency_id for r in rows} == {rows[0].agency_id}
    assert (rows[0].name, rows[0].resolution, rows[0].region_code) == (
        "厦门市思明区市政园林局",
        REGISTRY,
        "350203",
    )


def test_common_abbreviations_reach_the_registry_name(catalog):
    pairs = {
        "思明区工业园区管委会": "厦门市思明区工业园区管理委员会",
        "思明区厦港街道": "厦门市思明区厦港街道办事处",
        "思明区厦港街道办": "厦门市思明区厦港街道办事处",
        "湖里区湖里街道": "厦门市湖里区人民政府湖里街道办事处",
        "翔安区新圩镇": "厦门市翔安区新圩镇人民政府",
    }
    for printed, name in pairs.items():
        assert resolve(catalog, printed).name == name, printed


def test_an_unknown_or_placeless_name_is_unresolved_not_guessed(catalog):
    bare = resolve(catalog, "市政园林局")  # no place, no site: could be any district's
    assert bare.resolution == UNRESOLVED
    assert (bare.region_code, bare.level, bare.parent_agency_id) == (None, None, None)
    assert bare.agency_id != resolve(catalog, "思明区市政园林局").agency_id
    on_huli = resolve(catalog, "市政园林局", "huli/x")  # Huli has none: not Siming's either
    assert (on_huli.resolution, on_huli.region_code, on_huli.name) == (
        UNRESOLVED,
        "350206",
        "厦门市湖里区市政园林局",
    )
    with pytest.raises(UnresolvedAgency):
        catalog.resolve(None, "siming/zfb", None)


def test_each_district_government_and_its_office_are_two_agencies(catalog):
    for district in load_registry().districts:
        government = resolve(catalog, f"{district.name}人民政府")
        office = resolve(catalog, f"{district.name}人民政府办公室")
        assert government.agency_id != office.agency_id, district.key
        assert (government.level, office.level) == ("district", "department")
        assert office.parent_agency_id == government.agency_id
        assert resolve(catalog, f"{district.name}政府").agency_id == government.agency_id
        assert resolve(catalog, f"{district.name}政府办").agency_id == office.agency_id


def test_every_registry_agency_has_its_districts_code_level_and_parent(catalog):
    city = resolve(catalog, "厦门市人民政府")
    assert (city.level, city.region_code, city.resolution) == ("city", "350200", CATALOG)
    registry = load_registry()
    for source in registry.sources():
        row = catalog.match(source.agency)
        district = registry.district(source.district)
        government = catalog.match(next(s.agency for s in district.sources if s.level == "district"))
        assert row.region_code == DISTRICT_CODES[district.key], source.key
        assert (row.level, row.source_key, row.city, row.province) == (
            source.level,
            source.key,
            "厦门市",
            "福建省",
        )
        expected_parent = city if source.level == "district" else government
        assert row.parent_agency_id == expected_parent.agency_id, source.key


def test_registry_facts_name_the_column_agency_unless_the_print_is_a_former_name(catalog):
    facts = catalog.facts_for_source_key("huli/wjj")
    column = resolve(catalog, "厦门市湖里区卫生健康局")
    assert resolve(catalog, "湖里区卫健局", "huli/wjj", facts).agency_id == column.agency_id
    # a district report posted in the bureau's column still counts as the column's
    assert resolve(catalog, "湖里区人民政府", "huli/wjj", facts).agency_id == column.agency_id
    former = resolve(catalog, "厦门市湖里区卫生和计划生育局", "huli/wjj", facts)
    assert former.agency_id != column.agency_id
    assert (former.name, former.resolution, former.parent_agency_id) == (
        "厦门市湖里区卫生和计划生育局",
        CATALOG,
        column.parent_agency_id,
    )


def test_a_discovered_column_is_described_by_the_label_the_crawl_recorded(catalog):
    department = facts_for_capture(
        capture(
            "a",
            "siming/fgj",
            {"agency": "思明区发展和改革局", "url": "http://siming.gov.cn/zfxxgkzl/gbmxxgk/fgj/ndbg/"},
        )
    )
    street = facts_for_capture(
        capture(
            "b",
            "siming/ydjd",
            {"agency": "思明区筼筜街道办事处", "url": "http://siming.gov.cn/zfxxgkzl/gjdzfxxgk/ydjd/ndbg/"},
        )
    )
    assert (department.name, department.level, department.region_code, department.parent_name) == (
        "厦门市思明区发展和改革局",
        "department",
        "350203",
        "厦门市思明区人民政府",
    )
    assert (street.name, street.level) == ("厦门市思明区筼筜街道办事处", "street")
    crawled = resolve(catalog, "思明区发改局", "siming/fgj", department)
    ingested = resolve(catalog, "厦门市思明区发展和改革局")  # the same agency, printed in full
    assert crawled.agency_id == ingested.agency_id
    assert (crawled.resolution, ingested.resolution) == (REGISTRY, UNRESOLVED)


def test_only_registered_columns_carry_facts(catalog):
    assert facts_for_capture(capture("c", "siming/fgj")) is None  # no column label
    assert facts_for_capture(capture("d")) is None  # an ingested file
    assert facts_for_capture(capture("e", "url/www.qzfz.gov.cn")) is None
    assert facts_for_capture(capture("f", "siming/szylj")).name == "厦门市思明区市政园林局"


def test_data_file_agencies_sit_under_their_governments(catalog):
    hongze = resolve(catalog, "洪泽区人民政府")
    assert hongze.agency_id == resolve(catalog, "淮安市洪泽区人民政府").agency_id
    assert hongze.parent_agency_id == resolve(catalog, "淮安市人民政府").agency_id
    assert resolve(catalog, "沐阳县人民政府").name == "沭阳县人民政府"
    stcsm = resolve(catalog, "上海市科委")
    assert (stcsm.name, stcsm.level) == ("上海市科学技术委员会", "department")
    assert stcsm.parent_agency_id == resolve(catalog, "上海市人民政府").agency_id
