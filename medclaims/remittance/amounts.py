"""Deprecated: X12 decimals moved to :mod:`medclaims.remittance._parse.values` (0.2.0;
this module goes in 0.3.0). Its names stay importable from here until then."""

from __future__ import annotations

import warnings

from medclaims.remittance._parse.values import amount, format_amount, parse_amount

__all__ = ["amount", "format_amount", "parse_amount"]

warnings.warn(
    "medclaims.remittance.amounts is private now (medclaims.remittance._parse.values); "
    "the module goes in 0.3.0",
    DeprecationWarning,
    stacklevel=2,
)
