"""The bundled CJK font: for chart labels at build time and for the pages in any browser.

A fresh machine may have no Chinese font at all, and then every label is a row of boxes. So the
site carries its own: Noto Sans CJK SC (SIL OFL 1.1), stored in the repository cut down to the
GB 2312 repertoire (3 MB, `assets/fonts/`). Charts are drawn with it and saved with text as
outlines, so an SVG needs no font to display; pages get a copy subset again to exactly the
characters they use (usually 100–200 KB as WOFF2), declared with @font-face.

The bundled cut holds GB 2312 plus every character of the registry and mirror data files; a
real crawl can still bring a rarer one (筼筜 in 思明区筼筜街道). When the site uses a character
the bundled cut lacks, the web font is subset from the full Noto Sans CJK the machine has
(Debian's fonts-noto-cjk, which `make system-deps` installs) so every page shows every name;
only without it would such a character fall back to the reader's own fonts (logged).
"""

from __future__ import annotations

import logging
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from core.resources import package_dir

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

ASSETS = package_dir("warehouse.site", "assets")
BUNDLED_FONT = ASSETS / "fonts" / "NotoSansCJKsc-Regular-gb2312.otf"
FONT_LICENSE = ASSETS / "fonts" / "LICENSE-OFL.txt"
# Full Noto Sans CJK collections where Debian (fonts-noto-cjk) and Fedora put them.
SYSTEM_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc"),
)
SIMPLIFIED_FACE = "Noto Sans CJK SC"

log = logging.getLogger(__name__)


@cache
def chart_families() -> tuple[str, ...]:
    """Register the bundled font with matplotlib once; the family list charts ask for (the
    bundled font first, then installed CJK fonts and DejaVu for glyphs it lacks)."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(BUNDLED_FONT))
    bundled = font_manager.FontProperties(fname=str(BUNDLED_FONT)).get_name()
    installed = {f.name for f in font_manager.fontManager.ttflist}
    fallbacks = [
        name
        for name in ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback")
        if name in installed and name != bundled
    ]
    return (bundled, *fallbacks, "DejaVu Sans")


def write_web_font(characters: set[str], target: Path, previous: Path | None = None) -> set[str]:
    """Subset the bundled font to `characters` as WOFF2 at `target`; returns the characters it
    has no glyph for (they fall back to the reader's fonts).

    The character list is written beside the font; when `previous` (the font of the site being
    replaced) was made for the same characters it is copied instead of subset again (about a
    second saved per nightly build).
    """
    wanted = "".join(sorted(ch for ch in characters if ch.isprintable() and not ch.isspace()))
    target.parent.mkdir(parents=True, exist_ok=True)
    listing = target.with_suffix(".chars")
    if previous is not None and _same_characters(previous, wanted):
        shutil.copyfile(previous, target)
        shutil.copyfile(previous.with_suffix(".chars"), listing)
        return set()
    from fontTools import subset

    font = _load(BUNDLED_FONT)
    missing = _missing(font, wanted)
    if missing and (system := system_font()) is not None:
        font = _load(*system)
        missing = _missing(font, wanted)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keeps the copyright and licence records (OFL §2)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=wanted)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)
    listing.write_text(wanted, encoding="utf-8")
    if missing:
        log.info(
            "the bundled font lacks %d characters used by the site (%s); readers' own fonts show them",
            len(missing),
            "".join(sorted(missing))[:40],
        )
    return missing


def _same_characters(font: Path, wanted: str) -> bool:
    listing = font.with_suffix(".chars")
    try:
        return font.is_file() and listing.read_text(encoding="utf-8") == wanted
    except OSError:
        return False


def _load(path: Path, number: int = -1) -> TTFont:
    from fontTools.ttLib import TTFont

    return TTFont(str(path), fontNumber=number)


def _missing(font: TTFont, wanted: str) -> set[str]:
    cmap = font.getBestCmap()
    return {ch for ch in wanted if ord(ch) not in cmap and ord(ch) > 0x2E7F}


@cache
def system_font() -> tuple[Path, int] | None:
    """(collection, face number) of the full Noto Sans CJK SC, if the machine has it."""
    from fontTools.ttLib import TTCollection

    for path in SYSTEM_FONTS:
        if path.is_file():
            faces = [f["name"].getDebugName(4) for f in TTCollection(str(path)).fonts]
            if SIMPLIFIED_FACE in faces:
                return path, faces.index(SIMPLIFIED_FACE)
    return None
