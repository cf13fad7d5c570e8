"""Billing the next payer: secondary and tertiary claims (COB), corrected and voided claims.

This package sits above :mod:`medclaims.professional` (837P encounters) and
:mod:`medclaims.remittance` (835 records), which never import each other: it
turns an encounter and the 835 claim payments of the payers ahead into the
next payer's claim.
"""

from medclaims.billing.secondary import (
    RESPONSIBILITY_SEQUENCE,
    answers,
    correct_claim,
    payer_key,
    secondary_claim,
    void_claim,
)

__all__ = [
    "RESPONSIBILITY_SEQUENCE",
    "answers",
    "correct_claim",
    "payer_key",
    "secondary_claim",
    "void_claim",
]
