"""The bounded text-keyed caches of the 835 parser (amounts, dates, CAS, procedures...)."""

from __future__ import annotations

from typing import TypeVar

__all__ = ["KEY_LIMIT", "remember"]

V = TypeVar("V")

KEY_LIMIT = 256
"""Longest key a cache keeps. Real keys (an amount, a CAS or NM1 segment's text) are
far shorter; a crafted megabyte-long one must not stay in memory after its segment
is gone (``iter_835`` promises bounded memory, and the amount cache outlives a parse)."""


def remember(cache: dict[str, V], key: str, value: V, size: int) -> V:
    """Put ``value`` in ``cache`` under ``key`` and return it.

    The cache holds at most ``size`` entries (it is emptied when full: the
    values that matter come back within a few thousand segments) and no key
    longer than :data:`KEY_LIMIT`.
    """
    if len(key) <= KEY_LIMIT:
        if len(cache) >= size:
            cache.clear()
        cache[key] = value
    return value
