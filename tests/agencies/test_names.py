"""Reading agency names: place prefixes, abbreviations, and never a guess."""

from __future__ import annotations

from warehouse.agencies.names import Gazetteer, NameReader, NamingRules, Region, name_form

SIMING, GULOU_FZ = Region("350203", "思明区"), Region("350102", "鼓楼区")
GAZETTEER = Gazetteer(
    [
        Region("350000", "福建省"),
        Region("350200", "厦门市"),
        SIMING,
        Region("350206", "湖里区"),
        Region("350100", "福州市"),
        GULOU_FZ,
        Region("320100", "南京市"),
        Region("320106", "鼓楼区"),
        Region("320800", "淮安市"),
        Region("320813", "洪泽区"),
        Region("321322", "沭阳县", ("沐阳县",)),
        Region("310000", "上海市"),
    ]
)
RULES = NamingRules(
    equivalent={"": "人民政府", "政府": "人民政府", "政府办": "人民政府办公室"},
    endings={"街道": "街道办事处", "镇": "镇人民政府"},
    nested=("人民政府",),
)
READER = NameReader(GAZETTEER, RULES)


def keys(*names: str, scope: Region | None = None) -> set[str]:
    return {READER.parse(n, scope).key for n in names}


def test_names_compare_without_width_script_or_spaces():
    assert name_form("廈門市 思明區\u3000市政園林局") == "厦门市思明区市政园林局"
    assert name_form("ＡＢ局（一）") == "AB局(一)"


def test_the_innermost_place_is_read_and_only_places_inside_the_previous_one():
    parsed = READER.parse("福建省厦门市思明区市政园林局")
    assert (parsed.region.code, parsed.rest, parsed.placed_by) == ("350203", "市政园林局", "name")
    assert READER.parse("洪泽区人民政府").region.code == "320813"
    stray = READER.parse("厦门市洪泽区人民政府")  # 洪泽区 is not in 厦门市: not read as a place
    assert (stray.region.code, stray.rest) == ("350200", "洪泽区人民政府")
    assert READER.parse("上海市科委").region.code == "310000"


def test_an_ambiguous_place_is_read_only_where_the_site_says():
    assert READER.parse("鼓楼区教育局").region is None
    assert READER.parse("鼓楼区教育局", scope=GULOU_FZ).region.code == "350102"
    assert READER.parse("南京市鼓楼区教育局").region.code == "320106"


def test_a_bare_name_is_placed_by_the_scope_or_nowhere():
    assert READER.parse("市政园林局").region is None
    assert READER.parse("市政园林局").placed_by == ""
    scoped = READER.parse("市政园林局", scope=SIMING)
    assert (scoped.region.code, scoped.placed_by) == ("350203", "scope")
    assert scoped.key == READER.parse("厦门市思明区市政园林局").key
    assert READER.parse("市政园林局").key != scoped.key


def test_abbreviations_meet_but_a_government_and_its_office_stay_apart():
    government = keys("厦门市思明区人民政府", "思明区政府", "思明区", "廈門市思明區人民政府")
    office = keys("厦门市思明区人民政府办公室", "思明区政府办")
    assert len(government) == 1 and len(office) == 1
    assert government != office


def test_a_street_under_the_district_government_is_the_street():
    street = keys("厦门市湖里区人民政府湖里街道办事处", "湖里区湖里街道办事处", "湖里区湖里街道")
    assert len(street) == 1
    assert street != keys("湖里区人民政府")
    assert keys("思明区新圩镇") == keys("思明区新圩镇人民政府")


def test_a_misprinted_place_can_be_an_alias_of_the_real_one():
    assert keys("沐阳县人民政府") == keys("沭阳县人民政府")


def test_a_full_name_carries_the_whole_place():
    assert READER.full_name(READER.parse("思明区发展和改革局")) == "厦门市思明区发展和改革局"
    assert (
        READER.full_name(READER.parse("湖里区人民政府江头街道办事处"), keep_rest=True)
        == "厦门市湖里区人民政府江头街道办事处"
    )
    assert READER.full_name(READER.parse("淮安市人民政府")) == "淮安市人民政府"
    assert READER.full_name(READER.parse("甲局")) == "甲局"
