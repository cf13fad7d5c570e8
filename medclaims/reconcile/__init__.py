"""Reconciliation of billed claims (837P encounters) with remittances (835).

:func:`reconcile` matches claim payments to claims and service lines, nets
reversals, corrections and provider-level recoupments, and returns a
:class:`Reconciliation`: per-claim states and amounts, unmatched payments,
duplicate remittances, the PLB ledger and per-payment cash balances. State and
amount definitions are on the result model (:class:`ClaimState`,
:class:`Amounts`). :func:`load_fee_schedule` reads the expected allowed amounts
that flag underpayments.

The report entry points are :func:`build_report` (every report at once) and
:func:`render_html` (one self-contained page); the report API (summaries, aging,
action items, rows, CSV/JSON/table) is :mod:`medclaims.reconcile.reports`.

The package: this facade, ``model`` (the result records), ``fees`` (the fee
schedule), ``_engine`` (inputs, matching, ledger, the netting rules, the fast
path; private) and ``reports``.
"""

from __future__ import annotations

import warnings
from typing import Any

from medclaims.reconcile._engine.run import reconcile
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
from medclaims.reconcile.reports.html import render_html
from medclaims.reconcile.reports.rows import build_report

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
    "build_report",
    "load_fee_schedule",
    "reconcile",
    "render_html",
]

_REPORT_NAMES = frozenset(
    {
        "AGING_BUCKETS",
        "ActionItem",
        "ActionKind",
        "AgingRow",
        "CarcSummary",
        "CashRow",
        "ClaimRow",
        "DenialCategorySummary",
        "DuplicateRow",
        "LedgerRow",
        "LineRow",
        "PayerSummary",
        "ReconciliationReport",
        "ReportError",
        "action_items",
        "aging",
        "aging_bucket",
        "cash_rows",
        "claim_rows",
        "column_names",
        "duplicate_rows",
        "from_json",
        "ledger_rows",
        "line_denial_category",
        "line_rows",
        "open_balance",
        "overall_summary",
        "render_report_html",
        "render_table",
        "summary_by_carc",
        "summary_by_denial_category",
        "summary_by_payer",
        "to_json",
    }
)
_RENAMED = {"to_csv": "report_to_csv", "to_rows": "report_to_rows"}


def __getattr__(name: str) -> Any:
    """Report names this package re-exported before they moved to
    :mod:`medclaims.reconcile.reports`: still there for one release, with a
    ``DeprecationWarning``."""
    if name in _REPORT_NAMES or name in _RENAMED:
        new = _RENAMED.get(name, name)
        warnings.warn(
            f"medclaims.reconcile.{name} is deprecated: use medclaims.reconcile.reports.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        from medclaims.reconcile import reports

        return getattr(reports, new)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
