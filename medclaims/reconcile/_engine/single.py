"""The common claims, netted in one lean pass each: pending, and one primary payment.

Most claims in a remittance batch are adjudicated once, by a primary payer, line
by line, and no PLB entry names them; a few have no payment yet.
:func:`reconcile_single` nets a one-payment claim by calling the same rule
functions as the general path (:mod:`.netting`), specialized to that shape (one payment, role
``payment``, every CAS counted, no recoupment, no interest from PLB, at most one
SVC per billed line), doing the same Decimal additions in the same order, so the
record is the one the general path would build. Any other shape (a reversal, a
secondary payer's payment, no SVC, a service line the payer added, two SVCs on
one billed line) returns None and the caller takes the general path.
:func:`reconcile_pending` builds the record of a claim with neither a payment
nor a PLB entry. ``tests/test_reconcile_paths.py`` holds both to the general
path on random claims, Decimals compared by representation.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from medclaims.codes import DenialCategory
from medclaims.reconcile._engine.inputs import Attached, BilledClaim, norm
from medclaims.reconcile._engine.lines import adjustment_totals, service_period
from medclaims.reconcile._engine.make import new_amounts, new_claim, new_line, new_payment
from medclaims.reconcile._engine.matching import LineMatcher, quick_match
from medclaims.reconcile._engine.netting import (
    PAID_LINE_STATES,
    PAID_STATES,
    Part,
    Settled,
    add_adjustments,
    claim_state,
    denial_category,
    line_state,
    next_payer_due,
    settle,
    shortfall,
)
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.model import (
    AdjustmentTotal,
    ClaimReconciliation,
    ClaimState,
    LineMatchMethod,
    LineState,
    PaymentRole,
)

__all__ = ["reconcile_pending", "reconcile_single"]

ZERO = Decimal(0)
ONE = Decimal(1)
_PAYMENT = PaymentRole.PAYMENT
_ONE_PAYMENT = (_PAYMENT,)
_REVERSAL = "22"
_CONTROL = LineMatchMethod.CONTROL_NUMBER
_PROCEDURE = LineMatchMethod.PROCEDURE
_UNMATCHED = LineMatchMethod.UNMATCHED
_DROPPED = LineState.DROPPED
_PENDING = LineState.PENDING
_PENDING_CLAIM = ClaimState.PENDING

_Placed = tuple[
    LineMatchMethod,
    Settled,
    Decimal,
    Decimal,
    tuple[str, ...],
    dict[tuple[str, str], Decimal],
    tuple[str, ...],
]
"""One adjudicated line: method, settled amounts, allowed, paid units, adjudicated codes,
CAS tally, remark codes."""


_DENIALS: dict[int, tuple[tuple[AdjustmentTotal, ...], DenialCategory | None]] = {}


def _shared_denial(totals: tuple[AdjustmentTotal, ...]) -> DenialCategory | None:
    """:func:`denial_category` of a tuple :func:`adjustment_totals` shares, computed once
    per tuple (the entry holds the tuple, so its id is not reused while it is cached)."""
    entry = _DENIALS.get(id(totals))
    if entry is not None and entry[0] is totals:
        return entry[1]
    found = denial_category(totals)
    if len(_DENIALS) >= 50_000:
        _DENIALS.clear()
    _DENIALS[id(totals)] = (totals, found)
    return found


def reconcile_single(
    billed: BilledClaim, item: Attached, fees: FeeSchedule | None, as_of: dt.date | None
) -> ClaimReconciliation | None:
    """Net a billed claim with exactly one attached payment and no PLB entry, or None
    when the payment is a reversal, a secondary payer's, has no SVC, an SVC matches no
    billed line, or two SVCs match the same billed line (the general path handles those)."""
    payment = item.payment
    status = payment.status_code
    svcs = payment.service_lines
    billed_lines = billed.lines
    if not svcs or not billed_lines or item.held or status.strip() == _REVERSAL:
        return None
    claim_tally: dict[tuple[str, str], Decimal] = {}
    remarks: list[str] = []
    # The payer's CAS sums [patient, contractual, share, denied], as net_lines adds them.
    claim_contractual = claim_share = claim_denied = ZERO
    if payment.adjustments:
        _p, claim_contractual, claim_share, claim_denied = add_adjustments(
            payment.adjustments, claim_tally, claim_tally
        )
        claim_contractual = ZERO + claim_contractual
        claim_share = ZERO + claim_share
        claim_denied = ZERO + claim_denied
    for adjudication in (payment.outpatient, payment.inpatient):
        if adjudication is not None:
            for code in adjudication.remark_codes:
                if code and code not in remarks:
                    remarks.append(code)
    # One SVC per billed line at most, netted in SVC order as LineTotals would be
    # (each running total starts at 0, so ZERO + x is the line's value).
    placed: list[_Placed | None] = [None] * len(billed_lines)
    used: set[int] = set()
    matcher: LineMatcher | None = None  # indexes only for SVCs the quick scans cannot place
    line_allowed = ZERO
    for svc in svcs:
        index: int | None = None
        method = _CONTROL
        control = svc.line_control_number
        if control:
            key_6r = control.strip().upper()
            for i, candidate in enumerate(billed_lines):
                if candidate.control == key_6r and key_6r:
                    index = i
                    break
        if (
            index is None
            and svc.original_procedure is None
            and svc.service_date is not None
            and not svc.procedure.modifiers
        ):
            # quick_match for an unmodified procedure code: one billed line with the same
            # code and date and no modifiers (several: quick_match picks by units).
            code = svc.procedure.code
            if not code.isdigit():
                code = code.strip().upper()
            svc_date = svc.service_date
            for i, candidate in enumerate(billed_lines):
                if (
                    candidate.code == code
                    and candidate.date == svc_date
                    and not candidate.modifiers
                ):
                    if index is not None:
                        index = None
                        break
                    index = i
            method = _PROCEDURE if index is not None else _CONTROL
        if index is None:
            found = quick_match(billed_lines, svc, used)
            if found is None:
                if matcher is None:
                    matcher = LineMatcher(billed)
                index, method = matcher.match(svc, used)
                if index is None:
                    return None  # a line the payer added: the general path keeps those
            else:
                index, method = found
        if placed[index] is not None:
            return None  # a billed line adjudicated twice: the general path sums them
        used.add(index)
        code = svc.procedure.code
        if not (code.isdigit() or code.isupper()):
            code = norm(code)
        svc_paid = svc.paid_amount if svc.paid_amount is not None else ZERO
        tally: dict[tuple[str, str], Decimal] = {}
        patient, contractual, share, denied = add_adjustments(svc.adjustments, tally, claim_tally)
        claim_contractual += contractual
        claim_share += share
        claim_denied += denied
        svc_allowed = svc.allowed_amount if svc.allowed_amount is not None else svc_paid + patient
        line_allowed += svc_allowed
        line_remarks: list[str] = []
        if svc.remark_codes:
            for code_ in svc.remark_codes:
                if code_:
                    if code_ not in line_remarks:
                        line_remarks.append(code_)
                    if code_ not in remarks:
                        remarks.append(code_)
        placed[index] = (
            method,
            settle(
                billed_lines[index].charge,
                (
                    Part(
                        ZERO + svc_paid,
                        ZERO + patient,
                        ZERO + contractual,
                        ZERO + share,
                        ZERO + denied,
                    ),
                ),
            ),
            ZERO + svc_allowed,
            ZERO + (svc.units if svc.units is not None else ONE),
            () if code == billed_lines[index].code else (code,),
            tally,
            tuple(line_remarks),
        )
    claim_adjustments = adjustment_totals(claim_tally)
    # Claim amounts as reconcile_claim sums them (each Σ starts at 0).
    interest_i = payment.amounts.get("I", ZERO)
    paid_sum = ZERO + (ZERO + (payment.paid_amount or ZERO))  # Σ over payers of Σ CLP04
    billed_amount = billed.billed
    settled = settle(
        billed_amount,
        (
            Part(
                ZERO + (payment.paid_amount or ZERO),
                ZERO + (payment.patient_responsibility or ZERO),
                claim_contractual,
                claim_share,
                claim_denied,
            ),
        ),
    )
    if settled.paid != paid_sum:
        settled = settled._replace(paid=paid_sum)
    paid = settled.paid - ZERO  # net of recoupments (none on this path)
    view = item.view
    line_denied = False
    tolerance = fees.tolerance if fees is not None else ZERO
    expected_sum = short = ZERO
    has_expected = False
    start, end = service_period(billed_lines)
    line_records = []
    for billed_line, line in zip(billed_lines, placed, strict=True):
        line_expected = (
            None
            if fees is None
            else fees.expected_allowed(billed_line.code, billed_line.modifiers, billed_line.units)
        )
        underpayment: Decimal | None = None
        if line is None:
            if line_expected is not None:
                has_expected = True
                expected_sum += line_expected
                short += shortfall(line_expected, ZERO, ZERO)  # a dropped line: not paid
            line_records.append(
                new_line(
                    billed_line.number,
                    billed_line.code,
                    _UNMATCHED,
                    _DROPPED,
                    new_amounts(
                        billed_line.charge,
                        ZERO,
                        ZERO,
                        ZERO,
                        ZERO,
                        ZERO,
                        ZERO,
                        ZERO,
                        line_expected,
                        None,
                        ZERO,
                    ),
                    billed_line.modifiers,
                    billed_line.control or None,
                    billed_line.date,
                    billed_line.units,
                    ZERO,
                    (),
                    0,
                    (),
                    (),
                )
            )
            continue
        method, part, allowed, units, codes, tally, notes = line
        if part.denied > ZERO:
            line_denied = True
        state_of_line = line_state(part.paid, part.denied, part.patient)
        if line_expected is not None:
            has_expected = True
            expected_sum += line_expected
            line_short = line_expected - allowed
            short += shortfall(line_expected, allowed, part.paid)
            if state_of_line in PAID_LINE_STATES:
                underpayment = line_short if line_short > tolerance else ZERO
                if underpayment:
                    state_of_line = line_state(part.paid, part.denied, part.patient, underpaid=True)
        line_records.append(
            new_line(
                billed_line.number,
                billed_line.code,
                method,
                state_of_line,
                new_amounts(
                    billed_line.charge,
                    allowed,
                    part.paid,
                    part.patient,
                    part.contractual,
                    part.other,
                    ZERO,
                    ZERO,
                    line_expected,
                    underpayment,
                    part.denied,
                ),
                billed_line.modifiers,
                billed_line.control or None,
                billed_line.date,
                billed_line.units,
                units,
                codes,
                1,
                adjustment_totals(tally) if tally else (),
                notes,
            )
        )
    expected: Decimal | None = None
    claim_underpayment: Decimal | None = None
    if has_expected:
        expected = expected_sum
        if paid > 0:
            claim_underpayment = short if short > tolerance else ZERO
    state = claim_state(
        _ONE_PAYMENT,
        settled,
        ZERO,
        denied_status=status.strip() == "4",
        line_denied=line_denied,
        next_payer_due=next_payer_due(billed, (view.payer_key,), 0, status.strip()),
        underpaid=bool(claim_underpayment),
        needs_review=False,
    )
    if state not in PAID_STATES:
        claim_underpayment = None
    denial = (
        _shared_denial(claim_adjustments)
        if state in (ClaimState.DENIED, ClaimState.PARTIALLY_DENIED)
        else None
    )
    if state is ClaimState.DENIED and denial is None:
        denial = DenialCategory.OTHER
    payment_date = view.date
    match = item.match
    return new_claim(
        billed.claim_id,
        state,
        new_amounts(
            billed_amount,
            ZERO + line_allowed,
            paid,
            settled.patient,
            settled.contractual,
            settled.other,
            ZERO + interest_i,
            ZERO,
            expected,
            claim_underpayment,
            settled.denied,
        ),
        billed.payer_key,
        billed.payer_name,
        billed.position,
        match,
        (
            new_payment(
                view.input_index,
                item.claim_index,
                view.trace,
                payment_date,
                view.payer_key,
                view.payer_name,
                status,
                _PAYMENT,
                match,
                payment.charge_amount or ZERO,
                payment.paid_amount or ZERO,
                payment.patient_responsibility or ZERO,
                interest_i,
                payment.payer_claim_control_number,
                payment.patient_control_number,
            ),
        ),
        tuple(line_records),
        claim_adjustments,
        tuple(remarks),
        denial,
        start,
        end,
        payment_date,
        (as_of - start).days if as_of is not None and start is not None else None,
        None,
        (),
    )


def reconcile_pending(
    billed: BilledClaim, fees: FeeSchedule | None, as_of: dt.date | None
) -> ClaimReconciliation:
    """Net a billed claim with no claim payment and no PLB entry: state ``pending``, every
    line ``pending``, the record :func:`~medclaims.reconcile._engine.states.reconcile_claim`
    builds for it (amounts 0 but billed, and expected with a fee schedule)."""
    start, end = service_period(billed.lines)
    expected_sum = ZERO
    has_expected = False
    line_records = []
    for billed_line in billed.lines:
        line_expected = (
            None
            if fees is None
            else fees.expected_allowed(billed_line.code, billed_line.modifiers, billed_line.units)
        )
        if line_expected is not None:
            has_expected = True
            expected_sum += line_expected
        line_records.append(
            new_line(
                billed_line.number,
                billed_line.code,
                _UNMATCHED,
                _PENDING,
                new_amounts(
                    billed_line.charge,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    ZERO,
                    line_expected,
                    None,
                    ZERO,
                ),
                billed_line.modifiers,
                billed_line.control or None,
                billed_line.date,
                billed_line.units,
                ZERO,
                (),
                0,
                (),
                (),
            )
        )
    return new_claim(
        billed.claim_id,
        _PENDING_CLAIM,
        new_amounts(
            billed.billed,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            ZERO,
            expected_sum if has_expected else None,
            None,
            ZERO,
        ),
        billed.payer_key,
        billed.payer_name,
        billed.position,
        None,
        (),
        tuple(line_records),
        (),
        (),
        None,
        start,
        end,
        None,
        (as_of - start).days if as_of is not None and start is not None else None,
        None,
        (),
    )
