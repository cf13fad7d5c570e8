"""One self-contained HTML page for a reconciliation, for a billing manager's browser.

Strategy: :func:`render_html` builds the :class:`~.rows.ReconciliationReport`
and lays it out as a single page: inline CSS, no script, no external file,
headline figures, three charts (denials by category, paid vs billed by payer,
aging) as inline SVG from :mod:`.charts`, then the tables. Every value
that reaches the page goes through :func:`html.escape`. Without matplotlib the
page still renders, with its tables and a note saying how to get the charts.
Long tables (actions) are cut to ``max_rows`` with a pointer to the CSV files.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import Enum
from typing import Any

from medclaims.reconcile.model import Reconciliation
from medclaims.reconcile.reports import charts as html_charts
from medclaims.reconcile.reports.format import column_names
from medclaims.reconcile.reports.rows import ReconciliationReport, build_report
from medclaims.reconcile.reports.summaries import CarcSummary, PayerSummary

__all__ = ["render_html", "render_report_html"]

_CSS = """
:root { --ink:#1d2733; --muted:#5b6675; --line:#d8dee6; --bg:#f5f7fa; --accent:#2f6fae; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
       color:var(--ink); background:var(--bg); }
header { background:#1f3b57; color:#fff; padding:20px 32px; }
header h1 { margin:0 0 4px; font-size:22px; font-weight:600; }
header p { margin:0; color:#c9d6e3; }
main { padding:20px 32px 40px; max-width:1400px; }
section { background:#fff; border:1px solid var(--line); border-radius:6px;
          padding:14px 18px; margin:0 0 18px; }
h2 { font-size:16px; margin:0 0 10px; }
.cards { display:grid; grid-template-columns:repeat(auto-fill,minmax(170px,1fr)); gap:12px;
         margin:0 0 18px; }
.card { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 14px; }
.card .label { color:var(--muted); font-size:12px; text-transform:uppercase; }
.card .value { font-size:20px; font-weight:600; }
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(380px,1fr)); gap:18px; }
.charts figure { margin:0; background:#fff; border:1px solid var(--line); border-radius:6px;
                 padding:10px; }
.charts figcaption { font-weight:600; margin:0 0 6px; }
.charts svg { width:100%; height:auto; }
table { border-collapse:collapse; width:100%; font-size:12.5px; }
th, td { padding:4px 6px; border-bottom:1px solid var(--line); text-align:left;
         vertical-align:top; }
