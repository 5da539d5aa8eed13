"""The words of a post-2019 report: title variants and the six numbered sections.

A report is composed as a list of blocks — ("h", heading), ("p", paragraph), ("table", grid) —
so the HTML pages and the PDF attachments print exactly the same content. The narrative quotes
the same numbers as the tables (本年新收 total, 主动公开 counts), as real reports do.
"""

from __future__ import annotations

import random
from typing import Any

from .tables import table2, table3, table4

Block = tuple[str, Any]

TITLE_VARIANTS = (
    "standard",
    "standard",
    "standard",
    "niandu",
    "no_gongzuo",
    "year_first",
    "notice",
    "wenhao",
    "no_city",
)


def title(agency: str, year: int, variant: str) -> str:
    """The report title as the agency prints it (SITES.md §2.2)."""
    if variant == "niandu":
        return f"{agency}{year}年度政府信息公开工作年度报告"
    if variant == "no_gongzuo":
        return f"{agency}{year}年政府信息公开年度报告"
    if variant == "year_first":
        return f"{year}年{agency}政府信息公开工作年度报告"
    if variant == "notice":
        return f"{agency}关于印发{year}年政府信息公开工作年度报告的通知"
    if variant == "no_city":
        return f"{agency.removeprefix('厦门市')}{year}年政府信息公开工作年度报告"
    return f"{agency}{year}年政府信息公开工作年度报告"


def doc_number(agency: str, year: int, rng: random.Random) -> str:
    """A 文号 such as 厦湖府〔2019〕1号 (brackets vary like real ones do)."""
    short = agency.removeprefix("厦门市")[:2]
    left, right = rng.choice([("〔", "〕"), ("[", "]"), ("〔", "〕")])
    return f"厦{short[0]}政办{left}{year + 1}{right}{rng.randint(1, 30)}号"


_CONTACTS = (
    "联系人：陈堃，电话：0592-{tel}",
    "联系人：王喆，电话：0592-{tel}",
    "联系人：林昇，电话：0592-{tel}",
    "联系人：黄旻，电话：0592-{tel}",
)


def compose(
    agency: str,
    year: int,
    template: str,
    values: dict[str, Any],
    *,
    rng: random.Random,
    typo: bool = False,
    contact_rare: bool = False,
) -> list[Block]:
    """The body of a standard-table report, section by section."""
    apps = values["applications"]
    received = apps["new_received"]["total"] or 0
    carried = apps["carried_over"]["total"] or 0
    pro = values["proactive"]
    normative = pro["normative_document"].get("issued", pro["normative_document"].get("new_made"))
    blocks: list[Block] = [
        (
            "p",
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现向社会公布{agency}"
            f"{year}年政府信息公开工作年度报告。本报告由总体情况、主动公开政府信息情况、收到和处理"
            "政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
            f"其他需要报告的事项六个部分组成。本报告所列数据的统计期限自{year}年1月1日起至{year}年"
            "12月31日止。如对本报告有疑问，请与本机关联系。",
        ),
        ("h", "一、总体情况"),
        (
            "p",
            f"（一）主动公开。{year}年，{agency}坚持以公开为常态、不公开为例外，全年制发规范性文件"
            f"{normative}件，及时通过政府网站发布政策解读、财政预决算、重点领域信息。",
        ),
        (
            "p",
            f"（二）依申请公开。本年度共收到政府信息公开申请{received}件，上年结转{carried}件，"
            "均在法定期限内答复。",
        ),
        ("p", "（三）政府信息管理。严格落实公开前保密审查制度，动态更新政府信息公开指南和目录。"),
        ("p", "（四）平台建设。持续优化政府网站信息公开专栏，推进政务新媒体规范运行。"),
        ("p", "（五）监督保障。将政务公开纳入绩效考核，开展业务培训，强化工作责任。"),
        ("h", "二、主动公开政府信息情况"),
        ("table", table2(values, template)),
        ("h", "三、收到和处理政府信息公开申请情况"),
        ("table", table3(values, typo=typo)),
        ("h", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table", table4(values)),
        ("h", "五、存在的主要问题及改进情况"),
        (
            "p",
            "一是政策解读形式较为单一；二是部分栏目更新不够及时。下一步，将丰富解读形式，"
            "加强栏目日常维护，提升公开质量。",
        ),
        ("h", "六、其他需要报告的事项"),
        ("p", f"本年度{agency}未收取信息处理费。{year}年度政务公开工作要点落实情况已在政府网站公开。"),
    ]
    if contact_rare:
        tel = rng.randint(6000000, 6999999)
        blocks.append(("p", rng.choice(_CONTACTS).format(tel=tel) + "；地址：厦门市集美区乐海路喆园"))
    return blocks
