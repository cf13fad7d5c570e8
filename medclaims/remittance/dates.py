"""Deprecated: 835 dates moved to :mod:`medclaims.x12.values` (0.2.0;
this module goes in 0.3.0). Its names stay importable from here until then."""

from __future__ import annotations

import warnings

from medclaims.x12.values import format_date, parse_date

__all__ = ["format_date", "parse_date"]

warnings.warn(
    "medclaims.remittance.dates moved to medclaims.x12.values; the module goes in 0.3.0",
    DeprecationWarning,
    stacklevel=2,
)
