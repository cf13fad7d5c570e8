"""Flat detail rows of a reconciliation (one per claim, line, payment, PLB entry) and the
whole report bundle.

Strategy: the engine's records nest (a claim holds payments, lines,
adjustments); spreadsheets and DataFrames want one flat row per thing. Each
function here flattens one level into frozen attrs rows of plain values (codes
as tuples of strings, money as ``Decimal``), which the renderers of
:mod:`.format` write as they are. :func:`build_report` gathers every
report at one ``as_of`` date into a :class:`ReconciliationReport`, the input
of the HTML page and of ``report.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims._support.records import slotted_constructor
from medclaims.codes import DenialCategory
from medclaims.reconcile.model import (
    AdjustmentTotal,
    ClaimReconciliation,
    ClaimState,
    LedgerKind,
    LineMatchMethod,
    LineState,
    MatchMethod,
    PlbLink,
    Reconciliation,
)
from medclaims.reconcile.reports.actions import ActionItem, action_items
from medclaims.reconcile.reports.summaries import (
    AgingRow,
    CarcSummary,
    DenialCategorySummary,
    PayerSummary,
    ReportError,
    aging,
    aging_bucket,
    line_denial_category,
    open_balance,
    overall_summary,
    payer_names,
    summary_by_carc,
    summary_by_denial_category,
    summary_by_payer,
)

__all__ = [
    "CashRow",
    "ClaimRow",
    "DuplicateRow",
    "LedgerRow",
    "LineRow",
    "ReconciliationReport",
    "build_report",
    "cash_rows",
    "claim_rows",
    "duplicate_rows",
    "ledger_rows",
    "line_rows",
]


def _pairs(adjustments: Iterable[AdjustmentTotal]) -> tuple[str, ...]:
    return tuple(f"{a.group}-{a.reason}" for a in adjustments)


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class ClaimRow:
    """One billed claim, or one unmatched payment (state ``unmatched_payment``)."""

    patient_control_number: str = attrs.field(repr=_masked)
    """CLM01 (CLP01 for unmatched payments); masked in repr."""
    payer_id: str
    """Payer id billed to (837 2010BB NM109), or the remittance's."""
    payer_name: str
    """Payer name from the remittances (N1*PR N102), else the id."""
    state: ClaimState
    """Claim state after netting."""
    match_method: MatchMethod | None
    """How CLP01 matched CLM01 (weakest of the attached payments); empty when pending."""
    fuzzy_match: bool
    """True when any attached payment matched fuzzily or across payers."""
    payer_claim_control_numbers: tuple[str, ...]
    """The payer's claim numbers of the attached payments (CLP07), first-seen order."""
    payments: int
    """Number of attached claim payments (reversals included)."""
    service_date: dt.date | None
    """First date of service."""
    last_payment_date: dt.date | None
    """Date of the latest attached payment or linked PLB entry."""
    age_days: int | None
    """Days from the first date of service to the report's ``as_of``."""
    aging_bucket: str
    """Aging bucket of the open balance (``0-30`` … ``120+``, ``unknown``)."""
    billed: Decimal
    """Billed charges (CLM02; CLP03 for unmatched payments)."""
    allowed: Decimal
    """Allowed amount."""
    paid: Decimal
    """Net paid for services (interest and recoupments excluded)."""
    interest: Decimal
    """Interest paid."""
    recouped: Decimal
    """Net recouped at provider level (PLB WO/WU/72)."""
    patient_responsibility: Decimal
    """Patient responsibility (CLP05)."""
    contractual: Decimal
    """Contractual reductions."""
    other_adjustments: Decimal
    """Other non-patient adjustments."""
    expected: Decimal | None
    """Expected allowed from the fee schedule; empty without one."""
    underpayment: Decimal | None
    """Underpayment beyond the tolerance (0 if none); empty without a fee schedule."""
    open_balance: Decimal
    """billed − paid − contractual − patient responsibility, not below 0 (0 for
    unmatched payments: nothing was billed)."""
    denial_category: DenialCategory | None
    """Category of the main denial or reduction, for denied and partially paid claims."""
    carc_codes: tuple[str, ...]
    """Net claim and line adjustments as group-CARC pairs (``CO-45``)."""
    rarc_codes: tuple[str, ...]
    """Remark codes (MOA/MIA, LQ*HE)."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class LineRow:
    """One billed service line, or one line the payer added."""

    patient_control_number: str = attrs.field(repr=_masked)
    """CLM01 of the claim; masked in repr."""
    payer_id: str
    """Payer id of the claim."""
    line_number: int | None
    """Billed line number (LX01); empty for payer-added lines."""
    line_control_number: str | None = attrs.field(repr=_masked)
    """Line item control number (REF*6R); masked in repr."""
    procedure_code: str
    """Billed procedure code (SV101-2; SVC01-2 for added lines)."""
    modifiers: tuple[str, ...]
    """Billed modifiers (SV101-3..6)."""
    service_date: dt.date | None
    """Date of service."""
    units: Decimal
    """Billed units (SV104)."""
    paid_units: Decimal
    """Net paid units (SVC05)."""
    match: LineMatchMethod
    """How the adjudicated lines were matched to it."""
    state: LineState
    """Line state."""
    adjudicated_codes: tuple[str, ...]
    """Procedure codes the payer adjudicated under, when different (SVC01-2)."""
    billed: Decimal
    """Billed charge (SV102; SVC02 for added lines)."""
    allowed: Decimal
    """Allowed amount (AMT*B6, else paid + patient responsibility)."""
    paid: Decimal
    """Net paid (SVC03)."""
    patient_responsibility: Decimal
    """Σ CAS PR on the line."""
    contractual: Decimal
    """Contractual reductions on the line."""
    other_adjustments: Decimal
    """Other non-patient adjustments on the line."""
    expected: Decimal | None
    """Expected allowed from the fee schedule."""
    underpayment: Decimal | None
    """Underpayment beyond the tolerance."""
    denial_category: DenialCategory | None
    """For denied lines: category of the largest non-PR, non-contractual adjustment."""
    carc_codes: tuple[str, ...]
    """Net line adjustments as group-CARC pairs."""
    rarc_codes: tuple[str, ...]
    """Remark codes (LQ*HE)."""


@attrs.frozen(field_transformer=typed_fields)
class CashRow:
    """One check/EFT: its amount against its claims and provider-level adjustments."""

    trace_number: str
    """Check or EFT trace number (TRN02)."""
    payer_id: str
    """Payer id."""
    payer_name: str
    """Payer name (N1*PR)."""
    payment_date: dt.date | None
    """Payment date (BPR16)."""
    payment_method: str
    """Payment method (BPR04)."""
    payment_amount: Decimal
    """BPR02, negative for a debit."""
    claim_payments_total: Decimal
    """Σ CLP04."""
    provider_adjustments_total: Decimal
    """Σ PLB amounts (positive reduces the payment)."""
    difference: Decimal
    """BPR02 − (Σ CLP04 − Σ PLB); 0 when balanced."""
    balanced: bool
    """True when the difference is 0."""
    claim_count: int
    """Claim payments in it."""
    times_received: int
    """How often the remittance was read (2+: duplicates dropped)."""


@attrs.frozen(field_transformer=typed_fields)
class LedgerRow:
    """One provider-level adjustment (PLB pair) with the claim it names."""

    payment_date: dt.date | None
    """Payment date of the remittance carrying it (BPR16)."""
    trace_number: str
    """Trace number (TRN02)."""
    payer_id: str
    """Payer id."""
    reason: str
    """PLB reason code (PLB03-1): WO, FB, L6, 72…"""
    kind: LedgerKind
    """What the reason does."""
    amount: Decimal
    """PLB amount: positive reduces the payment to the provider."""
    link: PlbLink
    """How the reference was linked to a claim."""
    patient_control_number: str = attrs.field(repr=_masked)
    """CLM01 of the linked claim, empty when unlinked; masked in repr."""
    offsets_earlier_entry: bool
    """True when it cancels an earlier entry (a repayment of a recoupment…)."""


@attrs.frozen(field_transformer=typed_fields)
class DuplicateRow:
    """A remittance dropped because it was read twice."""

    trace_number: str
    """Trace number (TRN02)."""
    payer_id: str
    """Payer id."""
    payment_amount: Decimal
    """BPR02 of the dropped copy."""
    identical: bool
    """False when the copies differ: a reused trace number, worth a look."""


# One row per claim and per line: made without re-running the validators, from
# values the reconciliation records have already checked.
_new_claim_row = slotted_constructor(ClaimRow)
_new_line_row = slotted_constructor(LineRow)

_MATCH_STRENGTH = {method: rank for rank, method in enumerate(MatchMethod)}
"""Later members are weaker matches (exact < normalized < truncated)."""


def _age(service_date: dt.date | None, as_of: dt.date) -> int | None:
    return None if service_date is None else (as_of - service_date).days


def _claim_row(claim: ClaimReconciliation, payer_name: str, as_of: dt.date) -> ClaimRow:
    a = claim.amounts
    unmatched = claim.state is ClaimState.UNMATCHED_PAYMENT
    methods = [p.match.method for p in claim.payments if p.match is not None]
    weakest = max(methods, key=_MATCH_STRENGTH.__getitem__) if methods else None
    return _new_claim_row(
        patient_control_number=claim.patient_control_number,
        payer_id=claim.payer_id,
        payer_name=payer_name,
        state=claim.state,
        match_method=weakest,
        fuzzy_match=claim.is_fuzzy,
        payer_claim_control_numbers=tuple(
            dict.fromkeys(
                p.payer_claim_control_number for p in claim.payments if p.payer_claim_control_number
            )
        ),
        payments=len(claim.payments),
        service_date=claim.service_date,
        last_payment_date=claim.last_payment_date,
        age_days=_age(claim.service_date, as_of),
        aging_bucket="" if unmatched else aging_bucket(claim.service_date, as_of),
        billed=a.billed,
        allowed=a.allowed,
        paid=a.paid,
        interest=a.interest,
        recouped=a.recouped,
        patient_responsibility=a.patient_responsibility,
        contractual=a.contractual,
        other_adjustments=a.other_adjustments,
        expected=a.expected,
        underpayment=a.underpayment,
        open_balance=Decimal(0) if unmatched else open_balance(a),
        denial_category=claim.denial_category,
        carc_codes=_pairs(claim.adjustments),
        rarc_codes=claim.remark_codes,
    )


def claim_rows(reconciliation: Reconciliation, as_of: dt.date | None = None) -> list[ClaimRow]:
    """One row per billed claim (input order), then one per unmatched payment."""
    when = _as_of(reconciliation, as_of)
    names = payer_names(reconciliation)
    return [
        _claim_row(claim, names.get(claim.payer_id, claim.payer_id), when)
        for claim in (*reconciliation.claims, *reconciliation.unmatched_payments)
    ]


def line_rows(reconciliation: Reconciliation) -> list[LineRow]:
    """One row per service line of every billed claim, in claim then line order."""
    rows: list[LineRow] = []
    for claim in reconciliation.claims:
        for line in claim.lines:
            a = line.amounts
            rows.append(
                _new_line_row(
                    patient_control_number=claim.patient_control_number,
                    payer_id=claim.payer_id,
                    line_number=line.line_number,
                    line_control_number=line.control_number,
                    procedure_code=line.procedure_code,
                    modifiers=line.modifiers,
                    service_date=line.service_date,
                    units=line.units,
                    paid_units=line.paid_units,
                    match=line.match,
                    state=line.state,
                    adjudicated_codes=line.adjudicated_codes,
                    billed=a.billed,
                    allowed=a.allowed,
                    paid=a.paid,
                    patient_responsibility=a.patient_responsibility,
                    contractual=a.contractual,
                    other_adjustments=a.other_adjustments,
                    expected=a.expected,
                    underpayment=a.underpayment,
                    denial_category=line_denial_category(line)
                    if line.state is LineState.DENIED
                    else None,
                    carc_codes=_pairs(line.adjustments),
                    rarc_codes=line.remark_codes,
                )
            )
    return rows


def cash_rows(reconciliation: Reconciliation) -> list[CashRow]:
    """One row per distinct payment (payer + trace number), in date order."""
    return [
        CashRow(
            trace_number=c.trace_number,
            payer_id=c.payer_id,
            payer_name=c.payer_name or c.payer_id,
            payment_date=c.payment_date,
            payment_method=c.payment_method,
            payment_amount=c.payment_amount,
            claim_payments_total=c.claim_payments_total,
            provider_adjustments_total=c.provider_adjustments_total,
            difference=c.difference,
            balanced=c.balanced,
            claim_count=c.claim_count,
            times_received=c.times_received,
        )
        for c in reconciliation.cash
    ]


def ledger_rows(reconciliation: Reconciliation) -> list[LedgerRow]:
    """One row per provider-level adjustment, in date order."""
    claims = reconciliation.claims
    rows = []
    for entry in reconciliation.provider_ledger:
        position = entry.claim_position
        linked = claims[position] if position is not None and 0 <= position < len(claims) else None
        rows.append(
            LedgerRow(
                payment_date=entry.payment_date,
                trace_number=entry.trace_number,
                payer_id=entry.payer_id,
                reason=entry.reason,
                kind=entry.kind,
                amount=entry.amount,
                link=entry.link,
                patient_control_number=linked.patient_control_number if linked else "",
                offsets_earlier_entry=entry.offsets is not None,
            )
        )
    return rows


def duplicate_rows(reconciliation: Reconciliation) -> list[DuplicateRow]:
    """One row per remittance dropped as a duplicate."""
    return [
        DuplicateRow(
            trace_number=d.trace_number,
            payer_id=d.payer_id,
            payment_amount=d.payment_amount,
            identical=d.identical,
        )
        for d in reconciliation.duplicates
    ]


def _as_of(reconciliation: Reconciliation, as_of: dt.date | None) -> dt.date:
    when = as_of or reconciliation.as_of
    if when is None:
        raise ReportError("reports need an as_of date and the reconciliation has none")
    return when


@attrs.frozen(field_transformer=typed_fields)
class ReconciliationReport:
    """Every report of one reconciliation at one date: what ``report.json`` and
    the HTML page hold."""

    as_of: dt.date
    """The date ages and aging buckets are computed at."""
    total: PayerSummary
    """Totals over every payer."""
    by_payer: tuple[PayerSummary, ...]
    """Summary per payer."""
    by_denial_category: tuple[DenialCategorySummary, ...]
    """Denials per category."""
    by_carc: tuple[CarcSummary, ...]
    """Net adjustments per group + CARC."""
    aging: tuple[AgingRow, ...]
    """Open balance per aging bucket, all payers."""
    aging_by_payer: tuple[AgingRow, ...]
    """Open balance per payer and aging bucket."""
    actions: tuple[ActionItem, ...]
    """Work items."""
    cash: tuple[CashRow, ...]
    """Payments and their balance."""
    provider_ledger: tuple[LedgerRow, ...]
    """Provider-level adjustments."""
    duplicates: tuple[DuplicateRow, ...]
    """Remittances read twice."""
    issues: tuple[str, ...]
    """The engine's issues, as PHI-free text."""


def build_report(
    reconciliation: Reconciliation, as_of: dt.date | None = None
) -> ReconciliationReport:
    """Every report at ``as_of`` (default: the reconciliation's own ``as_of``)."""
    when = _as_of(reconciliation, as_of)
    return ReconciliationReport(
        as_of=when,
        total=overall_summary(reconciliation),
        by_payer=tuple(summary_by_payer(reconciliation)),
        by_denial_category=tuple(summary_by_denial_category(reconciliation)),
        by_carc=tuple(summary_by_carc(reconciliation)),
        aging=tuple(aging(reconciliation, when)),
        aging_by_payer=tuple(aging(reconciliation, when, by_payer=True)),
        actions=tuple(action_items(reconciliation)),
        cash=tuple(cash_rows(reconciliation)),
        provider_ledger=tuple(ledger_rows(reconciliation)),
        duplicates=tuple(duplicate_rows(reconciliation)),
        issues=tuple(str(issue) for issue in reconciliation.issues),
    )
