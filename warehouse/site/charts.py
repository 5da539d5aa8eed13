"""Static SVG charts drawn with matplotlib at build time (no JavaScript on the pages).

Text is saved as outlines (`svg.fonttype = path`), so a chart shows its Chinese labels on any
machine, fonts or not, and the SVG ids are salted with a constant so an unchanged warehouse
gives byte-identical charts. Figures are made with `matplotlib.figure.Figure` directly, never
pyplot: no global figure state, nothing to close, and no GUI backend is ever loaded.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from warehouse.site.fonts import chart_families

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


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _figure(width: float, height: float, fit_labels: bool = False):
    """A figure with one axes. Fixed margins unless `fit_labels` (long CJK tick labels): the
    constrained layout measures every label and costs about a third of a small chart."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained" if fit_labels else None)
    if not fit_labels:
        figure.subplots_adjust(left=0.11, right=0.985, top=0.93, bottom=0.1)
    return figure, figure.add_subplot()


def _integer_axis(ax) -> None:
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


def mix_chart(years: Sequence[int], segments: Sequence[Segment], values: dict[str, Sequence[int]]) -> str:
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
