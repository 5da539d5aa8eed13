"""The obstacles of SITES.md §3 as responses: WAF walls, error pages, robots.txt, hijack copies.

Each is what a real site (or a hijacker) sends, byte for byte in spirit: the 瑞数 412 with its
inline `$_ts` script, the 加速乐 521 that sets a cookie from JS, a sub-1 KB HTML error page
served with status 200 at a `.pdf` URL, and traditional-script copies of official pages under
another domain. Walls answer the same way whatever cookies the client sends: the crawler is
expected to record `blocked`, not to solve them.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import TYPE_CHECKING

from .model import Resource

if TYPE_CHECKING:
    import opencc

WAF_412 = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta http-equiv="Expires" content="0"><meta http-equiv="Cache-Control" content="no-cache">
<script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=62115;
$_ts.cd="qbrDrpAlDGQGcGAlDaVqrGVlqGlcDaVqxsAqiaEqrGVlqmEqcaqqqsqqhGAlDa9qrGVlqGgcDaQqhaQqrGAlDGQ";
if($_ts.lcd)$_ts.lcd();</script>
<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/c.FxJzG50F.dfe1675.js" r='m'></script>
</head><body></body></html>
"""

WAF_521 = """<html><body><script>document.cookie='__jsluid_h=7c2b0e1f9a3d4e5f;max-age=31536000;path=/';
function go(a){var b=a.chars.length,c=a.bts,d=0;document.cookie='__jsl_clearance_s='+a.ct+'|-1|'
+c.join('')+';max-age='+a.vt+';path=/';location.href=location.pathname+location.search}
go({"bts":["1795725833.37|0|","%2FIYw8","n3"],"chars":"JrRbVeVFdKlgwaAQxyJMgT","ct":"a9f1","vt":"3600"})
</script></body></html>
"""

TINY_ERROR = """<html><head><meta charset="utf-8"><title>提示</title></head>
<body><p>对不起，您访问的文件不存在或已被删除。</p><a href="/">返回首页</a></body></html>
"""

NOT_FOUND = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>
<body><div class="err"><h1>404</h1><p>抱歉，您访问的页面不存在或已删除！</p>
<a href="/">返回首页</a></div></body></html>
"""


def waf_resource(kind: str, when: datetime) -> Resource:
    """A wall: 412 (瑞数) or 521 (加速乐). Never cacheable, always the same answer."""
    if kind == "waf_412":
        return Resource(
            lambda: WAF_412.encode(),
            "text/html; charset=utf-8",
            when,
            status=412,
            headers={"Set-Cookie": "FSSBBIl1UgzbN7N80S=3kQ0Yy8u; Path=/; HttpOnly"},
            conditional=False,
        )
    return Resource(
        lambda: WAF_521.encode(),
        "text/html",
        when,
        status=521,
        headers={"Set-Cookie": "__jsluid_h=7c2b0e1f9a3d4e5f; max-age=31536000; path=/"},
        conditional=False,
    )


def tiny_error_resource(when: datetime) -> Resource:
    """A 'PDF' that is really an HTML error page under 1 KB, served with status 200."""
    return Resource(lambda: TINY_ERROR.encode(), "text/html; charset=utf-8", when)


def robots_txt(policy: str) -> bytes | None:
    """robots.txt for a host's policy; None means there is none (404)."""
    if policy == "missing":
        return None
    if policy == "disallow-all":
        return b"User-agent: *\nDisallow: /\n"
    if policy == "disallow-path":
        return b"User-agent: *\nDisallow: /search/\nDisallow: /admin/\n"
    return b"User-agent: *\nAllow: /\n"


@functools.lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("s2t")


def hijack(body: bytes, official: str, hijacker: str) -> bytes:
    """A hijack-mirror copy: text in traditional script, the official domain swapped out,
    and pinyin injected after a few characters (SITES.md §3.5)."""
    text = body.decode("utf-8").replace(official, hijacker)
    text = _s2t().convert(text)
    for word, pinyin in (("報告", "報(bào)告"), ("根據", "根據(jù)"), ("條例", "條(tiáo)例")):
        text = text.replace(word, pinyin, 3)
    return text.encode("utf-8")
