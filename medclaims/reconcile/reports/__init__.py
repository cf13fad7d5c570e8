"""The reconciliation report API: ``from medclaims.reconcile.reports import ...``.

* Summaries: :func:`summary_by_payer`, :func:`overall_summary`,
  :func:`summary_by_denial_category`, :func:`summary_by_carc`.
* A/R aging: :func:`aging` (``as_of``, ``by_payer``), :func:`aging_bucket`,
  :func:`open_balance`.
* Work lists: :func:`action_items`.
* Flat detail rows: :func:`claim_rows`, :func:`line_rows`, :func:`cash_rows`,
  :func:`ledger_rows`, :func:`duplicate_rows`.
* Output: :func:`report_to_rows` (plain dicts), :func:`report_to_csv`,
  :func:`to_json` / :func:`from_json`, :func:`render_table` (terminal),
  :func:`render_report_html` (the HTML page of a built report).

The two entry points, :func:`medclaims.reconcile.build_report` (every report at
once) and :func:`medclaims.reconcile.render_html` (one self-contained page with
charts), are public on :mod:`medclaims.reconcile`. The modules inside this
package (``summaries``, ``actions``, ``rows``, ``format``, ``html``, ``charts``)
are its implementation: import from the package. It is cheap to import:
matplotlib loads only when a chart is drawn. The cookbook is ``docs/reconcile.md``.

``to_csv`` and ``to_rows`` are the old names of :func:`report_to_csv` and
:func:`report_to_rows` (``medclaims.export`` has functions of those names that do
something else); they still work for one release, with a ``DeprecationWarning``.
"""

from __future__ import annotations

import warnings
from typing import Any

from medclaims.reconcile.reports.actions import ActionItem, ActionKind, action_items
from medclaims.reconcile.reports.format import (
    ReportError,
    column_names,
    from_json,
    render_table,
    report_to_csv,
    report_to_rows,
    to_json,
)
from medclaims.reconcile.reports.html import render_report_html
from medclaims.reconcile.reports.rows import (
    CashRow,
    ClaimRow,
    DuplicateRow,
    LedgerRow,
    LineRow,
    ReconciliationReport,
    cash_rows,
    claim_rows,
    duplicate_rows,
    ledger_rows,
    line_rows,
)
from medclaims.reconcile.reports.summaries import (
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
    "report_to_csv",
    "report_to_rows",
    "summary_by_carc",
    "summary_by_denial_category",
    "summary_by_payer",
    "to_json",
]

_RENAMED = {"to_csv": "report_to_csv", "to_rows": "report_to_rows"}
_MOVED = {"build_report": "medclaims.reconcile", "render_html": "medclaims.reconcile"}


def __getattr__(name: str) -> Any:
    """The old names, for one release, with a ``DeprecationWarning`` naming the new one."""
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(
            f"medclaims.reconcile.reports.{name} is deprecated: use "
            f"medclaims.reconcile.reports.{new} (medclaims.export.{name} is another function)",
            DeprecationWarning,
            stacklevel=2,
        )
        return globals()[new]
    if name in _MOVED:
        warnings.warn(
            f"medclaims.reconcile.reports.{name} is deprecated: use {_MOVED[name]}.{name}",
            DeprecationWarning,
            stacklevel=2,
        )
        import medclaims.reconcile

        return getattr(medclaims.reconcile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
