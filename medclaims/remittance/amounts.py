"""Deprecated: X12 decimals moved to :mod:`medclaims.x12.values` (0.2.0;
this module goes in 0.3.0). Its names stay importable from here until then."""

from __future__ import annotations

import warnings

from medclaims.x12.values import amount, format_amount, parse_amount

__all__ = ["amount", "format_amount", "parse_amount"]

warnings.warn(
    "medclaims.remittance.amounts moved to medclaims.x12.values; the module goes in 0.3.0",
    DeprecationWarning,
    stacklevel=2,
)
