"""Label matching: typos, dropped characters, numbering, traditional script, group headings."""

from __future__ import annotations

import pytest

from transform.normalize import label_key, read_number, to_plain
from transform.table2 import ITEM_VOCAB, MEASURE_VOCAB
from transform.table3 import T3_VOCAB


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("一、本年新收政府信息公开申请数量", "new_received"),
        ("本年新收政府信息公开申请数量", "new_received"),
        ("二、上年结转政府信息公开申请数量", "carried_over"),
        ("（一）予以公开", "granted"),
        ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "partially_granted"),
        ("（三）不予公开 1.属于国家秘密", "withheld.state_secret"),
        ("2.其他法律行政止公开", "withheld.prohibited_by_law"),  # characters dropped
        ("2、其他法律行政法规禁止公开", "withheld.prohibited_by_law"),
        ("3.危及“三安全一稳定”", "withheld.security_stability"),
        ("（3）危及三安全一稳定", "withheld.security_stability"),
        ("4.保护第三方合法权益", "withheld.third_party_rights"),
        ("5.屬於三類內部事務資訊", "withheld.internal_affairs"),  # traditional script
        ("（四）无法提供 1.本机关不掌握相关政府信息", "unavailable.not_held"),
        ("1.本机关不掌握相关政\n府信息", "unavailable.not_held"),  # wrapped
        ("2.没有现成信息需要另行制作", "unavailable.needs_creation"),
        ("3.补正后申请内容仍不明确", "unavailable.unclear_after_correction"),
        ("（五）不予处理 1.信访举报投诉类申请", "not_processed.petition_complaint"),
        ("2.重复申请", "not_processed.repeated"),
        ("4.无正当理由大量反复 申请", "not_processed.excessive"),
        ("5.要求行政机关确认或重 新出具已获取信息", "not_processed.confirm_or_reissue"),
        ("（六）其他处理", "other"),
        ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other.no_correction"),
        ("缴纳费用、 行政机关不再处理其政", "other.unpaid_fee"),  # a fragment
        ("3.其他", "other.other"),
        ("（七）总计", "total_processed"),
        ("四、结转下年度继续办理", "carried_forward"),
        ("三、本年度办理结果 （一）予以公开", "granted"),
    ],
)
def test_table3_labels(printed, code):
    assert T3_VOCAB.best(printed)[0] == code


def test_short_keys_do_not_claim_long_labels():
    assert T3_VOCAB.best("2.其他法律行政止公开")[0] != "other.other"
    assert T3_VOCAB.best("（三）不予公开")[1] < 0.8 or T3_VOCAB.is_group_heading("（三）不予公开")


def test_group_headings_are_recognised():
    assert T3_VOCAB.is_group_heading("（三）不予公开")
    assert T3_VOCAB.is_group_heading("(五)不予处理")
    assert not T3_VOCAB.is_group_heading("1.属于国家秘密")


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        ("规章", "regulation"),
        ("行政规范性文件", "normative_document"),
        ("规范性文件", "normative_document"),
        ("行政许可", "administrative_license"),
        ("其他对外管理服务事项", "other_external_service"),
        ("行政事业性收费", "administrative_fee"),
        ("政府集中采购", "centralized_procurement"),
    ],
)
def test_table2_items(printed, code):
    assert ITEM_VOCAB.best(printed)[0] == code


def test_measure_headers_read_in_order():
    found = [c for _, c in MEASURE_VOCAB.find_all("信息内容 上一年项目数量 本年增/减 处理决定数量")]
    assert found == ["prior_year_items", "net_change", "decisions"]
    found = [c for _, c in MEASURE_VOCAB.find_all("信息内容本年处理决定数量")]
    assert found == ["decisions"]
    found = [c for _, c in MEASURE_VOCAB.find_all("本年增/")]  # '减' lost in conversion
    assert found == ["net_change"]


def test_measure_headers_are_matched_fuzzily_not_by_truncated_keys():
    # a wrong character ('目' for '量') and a lost one ('处理决定数'), as converters and typists do
    found = [c for _, c in MEASURE_VOCAB.find_all("信息内容上一年项目数目本年增/减处理决定数")]
    assert found == ["prior_year_items", "net_change", "decisions"]
    # two measures a character apart in their keys are not confused for each other
    found = [c for _, c in MEASURE_VOCAB.find_all("本年新制作数量本年新公开数量对外公开总数量")]
    assert found == ["new_made", "new_published", "total_published"]
    assert MEASURE_VOCAB.find_all("信息内容") == []


def test_numbering_is_stripped_but_inner_numerals_kept():
    assert label_key("（一）予以公开") == "予以公开"
    assert label_key("3.危及“三安全一稳定”") == "危及三安全一稳定"
    assert label_key("一、本年新收") == "本年新收"


@pytest.mark.parametrize(
    ("printed", "kind", "value"),
    [
        ("12", "number", 12),
        ("１２", "number", 12),
        ("1,234", "number", 1234),
        (" 0 ", "number", 0),
        ("\xa00", "number", 0),
        ("7730.28", "number", 7730.28),
        ("251000元", "number", 251000),
        ("-3", "number", -3),
        ("", "blank", None),
        ("-", "blank", None),
        ("—", "blank", None),
        ("/", "blank", None),
        ("无", "blank", None),
        ("自然人", "text", None),
        ("0517-8722", "text", None),
    ],
)
def test_numbers_as_printed(printed, kind, value):
    num = read_number(printed)
    assert num.kind == kind
    if value is not None:
        assert to_plain(num.value) == value
