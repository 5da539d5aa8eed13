"""The bundled font covers what every site prints whatever the data: the template's labels and
the coverage map's symbols (agency names are data; the browser test covers the demo's)."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from transform import codes
from warehouse.site.fonts import BUNDLED_FONT, FONT_LICENSE
from warehouse.site.statuses import STATUSES


def _cmap() -> dict[int, str]:
    return TTFont(BUNDLED_FONT).getBestCmap()


def test_every_template_label_and_status_symbol_has_a_glyph():
    cmap = _cmap()
    labels = [
        c.label_zh
        for group in (
            codes.DISPOSITION_GROUPS,
            codes.DISPOSITIONS,
            codes.APPLICANTS,
            codes.PROCEEDINGS,
            codes.OUTCOMES,
            codes.PROACTIVE_ITEMS,
            codes.PROACTIVE_MEASURES,
        )
        for c in group
    ]
    labels += [s.label_zh + s.symbol for s in STATUSES]
    lacking = {ch for text in labels for ch in text if not ch.isspace() and ord(ch) not in cmap}
    assert not lacking


def test_the_licence_travels_with_the_font():
    text = FONT_LICENSE.read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "Noto Sans CJK" in text
    names = {r.nameID: r.toUnicode() for r in TTFont(BUNDLED_FONT)["name"].names}
    assert "Open Font License" in names[13]


def test_every_agency_name_and_page_character_has_a_glyph_in_the_web_font(demo_site, snapshot):
    """The web font the pages load covers every agency name the site shows (the rare ones
    such as 筼筜 included) and every other character the site prints."""
    web_font = demo_site.parent / "assets" / "fonts" / "ogi-sans-sc.woff2"
    cmap = TTFont(web_font).getBestCmap()
    names = [n for (n,) in snapshot.execute("SELECT DISTINCT agency_name FROM v_coverage").fetchall()]
    assert any("筼筜" in n for n in names), "the demo data should hold the rare characters"
    lacking = {ch for name in names for ch in name if not ch.isspace() and ord(ch) not in cmap}
    assert not lacking, "".join(sorted(lacking))
    printed = web_font.with_suffix(".chars").read_text(encoding="utf-8")
    assert {ch for ch in printed if ord(ch) > 0x2E7F and ord(ch) not in cmap} == set()
