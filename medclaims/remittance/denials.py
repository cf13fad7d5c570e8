"""Denied claims and denied service lines of parsed 835 remittances.

Strategy: one pass over the claims; each claim yields at most one claim-level
record or one record per denied line, never both. The rule, in full:

* A **claim** is denied when its status is ``4`` (CLP02). It gives one record
  of level ``claim`` that gathers the claim's and all its lines' adjustments
  and remark codes; its lines give no records of their own.
* Claims that are reversals (CLP02 ``22``) or predetermination pricing only
  (CLP02 ``25``) give no records: nothing was asked to be paid.
* In every other claim, a **service line** is denied when its charge (SVC02)
  is above zero, its payment (SVC03) is exactly zero, and at least one of its
  own adjustments (2110 CAS) is a *denial adjustment*.
* A **denial adjustment** has a non-zero amount, a group other than ``PR``
  (patient responsibility), a CARC other than ``23`` (impact of prior payer
  adjudication: an earlier payer settled that amount, see
  :data:`NOT_DENIAL_CARCS`), and a CARC whose category in our table
  (:func:`medclaims.codes.carc_category`) is neither ``contractual`` (e.g.
  CO-45, CO-253) nor ``patient_responsibility`` (e.g. 1, 2, 3).

So a zero-paid claim is not a denial by itself: a line that went entirely to
the deductible (PR-1) or to a contractual write-off (CO-45) is not denied, nor
is a zero-paid line without adjustments.

The **primary CARC** of a record is the reason code of its denial adjustment
with the largest absolute amount (the first one on a tie, in file order:
claim CAS before line CAS). The record's category is that CARC's category. A
denied claim (CLP02 ``4``) without any denial adjustment has no primary CARC
and the category ``other``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import TypedDict

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims.codes import DenialCategory, carc_category
from medclaims.remittance.records import (
    Adjustment,
    ClaimPayment,
    Procedure,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)

__all__ = [
    "NOT_DENIAL_CARCS",
    "NOT_DENIAL_CATEGORIES",
    "Denial",
    "DenialLevel",
    "claim_denials",
    "denial_adjustments",
    "denials",
    "is_denial_adjustment",
    "is_denied_line",
    "primary_adjustment",
]

NOT_DENIAL_CATEGORIES = frozenset(
    {DenialCategory.CONTRACTUAL, DenialCategory.PATIENT_RESPONSIBILITY}
)
"""CARC categories that never make an adjustment a denial adjustment."""

NOT_DENIAL_CARCS = frozenset({"23"})
"""CARCs that never make an adjustment a denial adjustment, whatever their category:
``23`` is how a secondary payer reports what the primary payer already settled."""

_NO_RECORD_STATUSES = frozenset({"22", "25"})  # reversal, predetermination: nothing to deny
_ZERO = Decimal(0)


class DenialLevel(StrEnum):
    """Whether a :class:`Denial` is a whole claim or one service line."""

    CLAIM = "claim"
    LINE = "line"


@attrs.frozen(field_transformer=typed_fields)
class Denial:
    """A denied claim or service line, with its matching keys, amounts and reasons.

    Build with :func:`denials`; the module docstring states the rule.
    """

    level: DenialLevel
    """``claim`` for a denied claim (CLP02 ``4``), ``line`` for a denied service line."""
    category: DenialCategory
    """Category of :attr:`primary_carc` in our CARC table; ``other`` when there is none."""
    primary_carc: str | None
    """Reason code of the largest denial adjustment (CAS02, 05, ...), or ``None``."""
    patient_control_number: str = attrs.field(repr=_masked)
    """Patient control number, the 837's CLM01 (CLP01)."""
    payer_claim_control_number: str
    """Payer claim control number, ICN/DCN (CLP07)."""
    claim_status_code: str
    """Claim status code (CLP02)."""
    claim_index: int
    """0-based position of the claim in its remittance."""
    line_index: int | None
    """0-based position of the line in its claim; ``None`` for a claim-level denial."""
    line_control_number: str | None
    """Line item control number echoed from the 837 (REF*6R); ``None`` if absent or claim."""
    procedure: Procedure | None
    """Adjudicated procedure (SVC01); ``None`` for a claim-level denial."""
    service_date: dt.date | None
    """Line service date (DTM*472/150), else the claim's statement start (DTM*232) or
    its earliest line date."""
    service_date_end: dt.date | None
    """Line service period end (DTM*151), else the claim's statement end (DTM*233) or
    its latest line date."""
    charge_amount: Decimal | None
    """Charge of the claim (CLP03) or line (SVC02)."""
    paid_amount: Decimal | None
    """Payment of the claim (CLP04) or line (SVC03)."""
    denied_amount: Decimal
    """Sum of the denial adjustments' amounts (CAS03, 06, ...)."""
    patient_responsibility: Decimal
    """Sum of the ``PR`` group adjustments' amounts (CAS01 ``PR``)."""
    adjustments: tuple[Adjustment, ...]
    """Every adjustment considered: claim CAS then line CAS (claim level), or line CAS."""
    carc_codes: tuple[str, ...]
    """Distinct reason codes of :attr:`adjustments`, in order (CAS02, 05, ...)."""
    rarc_codes: tuple[str, ...]
    """Distinct remark codes, in order: claim MOA and MIA remarks, then line LQ*HE (LQ02)."""
    trace_number: str
    """Check or EFT trace number of the remittance (TRN02); empty if absent."""
    payer_id: str
    """Payer identifier: 1000A N104, else the originating company id (TRN03)."""
    payment_date: dt.date | None
    """Check issue or EFT effective date (BPR16)."""
    interchange_control_number: str
    """Interchange control number (ISA13)."""
    group_control_number: str
    """Functional group control number (GS06); empty without a GS."""
    transaction_control_number: str
    """Transaction set control number (ST02)."""


