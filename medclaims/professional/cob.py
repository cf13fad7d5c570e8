"""Coordination of benefits (COB): the other payers of a claim and their adjudication.

Strategy: a claim billed to a second or third payer carries, for every payer
ahead of it (and, optionally, for coverages behind it), one
:class:`OtherPayer`: who that payer and its subscriber are (loops 2320 SBR/OI,
2330A, 2330B) and what it did with the claim: claim-level adjustments (2320
CAS), the amount it paid (2320 AMT*D), the patient's remaining liability
(AMT*EAF), outpatient remarks (MOA), its claim control number (2330B REF*F8)
and, per billed service line, its line adjudication (:class:`LineAdjudication`,
loop 2430). Records are frozen attrs classes with type checks only; the COB
rules (codes, the two balancing equations of the 837P implementation guide)
are checked with the other business rules by
:func:`medclaims.professional.validate.check_encounters` (see :func:`check_other_payers`).

The balancing rules (005010X222A1, 2320 CAS and 2430 SVD/CAS notes, after
the 835's own balancing, section 1.10.2 of 005010X221A1):

* per billed line and other payer: SV102 = Σ SVD02 + Σ CAS amounts of that
  payer's 2430 loops for the line (an unbundled line has several);
* per claim and other payer: CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS.

Fields holding identity data (names, member ids, addresses, reference
numbers) are left out of ``repr``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from attrs import validators as v

from medclaims.professional._base import (
    _DATE,
    _DECIMAL,
    _OPT_DATE,
    _OPT_STR,
    _STR,
    ClaimAddress,
    _phi_opt_str,
    _phi_str,
    _strs,
    _tuple_of,
)

__all__ = [
    "CobAdjustment",
    "LineAdjudication",
    "OtherPayer",
    "OtherSubscriber",
    "OutpatientRemarks",
]


def _INT(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An ``int`` that is not a ``bool`` (the message names the field, never the value)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be int")


_OPT_DECIMAL = v.optional(_DECIMAL)


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class CobAdjustment:
    """One adjustment of another payer, as the 835 gave it (one CAS triple).

    In the 837P it is written in 2320 CAS (claim level) or 2430 CAS (line
    level), grouped by ``group_code`` with up to six triples per segment.
    """

    group_code: str = attrs.field(validator=_STR)
    """Claim adjustment group: ``CO`` contractual, ``OA`` other, ``PI`` payer initiated,
    ``PR`` patient responsibility, ``CR`` correction (CAS01)."""
    reason_code: str = attrs.field(validator=_STR)
    """Claim adjustment reason code, CARC (CAS02, 05, 08, 11, 14, 17)."""
    amount: Decimal = attrs.field(validator=_DECIMAL)
    """Adjustment amount; positive reduces the payment (CAS03, 06, 09, 12, 15, 18)."""
    quantity: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """Adjustment quantity (CAS04, 07, 10, 13, 16, 19)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class OtherSubscriber:
    """The other payer's insured (2320 SBR03/SBR04 and loop 2330A). Hidden from repr."""

    member_id: str = _phi_str()
    """Member identification number (2330A NM109, NM108=MI)."""
    last_name: str = _phi_str()
    """Last name, or organization name when ``is_organization`` (2330A NM103)."""
    first_name: str | None = _phi_opt_str()
    """First name (2330A NM104)."""
    middle_name: str | None = _phi_opt_str()
    """Middle name or initial (2330A NM105)."""
    is_organization: bool = attrs.field(default=False, validator=v.instance_of(bool))
    """True when the insured is a non-person (2330A NM102=2; else 1)."""
    address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ClaimAddress)), repr=False
    )
    """Address (2330A N3/N4)."""
    group_number: str | None = _phi_opt_str()
    """Insured group or policy number (2320 SBR03)."""
    group_name: str | None = _phi_opt_str()
    """Insured group name (2320 SBR04)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class OutpatientRemarks:
    """The other payer's outpatient adjudication (2320 MOA), from its 835 MOA."""

    reimbursement_rate: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """Reimbursement rate, a percentage (MOA01)."""
    hcpcs_payable_amount: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """HCPCS payable amount (MOA02)."""
    remark_codes: tuple[str, ...] = attrs.field(
        default=(), converter=_strs, validator=_tuple_of(str)
    )
    """0 to 5 claim payment remark codes, RARC (MOA03..MOA07)."""
    esrd_payment_amount: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """End stage renal disease payment amount (MOA08)."""
    nonpayable_professional_component_amount: Decimal | None = attrs.field(
        default=None, validator=_OPT_DECIMAL
    )
    """Non-payable professional component amount (MOA09)."""


