"""Element text of the 837P builder's values: amounts (R), dates (D8), trimmed strings.

Shared by the builder and the COB loop writer, which import it rather than each other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache

__all__ = ["_amount", "_d8", "_t"]


def _amount(value: Decimal) -> str:
    """R-type text: no exponent, no trailing zeros after the point (``125.5``, ``100``)."""
    text = str(value)
    if "E" in text or text[0] == "-":
        text = format(value + 0, "f")  # exponent form or negative zero: rare
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


@lru_cache(maxsize=1 << 14)
def _d8(value: dt.date) -> str:
    """CCYYMMDD (D8)."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _t(value: str | None) -> str:
    return "" if value is None else value.strip()
