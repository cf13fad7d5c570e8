"""Provider-level and payment-level results: the PLB ledger, cash balances, duplicates.

Part of the result model of :mod:`medclaims.reconcile.model` (which re-exports
every name here), split out to keep each module readable. PLB sign (835 rule):
a positive amount reduces the payment to the provider.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields

__all__ = [
    "CashBalance",
    "DuplicateRemittance",
    "LedgerKind",
    "PlbLink",
    "ProviderLedgerEntry",
]

ZERO = Decimal("0")


class LedgerKind(StrEnum):
    """What a provider-level adjustment (PLB) does, by reason code.

    ``recoupment``: WO/WU, an earlier overpayment taken back (positive) or
    returned (negative, a repayment). ``refund``: 72, a return of funds.
    ``interest``: L6. ``forwarding_balance``: FB, a balance carried to or from
    another remittance. ``other``: every other reason.
    """

    RECOUPMENT = "recoupment"
    REFUND = "refund"
    INTEREST = "interest"
    FORWARDING_BALANCE = "forwarding_balance"
    OTHER = "other"


class PlbLink(StrEnum):
    """How a PLB entry's reference (PLB03-2) was linked to a claim.

    ``payer_claim_control_number``: equals a CLP07 attached to the claim.
    ``patient_control_number``: equals the claim's CLM01 (normalized).
    ``none``: no reference, or it names no claim we know.
    """

    PAYER_CLAIM_CONTROL_NUMBER = "payer_claim_control_number"
    PATIENT_CONTROL_NUMBER = "patient_control_number"
    NONE = "none"


@attrs.frozen(field_transformer=typed_fields)
class ProviderLedgerEntry:
    """One provider-level adjustment (a PLB reason/amount pair) with its claim link."""

    trace_number: str
    """Trace number of the payment carrying it (TRN02)."""
    payment_date: dt.date | None
    """Payment date of that remittance (BPR16)."""
    payer_id: str
    """Payer identifier of the remittance."""
    provider_id: str
    """Provider identifier (PLB01)."""
    fiscal_period_date: dt.date | None
    """Fiscal period date (PLB02)."""
    reason: str
    """Adjustment reason code (PLB03-1…): WO, FB, L6, 72…"""
    kind: LedgerKind
    """What the reason does."""
    amount: Decimal
    """Amount as reported (PLB04…): positive reduces the payment to the provider."""
    reference: str = attrs.field(default="", repr=_masked)
    """Reference id (PLB03-2), often a claim number with a patient id: masked in repr."""
    link: PlbLink = PlbLink.NONE
    """How the reference was linked to a claim."""
    claim_position: int | None = None
    """Index into ``Reconciliation.claims`` of the linked claim, None if unlinked."""
    offsets: int | None = None
    """Index into ``Reconciliation.provider_ledger`` of an earlier entry this one
    cancels (same payer, reason and reference, opposite amount): a repayment of a
    recoupment, or a forwarding balance taken back."""
    remittance_index: int = 0
    """Position of its remittance in the input to ``reconcile``."""


@attrs.frozen(field_transformer=typed_fields)
class CashBalance:
    """One payment (check/EFT, trace number): paid amount against claims and PLB.

    The 835 rule: BPR02 = Σ CLP04 − Σ PLB amounts (a debit, BPR03 = D, counts negative).
    """

    trace_number: str
    """Check or EFT trace number (TRN02)."""
    payer_id: str
    """Payer identifier."""
    payer_name: str
    """Payer name (N1*PR)."""
    payment_date: dt.date | None
    """Payment date (BPR16)."""
    payment_method: str
    """Payment method code (BPR04): ACH, CHK, FWT, BOP, NON."""
    payment_amount: Decimal
    """Total actual provider payment (BPR02), negative for a debit (BPR03 = D)."""
    claim_payments_total: Decimal = ZERO
    """Σ CLP04 of the claims in the payment."""
    provider_adjustments_total: Decimal = ZERO
    """Σ PLB amounts (positive reduces the payment)."""
    claim_count: int = 0
    """Number of claim payments (CLP) in it."""
    times_received: int = 1
    """How many times the remittance was read (2+ means duplicates were dropped)."""

    @property
    def expected_amount(self) -> Decimal:
        """Σ CLP04 − Σ PLB: what BPR02 should be."""
        return self.claim_payments_total - self.provider_adjustments_total

    @property
    def difference(self) -> Decimal:
        """BPR02 − (Σ CLP04 − Σ PLB); 0 when balanced."""
        return self.payment_amount - self.expected_amount

    @property
    def balanced(self) -> bool:
        """True when the payment equals its claims less its provider adjustments."""
        return self.difference == 0


@attrs.frozen(field_transformer=typed_fields)
class DuplicateRemittance:
    """A remittance read more than once (same payer and trace number), counted once."""

    trace_number: str
    """Trace number (TRN02)."""
    payer_id: str
    """Payer identifier."""
    kept_index: int
    """Input position of the copy that was reconciled."""
    duplicate_index: int
    """Input position of the copy that was dropped."""
    payment_amount: Decimal
    """BPR02 of the dropped copy."""
    identical: bool = True
    """False when the copies differ (amount, claim count or claim amounts): a payer
    reusing a trace number, worth a look."""
