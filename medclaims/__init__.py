"""medclaims: HIPAA X12 5010 837P claims out, 835 remittances in, reconciled.

Layers (imports point down only): ``medclaims.x12`` (wire format) →
``medclaims.ids`` / ``medclaims.codes`` → 837P and 835 → reconciliation,
export, CLI.
"""

from medclaims.errors import (
    DelimiterError,
    EncounterValidationError,
    EnvelopeError,
    Issue,
    Location,
    MedclaimsError,
    RemittanceError,
    Severity,
    X12Error,
    X12SyntaxError,
    X12WriteError,
)
from medclaims.x12 import (
    Delimiters,
    Segment,
    check_envelopes,
    format_segments,
    iter_transactions,
    read_segments,
)

__version__ = "0.1.0"

__all__ = [
    "DelimiterError",
    "Delimiters",
    "EncounterValidationError",
    "EnvelopeError",
    "Issue",
    "Location",
    "MedclaimsError",
    "RemittanceError",
    "Segment",
    "Severity",
    "X12Error",
    "X12SyntaxError",
    "X12WriteError",
    "__version__",
    "check_envelopes",
    "format_segments",
    "iter_transactions",
    "read_segments",
]
