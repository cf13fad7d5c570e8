"""medclaims: HIPAA X12 5010 837P claims out, 835 remittances in, reconciled.

Layers (imports point down only): ``medclaims.x12`` (wire format) →
``medclaims.ids`` / ``medclaims.codes`` → ``medclaims.professional`` (837P) and
``medclaims.remittance`` (835) → ``medclaims.reconcile`` and
``medclaims.export`` → ``medclaims.cli``. The most used names are re-exported
here; every subpackage documents the rest.
"""

from medclaims.acks import acknowledge_837p, parse_277ca, parse_999, parse_ta1
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
from medclaims.export import render_835, to_csv, to_dataframe, to_rows
from medclaims.professional import (
    Encounter,
    Receiver,
    ServiceLine,
    Submitter,
    build_837p,
    load_encounters,
)
from medclaims.professional.reader import parse_837p, read_837p
from medclaims.pyx12_validation import validate

# ``reconcile()`` is not re-exported: the name belongs to the subpackage
# ``medclaims.reconcile`` (use ``from medclaims.reconcile import reconcile``).
from medclaims.reconcile import Reconciliation, load_fee_schedule
from medclaims.remittance import (
    ClaimPayment,
    Denial,
    Remittance,
    ServicePayment,
    iter_835,
    parse_835,
    write_835,
)
from medclaims.remittance.denials import denials
from medclaims.x12 import (
    Delimiters,
    Segment,
    check_envelopes,
    format_segments,
    iter_transactions,
    read_segments,
)

__version__ = "0.2.0"
"""The version of medclaims (written here only; packaging reads it)."""

__all__ = [
    "ClaimPayment",
    "DelimiterError",
    "Delimiters",
    "Denial",
    "Encounter",
    "EncounterValidationError",
    "EnvelopeError",
    "Issue",
    "Location",
    "MedclaimsError",
    "Receiver",
    "Reconciliation",
    "Remittance",
    "RemittanceError",
    "Segment",
    "ServiceLine",
    "ServicePayment",
    "Severity",
    "Submitter",
    "X12Error",
    "X12SyntaxError",
    "X12WriteError",
    "__version__",
    "acknowledge_837p",
    "build_837p",
    "check_envelopes",
    "denials",
    "format_segments",
    "iter_835",
    "iter_transactions",
    "load_encounters",
    "load_fee_schedule",
    "parse_277ca",
    "parse_835",
    "parse_837p",
    "parse_999",
    "parse_ta1",
    "read_837p",
    "read_segments",
    "render_835",
    "to_csv",
    "to_dataframe",
    "to_rows",
    "validate",
    "write_835",
]
