"""Bad agency data is refused with the file, the entry and the problem, never half-read."""

from __future__ import annotations

import pytest

from extract.registry import load_registry
from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.data import CatalogError, load_agency_data

from .kit import append, copy_agency_data


@pytest.fixture
def data(tmp_path):
    return copy_agency_data(tmp_path / "agencies")


def build(data):
    return AgencyCatalog(load_registry(), load_agency_data(data))


def refused(data, text: str, file: str = "xiamen.toml") -> str:
    append(data / file, text)
    with pytest.raises(CatalogError) as caught:
        build(data)
    return str(caught.value)


def test_an_alias_cannot_merge_two_known_agencies(data):
    message = refused(data, '[[alias]]\nname = "思明区人民政府办公室"\nagency = "厦门市思明区人民政府"\n')
    assert "xiamen.toml [[alias]] #1" in message
    assert "reads as the same agency as '厦门市思明区人民政府办公室'" in message


def test_an_alias_must_point_at_a_known_agency(data):
    message = refused(data, '[[alias]]\nname = "某局"\nagency = "厦门市某不存在局"\n')
    assert "[[alias]] #1: '厦门市某不存在局' is not a known agency" in message


def test_a_rename_circle_is_refused(data):
    message = refused(
        data,
        """
[[rename]]
from = "厦门市思明区市政园林局"
to = "厦门市思明区市容局"
year = 2020

[[rename]]
from = "厦门市思明区市容局"
to = "厦门市思明区市政园林局"
year = 2022
""",
    )
    assert "renames go round in a circle" in message


def test_a_rename_of_nothing_known_is_refused(data):
    message = refused(data, '[[rename]]\nfrom = "甲局"\nto = "乙局"\nyear = 2020\n')
    assert "[[rename]] #4: none of 甲局, 乙局 is a known agency" in message


def test_an_agency_needs_a_known_region_and_a_year_needs_to_be_a_year(data):
    assert "region 440100 is not in regions.csv" in refused(
        data, '[[agency]]\nname = "广州市人民政府"\nregion = "440100"\nlevel = "city"\n'
    )
    fresh = copy_agency_data(data.parent / "again")
    assert "'year' must be the first covered year" in refused(
        fresh, '[[rename]]\nfrom = "甲局"\nto = "厦门市思明区市政园林局"\nyear = "2020"\n'
    )


def test_a_name_placed_elsewhere_than_declared_is_refused(data):
    message = refused(
        data, '[[agency]]\nname = "厦门市湖里区某局"\nregion = "350203"\nlevel = "department"\n'
    )
    assert "names the place 湖里区 but is declared in 思明区 (350203)" in message


def test_missing_files_and_malformed_regions_are_named(data):
    (data / "naming.toml").unlink()
    with pytest.raises(CatalogError, match=r"naming\.toml: missing"):
        load_agency_data(data)
    fresh = copy_agency_data(data.parent / "again")
    append(fresh / "regions.csv", "3502,厦门,,")
    with pytest.raises(CatalogError, match=r"regions\.csv:\d+: want a 6-digit"):
        load_agency_data(fresh)
    fresh = copy_agency_data(data.parent / "third")
    append(fresh / "shanghai.toml", "[[agencies]]\nname = 'x'")
    with pytest.raises(CatalogError, match=r"shanghai\.toml: unknown tables \['agencies'\]"):
        load_agency_data(fresh)
