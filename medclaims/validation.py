"""Deprecated alias of :mod:`medclaims.pyx12_validation` (renamed in 0.2.0; removed in 0.3.0)."""

from __future__ import annotations

import warnings

from medclaims.pyx12_validation import *  # noqa: F403
from medclaims.pyx12_validation import __all__  # noqa: F401

warnings.warn(
    "medclaims.validation is renamed medclaims.pyx12_validation; the old name goes in 0.3.0",
    DeprecationWarning,
    stacklevel=2,
)
