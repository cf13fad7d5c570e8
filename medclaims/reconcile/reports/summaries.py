"""Reports over a :class:`~medclaims.reconcile.model.Reconciliation`: summaries and aging.

Strategy: every report is a pure function from a reconciliation to a list of
frozen attrs records, computed in one pass over the claims (dict-indexed, no
per-claim scans), so it can be printed (:func:`~.format.render_table`),
written as CSV or JSON (:mod:`.format`) or drawn
(:mod:`.html`); action items are in :mod:`.actions`, flat
detail rows in :mod:`.rows`, and the package :mod:`medclaims.reconcile.reports` imports them all.
Nothing here reads files or the clock: aging takes its ``as_of`` date as an
argument (default: the reconciliation's own ``as_of``).

Definitions used by every report (amounts are the engine's net amounts, see
:class:`~medclaims.reconcile.model.Amounts`):

* **adjudicated**: a billed claim with at least one payment attached (any state
  but ``pending``).
* **denial rate**: denied claims plus the denied share (denied ÷ billed) of each
  ``partially_denied`` claim, ÷ adjudicated claims × 100, one decimal; ``None``
  when nothing was adjudicated. ``patient_responsibility`` claims are not denials.
* **open balance** (what the payers still owe or must be chased for):
  billed − paid − contractual − other adjustments − patient responsibility,
  never below 0. Denied amounts (``denied``) stay in it until appealed or
  written off; patient responsibility leaves it (it is billed to the patient);
  an underpayment against the fee schedule is reported on its own and is not
  in it (the payer's contractual adjustment already absorbed it).
* **denial**: a claim in state ``denied`` (denied amount: its billed charges),
  or a service line in state ``denied`` inside a claim that is not itself
  denied (denied amount: the line's billed charge). Its category is the
  claim's ``denial_category`` (for lines, the category of the line's largest
  adjustment that is neither patient responsibility (PR) nor contractual).
* **aging**: the open balance of each billed claim, bucketed by days from its
  first date of service to ``as_of``: ``0-30``, ``31-60``, ``61-90``,
  ``91-120``, ``120+`` (121 days and more). Service dates after ``as_of``
  count as age 0; claims without a service date go to ``unknown``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from medclaims._support.fields import typed_fields
from medclaims.codes import DenialCategory, describe_group
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    ClaimReconciliation,
    ClaimState,
    LineReconciliation,
    LineState,
    PaymentRole,
    Reconciliation,
)
from medclaims.reconcile.reports.format import ReportError

__all__ = [
    "AGING_BUCKETS",
    "AgingRow",
    "CarcSummary",
    "DenialCategorySummary",
    "PayerSummary",
    "ReportError",
    "aging",
    "aging_bucket",
    "carc_pairs",
    "denied_lines",
    "line_denial_category",
    "open_balance",
    "overall_summary",
    "payer_name_of",
    "payer_names",
    "paying_payer",
    "summary_by_carc",
    "summary_by_denial_category",
    "summary_by_payer",
]

ZERO = Decimal("0")
_ONE_PLACE = Decimal("0.1")

AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("91-120", 91, 120),
    ("120+", 121, None),
)
"""Aging buckets as (label, first day, last day or None for open-ended)."""

UNKNOWN_BUCKET = "unknown"


@attrs.frozen(field_transformer=typed_fields)
class PayerSummary:
    """Counts and money of the claims billed to one payer (or to all, in the total row)."""

    payer_id: str
    """Id of the payer that paid the claims (the remittance's payer key; for claims not
    paid yet, the id billed, 837 2010BB NM109); empty in the total row."""
    payer_name: str
    """Payer name as the remittances give it (835 N1*PR N102), else the id."""
    claims: int
    """Billed claims (837 CLM)."""
    adjudicated: int
    """Billed claims with at least one payment attached (not ``pending``, ``rejected``,
    ``accepted`` or ``not_acknowledged``)."""
    paid_claims: int
    """Claims in state ``paid`` (adjudicated and settled)."""
    underpaid: int
    """Claims in state ``underpaid`` (only with a fee schedule)."""
    partially_denied: int
    """Claims in state ``partially_denied``."""
    denied: int
    """Claims in state ``denied``."""
    patient_responsibility_claims: int
    """Claims in state ``patient_responsibility`` (paid 0, the rest the patient's)."""
    awaiting_next_payer: int
    """Claims in state ``awaiting_next_payer``."""
    reversed: int
    """Claims in state ``reversed``."""
    adjusted: int
    """Claims in state ``adjusted``."""
    needs_review: int
    """Claims in state ``needs_review`` (only payments with read errors attached)."""
    pending: int
    """Claims in state ``pending`` (no remittance yet)."""
    billed: Decimal
    """Σ billed charges (CLM02)."""
    allowed: Decimal
    """Σ allowed amounts (AMT*B6, else paid + patient responsibility)."""
    paid: Decimal
    """Σ net paid (CLP04 less interest and recoupments)."""
    interest: Decimal
    """Σ interest (AMT*I and PLB L6 naming the claims)."""
    patient_responsibility: Decimal
    """Σ patient responsibility (CLP05)."""
    contractual: Decimal
    """Σ contractual reductions (CAS CO with a contractual CARC)."""
    other_adjustments: Decimal
    """Σ other adjustments: another payer's share (CARC 23) not otherwise accounted for."""
    denied_amount: Decimal
    """Σ denied amounts (part of the open balance until appealed or written off)."""
    recouped: Decimal
    """Σ provider-level recoupments naming the claims (PLB WO/WU/72)."""
    underpayment: Decimal | None
    """Σ underpayment against the fee schedule; None when no claim was checked against
    one (no fee schedule given): shown as "not checked"."""
    open_balance: Decimal
    """Σ open balance (module docstring)."""
    denial_rate_percent: Decimal | None
    """Denied claims, plus the denied share (denied ÷ billed) of each partially denied
    claim, ÷ adjudicated claims × 100, one decimal; None when none adjudicated.
    Patient-responsibility claims are not denials."""
    unmatched_payments: int
    """Claim payments from this payer that match no billed claim."""
    unmatched_paid: Decimal
    """Σ net paid of those unmatched payments."""
    rejected: int = 0
    """Claims in state ``rejected`` (no payment; an acknowledgement refused it)."""
    accepted: int = 0
    """Claims in state ``accepted`` (no payment; a 277CA took it into adjudication)."""
    not_acknowledged: int = 0
    """Claims in state ``not_acknowledged`` (no payment; no 277CA names it)."""


@attrs.frozen(field_transformer=typed_fields)
class DenialCategorySummary:
    """Denied claims and lines of one denial category."""

    category: DenialCategory
    """Our work-queue category of the denial's CARC (``medclaims.codes.carc_category``)."""
    denied_claims: int
    """Claims in state ``denied`` with this category."""
    denied_lines: int
    """Denied lines of claims that are not themselves denied."""
    denied_amount: Decimal
    """Σ billed charges of those claims and lines."""
    carc_codes: tuple[str, ...]
    """Group-CARC pairs behind them (``CO-197``), largest amount first."""


@attrs.frozen(field_transformer=typed_fields)
class CarcSummary:
    """Net amount of one adjustment group + reason (CAS) over every claim."""

    group_code: str
    """Claim adjustment group code: CO, PR, OA, PI (CAS01)."""
    reason_code: str
    """Claim adjustment reason code, CARC (CAS02/05/...)."""
    category: DenialCategory
    """Our category of the CARC."""
    group: str
    """Short description of the group code."""
    claims: int
    """Claims (and unmatched payments) where the net amount is not zero."""
    amount: Decimal
    """Σ net adjusted amount."""


@attrs.frozen(field_transformer=typed_fields)
class AgingRow:
    """Open balance of the claims in one aging bucket (for one payer, or all)."""

    bucket: str
    """``0-30``, ``31-60``, ``61-90``, ``91-120``, ``120+`` or ``unknown``."""
    claims: int
    """Claims with an open balance in the bucket."""
    open_balance: Decimal
    """Σ open balance of those claims."""
    payer_id: str = ""
    """Payer id the claims were billed to; empty for all payers."""


def open_balance(amounts: Amounts) -> Decimal:
    """:attr:`Amounts.open_balance <medclaims.reconcile.Amounts.open_balance>` (billed −
    paid − contractual − other adjustments − patient responsibility), never below 0."""
    return max(amounts.open_balance, ZERO)


def aging_bucket(service_date: dt.date | None, as_of: dt.date) -> str:
    """Aging bucket label of a date of service at ``as_of`` (future dates count as 0 days)."""
    if service_date is None:
        return UNKNOWN_BUCKET
    days = max((as_of - service_date).days, 0)
    for label, _first, last in AGING_BUCKETS:
        if last is None or days <= last:
            return label
    return AGING_BUCKETS[-1][0]  # pragma: no cover - the last bucket is open-ended


def payer_names(reconciliation: Reconciliation) -> Mapping[str, str]:
    """Payer id → payer name, from the remittances (first name seen per id)."""
    names: dict[str, str] = {}
    for cash in reconciliation.cash:
        if cash.payer_name:
            names.setdefault(cash.payer_id, cash.payer_name)
    for claim in (*reconciliation.claims, *reconciliation.unmatched_payments):
        for payment in claim.payments:
            if payment.payer_name:
                names.setdefault(payment.payer_id, payment.payer_name)
    return names


def paying_payer(claim: ClaimReconciliation) -> str:
    """The id of the payer that paid the claim: the payer of its latest live payment
    (the last adjudicating payer), else of its latest payment, else the payer billed."""
    for payment in reversed(claim.payments):
        if payment.role in (PaymentRole.PAYMENT, PaymentRole.CORRECTION):
            return payment.payer_id
    if claim.payments:
        return claim.payments[-1].payer_id
    return claim.payer_id


def payer_name_of(claim: ClaimReconciliation, names: Mapping[str, str]) -> str:
    """The name of the payer that paid the claim (:func:`paying_payer`), as that payer's
    remittances give it; for a claim not paid yet the name it was billed to; else the id."""
    key = paying_payer(claim)
    if key in names:
        return names[key]
    if key == claim.payer_id and claim.payer_name:
        return claim.payer_name
    return key


def _rate(denied: Decimal, adjudicated: int) -> Decimal | None:
    if not adjudicated:
        return None
    return (denied * 100 / adjudicated).quantize(_ONE_PLACE)


def _summarize(
    payer_id: str,
    payer_name: str,
    claims: Iterable[ClaimReconciliation],
    unmatched: Iterable[ClaimReconciliation],
) -> PayerSummary:
    states: dict[ClaimState, int] = dict.fromkeys(ClaimState, 0)
    money: dict[str, Decimal] = defaultdict(lambda: ZERO)
    count = 0
    denied_share = ZERO
    checked = False
    for claim in claims:
        count += 1
        states[claim.state] += 1
        a = claim.amounts
        if claim.state is ClaimState.PARTIALLY_DENIED and a.billed > 0:
            denied_share += a.denied / a.billed
        if a.expected is not None:
            checked = True
        for name in (
            "billed",
            "allowed",
            "paid",
            "interest",
            "patient_responsibility",
            "contractual",
            "other_adjustments",
            "recouped",
            "denied",
        ):
            money[name] += getattr(a, name)
        money["underpayment"] += a.underpayment or ZERO
        money["open_balance"] += open_balance(a)
    unmatched_count = 0
    unmatched_paid = ZERO
    for payment in unmatched:
        unmatched_count += 1
        unmatched_paid += payment.amounts.paid
    waiting = (
        states[ClaimState.REJECTED]
        + states[ClaimState.ACCEPTED]
        + states[ClaimState.NOT_ACKNOWLEDGED]
    )
    adjudicated = count - states[ClaimState.PENDING] - waiting
    return PayerSummary(
        payer_id=payer_id,
        payer_name=payer_name,
        claims=count,
        adjudicated=adjudicated,
        paid_claims=states[ClaimState.PAID],
        underpaid=states[ClaimState.UNDERPAID],
        partially_denied=states[ClaimState.PARTIALLY_DENIED],
        denied=states[ClaimState.DENIED],
        patient_responsibility_claims=states[ClaimState.PATIENT_RESPONSIBILITY],
        awaiting_next_payer=states[ClaimState.AWAITING_NEXT_PAYER],
        reversed=states[ClaimState.REVERSED],
        adjusted=states[ClaimState.ADJUSTED],
        needs_review=states[ClaimState.NEEDS_REVIEW],
        pending=states[ClaimState.PENDING],
        rejected=states[ClaimState.REJECTED],
        accepted=states[ClaimState.ACCEPTED],
        not_acknowledged=states[ClaimState.NOT_ACKNOWLEDGED],
        billed=money["billed"],
        allowed=money["allowed"],
        paid=money["paid"],
        interest=money["interest"],
        patient_responsibility=money["patient_responsibility"],
        contractual=money["contractual"],
        other_adjustments=money["other_adjustments"],
        denied_amount=money["denied"],
        recouped=money["recouped"],
        underpayment=money["underpayment"] if checked else None,
        open_balance=money["open_balance"],
        denial_rate_percent=_rate(states[ClaimState.DENIED] + denied_share, adjudicated),
        unmatched_payments=unmatched_count,
        unmatched_paid=unmatched_paid,
    )


def summary_by_payer(reconciliation: Reconciliation) -> list[PayerSummary]:
    """One :class:`PayerSummary` per payer id, in order of first appearance.

    Claims are keyed and labelled by the payer that paid them (:func:`paying_payer`:
    the last adjudicating payer; the payer billed while nothing is paid), so a row's
    name is always its own payer's; unmatched payments by the remittance's payer (a
    payer seen only there gets a row with 0 claims).
    """
    names = payer_names(reconciliation)
    billed: dict[str, list[ClaimReconciliation]] = defaultdict(list)
    unmatched: dict[str, list[ClaimReconciliation]] = defaultdict(list)
    order: dict[str, str] = {}
    for claim in reconciliation.claims:
        key = paying_payer(claim)
        billed[key].append(claim)
        order.setdefault(key, payer_name_of(claim, names))
    for payment in reconciliation.unmatched_payments:
        unmatched[payment.payer_id].append(payment)
        order.setdefault(payment.payer_id, payer_name_of(payment, names))
    return [_summarize(pid, name, billed[pid], unmatched[pid]) for pid, name in order.items()]


def overall_summary(reconciliation: Reconciliation) -> PayerSummary:
    """The total row: every claim and unmatched payment, whatever the payer."""
    return _summarize("", "All payers", reconciliation.claims, reconciliation.unmatched_payments)


def carc_pairs(
    adjustments: Iterable[AdjustmentTotal], *, denial_only: bool = False
) -> tuple[str, ...]:
    """Group-CARC pairs (``CO-197``) of adjustments, largest amount first.

    With ``denial_only``, patient responsibility (PR) and contractual CARCs are left out.
    """
    chosen = [
        a
        for a in adjustments
        if not denial_only or (a.group != "PR" and a.category is not DenialCategory.CONTRACTUAL)
    ]
    chosen.sort(key=lambda a: -abs(a.amount))
    return tuple(dict.fromkeys(f"{a.group}-{a.reason}" for a in chosen))


def line_denial_category(line: LineReconciliation) -> DenialCategory:
    """Category of a denied line: its largest non-PR, non-contractual adjustment's."""
    candidates = [
        a
        for a in line.adjustments
        if a.group != "PR" and a.category is not DenialCategory.CONTRACTUAL
    ]
    if not candidates:
        candidates = list(line.adjustments)
    if not candidates:
        return DenialCategory.OTHER
    return max(candidates, key=lambda a: abs(a.amount)).category


def denied_lines(claim: ClaimReconciliation) -> list[LineReconciliation]:
    """The denied lines of a claim that is not denied as a whole (those count as claims)."""
    if claim.state is ClaimState.DENIED:
        return []
    return [line for line in claim.lines if line.state is LineState.DENIED]


def summary_by_denial_category(reconciliation: Reconciliation) -> list[DenialCategorySummary]:
    """Denials (module docstring) per category, largest denied amount first."""
    claims: dict[DenialCategory, int] = defaultdict(int)
    lines: dict[DenialCategory, int] = defaultdict(int)
    amounts: dict[DenialCategory, Decimal] = defaultdict(lambda: ZERO)
    codes: dict[DenialCategory, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))

    def add(
        category: DenialCategory, billed: Decimal, adjustments: Iterable[AdjustmentTotal]
    ) -> None:
        amounts[category] += billed
        for a in adjustments:
            if a.group != "PR" and a.category is not DenialCategory.CONTRACTUAL:
                codes[category][f"{a.group}-{a.reason}"] += abs(a.amount)

    for claim in reconciliation.claims:
        if claim.state is ClaimState.DENIED:
            category = claim.denial_category or DenialCategory.OTHER
            claims[category] += 1
            add(category, claim.amounts.billed, claim.adjustments)
        for line in denied_lines(claim):
            category = line_denial_category(line)
            lines[category] += 1
            add(category, line.amounts.billed, line.adjustments)
    rows = [
        DenialCategorySummary(
            category=category,
            denied_claims=claims[category],
            denied_lines=lines[category],
            denied_amount=amounts[category],
            carc_codes=tuple(sorted(codes[category], key=lambda c: -codes[category][c])),
        )
        for category in set(claims) | set(lines)
    ]
    rows.sort(key=lambda r: (-r.denied_amount, r.category.value))
    return rows


