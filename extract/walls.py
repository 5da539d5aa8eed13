"""Recognise anti-bot walls so they are recorded as `blocked`, never retried or parsed.

瑞数 (Ruishu) answers 412 with an inline `$_ts` script; 加速乐 (jiasule) answers 521 with
`document.cookie=`/`__jsl_clearance` JS; Aliyun and 360 walls plant `acw_sc__v2` or
`wzws_cid`. Solving them is out of scope and retrying only hammers the site, so the crawler
records the wall once and moves on (SITES.md §3.1–3.2).
"""

from __future__ import annotations

_MARKERS = (
    b"__jsl_clearance",
    b"acw_sc__v2",
    b"wzws_cid",
    b"wzwschallenge",
    b"https_waf_cookie",
    b"Please enable JavaScript",
    b"$_ts",
)
_HEAD = 3 * 1024
_TINY = 3 * 1024


def wall_reason(status: int, body: bytes) -> str | None:
    """Why this response is an anti-bot wall, or None when it is an ordinary response."""
    head = body[:_HEAD]
    if status == 412:
        scripted = b"$_ts" in head or b"<script" in head.lower()
        return "412 JavaScript challenge (瑞数/$_ts)" if scripted else "412 precondition wall"
    if status == 521:
        return "521 cookie challenge (加速乐)"
    marker = next((m for m in _MARKERS if m in head), None)
    if marker is not None and len(body) < 16 * 1024:
        return f"challenge page ({marker.decode()})"
    if len(body) < _TINY and b"document.cookie" in head:
        return "tiny page that sets document.cookie"
    return None
