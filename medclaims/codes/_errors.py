"""Errors raised by :mod:`medclaims.codes`."""

from __future__ import annotations

from medclaims.errors import MedclaimsError

__all__ = ["CodeFileError"]


class CodeFileError(MedclaimsError, ValueError):
    """A user-supplied code description file cannot be read (missing column, bad row)."""


CodeFileError.__module__ = "medclaims.codes"
