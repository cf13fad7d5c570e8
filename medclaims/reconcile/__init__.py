"""Reconciliation of billed claims (837P encounters) with remittances (835).

:func:`reconcile` matches claim payments to claims and service lines, nets
reversals, corrections and provider-level recoupments, and returns a
:class:`Reconciliation`: per-claim states and amounts, unmatched payments,
duplicate remittances, the PLB ledger and per-payment cash balances.
State and amount definitions live in :mod:`medclaims.reconcile.model`.
"""

from medclaims.reconcile.engine import reconcile
from medclaims.reconcile.fees import FeeSchedule, FeeScheduleError, load_fee_schedule
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    CashBalance,
    ClaimMatch,
    ClaimReconciliation,
    ClaimState,
    DuplicateRemittance,
    LedgerKind,
    LineMatchMethod,
    LineReconciliation,
    LineState,
    MatchMethod,
    PaymentRole,
    PlbLink,
    ProviderLedgerEntry,
    Reconciliation,
)

__all__ = [
    "AdjustmentTotal",
    "Amounts",
    "AttachedPayment",
    "CashBalance",
    "ClaimMatch",
    "ClaimReconciliation",
    "ClaimState",
    "DuplicateRemittance",
    "FeeSchedule",
    "FeeScheduleError",
    "LedgerKind",
    "LineMatchMethod",
    "LineReconciliation",
    "LineState",
    "MatchMethod",
    "PaymentRole",
    "PlbLink",
    "ProviderLedgerEntry",
    "Reconciliation",
    "load_fee_schedule",
    "reconcile",
]
