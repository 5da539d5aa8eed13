"""The registry: the six districts as declared, and clear errors for malformed files."""

from __future__ import annotations

import pytest

from extract.registry import (
    RegistryError,
    adhoc_source,
    discovered_source,
    load_district,
    load_registry,
    parse_years,
)

MINIMAL = """
key = "demo"
name = "示范区"
allowed_hosts = ["www.demo.gov.cn"]
[[source]]
code = "qzf"
agency = "示范区人民政府"
level = "district"
column = "http://www.demo.gov.cn/ndbg/"
"""


def test_the_six_xiamen_districts_with_their_real_roots():
    registry = load_registry()
    assert {d.key for d in registry.districts} == {"siming", "huli", "haicang", "jimei", "xmta", "xiangan"}
    for district in registry.districts:
        levels = {s.level for s in district.sources}
        assert "district" in levels and "department" in levels, district.key
        for source in district.sources:
            assert source.key.startswith(district.key + "/")
            assert source.allow.check(source.hosts.rewrite(source.column_url)) is None
            assert {2019, 2025} <= source.expected_years
    assert registry.source("siming/qrmzf").column_url == "http://siming.gov.cn/zfxxgkzl/qrmzf/ndbg/"
    assert registry.source("siming/qrmzf").expected_years >= {2012}
    assert registry.source("siming/kjhxxhj").moved_to.endswith("/kjhxxhj/zfxxgkml/")
    jimei = registry.district("jimei")
    assert jimei.hosts.rewrite("https://iqb.jimei.gov.cn/zfxxgk/a.htm").startswith(
        "https://www.jimei.gov.cn/"
    )
    assert (
        registry.district("siming").discovery.column_code(
            "http://siming.gov.cn/zfxxgkzl/gjdzfxxgk/xgjd/ndbg/"
        )
        == "xgjd"
    )
    assert registry.district("haicang").discovery is None


def test_a_new_district_is_a_new_file(tmp_path):
    (tmp_path / "demo.toml").write_text(MINIMAL, encoding="utf-8")
    (district,) = load_registry(tmp_path).districts
    (source,) = district.sources
    assert (source.key, source.family, source.years) == ("demo/qzf", "trs", tuple(range(2019, 2026)))
    assert source.politeness.rate == 2.0 and source.verify_tls


@pytest.mark.parametrize(
    "change,message",
    [
        ('column = "http://www.demo.gov.cn/ndbg/"', "missing required field 'column'"),
        ('level = "district"', "level 'province'"),
        ("family", "unknown family 'wordpress'"),
        ("allowed_hosts", "off the district allow-list"),
        ("years", "cannot read years"),
    ],
)
def test_malformed_files_name_the_file_and_the_problem(tmp_path, change, message):
    text = MINIMAL
    if change.startswith("column"):
        text = text.replace(change, "")
    elif change.startswith("level"):
        text = text.replace(change, 'level = "province"')
    elif change == "family":
        text = 'family = "wordpress"\n' + text
    elif change == "allowed_hosts":
        text = text.replace('["www.demo.gov.cn"]', '["demo.gov.cn"]')
    else:
        text = 'years = "2019-twenty"\n' + text
    path = tmp_path / "demo.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_district(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_broken_toml_and_empty_directories_are_clear_errors(tmp_path):
    (tmp_path / "bad.toml").write_text("key = ", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"bad\.toml: cannot read registry file"):
        load_registry(tmp_path)
    with pytest.raises(RegistryError, match="no registry files"):
        load_registry(tmp_path / "nothing")


def test_years_parse_ranges_and_lists():
    assert parse_years("2019-2021", "x") == (2019, 2020, 2021)
    assert parse_years([2012, "2019-2020"], "x") == (2012, 2019, 2020)
    with pytest.raises(RegistryError, match="backwards"):
        parse_years("2021-2019", "x")


def test_discovered_and_adhoc_sources():
    siming = load_registry().district("siming")
    found = discovered_source(
        siming, "http://siming.gov.cn/zfxxgkzl/gjdzfxxgk/ydjd/ndbg/", "ydjd", "筼筜街道办事处"
    )
    assert (found.key, found.level, found.declared, found.parent) == (
        "siming/ydjd",
        "street",
        False,
        "siming/qrmzf",
    )
    adhoc = adhoc_source("http://www.qzfz.gov.cn/")
    assert adhoc.allow.hosts == frozenset({"www.qzfz.gov.cn"}) and adhoc.family == "generic"
    with pytest.raises(RegistryError, match="not an official government host"):
        adhoc_source("http://156152.com/zfjgzy/x.html")
    assert adhoc_source("http://156152.com/x", unofficial=True).allow.hosts == {"156152.com"}
    with pytest.raises(RegistryError, match="not an absolute"):
        adhoc_source("siming.gov.cn/zfxxgkzl/")
