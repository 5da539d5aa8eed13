"""Site chrome around every mirrored page: header, navigation, footer, styles, scripts.

Real government pages weigh 50–120 KB, almost all of it chrome: inline CSS, a long menu, the
`zh_choose` simplified/traditional switch script, footers with 网站标识码 and ICP numbers, and
links out to other government portals. Parsers and crawlers must find the report among all
that, so every mirrored page carries it. Navigation entries are `javascript:` links (as most
real menus are), plus a few real links home and out to other hosts, which an allow-list must
stop.
"""

from __future__ import annotations

import functools
import random
from html import escape

ZH_CHOOSE = """<script type="text/javascript">
var zh_default = 'n'; var zh_choose = 'n'; var zh_expires = 7; var zh_class = 'zh_click';
var zh_style_active = 'font-weight:bold; color:green;'; var zh_style_inactive = 'color:blue;';
var zh_browserLang = ''; var zh_autoLang_t = true; var zh_autoLang_s = true;
var zh_autoLang_alert = false; var zh_autoLang_msg = '';
function zh_tran(go){ if (go) zh_choose = go; setCookie('zh_choose', zh_choose, zh_expires);
  if (go=='n') { window.location.reload(); } else { zh_tranBody(); } }
function setCookie(name, value, days){ var exp = new Date();
  exp.setTime(exp.getTime() + days*24*60*60*1000);
  document.cookie = name + "=" + escape(value) + ";expires=" + exp.toGMTString() + ";path=/"; }
function zh_tranBody(obj){ var o = (typeof(obj) == "object") ? obj.childNodes : document.body.childNodes;
  for (var i = 0; i < o.length; i++) { var c = o.item(i);
    if ('||BR|HR|TEXTAREA|SCRIPT|'.indexOf("|"+c.tagName+"|") > 0) continue;
    if (c.nodeType == 3) c.data = zh_tranText(c.data); else zh_tranBody(c); } }
</script>"""

_MENU = (
    "首页",
    "政务公开",
    "政府信息公开指南",
    "政府信息公开制度",
    "法定主动公开内容",
    "政府信息公开年报",
    "机构职能",
    "政策文件",
    "政策解读",
    "规划计划",
    "财政资金",
    "重点领域",
    "人事信息",
    "统计信息",
    "政务服务",
    "办事指南",
    "便民服务",
    "互动交流",
    "区长信箱",
    "民意征集",
    "在线访谈",
    "走进区情",
    "历史沿革",
    "行政区划",
    "投资指南",
    "专题专栏",
    "新闻中心",
    "图片新闻",
    "通知公告",
    "部门动态",
)


@functools.lru_cache(maxsize=64)
def parts(site_name: str, host: str, id_code: str, pad_kb: int = 64) -> tuple[str, str, str]:
    """(head extras, page header, page footer) for a host, padded to about `pad_kb` KB."""
    rng = random.Random(f"chrome:{host}")
    css_rules = []
    size = 0
    i = 0
    while size < pad_kb * 1024 * 0.55:
        rule = (
            f".m{i:03d} .c{rng.randint(100, 999)} li a{{color:#{rng.randint(0, 0xFFFFFF):06x};"
            f"font-size:{rng.randint(12, 18)}px;line-height:{rng.randint(20, 36)}px;"
            f"padding:0 {rng.randint(2, 20)}px;background:url(/images/bg_{i % 17}.png) "
            f"no-repeat {rng.randint(0, 40)}px center;}}"
        )
        css_rules.append(rule)
        size += len(rule)
        i += 1
    head = f'<style type="text/css">\n{chr(10).join(css_rules)}\n</style>\n{ZH_CHOOSE}'
    items = []
    for n in range(6):
        sub = "".join(
            f'<li><a href="javascript:void(0);" title="{escape(m)}">{escape(m)}</a></li>'
            for m in rng.sample(_MENU, k=12)
        )
        items.append(
            f'<li class="nav{n}"><a href="javascript:void(0);">{_MENU[n * 4]}</a>'
            f'<ul class="sub">{sub}</ul></li>'
        )
    header = (
        f'<div class="top"><div class="w1200"><span class="zh_choose">'
        f'<a href="javascript:zh_tran(\'s\');" class="zh_click" id="zh_click_s">简体</a>'
        f'<a href="javascript:zh_tran(\'t\');" class="zh_click" id="zh_click_t">繁體</a>'
        f'</span><a href="javascript:void(0);">无障碍</a><a href="javascript:void(0);">长者模式</a>'
        f'</div></div><div class="header"><div class="w1200"><a href="/" class="logo">'
        f'{escape(site_name)}</a><form class="search" action="/search/" method="get">'
        f'<input name="q"/></form></div></div>'
        f'<div class="nav"><ul><li><a href="/">首页</a></li>{"".join(items)}</ul></div>'
    )
    footer = (
        f'<div class="footer"><div class="w1200"><div class="links">'
        f'<a href="http://www.gov.cn/" target="_blank">中国政府网</a>'
        f'<a href="http://www.fujian.gov.cn/" target="_blank">福建省人民政府</a>'
        f'<a href="http://www.xm.gov.cn/" target="_blank">厦门市人民政府</a></div>'
        f"<p>主办：{escape(site_name)}办公室　网站标识码：{id_code}　"
        f"闽ICP备{rng.randint(10000000, 99999999)}号　"
        f"闽公网安备 {rng.randint(10**13, 10**14 - 1)}号</p>"
        f"<p>建议使用1366×768分辨率浏览本网站</p></div></div>"
    )
    return head, header, footer


def page(
    *,
    title: str,
    metas: dict[str, str],
    site_name: str,
    host: str,
    id_code: str,
    main: str,
    charset: str = "utf-8",
) -> str:
    """A whole HTML page: metas, chrome and the given main content."""
    head, header, footer = parts(site_name, host, id_code)
    meta_tags = "\n".join(f'<meta name="{k}" content="{escape(v)}">' for k, v in metas.items())
    charset_tag = (
        f'<meta charset="{charset}">'
        if charset == "utf-8"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n{charset_tag}\n<title>{escape(title)}</title>\n"
        f'{meta_tags}\n{head}\n</head>\n<body>\n{header}\n<div class="main w1200">\n{main}\n'
        f"</div>\n{footer}\n</body>\n</html>\n"
    )
