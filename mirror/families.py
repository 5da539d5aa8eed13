"""Building the whole mirror: the six Xiamen districts, then every other site family, in a fixed order.

The order matters only for determinism: each family draws from its own seeded RNG, so adding
a family later never changes the bytes of the ones before it.
"""

from __future__ import annotations

from . import extras, guangdong, hanweb, xiamen
from .site import MirrorSite


def build_site(seed: int = 0, scale: int = 1) -> MirrorSite:
    """The mirror as data (nothing rendered yet): every host, source and report."""
    if scale < 1:
        raise ValueError(f"mirror scale must be ≥ 1, got {scale}")
    site = MirrorSite(seed=seed, scale=scale)
    xiamen.build(site)
    hanweb.build(site)
    guangdong.build(site)
    extras.build(site)
    return site