def is_denial_adjustment(adjustment: Adjustment) -> bool:
    """True for a non-zero, non-``PR`` adjustment whose CARC is not in
    :data:`NOT_DENIAL_CARCS` and not contractual or patient responsibility in our
    category table."""
    if not adjustment.amount:  # None or zero: informational only
        return False
    if adjustment.group_code.strip().upper() == "PR":
        return False
    reason = adjustment.reason_code.strip().upper().lstrip("0")
    if reason in NOT_DENIAL_CARCS:
        return False
    return carc_category(adjustment.reason_code) not in NOT_DENIAL_CATEGORIES


def denial_adjustments(adjustments: Iterable[Adjustment]) -> list[Adjustment]:
    """The denial adjustments among ``adjustments``, in order."""
    return [a for a in adjustments if is_denial_adjustment(a)]


def primary_adjustment(adjustments: Iterable[Adjustment]) -> Adjustment | None:
    """The denial adjustment with the largest absolute amount (first on a tie), or ``None``."""
    best: Adjustment | None = None
    for adj in adjustments:
        if is_denial_adjustment(adj) and (
            best is None or abs(adj.amount or _ZERO) > abs(best.amount or _ZERO)
        ):
            best = adj
    return best


def is_denied_line(line: ServicePayment) -> bool:
    """True when a line charged above zero, was paid exactly zero, and has a denial adjustment.

    The claim's status is not considered here; :func:`denials` skips lines of
    denied, reversed and predetermination claims.
    """
    charge, paid = line.charge_amount, line.paid_amount
    if charge is None or paid is None or charge <= 0 or paid != 0:
        return False
    return any(is_denial_adjustment(a) for a in line.adjustments)


def _distinct(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c for c in codes if c))


