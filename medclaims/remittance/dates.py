"""CCYYMMDD dates of the 835 (DTM02, BPR16, PLB02) with a cache.

:func:`parse_date` returns ``None`` for anything that is not a real calendar
date in ``CCYYMMDD`` form, so the parser can record an issue and keep going.
"""

from __future__ import annotations

import datetime as dt

from medclaims.remittance._cache import remember

__all__ = ["format_date", "parse_date"]

_CACHE_LIMIT = 1 << 14
_cache: dict[str, dt.date] = {}
_date = dt.date


def parse_date(text: str) -> dt.date | None:
    """The date of a ``CCYYMMDD`` element, or ``None`` when it is not a valid date.

    >>> parse_date("20240229"), parse_date("20230229"), parse_date("2024-02-01")
    (datetime.date(2024, 2, 29), None, None)
    """
    value = _cache.get(text)
    if value is not None:
        return value
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        value = _date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    remember(_cache, text, value, _CACHE_LIMIT)
    return value


def format_date(value: dt.date) -> str:
    """A date as ``CCYYMMDD``."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"
