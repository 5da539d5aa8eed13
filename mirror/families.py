"""Every site family beyond the six Xiamen districts, registered in a fixed order.

The order matters only for determinism: each family draws from its own seeded RNG, so adding
a family later never changes the bytes of the ones before it.
"""

from __future__ import annotations

from . import extras, guangdong, hanweb
from .site import MirrorSite


def build(site: MirrorSite) -> None:
    hanweb.build(site)
    guangdong.build(site)
    extras.build(site)
