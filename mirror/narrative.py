"""Pre-2019 reports: numbers in prose, with the traps of SITES.md §4.

These reports have seven parts and no standard table. Their numbers are phrased the many ways
real ones are (条/件/宗, 0 as 未收到), and some paragraphs carry the traps that break naive
extractors: cumulative 历年累计 totals next to the yearly figure, and a figure for the previous
year quoted in this year's report. `narrative_truth` is what a correct extractor should read.
"""

from __future__ import annotations

import random

from .report_text import Block


def compose(agency: str, year: int, rng: random.Random) -> tuple[list[Block], dict[str, int]]:
    short = agency.removeprefix("厦门市")
    proactive = rng.randint(10, 1200)
    cumulative = proactive + rng.randint(100, 5000)
    received = rng.choice([0, 0, rng.randint(1, 30)])
    cumulative_received = received + rng.randint(0, 60)
    previous = rng.randint(10, 1200)
    made = proactive + rng.randint(0, 400)
    withheld = rng.randint(0, 200)
    unit = rng.choice(["条", "件"])
    truth = {
        "proactive_published": proactive,
        "applications_received": received,
        "proactive_cumulative": cumulative,
        "applications_cumulative": cumulative_received,
    }
    cumulative_scope = rng.random() < 0.5
    blocks: list[Block] = [
        (
            "p",
            f"根据《中华人民共和国政府信息公开条例》的要求，特向社会公布{short}{year}年度政府信息公开"
            "工作年度报告。本报告由概述、主动公开政府信息情况、依申请公开政府信息情况、政府信息"
            "公开的收费及减免情况、因政府信息公开申请提起行政复议和行政诉讼的情况、存在的主要问题"
            "和改进措施、需要说明的事项与附表七个部分组成。"
            + (
                f"本报告中所列数据的统计期限为{year}年度及历年累计数量。"
                if cumulative_scope
                else f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            ),
        ),
        ("h", "一、概述"),
        (
            "p",
            f"{year}年，我单位认真贯彻落实《条例》，进一步健全工作机制。回顾上年工作，"
            f"我区{year - 1}年全年主动公开政府信息{previous}{unit}，为本年工作打下基础。",
        ),
        ("h", "二、主动公开政府信息情况"),
        (
            "p",
            f"{year}年共制作政府信息{made}条，其中主动公开信息{proactive}条，"
            f"不予公开信息{withheld}条。本机关{year}年共主动公开政府信息{proactive}{unit}，"
            f"历年累计{cumulative}{unit}，其中全文电子化率达100%。",
        ),
        ("h", "三、依申请公开政府信息情况"),
        (
            "p",
            (
                f"本年度共受理收到政府信息公开申请{received}件，历年累计{cumulative_received}件。"
                if received
                else f"{year}年全年未收到公民、法人或其他组织提出的政府信息公开申请，"
                f"历年累计受理{cumulative_received}件。"
            ),
        ),
        ("h", "四、政府信息公开的收费及减免情况"),
        ("p", "本年度未收取任何费用。"),
        ("h", "五、因政府信息公开申请提起行政复议、行政诉讼的情况"),
        ("p", "本年度没有发生针对本机关政府信息公开事务的行政复议和行政诉讼。"),
        ("h", "六、存在的主要问题和改进措施"),
        ("p", "信息公开的及时性有待提高，下一步将加强培训，规范流程。"),
        ("h", "七、需要说明的事项与附表"),
        ("p", "无。"),
    ]
    return blocks, truth
