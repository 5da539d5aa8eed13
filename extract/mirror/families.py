"""Placeholder: the non-Xiamen families register here."""

from __future__ import annotations

from .site import MirrorSite


def build(site: MirrorSite) -> None:
    return None
