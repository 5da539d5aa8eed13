"""The trends page's series: requests received and the disposition mix per district and overall.

The sums come from `queries.received_by_district` / `queries.mix_by_district` (SQL over the
analyst views); this module only lines them up by year, names the mix segments from the
dimension labels and asks `charts` for the SVGs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from warehouse.site.charts import Segment, mix_chart, received_chart
from warehouse.site.tables import short_label

OVERALL = "全部机关 All agencies"

# Mix segments in stacking order (bottom first) with their colours: grants in greens,
# the eight withholding reasons in reds and oranges, unavailability in purples.
_SEGMENT_COLORS = (
    ("granted", "#2e7d32"),
    ("partially_granted", "#81c784"),
    ("withheld.state_secret", "#7f0000"),
    ("withheld.prohibited_by_law", "#b71c1c"),
    ("withheld.security_stability", "#d32f2f"),
    ("withheld.third_party_rights", "#e57373"),
    ("withheld.internal_affairs", "#ef6c00"),
    ("withheld.process_information", "#ffa726"),
    ("withheld.enforcement_case_file", "#ffcc80"),
    ("withheld.administrative_query", "#ffe0b2"),
    ("unavailable.not_held", "#5e35b1"),
    ("unavailable.other", "#b39ddb"),
    ("not_processed", "#607d8b"),
    ("other", "#b0bec5"),
)


@dataclass
class TrendGroup:
    """One district (or all agencies): the table rows and the two charts."""

    name: str
    anchor: str
    years: list[int]
    received: list[dict[str, Any]]
    mix: dict[str, list[int]]
    received_svg: str = ""
    mix_svg: str = ""


def segments(dispositions: list[dict[str, Any]]) -> list[Segment]:
    """The mix segments labelled from dim_disposition (groups for the pooled segments)."""
    label = {d["code"]: short_label(d["label_zh"]) for d in dispositions}
    names = {
        "unavailable.other": f"{label['unavailable']}·其他原因",
        "not_processed": label["not_processed"],
        "other": label.get("other_group", label["other"]),
    }
    out = []
    for code, color in _SEGMENT_COLORS:
        name = names.get(code) or label[code]
        if code.startswith("withheld."):
            name = f"{label['withheld']}·{name}"
        out.append(Segment(code, name, color))
    return out


def trend_groups(
    received_rows: list[dict[str, Any]], mix_rows: list[dict[str, Any]], mix_segments: list[Segment]
) -> list[TrendGroup]:
    """Overall first, then each district in the order the query returned them."""
    by_group: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for row in received_rows:
        by_group[row["district"]].append(row)
    mix: dict[str | None, dict[tuple[str, int], int]] = defaultdict(dict)
    for row in mix_rows:
        mix[row["district"]][(row["segment"], row["year"])] = row["requests"] or 0
    groups = []
    for index, (district, rows) in enumerate(by_group.items()):
        years = [r["year"] for r in rows]
        series = {s.code: [mix[district].get((s.code, y), 0) for y in years] for s in mix_segments}
        groups.append(TrendGroup(district or OVERALL, f"group-{index}", years, rows, series))
    return groups


def draw(group: TrendGroup, mix_segments: list[Segment]) -> None:
    group.received_svg = received_chart(group.years, [r["received"] for r in group.received])
    group.mix_svg = mix_chart(group.years, mix_segments, group.mix)
