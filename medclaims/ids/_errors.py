"""Errors raised by the identifier validators in :mod:`medclaims.ids`.

Every message names the rule that failed (length, shape, check digit, code
list) and never the offending value: identifiers sit next to PHI, so the
messages are safe to log.
"""

from __future__ import annotations

from medclaims.errors import MedclaimsError

__all__ = [
    "InvalidChecksum",
    "InvalidCode",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidLength",
]


class InvalidIdentifier(MedclaimsError, ValueError):
    """An identifier or code value failed validation (root of the ids errors)."""


class InvalidFormat(InvalidIdentifier):
    """The value holds characters, or a layout, the identifier does not allow."""


class InvalidLength(InvalidIdentifier):
    """The value has the wrong number of characters (or a list has too many items)."""


class InvalidChecksum(InvalidIdentifier):
    """The value is well formed but its check digit does not match."""


class InvalidCode(InvalidIdentifier):
    """The value is well formed but is not in the code list."""


# Show the public import path in tracebacks and doctests (medclaims.ids.InvalidLength).
for _cls in (InvalidIdentifier, InvalidFormat, InvalidLength, InvalidChecksum, InvalidCode):
    _cls.__module__ = "medclaims.ids"
del _cls
