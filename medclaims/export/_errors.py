"""Errors raised by :mod:`medclaims.export`."""

from __future__ import annotations

from medclaims.errors import MedclaimsError

__all__ = ["ExportError", "MissingDependencyError"]


class ExportError(MedclaimsError, ValueError):
    """Records cannot be exported or read back (unknown table, malformed JSON)."""


class MissingDependencyError(MedclaimsError, ImportError):
    """An optional dependency (pandas for DataFrames) is not installed."""


ExportError.__module__ = "medclaims.export"
MissingDependencyError.__module__ = "medclaims.export"
