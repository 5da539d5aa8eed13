"""A faithful local mirror of Chinese government sites, served on 127.0.0.1 (docs/mirror.md)."""

from .handle import MirrorHandle, start_mirror
from .server import RequestRecord

__all__ = ["MirrorHandle", "RequestRecord", "start_mirror"]
