"""CMS adapters, one module per platform family; each exposes `FAMILY` and `walk(url, ctx)`.

Adding a family is adding a module here and naming it in `FAMILIES`; a registry source picks
its adapter by the `family` it declares.
"""

from __future__ import annotations

from collections.abc import Callable

from extract.platforms import gdcolumn, generic, gkmlpt, hanweb, trs
from extract.platforms.base import Link, ListContext, Listing

Walker = Callable[[str, ListContext], Listing]
FAMILIES: dict[str, Walker] = {
    module.FAMILY: module.walk for module in (trs, hanweb, gkmlpt, gdcolumn, generic)
}


def walker_for(family: str) -> Walker:
    try:
        return FAMILIES[family]
    except KeyError:
        raise ValueError(f"unknown CMS family {family!r}; known: {', '.join(sorted(FAMILIES))}") from None


__all__ = ["FAMILIES", "Link", "ListContext", "Listing", "walker_for"]
