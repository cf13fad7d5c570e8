"""Writing the COB loops of one claim: 2320, 2330A, 2330B (claim) and 2430 (line).

Strategy: every value has been checked by
:func:`~medclaims.professional.cob_checks.check_other_payers`
before the builder calls these, so segments are joined directly, in the order of
005010X222A1: 2320 SBR, CAS, AMT*D, AMT*A8, AMT*EAF, OI, MOA; 2330A NM1*IL, N3, N4;
2330B NM1*PR, N3, N4, DTP*573, REF*F8; and per line 2430 SVD, CAS, DTP*573, AMT*EAF.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from medclaims.professional._text import _amount, _d8, _t
from medclaims.professional.cob import CobAdjustment, OtherPayer
from medclaims.professional.cob_checks import cas_segments


def _cas(out: list[str], adjustments: tuple[CobAdjustment, ...]) -> None:
    """CAS segments, six triples at most each; an absent quantity of the last triple is cut."""
    amount = _amount
    for group, items in cas_segments(adjustments):
        parts = [f"CAS*{group}"]
        for adj in items:
            parts.append(f"{adj.reason_code.strip()}*{amount(adj.amount)}")
            if adj.quantity is not None:
                parts[-1] += "*" + amount(adj.quantity)
            else:
                parts[-1] += "*"
        out.append("*".join(parts).rstrip("*") + "~")


def other_payer_loops(w: Any, op: OtherPayer) -> None:
    """Loops 2320, 2330A and 2330B of one other payer, appended to writer ``w``."""
    seg, amount, d8 = w.seg, _amount, _d8
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
    _cas(w.out, op.adjustments)
    if op.paid_amount is not None:
        seg("AMT", "D", amount(op.paid_amount))
    if op.non_covered_amount is not None:
        seg("AMT", "A8", amount(op.non_covered_amount))
    if op.remaining_patient_liability is not None:
        seg("AMT", "EAF", amount(op.remaining_patient_liability))
    seg(
        "OI",
        "",
        "",
        op.benefits_assignment,
        _t(op.patient_signature_source),
        "",
        op.release_of_information,
    )
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
    out, amount, d8 = w.out, _amount, _d8
    for op in other_payers:
        payer_id = op.payer_id.strip()
        for la in op.line_adjudications:
            if la.line_number != number:
                continue
            procedure = ":".join(
                [la.procedure_qualifier, la.procedure_code.strip().upper(), *la.modifiers]
            )
            svd = f"SVD*{payer_id}*{amount(la.paid_amount)}*{procedure}**{amount(la.paid_units)}"
            if la.bundled_line_number is not None:
                svd += f"*{la.bundled_line_number}"
            out.append(svd + "~")
            _cas(out, la.adjustments)
            out.append(f"DTP*573*D8*{d8(la.adjudication_date)}~")
            if la.remaining_patient_liability is not None:
                out.append(f"AMT*EAF*{amount(la.remaining_patient_liability)}~")
