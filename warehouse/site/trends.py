"""The trends page's series: requests received and the disposition mix per district and overall.

The sums come from `queries.received_by_district` / `queries.mix_by_district` (SQL over the
analyst views); this module only lines them up by year, names the mix segments from the
dimension labels and asks `charts` for the SVGs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from warehouse.site.charts import Segment, mix_chart, received_chart, share_sparkline
from warehouse.site.tables import short_label
from warehouse.site.trend_call import TrendCall, trend_call

OVERALL = "全部机关 All agencies"

# Mix segments in stacking order (bottom first) with their colours, one hue family per group so
# the legend reads as groups: grants in greens; the eight withholding reasons in one
# yellow-orange-brown ramp (ColorBrewer YlOrBr, light to dark in template order); 本机关不掌握
# in a strong blue no other segment shares, the other 无法提供 reasons in a light blue;
# 不予处理 purple; 其他处理 grey.
_SEGMENT_COLORS = (
    ("granted", "#1b7837"),
    ("partially_granted", "#7fbf7b"),
    ("withheld.state_secret", "#fee391"),
    ("withheld.prohibited_by_law", "#fec44f"),
    ("withheld.security_stability", "#fe9929"),
    ("withheld.third_party_rights", "#ec7014"),
    ("withheld.internal_affairs", "#cc4c02"),
    ("withheld.process_information", "#993404"),
    ("withheld.enforcement_case_file", "#662506"),
    ("withheld.administrative_query", "#3d1603"),
    ("unavailable.not_held", "#2166ac"),
    ("unavailable.other", "#92c5de"),
    ("not_processed", "#762a83"),
    ("other", "#bababa"),
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


def draw(
    group: TrendGroup,
    mix_segments: list[Segment],
    reusable: Callable[[str, str, Callable[[], str]], str] | None = None,
) -> None:
    """Both charts of a group; `reusable(name, inputs, make)` may return an unchanged one."""
    received = [r["received"] for r in group.received]

    def make_received() -> str:
        return received_chart(group.years, received)

    def make_mix() -> str:
        return mix_chart(group.years, mix_segments, group.mix)

    if reusable is None:
        group.received_svg, group.mix_svg = make_received(), make_mix()
        return
    group.received_svg = reusable(
        f"charts/received-{group.anchor}.svg", repr((group.years, received)), make_received
    )
    group.mix_svg = reusable(
        f"charts/mix-{group.anchor}.svg", repr((group.years, mix_segments, group.mix)), make_mix
    )


@dataclass
class AgencyTrend:
    """One agency's not-held share per year, its call and the chart drawing it."""

    agency_id: str
    name: str
    district: str
    points: list[dict[str, Any]]  # year, not_held, handled, share
    call: TrendCall
    svg: str = ""


def agency_trends(rows: list[dict[str, Any]]) -> list[AgencyTrend]:
    """Group `queries.not_held_series` rows by agency and make the call for each; agencies
    with a call first (rising, falling, flat), then by their latest share, highest first."""
    by_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_agency[row["agency_id"]].append(row)
    out = []
    for agency_id, points in by_agency.items():
        for p in points:
            p["share"] = p["not_held"] / p["handled"]
        years = [p["year"] for p in points]
        shares = [p["share"] for p in points]
        call = trend_call(years, shares)
        trend = AgencyTrend(agency_id, points[0]["agency_name"], points[0]["district"], points, call)
        trend.svg = share_sparkline(years, shares, [call.line(y) for y in years], call.call)
        out.append(trend)
    order = {"rising": 0, "falling": 1, "flat": 2}
    return sorted(out, key=lambda t: (order.get(t.call.call, 3), -t.points[-1]["share"], t.name))
