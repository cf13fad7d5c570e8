"""Healthcare identifiers, one small module per family (python-stdnum style).

Each module offers ``compact(value)`` (normalise), ``validate(value)`` (return
the normalised value or raise an :class:`InvalidIdentifier` subclass) and
``is_valid(value)``. Error messages name the rule that failed, never the value.
"""

from __future__ import annotations

from medclaims.ids import (
    icd10cm,
    modifier,
    npi,
    place_of_service,
    postal_code,
    procedure_code,
    relationship,
    state,
    tax_id,
)
from medclaims.ids._errors import (
    InvalidChecksum,
    InvalidCode,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)

__all__ = [
    "InvalidChecksum",
    "InvalidCode",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidLength",
    "icd10cm",
    "modifier",
    "npi",
    "place_of_service",
    "postal_code",
    "procedure_code",
    "relationship",
    "state",
    "tax_id",
]
