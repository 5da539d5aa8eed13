"""Text and number normalization shared by every reader and table mapper.

Reports print the same label with full-width digits, traditional characters, stray spaces,
numbering variants ('1.' '1、' '（1）' '一、') and quotes; the same number as '１２', '1,234',
'251000元' or '7730.28' (万元). Matching and reading go through here so they agree everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

# Characters that carry no meaning in a label: whitespace, punctuation, quotes, brackets.
_NOISE = re.compile(
    r"[\s\u3000\xa0“”\"'‘’「」『』《》〈〉()（）\[\]【】〔〕,，、。.．:：;；!！?？/／\\|·•*#_—\-–~～]+"
)
# Numbering prefixes: 一、 （一） (1) 1. 1、 ①; numerals inside words (三安全一稳定) are kept.
_NUMBERING = re.compile(
    r"[(（][一二三四五六七八九十\d]{1,3}[)）]"
    r"|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}、"
    r"|(?<!\d)\d{1,2}\s*[.、．)）](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]"
)
_SPACE = re.compile(r"\s+")
# PDF producers map some glyphs to radical code points ('⼈' U+2F08 for 人, '⻓' U+2ED3 for
# 长): a text layer then reads right to the eye and wrong to a comparison. NFKC maps the Kangxi
# radicals (U+2F00–U+2FD5), CJK compatibility ideographs (U+F900–U+FAFF) and full-width forms
# to the unified characters, but leaves the CJK Radicals Supplement (U+2E80–U+2EFF) alone, so
# those radical forms that are also whole characters are mapped here (the forms used only as
# a component, such as ⻈ for 讠, stay as they are).
_RADICAL_CHARACTERS = str.maketrans(
    {
        "⺠": "民",
        "⺩": "王",
        "⺜": "日",
        "⺝": "月",
        "⺼": "月",
        "⻁": "虎",
        "⻄": "西",
        "⻅": "见",
        "⻆": "角",
        "⻉": "贝",
        "⻋": "车",
        "⻑": "長",
        "⻓": "长",
        "⻔": "门",
        "⻘": "青",
        "⻙": "韦",
        "⻚": "页",
        "⻛": "风",
        "⻜": "飞",
        "⻝": "食",
        "⻢": "马",
        "⻣": "骨",
        "⻤": "鬼",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻧": "卤",
        "⻨": "麦",
        "⻩": "黄",
        "⻪": "黾",
        "⻬": "齐",
        "⻮": "齿",
        "⻰": "龙",
    }
)


def compatible(text: str) -> str:
    """Compatibility forms (radicals, compatibility ideographs, full-width) → the characters
    they stand for (NFKC, plus the radical forms NFKC leaves alone)."""
    return unicodedata.normalize("NFKC", text.translate(_RADICAL_CHARACTERS))


@lru_cache(maxsize=65536)
def simplify(text: str) -> str:
    """Compatibility forms → characters (`compatible`: full-width → ASCII, '⼈' → 人), then
    traditional → simplified; whitespace collapsed."""
    text = compatible(text)
    if not text.isascii():
        text = _T2S.convert(text)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """The comparable core of a printed label: no numbering, punctuation or whitespace."""
    text = simplify(text)
    text = _NUMBERING.sub("", text)
    return _NOISE.sub("", text)


def squash(text: str) -> str:
    """Remove all whitespace, nbsp and ideographic space included (Chinese cells carry none)."""
    return "".join(text.split())


# ---------------------------------------------------------------- numbers

BLANK_MARKS = frozenset({"", "-", "--", "—", "——", "–", "/", "无", "空", "／", "—/—", "\\"})
_UNIT = re.compile(r"(万元|元|件|条|项|个|次|宗|份|篇|起|人次|人|家)$")
_LOOSE_SPACE = re.compile(r"(?<=\D)\s+|\s+(?=\D)")
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


class Num:
    """A parsed cell: `kind` is 'number', 'blank' or 'text'; `unit` is a printed unit word.

    `value` is exact (Decimal, for unit scaling); `plain` is the JSON number as printed.
    """

    __slots__ = ("integral", "kind", "plain", "unit", "value")

    def __init__(self, kind: str, value: Decimal | None = None, unit: str | None = None):
        self.kind = kind
        self.value = value
        self.unit = unit
        self.plain = to_plain(value) if value is not None else None
        self.integral = value is not None and value == value.to_integral_value()

    def __repr__(self) -> str:
        return f"Num({self.kind}, {self.value}, {self.unit})"


_TEXT = Num("text")
_BLANK = Num("blank")


@lru_cache(maxsize=65536)
def read_number(text: str) -> Num:
    """Read one cell as printed. Blank marks ('-', '—', '/', '无', empty) are 'blank'."""
    # Spaces next to a unit or sign go; spaces between digits stay, so that '2 0 0' (three
    # cells of a text line) is never read as the number 200.
    s = _LOOSE_SPACE.sub("", unicodedata.normalize("NFKC", text).strip())
    if s in BLANK_MARKS:
        return _BLANK
    if len(s) > 24:
        return _TEXT
    unit = None
    m = _UNIT.search(s)
    if m and m.start() > 0:
        unit = m.group(1)
        s = s[: m.start()]
    if not _NUMBER.fullmatch(s):
        return _TEXT
    try:
        value = Decimal(s.replace(",", "").lstrip("+"))
    except InvalidOperation:
        return _TEXT
    return Num("number", value, unit)


def to_plain(value: Decimal) -> int | float:
    """An exact Decimal as the JSON number a reader expects: int when integral."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