th { background:#eef2f6; font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.nw { white-space:nowrap; }
.scroll { overflow-x:auto; }
h3 { font-size:14px; margin:14px 0 6px; }
tr.total td { font-weight:600; border-top:2px solid var(--ink); }
.note { color:var(--muted); margin:6px 0 0; }
.bad { color:#b3261e; font-weight:600; }
@media print { body { background:#fff; } section, .card { break-inside:avoid; } }
"""


def _text(value: Any) -> tuple[str, bool]:
    """Display text of a value and whether it is a number (right-aligned)."""
    if value is None:
        return "", False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, Decimal):
        return f"{value:,.2f}", True
    if isinstance(value, int):
        return f"{value:,}", True
    if isinstance(value, Enum):
        return str(value.value).replace("_", " "), False
    if isinstance(value, dt.date):
        return value.isoformat(), False
    if isinstance(value, (tuple, list)):
        return " ".join(_text(v)[0] for v in value), False
    return str(value), False


_LABELS = {
    "payer_name": "payer",
    "payer_id": "payer id",
    "paid_claims": "paid",
    "partially_denied": "part. denied",
    "patient_responsibility_claims": "patient resp. claims",
    "awaiting_next_payer": "awaiting next payer",
    "needs_review": "needs review",
    "not_acknowledged": "not ack.",
    "denied_amount": "denied amount",
    "patient_control_number": "claim id (CLM01)",
    "payer_claim_control_number": "payer claim no.",
    "patient_responsibility": "patient resp.",
    "denial_rate_percent": "denial %",
    "unmatched_payments": "unmatched",
    "unmatched_paid": "unmatched paid",
    "claim_payments_total": "claims total",
    "provider_adjustments_total": "PLB total",
    "offsets_earlier_entry": "offsets earlier",
    "times_received": "times read",
    "open_balance": "open balance",
    "line_number": "line",
    "procedure_code": "procedure",
}


def _heading(name: str) -> str:
    return _LABELS.get(name, name.replace("_", " "))


def _table(
    records: Sequence[Any],
    columns: Sequence[str],
    *,
    total: Any = None,
    max_rows: int | None = None,
    empty: str = "None.",
) -> str:
    if not records and total is None:
        return f'<p class="note">{html.escape(empty)}</p>'
    numeric = {
        name
        for name in columns
        if any(_text(getattr(r, name))[1] for r in [*records, *([total] if total else [])])
    }
    head = "".join(
        f"<th{' class=num' if name in numeric else ''}>{html.escape(_heading(name))}</th>"
        for name in columns
    )
    shown = records if max_rows is None else records[:max_rows]
    body = [_row(r, columns, numeric) for r in shown]
    if total is not None:
        body.append(_row(total, columns, numeric, css="total"))
    note = ""
    if max_rows is not None and len(records) > max_rows:
        note = (
            f'<p class="note">First {max_rows:,} of {len(records):,} rows; '
            "the CSV files hold them all.</p>"
        )
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>" + note
    )


def _row(record: Any, columns: Iterable[str], numeric: set[str], css: str = "") -> str:
    cells = []
    for name in columns:
        value = getattr(record, name)
        text, _ = _text(value)
        if name.endswith("_percent") and isinstance(value, Decimal):
            text = f"{value:.1f}"
        klass = (
            ' class="num"'
            if name in numeric
            else ' class="nw"'
            if isinstance(value, dt.date)
            else ""
        )
        cells.append(f"<td{klass}>{html.escape(text)}</td>")
    attr = f' class="{css}"' if css else ""
    return f"<tr{attr}>{''.join(cells)}</tr>"


def _card(label: str, value: str, bad: bool = False) -> str:
    klass = "value bad" if bad else "value"
    return (
        f'<div class="card"><div class="label">{html.escape(label)}</div>'
        f'<div class="{klass}">{html.escape(value)}</div></div>'
    )


def _cards(report: ReconciliationReport) -> str:
    t: PayerSummary = report.total
    unbalanced = sum(1 for c in report.cash if not c.balanced)
    rate = "n/a" if t.denial_rate_percent is None else f"{t.denial_rate_percent}%"
    cards = [
        _card("Claims", f"{t.claims:,}"),
        _card("Billed", f"{t.billed:,.2f}"),
        _card("Paid", f"{t.paid:,.2f}"),
        _card("Open balance", f"{t.open_balance:,.2f}"),
        _card("Denial rate", rate),
        _card(
            "Underpayment",
            "not checked" if t.underpayment is None else f"{t.underpayment:,.2f}",
            bad=t.underpayment is not None and t.underpayment > 0,
        ),
        _card("Pending claims", f"{t.pending:,}"),
        _card(
            "Unmatched payments",
            f"{t.unmatched_payments:,} ({t.unmatched_paid:,.2f})",
            bad=t.unmatched_payments > 0,
        ),
        _card(
            "Payments",
            f"{len(report.cash):,}" + (f", {unbalanced} unbalanced" if unbalanced else ""),
        ),
        _card("Duplicate remits", f"{len(report.duplicates):,}"),
    ]
    return f'<div class="cards">{"".join(cards)}</div>'


def _charts(report: ReconciliationReport) -> str:
    denials = report.by_denial_category
    payers = report.by_payer
    figures = [
        (
            "Denied amount by category",
            html_charts.denials_chart(
                [d.category.value.replace("_", " ") for d in denials],
                [d.denied_amount for d in denials],
                [d.denied_claims + d.denied_lines for d in denials],
            ),
        ),
        (
            "Paid vs billed by payer",
            html_charts.paid_vs_billed_chart(
                [p.payer_name for p in payers], [p.billed for p in payers], [p.paid for p in payers]
            ),
        ),
        (
            f"Open balance by age at {report.as_of.isoformat()}",
            html_charts.aging_chart(
                [a.bucket for a in report.aging],
                [a.open_balance for a in report.aging],
                [a.claims for a in report.aging],
            ),
        ),
    ]
    # The SVG comes from matplotlib, which escapes every text it draws.
    inner = "".join(
        f"<figure><figcaption>{html.escape(caption)}</figcaption>{svg}</figure>"
        for caption, svg in figures
        if svg is not None
    )
    if not inner:
        return (
            '<section><h2>Charts</h2><p class="note">Charts need matplotlib: '
            "install the optional extra with <code>pip install "
            "&quot;medclaims[report]&quot;</code>.</p></section>"
        )
    return f'<section><h2>Charts</h2><div class="charts">{inner}</div></section>'


def _section(title: str, body: str, note: str = "") -> str:
    extra = f'<p class="note">{html.escape(note)}</p>' if note else ""
    return f"<section><h2>{html.escape(title)}</h2>{body}{extra}</section>"


_PAYER_COLUMNS = (
    "payer_name",
    "payer_id",
    "claims",
    "paid_claims",
    "partially_denied",
    "denied",
    "patient_responsibility_claims",
    "awaiting_next_payer",
    "reversed",
    "adjusted",
    "needs_review",
    "pending",
    "rejected",
    "accepted",
    "not_acknowledged",
    "billed",
    "paid",
    "patient_responsibility",
    "denied_amount",
    "underpayment",
    "open_balance",
    "denial_rate_percent",
    "unmatched_payments",
)
_CARC_COLUMNS = column_names(CarcSummary)
_ACTION_COLUMNS = (
    "kind",
    "payer_name",
    "patient_control_number",
    "payer_claim_control_number",
    "service_date",
    "line_number",
    "procedure_code",
    "category",
    "carc_codes",
    "rarc_codes",
    "reasons",
    "amount",
    "trace_number",
)


def render_report_html(
    report: ReconciliationReport, *, title: str = "Reconciliation report", max_rows: int = 500
) -> str:
    """The HTML page of an already built report (see :func:`render_html`)."""
    aging_payer = [a for a in report.aging_by_payer if a.claims]
    parts = [
        _cards(report),
        _charts(report),
        _section(
            "Action items",
            _table(report.actions, _ACTION_COLUMNS, max_rows=max_rows, empty="Nothing to work."),
        ),
        _section(
            "Summary by payer",
            _table(report.by_payer, _PAYER_COLUMNS, total=report.total),
            "Denial rate: denied ÷ adjudicated claims. Open balance: billed − paid − "
            "contractual − patient responsibility.",
        ),
        _section(
            "Denials by category",
            _table(
                report.by_denial_category,
                ("category", "denied_claims", "denied_lines", "denied_amount", "carc_codes"),
                empty="No denials.",
            ),
        ),
        _section(
            "Adjustments by reason (CARC)",
            _table(report.by_carc, _CARC_COLUMNS, empty="No adjustments."),
        ),
        _section(
            "Aging of open balances",
            _table(report.aging, ("bucket", "claims", "open_balance"))
            + (
                "<h3>By payer</h3>"
                + _table(aging_payer, ("payer_id", "bucket", "claims", "open_balance"))
                if aging_payer
                else ""
            ),
        ),
        _section(
            "Payments (cash balance)",
            _table(
                report.cash,
                (
                    "payment_date",
                    "trace_number",
                    "payer_name",
                    "payment_method",
                    "payment_amount",
                    "claim_payments_total",
                    "provider_adjustments_total",
                    "difference",
                    "balanced",
                    "claim_count",
                    "times_received",
                ),
                empty="No payments.",
            ),
        ),
        _section(
            "Provider-level adjustments (PLB)",
            _table(
                report.provider_ledger,
                (
                    "payment_date",
                    "trace_number",
                    "payer_id",
                    "reason",
                    "kind",
                    "amount",
                    "link",
                    "patient_control_number",
                    "offsets_earlier_entry",
                ),
                empty="None.",
            ),
        ),
        _section(
            "Duplicate remittances",
            _table(
                report.duplicates,
                ("trace_number", "payer_id", "payment_amount", "identical"),
                empty="No remittance was read twice.",
            ),
        ),
    ]
    if report.issues:
        items = "".join(f"<li>{html.escape(issue)}</li>" for issue in report.issues[:max_rows])
        cut = (
            f"First {max_rows:,} of {len(report.issues):,} issues; report.json holds them all."
            if len(report.issues) > max_rows
            else ""
        )
        parts.append(_section(f"Issues ({len(report.issues):,})", f"<ul>{items}</ul>", cut))
    generated = (
        f"As of {report.as_of.isoformat()} · {report.total.claims:,} claims · "
        f"{len(report.cash):,} payments"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p>{html.escape(generated)}</p></header>"
        f"<main>{''.join(parts)}</main></body></html>\n"
    )


def render_html(
    reconciliation: Reconciliation,
    as_of: dt.date | None = None,
    *,
    title: str = "Reconciliation report",
    max_rows: int = 500,
) -> str:
    """One self-contained HTML page (inline CSS and SVG charts, no script) for a reconciliation.

    ``as_of`` defaults to the reconciliation's; ``max_rows`` caps the action
    item table. Charts need matplotlib (``pip install "medclaims[report]"``);
    without it the page says so and shows the tables.
    """
    return render_report_html(build_report(reconciliation, as_of), title=title, max_rows=max_rows)
