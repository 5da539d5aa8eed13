"""Write table grids as HTML in the two markup styles real report pages use.

`clean` is what TRS editors produce from a web form: one `<td>` per cell, text inline.
`word` is Word-export HTML pasted into the CMS (as in tests/fixtures/corpus/shuyang-drc-2023):
labels split over several `<span>` runs, `<o:p>` placeholders, `&nbsp;` blanks, header words
broken across two `<p>`s, and inline styles everywhere. Both keep the template's rowspans and
colspans, so a parser must read the merged-cell layout either way.
"""

from __future__ import annotations

import random
from html import escape

from .tables import Cell, Grid

_P_STYLE = 'style="text-align: justify; line-height: 2; font-family: 仿宋_GB2312;" align=""'
_SPAN = '<span style="font-family: 仿宋_GB2312; font-size: 12pt;">'


def clean(grid: Grid, *, blank: str = "&nbsp;") -> str:
    out = [
        '<table border="1" cellspacing="0" cellpadding="0" width="100%" style="border-collapse:collapse;">',
        "<tbody>",
    ]
    for row in grid:
        out.append("<tr>")
        for c in row:
            attrs = _span_attrs(c)
            text = escape(c.text) if c.text else (blank if c.is_value else "")
            align = ' align="center"' if c.is_value else ""
            out.append(f"<td{attrs}{align}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _span_attrs(c: Cell) -> str:
    attrs = ""
    if c.colspan > 1:
        attrs += f' colspan="{c.colspan}"'
    if c.rowspan > 1:
        attrs += f' rowspan="{c.rowspan}"'
    return attrs


def _runs(rng: random.Random, text: str) -> str:
    """Split text into 1–4 spans at random points, as Word's revision runs do."""
    if len(text) < 2:
        return f"{_SPAN}{escape(text)}</span>"
    cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(0, 3))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "".join(f"{_SPAN}{escape(p)}</span>" for p in pieces)


def _word_cell(rng: random.Random, c: Cell, width: int) -> str:
    attrs = _span_attrs(c)
    head = (
        f'<td{attrs} style="border: 1px solid windowtext; padding: 0cm 5.4pt;" '
        f'width="{width}" valign="center">'
    )
    if c.is_value and not c.text:
        blank = rng.choice([f"{_SPAN}<o:p>&nbsp;</o:p></span>", "&nbsp;", f"{_SPAN}<o:p></o:p></span>"])
        return f"{head}<p {_P_STYLE}>{blank}</p></td>"
    if c.is_value:
        return (
            f'{head}<p {_P_STYLE} align="center">{_SPAN}{escape(c.text)}</span>'
            f"{_SPAN}<o:p></o:p></span></p></td>"
        )
    text = c.text
    if 4 <= len(text) <= 8 and not any(ch in text for ch in ".、（") and rng.random() < 0.5:
        # Header words broken over two paragraphs: 商业 / 企业.
        mid = len(text) // 2
        paras = [text[:mid], text[mid:]]
    else:
        paras = [text]
    body = "".join(f"<p {_P_STYLE}>{_runs(rng, p)}{_SPAN}<o:p></o:p></span></p>" for p in paras)
    return f"{head}{body}</td>"


def word(grid: Grid, rng: random.Random) -> str:
    out = [
        '<div style="text-indent: 2em; text-align: justify; line-height: 2;" align="">',
        '<table style="BORDER-COLLAPSE:collapse" cellspacing="0" cellpadding="2" '
        'bordercolor="#000000" border="1">',
        "  <tbody>",
    ]
    for row in grid:
        out.append("    <tr>")
        for c in row:
            out.append("      " + _word_cell(rng, c, 40 * c.colspan + rng.randint(0, 9)))
        out.append("    </tr>")
    out.append("  </tbody>\n</table>\n</div>")
    return "\n".join(out)


def blocks_html(blocks: list, markup: str, rng: random.Random, *, blank: str = "&nbsp;") -> str:
    """A composed report body (headings, paragraphs, tables) in the given markup style."""
    out = []
    for kind, content in blocks:
        if kind == "table":
            out.append(word(content, rng) if markup == "word" else clean(content, blank=blank))
        elif markup == "word":
            bold = kind == "h"
            text = _runs(rng, content)
            if bold:
                text = f"<b>{text}</b>"
            out.append(
                f'<p class="MsoNormal" style="text-indent: 2em; line-height: 2;">{text}'
                f"{_SPAN}<o:p></o:p></span></p>"
            )
        elif kind == "h":
            out.append(f'<p style="text-indent: 2em;"><strong>{escape(content)}</strong></p>')
        else:
            out.append(f'<p style="text-indent: 2em;">{escape(content)}</p>')
    return "\n".join(out)
