"""Every reconciliation report in one import: ``from medclaims.reconcile.reports import ...``.

* Summaries: :func:`summary_by_payer`, :func:`overall_summary`,
  :func:`summary_by_denial_category`, :func:`summary_by_carc`.
* A/R aging: :func:`aging` (``as_of``, ``by_payer``), :func:`aging_bucket`,
  :func:`open_balance`.
* Work lists: :func:`action_items`.
* Flat detail rows: :func:`claim_rows`, :func:`line_rows`, :func:`cash_rows`,
  :func:`ledger_rows`, :func:`duplicate_rows`; everything at once:
  :func:`build_report`.
* Output: :func:`to_rows` (plain dicts), :func:`to_csv`, :func:`to_json` /
  :func:`from_json`, :func:`render_table` (terminal), :func:`render_html`
  (one self-contained page with charts).

Definitions are in :mod:`medclaims.reconcile.report`; the cookbook is
``docs/reconcile.md``.
"""

from medclaims.reconcile.html_report import render_html, render_report_html
from medclaims.reconcile.report import (
    AGING_BUCKETS,
    AgingRow,
    CarcSummary,
    DenialCategorySummary,
    PayerSummary,
    aging,
    aging_bucket,
    line_denial_category,
    open_balance,
    overall_summary,
    summary_by_carc,
    summary_by_denial_category,
    summary_by_payer,
)
from medclaims.reconcile.report_actions import ActionItem, ActionKind, action_items
from medclaims.reconcile.report_format import (
    ReportError,
    column_names,
    from_json,
    render_table,
    to_csv,
    to_json,
    to_rows,
)
from medclaims.reconcile.report_rows import (
    CashRow,
    ClaimRow,
    DuplicateRow,
    LedgerRow,
    LineRow,
    ReconciliationReport,
    build_report,
    cash_rows,
    claim_rows,
    duplicate_rows,
    ledger_rows,
    line_rows,
)

__all__ = [
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
    "build_report",
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
    "render_html",
    "render_report_html",
    "render_table",
    "summary_by_carc",
    "summary_by_denial_category",
    "summary_by_payer",
    "to_csv",
    "to_json",
    "to_rows",
]
