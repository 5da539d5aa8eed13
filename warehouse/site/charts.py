"""Static SVG charts drawn with matplotlib at build time (no JavaScript on the pages).

Text is saved as outlines (`svg.fonttype = path`), so a chart shows its Chinese labels on any
machine, fonts or not, and the SVG ids are salted with a constant so an unchanged warehouse
gives byte-identical charts. Figures are made with `matplotlib.figure.Figure` directly, never
pyplot: no global figure state, nothing to close, and no GUI backend is ever loaded.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from warehouse.site.fonts import chart_families

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

INK = "#1f2933"
GRID = "#d9dee3"


@dataclass(frozen=True)
class Segment:
    """One stacked part of the disposition mix: its code, legend label and colour."""

    code: str
    label: str
    color: str


def _style() -> dict:
    return {
        "font.family": list(chart_families()),
        "font.size": 9,
        "svg.fonttype": "path",
        "svg.hashsalt": "ogi-site",
        "axes.edgecolor": GRID,
        "axes.labelcolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _figure(width: float, height: float, fit_labels: bool = False) -> tuple[Figure, Axes]:
    """A figure with one axes. Fixed margins unless `fit_labels` (long CJK tick labels): the
    constrained layout measures every label and costs about a third of a small chart."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained" if fit_labels else None)
    if not fit_labels:
        figure.subplots_adjust(left=0.11, right=0.985, top=0.93, bottom=0.1)
    return figure, figure.add_subplot()


def _integer_axis(ax: Axes) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)


def received_chart(years: Sequence[int], received: Sequence[int | None]) -> str:
    """Bars of requests received per year (一、本年新收, 总计 column), labelled with the count.

    Titles and legends are the page's (HTML text in the page font): drawing CJK text as
    outlines is most of a chart's cost, and a legend beside every chart crowds a phone.
    """
    import matplotlib

    with matplotlib.rc_context(_style()):
        figure, ax = _figure(6.0, 2.6)
        values = [v or 0 for v in received]
        bars = ax.bar([str(y) for y in years], values, color="#3b6ea5", width=0.65)
        ax.bar_label(
            bars, labels=["—" if v is None else f"{v:,}" for v in received], padding=2, fontsize=8, color=INK
        )
        ax.set_ylabel("requests received")
        ax.margins(y=0.15)
        _integer_axis(ax)
        return _svg(figure)


def mix_chart(years: Sequence[int], segments: Sequence[Segment], values: Mapping[str, Sequence[int]]) -> str:
    """Stacked bars of the disposition mix per year; `values[segment.code]` aligns with years.
    The legend is the page's, drawn once for every chart from the same segments."""
    import matplotlib

    with matplotlib.rc_context(_style()):
        figure, ax = _figure(6.0, 2.8)
        labels = [str(y) for y in years]
        bottom = [0] * len(years)
        for segment in segments:
            heights = list(values.get(segment.code, [0] * len(years)))
            if not any(heights):
                continue
            ax.bar(
                labels,
                heights,
                bottom=bottom,
                color=segment.color,
                width=0.65,
                label=segment.label,
                edgecolor="white",
                linewidth=0.3,
            )
            bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
        ax.set_ylabel("requests handled")
        _integer_axis(ax)
        return _svg(figure)


def share_chart(names: Sequence[str], shares: Sequence[float], notes: Sequence[str]) -> str:
    """Horizontal bars of a share per agency, each annotated with its numerator/denominator."""
    import matplotlib

    with matplotlib.rc_context(_style()):
        figure, ax = _figure(6.0, 0.9 + 0.28 * max(len(names), 1), fit_labels=True)
        positions = list(range(len(names)))[::-1]
        bars = ax.barh(positions, [s * 100 for s in shares], color="#7b4fa0", height=0.65)
        ax.bar_label(bars, labels=list(notes), padding=3, fontsize=7.5, color=INK)
        ax.set_yticks(positions, labels=list(names), fontsize=8)
        ax.set_xlim(0, 118)
        ax.set_xlabel("本机关不掌握 share of requests handled (%)")
        ax.grid(axis="x", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        return _svg(figure)


# A small multiple per agency: drawn as plain SVG (digits only, no font needed, ~1 KB), since
# a matplotlib figure per agency would cost a tenth of a second each.
SPARK_W, SPARK_H, SPARK_PAD = 220, 70, 14
CALL_COLORS = {"rising": "#b2182b", "falling": "#2166ac", "flat": "#595959", "too few years": "#8c8c8c"}


def share_sparkline(
    years: Sequence[int], shares: Sequence[float], line: Sequence[float | None], call: str
) -> str:
    """The not-held share per year as dots joined by a line, the trend line dashed over it,
    the first and last year under the axis and the share scale (0 to the max) at the left."""
    top = max([*shares, *(v for v in line if v is not None), 0.01])
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def xy(year: int, share: float) -> tuple[float, float]:
        x = SPARK_PAD + (year - first) / span * (SPARK_W - 2 * SPARK_PAD)
        y = SPARK_H - SPARK_PAD - max(0.0, min(share, top)) / top * (SPARK_H - 2 * SPARK_PAD)
        return round(x, 1), round(y, 1)

    points = " ".join(f"{x},{y}" for x, y in (xy(yr, s) for yr, s in zip(years, shares, strict=True)))
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="2.2"/>'
        for x, y in (xy(yr, s) for yr, s in zip(years, shares, strict=True))
    )
    fitted = [(yr, v) for yr, v in zip(years, line, strict=True) if v is not None]
    trend = ""
    if len(fitted) >= 2:
        (x1, y1), (x2, y2) = xy(*fitted[0]), xy(*fitted[-1])
        color = CALL_COLORS.get(call, INK)
        trend = (
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" '
            'stroke-width="1.6" stroke-dasharray="4 3"/>'
        )
    base = SPARK_H - SPARK_PAD
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" '
        f'height="{SPARK_H}" font-family="sans-serif" font-size="9" fill="{INK}">'
        f'<line x1="{SPARK_PAD}" y1="{base}" x2="{SPARK_W - SPARK_PAD}" y2="{base}" stroke="{GRID}"/>'
        f'<polyline points="{points}" fill="none" stroke="#7b4fa0" stroke-width="1.2"/>'
        f'<g fill="#7b4fa0">{dots}</g>{trend}'
        f'<text x="{SPARK_PAD}" y="{SPARK_H - 2}">{first}</text>'
        f'<text x="{SPARK_W - SPARK_PAD}" y="{SPARK_H - 2}" text-anchor="end">{last}</text>'
        f'<text x="2" y="{SPARK_PAD - 4}">{top * 100:.0f}%</text></svg>'
    )
