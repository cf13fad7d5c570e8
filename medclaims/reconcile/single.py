"""The common claim, netted in one lean pass: one primary payment with service lines.

Most claims in a remittance batch are adjudicated once, by a primary payer, line
by line, and no PLB entry names them. :func:`reconcile_single`
nets such a claim with the rules of :mod:`.states` and :mod:`.lines` specialized
to that shape (one payment, role ``payment``, every CAS counted, no recoupment,
no interest from PLB), doing the same Decimal additions in the same order, so
the record is the one the general path would build. Any other shape, and a
service line the payer added, returns None and the caller takes the general
path. The simulated-payer property tests exercise both paths; a unit test
runs one claim through each and compares the records.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from medclaims.codes import DenialCategory
from medclaims.reconcile._inputs import BilledClaim, norm
from medclaims.reconcile._make import new_claim, new_payment
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.lines import (
    _CATEGORIES,
    LineTotals,
    adjustment_totals,
    category,
    line_record,
    make_amounts,
)
from medclaims.reconcile.matching import LineMatcher, quick_match
from medclaims.reconcile.model import (
    ClaimReconciliation,
    ClaimState,
    LineState,
    PaymentRole,
)
from medclaims.reconcile.states import SECONDARY_STATUSES, Attached, denial_category

__all__ = ["reconcile_single"]

ZERO = Decimal(0)
ONE = Decimal(1)
_CONTRACTUAL = DenialCategory.CONTRACTUAL
_PAYMENT = PaymentRole.PAYMENT
_SKIP = frozenset({"22", *SECONDARY_STATUSES})


def reconcile_single(
    billed: BilledClaim, item: Attached, fees: FeeSchedule | None, as_of: dt.date | None
) -> ClaimReconciliation | None:
    """Net a billed claim with exactly one attached payment and no PLB entry, or None
    when the payment is a reversal, a secondary payer's, has no SVC, or an SVC
    matches no billed line (the general path handles those)."""
    payment = item.payment
    status = payment.status_code
    svcs = payment.service_lines
    if not svcs or not billed.lines or status.strip() in _SKIP:
        return None
    billed_lines = billed.lines
    totals = [LineTotals(b.number, b.charge, b.date, b.date_end, b.code, b.modifiers,
                         b.control or None, b.units) for b in billed_lines]
    matcher: LineMatcher | None = None  # indexes only for SVCs the quick scan cannot place
    categories = _CATEGORIES
    claim_tally: dict[tuple[str, str], Decimal] = {}
    remarks: list[str] = []
    for adj in payment.adjustments:
        amount = adj.amount if adj.amount is not None else ZERO
        group, reason = adj.group_code, adj.reason_code
        if not (group.isupper() and (reason.isdigit() or reason.isupper())):
            group, reason = group.strip().upper(), reason.strip().upper()
        key = (group, reason)
        claim_tally[key] = claim_tally.get(key, ZERO) + amount
    for adjudication in (payment.outpatient, payment.inpatient):
        if adjudication is not None:
            for code in adjudication.remark_codes:
                if code and code not in remarks:
                    remarks.append(code)
    line_allowed = ZERO
    used: set[int] = set()
    for svc in svcs:
        found = quick_match(billed_lines, svc, used)
        if found is None:
            if matcher is None:
                matcher = LineMatcher(billed)
            index, method = matcher.match(svc, used)
        else:
            index, method = found
        if index is None:
            return None  # a line the payer added: the general path keeps those
        used.add(index)
        line = totals[index]
        if line.count == 0:
            line.method = method
        code = svc.procedure.code
        if not (code.isdigit() or code.isupper()):
            code = norm(code)
        if code != line.code and code not in line.codes:
            line.codes.append(code)
        line.count += 1
        svc_paid = svc.paid_amount if svc.paid_amount is not None else ZERO
        line.paid += svc_paid
        patient = contractual = other = ZERO
        tally = line.adjustments
        for adj in svc.adjustments:
            amount = adj.amount if adj.amount is not None else ZERO
            group, reason = adj.group_code, adj.reason_code
            if not (group.isupper() and (reason.isdigit() or reason.isupper())):
                group, reason = group.strip().upper(), reason.strip().upper()
            key = (group, reason)
            tally[key] = tally.get(key, ZERO) + amount
            claim_tally[key] = claim_tally.get(key, ZERO) + amount
            if group == "PR":
                patient += amount
            elif group == "CO" and (categories.get(reason) or category(reason)) is _CONTRACTUAL:
                contractual += amount
            else:
                other += amount
        line.contractual += contractual
        line.other += other
        line.pr += patient
        svc_allowed = svc.allowed_amount if svc.allowed_amount is not None else svc_paid + patient
        line.allowed += svc_allowed
        line_allowed += svc_allowed
        line.paid_units += svc.units if svc.units is not None else ONE
        if svc.remark_codes:
            for code in svc.remark_codes:
                if code:
                    if code not in line.remarks:
                        line.remarks.append(code)
                    if code not in remarks:
                        remarks.append(code)
    claim_adjustments = adjustment_totals(claim_tally)
    # Claim amounts as reconcile_claim sums them (each Σ starts at 0).
    paid_sum = ZERO + (payment.paid_amount or ZERO)
    interest = ZERO + payment.amounts.get("I", ZERO)
    patient_total = ZERO + (payment.patient_responsibility or ZERO)
    allowed = ZERO + line_allowed
    paid = paid_sum - ZERO
    billed_amount = billed.billed
    if paid <= 0:
        state = ClaimState.DENIED
    elif paid >= billed_amount:
        state = ClaimState.PAID_IN_FULL
    else:
        state = ClaimState.PARTIALLY_PAID
    contractual = other = ZERO
    for adjustment in claim_adjustments:
        if adjustment.group == "PR":
            continue
        if adjustment.group == "CO" and adjustment.category is _CONTRACTUAL:
            contractual += adjustment.amount
        else:
            other += adjustment.amount
    start = end = None
    expected: Decimal | None = None
    underpayment: Decimal | None = None
    tolerance = ZERO
    if fees is not None:
        expected_sum = short = ZERO
        has_expected = False
        for t in totals:
            t.expected = line_expected = fees.expected_allowed(t.code, t.modifiers, t.units)
            if line_expected is not None:
                has_expected = True
                expected_sum += line_expected
                short += max(line_expected - t.allowed, ZERO)
        if has_expected:
            expected = expected_sum
            tolerance = fees.tolerance
            if state is not ClaimState.DENIED:
                underpayment = short if short > tolerance else ZERO
    line_records = []
    for t in totals:
        date = t.date
        if date is not None:
            if start is None or date < start:
                start = date
            last = t.date_end or date
            if end is None or last > end:
                end = last
        if t.count == 0:
            line_state = LineState.DROPPED
        elif t.paid <= 0:
            line_state = LineState.DENIED
        elif t.paid >= t.billed:
            line_state = LineState.PAID_IN_FULL
        else:
            line_state = LineState.PARTIALLY_PAID
        line_records.append(line_record(t, line_state, tolerance))
    denial = None if state is ClaimState.PAID_IN_FULL else denial_category(claim_adjustments)
    if state is ClaimState.DENIED and denial is None:
        denial = DenialCategory.OTHER
    view = item.view
    date = view.date
    return new_claim(
        patient_control_number=billed.claim_id,
        state=state,
        amounts=make_amounts(billed_amount, allowed, paid, patient_total, contractual, other,
                                interest, ZERO, expected, underpayment),
        payer_id=billed.payer_key,
        payer_name=billed.payer_name,
        claim_index=billed.position,
        match=item.match,
        payments=(new_payment(
            remittance_index=view.input_index,
            claim_index=item.claim_index,
            trace_number=view.trace,
            payment_date=date,
            payer_id=view.payer_key,
            payer_name=view.payer_name,
            status_code=status,
            role=_PAYMENT,
            match=item.match,
            billed=payment.charge_amount or ZERO,
            paid=payment.paid_amount or ZERO,
            patient_responsibility=payment.patient_responsibility or ZERO,
            interest=payment.amounts.get("I", ZERO),
            payer_claim_control_number=payment.payer_claim_control_number,
            patient_control_number=payment.patient_control_number,
        ),),
        lines=tuple(line_records),
        adjustments=claim_adjustments,
        remark_codes=tuple(remarks),
        denial_category=denial,
        service_date=start,
        service_date_end=end,
        last_payment_date=date,
        age_days=(as_of - start).days if as_of is not None and start is not None else None,
    )
