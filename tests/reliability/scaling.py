"""Does parse time grow linearly with input size? Hostile shapes at n, 2n, 4n, 8n.

Used by `bench/reliability_report.py` (a measurement, never a timed assertion in a test).
Each shape is a generator of an input of about `size` bytes that stresses one part of the
parser: many rows, many small tables, nested layout tables, one huge line, a giant span,
deep nesting (under and well over the HTML reader's flattening threshold), pipe-table text,
one cell per line. `exponent` is the slope of log(time) over log(size) from n to 8n: 1 is linear,
2 quadratic.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from transform.parse import parse_bytes

ROW = "<tr><td>（二）部分公开</td>" + "<td>3</td>" * 7 + "</tr>"
LABELS = (
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（七）总计",
    "四、结转下年度继续办理",
    "本机关不掌握相关政府信息",
)


def _html(body: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>某区2023年政府信息公开工作年度报告"
        f"</title></head><body>{body}</body></html>"
    ).encode()


def many_rows(size: int) -> bytes:
    return _html("<table>" + ROW * (size // len(ROW.encode())) + "</table>")


def many_tables(size: int) -> bytes:
    table = "<table>" + ROW * 2 + "</table><p>三、收到和处理政府信息公开申请情况</p>"
    return _html(table * (size // len(table.encode())))


def nested_layout_tables(size: int) -> bytes:
    unit = "<table><tr><td>"
    depth = size // (len(unit) + len("</td></tr></table>"))
    return _html(unit * depth + "（七）总计 5" + "</td></tr></table>" * depth)


def one_long_line(size: int) -> bytes:
    rng = random.Random(size)
    words = [rng.choice(LABELS) + str(rng.randint(0, 99)) for _ in range(size // 40)]
    return " ".join(words).encode()


def giant_spans(size: int) -> bytes:
    cell = '<td rowspan="99999" colspan="999">1</td>'
    return _html("<table>" + f"<tr>{cell * 3}</tr>" * (size // (len(cell) * 3 + 9)) + "</table>")


def nested_tables_below_threshold(size: int) -> bytes:
    """Nested tables, but fewer than the 20,000 tags above which the HTML reader flattens
    nesting (`transform/readers/html.py`): the quadratic region that threshold bounds."""
    unit_open, unit_close = "<table><tr><td>", "</td></tr></table>"
    depth = min(size // (len(unit_open) + len(unit_close)), 3300)
    return _html(unit_open * depth + "（七）总计 5" + unit_close * depth)


def deep_divs(size: int) -> bytes:
    depth = size // 11
    return _html("<div><span>" * depth + "（一）予以公开 3" + "</span></div>" * depth)


def pipe_table_text(size: int) -> bytes:
    line = "| （二）部分公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    return ("# 某区2023年政府信息公开工作年度报告\n" + line * (size // len(line.encode()))).encode()


def cell_per_line_text(size: int) -> bytes:
    rng = random.Random(size)
    lines = [rng.choice(LABELS) if i % 8 == 0 else str(rng.randint(0, 9)) for i in range(size // 12)]
    return ("某区2023年政府信息公开工作年度报告\n" + "\n".join(lines)).encode()


# shape -> (generator, the first size measured; then 2x, 4x, 8x)
SHAPES: dict[str, tuple[Callable[[int], bytes], int]] = {
    "many table rows": (many_rows, 128 << 10),
    "many small tables": (many_tables, 128 << 10),
    "nested layout tables (flattened)": (nested_layout_tables, 128 << 10),
    "nested tables under the flattening threshold": (nested_tables_below_threshold, 13 << 10),
    "one long line of labels": (one_long_line, 128 << 10),
    "giant rowspan/colspan": (giant_spans, 128 << 10),
    "deep <div><span> nesting": (deep_divs, 128 << 10),
    "pipe-table text": (pipe_table_text, 128 << 10),
    "one cell per line": (cell_per_line_text, 64 << 10),
}


@dataclass(frozen=True)
class Scaling:
    shape: str
    sizes: tuple[int, ...]
    seconds: tuple[float, ...]

    @property
    def exponent(self) -> float:
        return math.log(self.seconds[-1] / self.seconds[0]) / math.log(self.sizes[-1] / self.sizes[0])


def _timed(data: bytes, repeats: int) -> float:
    best = math.inf
    for _ in range(repeats):
        started = time.perf_counter()
        parse_bytes(data, "scaling")
        best = min(best, time.perf_counter() - started)
    return best


def measure(shape: str, steps: int = 4, repeats: int = 3) -> Scaling:
    generate, base = SHAPES[shape]
    sizes, seconds = [], []
    for k in range(steps):
        data = generate(base * 2**k)
        sizes.append(len(data))
        seconds.append(_timed(data, repeats))
    return Scaling(shape, tuple(sizes), tuple(seconds))
