"""Extractors: the plugin contract (:mod:`.base`) and discovery (:mod:`.registry`)."""

from .base import Finding

__all__ = ["Finding"]
