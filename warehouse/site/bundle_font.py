"""Remake the bundled font (`assets/fonts/NotoSansCJKsc-Regular-gb2312.otf`) from Noto Sans CJK.

    apt-get install fonts-noto-cjk
    uv run python -m warehouse.site.bundle_font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Keeps the Simplified Chinese face of the collection, cut to the GB 2312 repertoire (the 6,763
characters of everyday simplified Chinese) plus every character of the registry and mirror
data files (agency names such as 筼筜街道 that GB 2312 lacks), ASCII, Latin-1, general
punctuation, CJK symbols, full-width forms and the coverage map's symbols: 3 MB instead of
16 MB, and every name in the demo data but a handful of rare characters. Not used at build
time; `fonts.write_web_font` subsets this file again for each site.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse.site.fonts import BUNDLED_FONT
from warehouse.site.statuses import STATUSES

SIMPLIFIED_FACE = "Noto Sans CJK SC"
EXTRA_RANGES = ((0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x3000, 0x3040), (0xFF00, 0xFFF0))


def data_characters() -> set[str]:
    """Every CJK character of the registry, agency and mirror data files: the names the crawl
    and the demo will print, rare ones (筼筜, 堃) included."""
    root = Path(__file__).resolve().parents[2]
    files = [*root.glob("extract/sources/**/*.toml"), *root.glob("extract/sources/**/*.csv")]
    files += [*root.glob("mirror/*.toml"), *root.glob("mirror/*.py")]
    return {ch for f in files for ch in f.read_text(encoding="utf-8") if ord(ch) > 0x2E7F}


def repertoire() -> str:
    chars = {chr(c) for start, end in EXTRA_RANGES for c in range(start, end)} | data_characters()
    chars |= {s.symbol for s in STATUSES} | set("→←↑↓×÷±≠≤≥")  # the map's status symbols
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(chars))


def bundle(collection: Path, target: Path = BUNDLED_FONT) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    faces = [f["name"].getDebugName(4) for f in TTCollection(str(collection)).fonts]
    if SIMPLIFIED_FACE not in faces:
        raise ValueError(f"{collection}: no {SIMPLIFIED_FACE} face (faces: {', '.join(faces)})")
    font = TTFont(str(collection), fontNumber=faces.index(SIMPLIFIED_FACE))
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=repertoire())
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(bundle(Path(sys.argv[1])))
