"""Writing the COB loops of one claim: 2320, 2330A, 2330B (claim) and 2430 (line).

Strategy: every value has been checked by :func:`~medclaims.professional.cob.check_other_payers`
before the builder calls these, so segments are joined directly, in the order of
005010X222A1: 2320 SBR, CAS, AMT*D, AMT*A8, AMT*EAF, OI, MOA; 2330A NM1*IL, N3, N4;
2330B NM1*PR, N3, N4, DTP*573, REF*F8; and per line 2430 SVD, CAS, DTP*573, AMT*EAF.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from medclaims.professional import builder as _b
from medclaims.professional.cob import CobAdjustment, LineAdjudication, OtherPayer, cas_segments


def _t(value: str | None) -> str:
    return "" if value is None else value.strip()


def _cas(seg: Callable[..., None], adjustments: tuple[CobAdjustment, ...]) -> None:
    amount = _b._amount
    for group, items in cas_segments(adjustments):
        elements: list[str] = [group]
        for adj in items:
            quantity = "" if adj.quantity is None else amount(adj.quantity)
            elements += [adj.reason_code.strip(), amount(adj.amount), quantity]
        seg("CAS", *elements)


def other_payer_loops(w: Any, op: OtherPayer) -> None:
    """Loops 2320, 2330A and 2330B of one other payer, appended to writer ``w``."""
    seg, amount, d8 = w.seg, _b._amount, _b._d8
    s = op.subscriber
    seg(
        "SBR",
        op.responsibility,
        op.relationship_code,
        _t(s.group_number),
        _t(s.group_name),
        _t(op.insurance_type),
        "",
        "",
        "",
        op.claim_filing_indicator,
    )
    _cas(seg, op.adjustments)
    if op.paid_amount is not None:
        seg("AMT", "D", amount(op.paid_amount))
    if op.non_covered_amount is not None:
        seg("AMT", "A8", amount(op.non_covered_amount))
    if op.remaining_patient_liability is not None:
        seg("AMT", "EAF", amount(op.remaining_patient_liability))
    seg("OI", "", "", op.benefits_assignment, "", "", op.release_of_information)
    moa = op.outpatient
    if moa is not None:
        codes = [*moa.remark_codes, "", "", "", "", ""][:5]

        def opt(value: Decimal | None) -> str:
            return "" if value is None else amount(value)

        seg(
            "MOA",
            opt(moa.reimbursement_rate),
            opt(moa.hcpcs_payable_amount),
            *codes,
            opt(moa.esrd_payment_amount),
            opt(moa.nonpayable_professional_component_amount),
        )
    if s.is_organization:
        seg("NM1", "IL", "2", s.last_name.strip(), "", "", "", "", "MI", s.member_id.strip())
    else:
        seg(
            "NM1",
            "IL",
            "1",
            s.last_name.strip(),
            _t(s.first_name),
            _t(s.middle_name),
            "",
            "",
            "MI",
            s.member_id.strip(),
        )
    if s.address is not None:
        w.address(s.address)
    seg(
        "NM1",
        "PR",
        "2",
        op.payer_name.strip(),
        "",
        "",
        "",
        "",
        op.payer_id_qualifier,
        op.payer_id.strip(),
    )
    if op.payer_address is not None:
        w.address(op.payer_address)
    if op.adjudication_date is not None:
        seg("DTP", "573", "D8", d8(op.adjudication_date))
    if _t(op.claim_control_number):
        seg("REF", "F8", _t(op.claim_control_number))


def line_adjudication_loops(w: Any, number: int, other_payers: tuple[OtherPayer, ...]) -> None:
    """The 2430 loops of billed line ``number`` (1-based), payer by payer."""
    seg, amount, d8 = w.seg, _b._amount, _b._d8
    for op in other_payers:
        for la in op.line_adjudications:
            if la.line_number == number:
                _svd(seg, amount, op, la)
                _cas(seg, la.adjustments)
                seg("DTP", "573", "D8", d8(la.adjudication_date))
                if la.remaining_patient_liability is not None:
                    seg("AMT", "EAF", amount(la.remaining_patient_liability))


def _svd(
    seg: Callable[..., None],
    amount: Callable[[Decimal], str],
    op: OtherPayer,
    la: LineAdjudication,
) -> None:
    procedure = ":".join(
        [
            la.procedure_qualifier,
            la.procedure_code.strip().upper(),
            *(m.strip() for m in la.modifiers),
        ]
    )
    bundled = "" if la.bundled_line_number is None else str(la.bundled_line_number)
    seg(
        "SVD",
        op.payer_id.strip(),
        amount(la.paid_amount),
        procedure,
        "",
        amount(la.paid_units),
        bundled,
    )