@attrs.frozen(kw_only=True)
class LineAdjudication:
    """What the other payer did with one billed service line (loop 2430).

    A line the payer unbundled has several, one per adjudicated procedure.
    """

    line_number: int = attrs.field(validator=_INT)
    """The billed line adjudicated: its 1-based position in ``service_lines`` (2400 LX01)."""
    paid_amount: Decimal = attrs.field(validator=_DECIMAL)
    """Amount the other payer paid on the line (SVD02)."""
    procedure_code: str = attrs.field(validator=_STR)
    """Procedure as adjudicated, which may differ from the billed one (SVD03-2)."""
    adjudication_date: dt.date = attrs.field(validator=_DATE)
    """Date of the other payer's payment or remittance (2430 DTP*573, DTP03)."""
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_tuple_of(str))
    """0 to 4 modifiers as adjudicated (SVD03-3..6)."""
    procedure_qualifier: str = attrs.field(default="HC", validator=_STR)
    """Procedure code qualifier: ``HC`` HCPCS/CPT, ``ER``, ``IV``, ``WK`` (SVD03-1)."""
    paid_units: Decimal = attrs.field(default=Decimal(1), validator=_DECIMAL)
    """Units of service paid (SVD05)."""
    bundled_line_number: int | None = attrs.field(default=None, validator=v.optional(_INT))
    """Line number into which this line was bundled (SVD06)."""
    adjustments: tuple[CobAdjustment, ...] = attrs.field(
        default=(), converter=_tuple, validator=_tuple_of(CobAdjustment)
    )
    """Line adjustments (2430 CAS), one per triple."""
    remaining_patient_liability: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """Remaining patient liability on the line (2430 AMT02, AMT01=EAF)."""


@attrs.frozen(kw_only=True)
class OtherPayer:
    """Another payer of the claim and, when it has adjudicated it, its adjudication.

    Loops 2320 (other subscriber information), 2330A (other subscriber),
    2330B (other payer) and, through :attr:`line_adjudications`, 2430.
    """

    responsibility: str = attrs.field(validator=_STR)
    """Payer responsibility sequence of this payer: ``P``, ``S``, ``T``, ``A``..``H``,
    ``U`` (2320 SBR01)."""
    payer_id: str = _phi_str()
    """Other payer's identifier (2330B NM109, NM108=PI or XV; written in SVD01 too)."""
    payer_name: str = _phi_str()
    """Other payer's name (2330B NM103)."""
    subscriber: OtherSubscriber = attrs.field(validator=v.instance_of(OtherSubscriber))
    """The other payer's insured (2320 SBR03/04, loop 2330A)."""
    relationship_code: str = attrs.field(default="18", validator=_STR)
    """Patient's relationship to that insured: ``18`` self, ``01`` spouse, ``19`` child,
    ``20`` employee, ``21`` unknown, ``39``, ``40``, ``53``, ``G8`` (2320 SBR02)."""
    claim_filing_indicator: str = attrs.field(default="CI", validator=_STR)
    """Claim filing indicator of that coverage, e.g. ``MB``, ``CI`` (2320 SBR09)."""
    insurance_type: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Medicare secondary insurance type code (2320 SBR05)."""
    payer_id_qualifier: str = attrs.field(default="PI", validator=_STR)
    """``PI`` payer id or ``XV`` CMS plan id (2330B NM108)."""
    payer_address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(ClaimAddress)), repr=False
    )
    """Other payer's address (2330B N3/N4)."""
    benefits_assignment: str = attrs.field(default="Y", validator=_STR)
    """Benefits assigned to the provider for this coverage: ``Y``, ``N``, ``W`` (OI03)."""
    release_of_information: str = attrs.field(default="Y", validator=_STR)
    """``Y`` signed release on file, ``I`` informed consent only (OI06)."""
    patient_signature_source: str | None = attrs.field(default=None, validator=_OPT_STR)
    """``P`` when the patient's signature was generated by the provider (OI04)."""
    paid_amount: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """What this payer paid on the claim (2320 AMT02, AMT01=D); ``None`` when it has not
    adjudicated the claim (then it has no adjustments and no line adjudications)."""
    adjustments: tuple[CobAdjustment, ...] = attrs.field(
        default=(), converter=_tuple, validator=_tuple_of(CobAdjustment)
    )
    """Claim-level adjustments (2320 CAS), one per triple."""
    non_covered_amount: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """Total non-covered amount (2320 AMT02, AMT01=A8)."""
    remaining_patient_liability: Decimal | None = attrs.field(default=None, validator=_OPT_DECIMAL)
    """Remaining patient liability after this payer (2320 AMT02, AMT01=EAF)."""
    outpatient: OutpatientRemarks | None = attrs.field(
        default=None, validator=v.optional(v.instance_of(OutpatientRemarks))
    )
    """Outpatient adjudication remarks (2320 MOA)."""
    claim_control_number: str | None = _phi_opt_str()
    """This payer's claim control number, CLP07 of its 835 (2330B REF02, REF01=F8)."""
    adjudication_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)
    """Date of the payment or remittance (2330B DTP*573, DTP03): sent only when the payer
    adjudicated at claim level only (no :attr:`line_adjudications`)."""
    line_adjudications: tuple[LineAdjudication, ...] = attrs.field(
        default=(), converter=_tuple, validator=_tuple_of(LineAdjudication)
    )
    """Line adjudications of this payer (loop 2430 of the line ``line_number``)."""

    @property
    def adjudicated(self) -> bool:
        """True when this payer has adjudicated the claim (AMT*D is sent)."""
        return self.paid_amount is not None


# -- rules -----------------------------------------------------------------------------------