def _sum_pr(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum(
        (
            a.amount
            for a in adjustments
            if a.amount is not None and a.group_code.strip().upper() == "PR"
        ),
        _ZERO,
    )


def _sum_denied(adjustments: Iterable[Adjustment]) -> Decimal:
    return sum((a.amount or _ZERO for a in adjustments if is_denial_adjustment(a)), _ZERO)


def _claim_remarks(claim: ClaimPayment) -> list[str]:
    codes: list[str] = []
    if claim.outpatient is not None:
        codes.extend(claim.outpatient.remark_codes)
    if claim.inpatient is not None:
        codes.extend(claim.inpatient.remark_codes)
    return codes


class _Lineage(TypedDict):
    trace_number: str
    payer_id: str
    payment_date: dt.date | None
    interchange_control_number: str
    group_control_number: str
    transaction_control_number: str


def _lineage(header: RemittanceHeader) -> _Lineage:
    payment = header.payment
    payer_id = header.payer.id if header.payer is not None else ""
    if not payer_id and payment is not None:
        payer_id = payment.originating_company_id
    return _Lineage(
        {
            "trace_number": payment.trace_number if payment is not None else "",
            "payer_id": payer_id,
            "payment_date": payment.date if payment is not None else None,
            "interchange_control_number": header.interchange.control_number,
            "group_control_number": header.group.control_number if header.group else "",
            "transaction_control_number": header.control_number,
        }
    )


def _claim_record(claim: ClaimPayment, index: int, lineage: _Lineage) -> Denial:
    adjustments = claim.adjustments + tuple(
        a for line in claim.service_lines for a in line.adjustments
    )
    primary = primary_adjustment(adjustments)
    starts = [d for line in claim.service_lines if (d := line.service_date) is not None]
    ends = [
        d
        for line in claim.service_lines
        if (d := line.service_date_end or line.service_date) is not None
    ]
    remarks = _claim_remarks(claim) + [
        code for line in claim.service_lines for code in line.remark_codes
    ]
    return Denial(
        level=DenialLevel.CLAIM,
        category=carc_category(primary.reason_code) if primary else DenialCategory.OTHER,
        primary_carc=primary.reason_code if primary else None,
        patient_control_number=claim.patient_control_number,
        payer_claim_control_number=claim.payer_claim_control_number,
        claim_status_code=claim.status_code,
        claim_index=index,
        line_index=None,
        line_control_number=None,
        procedure=None,
        service_date=claim.statement_period_start or (min(starts) if starts else None),
        service_date_end=claim.statement_period_end or (max(ends) if ends else None),
        charge_amount=claim.charge_amount,
        paid_amount=claim.paid_amount,
        denied_amount=_sum_denied(adjustments),
        patient_responsibility=_sum_pr(adjustments),
        adjustments=adjustments,
        carc_codes=_distinct(a.reason_code for a in adjustments),
        rarc_codes=_distinct(remarks),
        **lineage,
    )


def _line_record(
    claim: ClaimPayment, index: int, line: ServicePayment, line_index: int, lineage: _Lineage
) -> Denial:
    primary = primary_adjustment(line.adjustments)
    assert primary is not None  # is_denied_line guarantees a denial adjustment
    return Denial(
        level=DenialLevel.LINE,
        category=carc_category(primary.reason_code),
        primary_carc=primary.reason_code,
        patient_control_number=claim.patient_control_number,
        payer_claim_control_number=claim.payer_claim_control_number,
        claim_status_code=claim.status_code,
        claim_index=index,
        line_index=line_index,
        line_control_number=line.line_control_number,
        procedure=line.procedure,
        service_date=line.service_date or claim.statement_period_start,
        service_date_end=line.service_date_end or line.service_date or claim.statement_period_end,
        charge_amount=line.charge_amount,
        paid_amount=line.paid_amount,
        denied_amount=_sum_denied(line.adjustments),
        patient_responsibility=_sum_pr(line.adjustments),
        adjustments=line.adjustments,
        carc_codes=_distinct(a.reason_code for a in line.adjustments),
        rarc_codes=_distinct(_claim_remarks(claim) + list(line.remark_codes)),
        **lineage,
    )


def claim_denials(header: RemittanceHeader, claim: ClaimPayment, claim_index: int) -> list[Denial]:
    """The denial records of one claim (for claims streamed by ``iter_835``)."""
    status = claim.status_code.strip()
    if status in _NO_RECORD_STATUSES:
        return []
    lineage = _lineage(header)
    if status == "4":
        return [_claim_record(claim, claim_index, lineage)]
    return [
        _line_record(claim, claim_index, line, i, lineage)
        for i, line in enumerate(claim.service_lines)
        if is_denied_line(line)
    ]


def denials(remittances: Iterable[Remittance]) -> Iterator[Denial]:
    """Yield a :class:`Denial` for every denied claim and denied service line, in file order."""
    for remittance in remittances:
        for index, claim in enumerate(remittance.claims):
            yield from claim_denials(remittance.header, claim, index)
