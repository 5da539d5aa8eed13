"""Canonical codes of the report's standard tables (CONTRACT.md §1), as data.

Every other module — the parser's label matching, the warehouse dimensions, the codebook —
reads the codes from here, so a code or label is spelled exactly once in the project.
Templates: "2019" is 国办公开办函〔2019〕60号, "2021" is 国办公开办函〔2021〕30号.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BOTH = ("2019", "2021")


@dataclass(frozen=True)
class Code:
    """One canonical row, column or measure, with the labels reports print for it."""

    code: str
    label_zh: str
    label_en: str
    parent: str | None = None
    templates: tuple[str, ...] = BOTH
    # Phrases a printed label is matched against, after normalization; the first is canonical.
    keys: tuple[str, ...] = field(default=())

    @property
    def match_keys(self) -> tuple[str, ...]:
        return self.keys or (self.label_zh,)


# Table 3 disposition groups: they head sub-rows but are not rows of their own.
DISPOSITION_GROUPS: tuple[Code, ...] = (
    Code("processed", "三、本年度办理结果", "Outcome of requests handled this year"),
    Code("withheld", "（三）不予公开", "Withheld"),
    Code("unavailable", "（四）无法提供", "Cannot be provided"),
    Code("not_processed", "（五）不予处理", "Not processed"),
    Code("other_group", "（六）其他处理", "Other handling (group of sub-rows)", templates=("2021",)),
)

DISPOSITIONS: tuple[Code, ...] = (
    Code(
        "new_received",
        "一、本年新收政府信息公开申请数量",
        "New requests received this year",
        keys=("本年新收政府信息公开申请数量", "本年新收"),
    ),
    Code(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        "Requests carried over from last year",
        keys=("上年结转政府信息公开申请数量", "上年结转"),
    ),
    Code("granted", "（一）予以公开", "Granted", parent="processed", keys=("予以公开",)),
    Code(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "Partially granted",
        parent="processed",
        keys=("部分公开区分处理的只计这一情形不计其他情形", "部分公开"),
    ),
    Code(
        "withheld.state_secret",
        "1.属于国家秘密",
        "Withheld: state secret",
        parent="withheld",
        keys=("属于国家秘密",),
    ),
    Code(
        "withheld.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        "Withheld: prohibited by other laws and regulations",
        parent="withheld",
        keys=("其他法律行政法规禁止公开",),
    ),
    Code(
        "withheld.security_stability",
        "3.危及“三安全一稳定”",
        "Withheld: endangers the 'three securities and one stability'",
        parent="withheld",
        keys=("危及三安全一稳定",),
    ),
    Code(
        "withheld.third_party_rights",
        "4.保护第三方合法权益",
        "Withheld: protects a third party's lawful rights",
        parent="withheld",
        keys=("保护第三方合法权益",),
    ),
    Code(
        "withheld.internal_affairs",
        "5.属于三类内部事务信息",
        "Withheld: internal-affairs information",
        parent="withheld",
        keys=("属于三类内部事务信息",),
    ),
    Code(
        "withheld.process_information",
        "6.属于四类过程性信息",
        "Withheld: process information",
        parent="withheld",
        keys=("属于四类过程性信息",),
    ),
    Code(
        "withheld.enforcement_case_file",
        "7.属于行政执法案卷",
        "Withheld: administrative enforcement case file",
        parent="withheld",
        keys=("属于行政执法案卷",),
    ),
    Code(
        "withheld.administrative_query",
        "8.属于行政查询事项",
        "Withheld: administrative query matter",
        parent="withheld",
        keys=("属于行政查询事项",),
    ),
    Code(
        "unavailable.not_held",
        "1.本机关不掌握相关政府信息",
        "Unavailable: not held by this agency",
        parent="unavailable",
        keys=("本机关不掌握相关政府信息",),
    ),
    Code(
        "unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
        "Unavailable: would need to be created",
        parent="unavailable",
        keys=("没有现成信息需要另行制作",),
    ),
    Code(
        "unavailable.unclear_after_correction",
        "3.补正后申请内容仍不明确",
        "Unavailable: still unclear after correction",
        parent="unavailable",
        keys=("补正后申请内容仍不明确",),
    ),
    Code(
        "not_processed.petition_complaint",
        "1.信访举报投诉类申请",
        "Not processed: petition, report or complaint",
        parent="not_processed",
        keys=("信访举报投诉类申请",),
    ),
    Code(
        "not_processed.repeated",
        "2.重复申请",
        "Not processed: repeated request",
        parent="not_processed",
        keys=("重复申请",),
    ),
    Code(
        "not_processed.publication",
        "3.要求提供公开出版物",
        "Not processed: asks for a public publication",
        parent="not_processed",
        keys=("要求提供公开出版物",),
    ),
    Code(
        "not_processed.excessive",
        "4.无正当理由大量反复申请",
        "Not processed: excessive repeated requests without good reason",
        parent="not_processed",
        keys=("无正当理由大量反复申请",),
    ),
    Code(
        "not_processed.confirm_or_reissue",
        "5.要求行政机关确认或重新出具已获取信息",
        "Not processed: asks to confirm or reissue information already obtained",
        parent="not_processed",
        keys=("要求行政机关确认或重新出具已获取信息",),
    ),
    Code("other", "（六）其他处理", "Other handling (single row)", parent="processed", keys=("其他处理",)),
    Code(
        "other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "Other: applicant did not correct the request in time",
        parent="other_group",
        templates=("2021",),
        keys=("申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请", "逾期不补正"),
    ),
    Code(
        "other.unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "Other: applicant did not pay the fee in time",
        parent="other_group",
        templates=("2021",),
        keys=("申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请", "缴纳费用"),
    ),
    Code("other.other", "3.其他", "Other: other", parent="other_group", templates=("2021",), keys=("其他",)),
    Code("total_processed", "（七）总计", "Total handled", parent="processed", keys=("总计",)),
    Code(
        "carried_forward",
        "四、结转下年度继续办理",
        "Carried forward to next year",
        keys=("结转下年度继续办理",),
    ),
)

APPLICANTS: tuple[Code, ...] = (
    Code("natural_person", "自然人", "Natural person"),
    Code("commercial_enterprise", "商业企业", "Commercial enterprise"),
    Code("research_institution", "科研机构", "Research institution"),
    Code("public_interest_org", "社会公益组织", "Public-interest organization"),
    Code("legal_service_org", "法律服务机构", "Legal-service organization"),
    Code("other_org", "其他", "Other legal person or organization"),
    Code("total", "总计", "Total"),
)

PROCEEDINGS: tuple[Code, ...] = (
    Code("reconsideration", "行政复议", "Administrative reconsideration"),
    Code(
        "litigation_direct",
        "行政诉讼·未经复议直接起诉",
        "Administrative litigation filed directly",
        keys=("未经复议直接起诉",),
    ),
    Code(
        "litigation_after_reconsideration",
        "行政诉讼·复议后起诉",
        "Administrative litigation after reconsideration",
        keys=("复议后起诉",),
    ),
)

OUTCOMES: tuple[Code, ...] = (
    Code("upheld", "结果维持", "Upheld"),
    Code("corrected", "结果纠正", "Corrected"),
    Code("other", "其他结果", "Other outcome"),
    Code("pending", "尚未审结", "Pending"),
    Code("total", "总计", "Total"),
)

PROACTIVE_ITEMS: tuple[Code, ...] = (
    Code("regulation", "规章", "Regulations"),
    Code("normative_document", "规范性文件", "Normative documents", keys=("行政规范性文件", "规范性文件")),
    Code("administrative_license", "行政许可", "Administrative licensing"),
    Code(
        "other_external_service",
        "其他对外管理服务事项",
        "Other external administrative services",
        templates=("2019",),
    ),
    Code("administrative_penalty", "行政处罚", "Administrative penalties"),
    Code("administrative_coercion", "行政强制", "Administrative coercion"),
    Code("administrative_fee", "行政事业性收费", "Administrative fees"),
    Code(
        "centralized_procurement", "政府集中采购", "Centralized government procurement", templates=("2019",)
    ),
)

PROACTIVE_MEASURES: tuple[Code, ...] = (
    Code("new_made", "本年新制作数量", "Newly made this year", templates=("2019",)),
    Code("new_published", "本年新公开数量", "Newly published this year", templates=("2019",)),
    Code("total_published", "对外公开总数量", "Total published", templates=("2019",)),
    Code("prior_year_items", "上一年项目数量", "Items in the previous year", templates=("2019",)),
    Code("net_change", "本年增/减", "Net change this year", templates=("2019",), keys=("本年增减",)),
    Code("decisions", "处理决定数量", "Decisions made", keys=("处理决定数量",)),
    Code("procurement_items", "采购项目数量", "Procurement items", templates=("2019",)),
    Code("procurement_amount_yuan", "采购总金额", "Procurement amount (yuan)", templates=("2019",)),
    Code("issued", "本年制发件数", "Issued this year", templates=("2021",)),
    Code("repealed", "本年废止件数", "Repealed this year", templates=("2021",)),
    Code("in_force", "现行有效件数", "In force", templates=("2021",)),
    Code(
        "fee_amount_yuan",
        "本年收费金额",
        "Fees collected this year (yuan)",
        templates=("2021",),
        keys=("收费金额",),
    ),
)

# Measures that hold money; printed in 万元 they are scaled to yuan.
MONEY_MEASURES = frozenset({"procurement_amount_yuan", "fee_amount_yuan"})

# The rows summed by t3.total_processed: every outcome under 三 except the total itself.
T3_OUTCOME_ROWS = tuple(
    c.code for c in DISPOSITIONS if c.parent not in (None,) and c.code != "total_processed"
)


def by_code(codes: tuple[Code, ...]) -> dict[str, Code]:
    return {c.code: c for c in codes}