def summary_by_carc(reconciliation: Reconciliation) -> list[CarcSummary]:
    """Net adjustments per group + CARC over claims and unmatched payments, largest first."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    categories: dict[tuple[str, str], DenialCategory] = {}
    for claim in (*reconciliation.claims, *reconciliation.unmatched_payments):
        for a in claim.adjustments:
            key = (a.group, a.reason)
            totals[key] += a.amount
            categories.setdefault(key, a.category)
            if a.amount:
                counts[key] += 1
    rows = [
        CarcSummary(
            group_code=group,
            reason_code=reason,
            category=categories[(group, reason)],
            group=describe_group(group) or "",
            claims=counts[(group, reason)],
            amount=totals[(group, reason)],
        )
        for group, reason in totals
    ]
    rows.sort(key=lambda r: (-abs(r.amount), r.group_code, r.reason_code))
    return rows


def aging(
    reconciliation: Reconciliation, as_of: dt.date | None = None, *, by_payer: bool = False
) -> list[AgingRow]:
    """Open balances of billed claims per aging bucket at ``as_of``.

    ``as_of`` defaults to the reconciliation's. Every bucket gets a row (zeros
    included, ``unknown`` only when used); with ``by_payer`` the rows repeat per
    payer id in order of first appearance.
    """
    when = as_of or reconciliation.as_of
    if when is None:
        raise ReportError("aging needs an as_of date and the reconciliation has none")
    counts: dict[tuple[str, str], int] = defaultdict(int)
    balances: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    payers: dict[str, None] = {}
    for claim in reconciliation.claims:
        payer = claim.payer_id if by_payer else ""
        payers.setdefault(payer, None)
        balance = open_balance(claim.amounts)
        if balance <= 0:
            continue
        key = (payer, aging_bucket(claim.service_date, when))
        counts[key] += 1
        balances[key] += balance
    if not payers:
        payers[""] = None
    labels = [label for label, _first, _last in AGING_BUCKETS]
    if any(bucket == UNKNOWN_BUCKET for _payer, bucket in counts):
        labels.append(UNKNOWN_BUCKET)
    return [
        AgingRow(
            bucket=label,
            claims=counts[(payer, label)],
            open_balance=balances[(payer, label)],
            payer_id=payer,
        )
        for payer in payers
        for label in labels
    ]
