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

from medclaims.professional._rules import (
    _FILING,
    _MIN_DATE,
    _plain_address,
    _plain_amount,
    _plain_name,
    _plain_text,
)
from medclaims.professional.model import (
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
    "check_other_payers",
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

_GROUPS = frozenset({"CO", "CR", "OA", "PI", "PR"})
_RELATIONSHIPS = frozenset({"01", "18", "19", "20", "21", "39", "40", "53", "G8"})
_INSURANCE_TYPES = frozenset({"12", "13", "14", "15", "16", "41", "42", "43", "47"})
_YNW = frozenset({"N", "W", "Y"})
_RELEASES = frozenset({"I", "Y"})
_PROCEDURE_QUALIFIERS = frozenset({"ER", "HC", "IV", "WK"})
MAX_OTHER_PAYERS = 10
"""Loop 2320 repeats at most 10 times per claim."""
MAX_CAS_SEGMENTS = 5
"""CAS repeats at most 5 times per 2320 and per 2430 loop (six triples each)."""
MAX_LINE_ADJUDICATIONS = 15
"""Loop 2430 repeats at most 15 times per service line."""


def cas_segments(adjustments: Iterable[CobAdjustment]) -> list[tuple[str, list[CobAdjustment]]]:
    """Adjustments grouped as CAS segments: by group code in first-seen order, six a segment."""
    by_group: dict[str, list[CobAdjustment]] = {}
    for adj in adjustments:
        by_group.setdefault(adj.group_code, []).append(adj)
    return [
        (group, items[i : i + 6])
        for group, items in by_group.items()
        for i in range(0, len(items), 6)
    ]


def _sum(adjustments: Iterable[CobAdjustment]) -> Decimal:
    return sum((a.amount for a in adjustments), Decimal(0))


def check_other_payers(
    path: str,
    other_payers: tuple[OtherPayer, ...],
    *,
    payer_responsibility: str,
    line_charges: list[Decimal],
    claim_charge: Decimal,
    checker: Any,
) -> None:
    """COB rules of one encounter, appended to ``checker`` (a validate checker).

    ``path`` is the encounter's path; issues go under ``path.other_payers[i]``.
    """
    if len(other_payers) > MAX_OTHER_PAYERS:
        checker.error(
            path + ".other_payers",
            "invalid-length",
            f"a claim has at most {MAX_OTHER_PAYERS} other payers (loop 2320 limit)",
        )
    seen = {payer_responsibility}
    n_lines = len(line_charges)
    for i, op in enumerate(other_payers):
        p = f"{path}.other_payers[{i}]"
        checker.code(
            p + ".responsibility",
            op.responsibility,
            frozenset("ABCDEFGHPSTU"),
            "payer responsibility",
        )
        if op.responsibility in seen and op.responsibility != "U":
            checker.error(
                p + ".responsibility",
                "duplicate",
                "must differ from the claim's payer_responsibility and the other payers'",
            )
        seen.add(op.responsibility)
        if not _plain_identity(op):
            _check_identity(checker, p, op)
        for name in ("non_covered_amount", "remaining_patient_liability"):
            value = getattr(op, name)
            if value is not None:
                checker.amount(f"{p}.{name}", value, places=2, positive=False)
        if op.paid_amount is not None:
            _signed(checker, p + ".paid_amount", op.paid_amount)
        if not _plain_adjustments(op.adjustments):
            _check_adjustments(checker, p + ".adjustments", op.adjustments)
        if op.outpatient is not None:
            moa = op.outpatient
            if moa == OutpatientRemarks():
                checker.error(
                    p + ".outpatient", "missing-field", "needs at least one value (MOA01..MOA09)"
                )
            if len(moa.remark_codes) > 5:
                checker.error(
                    p + ".outpatient.remark_codes",
                    "invalid-length",
                    "MOA holds at most 5 remark codes (MOA03..MOA07)",
                )
            for j, code in enumerate(moa.remark_codes):
                checker.text(f"{p}.outpatient.remark_codes[{j}]", code, 50)
        checker.date(p + ".adjudication_date", op.adjudication_date, required=False)
        lines = op.line_adjudications
        if not op.adjudicated:
            if op.adjustments or lines or op.adjudication_date is not None:
                checker.error(
                    p + ".paid_amount",
                    "missing-field",
                    "is required when the payer has adjudicated (adjustments, line adjudications "
                    "or adjudication date given)",
                )
            continue
        if lines and op.adjudication_date is not None:
            checker.error(
                p + ".adjudication_date",
                "unexpected-field",
                "is sent (2330B DTP*573) only when the payer has no line adjudications "
                "(their DTP*573 carries the date)",
            )
        if not lines and op.adjudication_date is None:
            checker.error(
                p + ".adjudication_date",
                "missing-field",
                "is required for a payer that adjudicated at claim level only (2330B DTP*573)",
            )
        counts: dict[int, int] = {}
        for la in lines:
            counts[la.line_number] = counts.get(la.line_number, 0) + 1
        for number, count in counts.items():
            if count > MAX_LINE_ADJUDICATIONS:
                checker.error(
                    f"{p}.line_adjudications",
                    "invalid-length",
                    f"line {number} has over {MAX_LINE_ADJUDICATIONS} adjudications of a payer "
                    "(loop 2430 limit)",
                )
        for j, la in enumerate(lines):
            lp = f"{p}.line_adjudications[{j}]"
            if not 1 <= la.line_number <= n_lines:
                checker.error(
                    lp + ".line_number", "out-of-range", f"must name a billed line (1 to {n_lines})"
                )
            if _plain_line_adjudication(la, n_lines):
                continue
            _signed(checker, lp + ".paid_amount", la.paid_amount)
            checker.text(lp + ".procedure_code", la.procedure_code, 48)
            checker.code(
                lp + ".procedure_qualifier",
                la.procedure_qualifier,
                _PROCEDURE_QUALIFIERS,
                "procedure qualifier",
            )
            if len(la.modifiers) > 4:
                checker.error(
                    lp + ".modifiers", "invalid-length", "at most 4 modifiers (SVD03-3..6)"
                )
            for k, mod in enumerate(la.modifiers):
                checker.text(f"{lp}.modifiers[{k}]", mod, 2, min_len=2)
            checker.amount(lp + ".paid_units", la.paid_units, places=3, positive=False)
            checker.date(lp + ".adjudication_date", la.adjudication_date)
            if la.bundled_line_number is not None and not 1 <= la.bundled_line_number <= n_lines:
                checker.error(
                    lp + ".bundled_line_number",
                    "out-of-range",
                    f"must name a billed line (1 to {n_lines})",
                )
            if la.remaining_patient_liability is not None:
                checker.amount(
                    lp + ".remaining_patient_liability",
                    la.remaining_patient_liability,
                    places=2,
                    positive=False,
                )
            _check_adjustments(checker, lp + ".adjustments", la.adjustments)
        for where, code, message in balance_problems(op, line_charges, claim_charge):
            checker.error(p + where, code, message)


def _check_identity(checker: Any, p: str, op: OtherPayer) -> None:
    """Detailed identity checks (2320 SBR/OI codes, 2330A, 2330B) of one other payer."""
    checker.text(p + ".payer_id", op.payer_id, 80, min_len=2)
    checker.text(p + ".payer_name", op.payer_name, 60)
    checker.code(
        p + ".payer_id_qualifier",
        op.payer_id_qualifier,
        frozenset({"PI", "XV"}),
        "payer id qualifier",
    )
    if op.payer_address is not None:
        checker.address(p + ".payer_address", op.payer_address)
    s = op.subscriber
    checker.text(p + ".subscriber.member_id", s.member_id, 80, min_len=2)
    checker.text(p + ".subscriber.last_name", s.last_name, 60)
    checker.text(p + ".subscriber.first_name", s.first_name, 35, required=False)
    checker.text(p + ".subscriber.middle_name", s.middle_name, 25, required=False)
    checker.text(p + ".subscriber.group_number", s.group_number, 50, required=False)
    checker.text(p + ".subscriber.group_name", s.group_name, 60, required=False)
    if s.is_organization and (s.first_name is not None or s.middle_name is not None):
        checker.error(
            p + ".subscriber",
            "conflicting-fields",
            "an organization has no first or middle name",
        )
    if s.address is not None:
        checker.address(p + ".subscriber.address", s.address)
    checker.code(p + ".relationship_code", op.relationship_code, _RELATIONSHIPS, "relationship")
    checker.code(
        p + ".claim_filing_indicator",
        op.claim_filing_indicator,
        _FILING,
        "claim filing indicator",
    )
    if op.insurance_type is not None:
        checker.code(p + ".insurance_type", op.insurance_type, _INSURANCE_TYPES, "insurance type")
    checker.code(p + ".benefits_assignment", op.benefits_assignment, _YNW, "benefits assignment")
    checker.code(
        p + ".release_of_information",
        op.release_of_information,
        _RELEASES,
        "release of information",
    )
    checker.text(p + ".claim_control_number", op.claim_control_number, 50, required=False)
    if op.patient_signature_source is not None:
        checker.code(
            p + ".patient_signature_source",
            op.patient_signature_source,
            frozenset({"P"}),
            "patient signature source",
        )


def balance_problems(
    op: OtherPayer, line_charges: list[Decimal], claim_charge: Decimal
) -> list[tuple[str, str, str]]:
    """The COB balancing rules broken by one adjudicated other payer, as
    (path under the payer, issue code, message); nothing for a payer not adjudicated.

    The one place both rules live: the encounter checks and
    :func:`medclaims.billing.secondary_claim` call it.
    """
    if op.paid_amount is None:
        return []
    problems: list[tuple[str, str, str]] = []
    per_line: dict[int, Decimal] = {}
    line_adjusted = Decimal(0)
    for la in op.line_adjudications:
        adjusted = _sum(la.adjustments)
        line_adjusted += adjusted
        per_line[la.line_number] = (
            per_line.get(la.line_number, Decimal(0)) + la.paid_amount + adjusted
        )
    n_lines = len(line_charges)
    for number, total in per_line.items():
        # 2430 note: SV102 = Σ SVD02 + Σ 2430 CAS of this payer for the line.
        if 1 <= number <= n_lines and total != line_charges[number - 1]:
            problems.append(
                (
                    ".line_adjudications",
                    "cob-line-unbalanced",
                    f"line {number}: the charge (SV102) must equal the paid amounts (SVD02) "
                    "plus the line adjustments (2430 CAS) of this payer",
                )
            )
    # 2320 note: CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS of this payer.
    if op.paid_amount + _sum(op.adjustments) + line_adjusted != claim_charge:
        problems.append(
            (
                ".paid_amount",
                "cob-claim-unbalanced",
                "the claim charge (CLM02) must equal the paid amount (AMT*D) plus the claim "
                "adjustments (2320 CAS) plus the line adjustments (2430 CAS) of this payer",
            )
        )
    return problems


def _plain_adjustments(adjustments: tuple[CobAdjustment, ...]) -> bool:
    """True when :func:`_check_adjustments` would find nothing (at most 6: 5 CAS at most)."""
    return len(adjustments) <= 6 and all(
        a.group_code in _GROUPS
        and _plain_text(a.reason_code, 5)
        and _plain_amount(abs(a.amount), 2, False)
        and (a.quantity is None or _plain_amount(abs(a.quantity), 2, False))
        for a in adjustments
    )


def _plain_line_adjudication(la: LineAdjudication, n_lines: int) -> bool:
    """True when the detailed checks of a line adjudication would find nothing."""
    return (
        1 <= la.line_number <= n_lines
        and _plain_amount(abs(la.paid_amount), 2, False)
        and _plain_text(la.procedure_code, 48)
        and la.procedure_qualifier in _PROCEDURE_QUALIFIERS
        and len(la.modifiers) <= 4
        and all(len(m) == 2 and _plain_text(m, 2) for m in la.modifiers)
        and _plain_amount(la.paid_units, 3, False)
        and la.adjudication_date >= _MIN_DATE
        and la.bundled_line_number is None
        and la.remaining_patient_liability is None
        and _plain_adjustments(la.adjustments)
    )


def _plain_identity(op: OtherPayer) -> bool:
    """True when :func:`_check_identity` would find nothing (the usual case, quickly)."""
    s = op.subscriber
    return (
        op.payer_id_qualifier in ("PI", "XV")
        and _plain_name(op.payer_id, 80, 2)
        and _plain_name(op.payer_name, 60)
        and _plain_name(s.member_id, 80, 2)
        and _plain_name(s.last_name, 60)
        and _plain_text(s.first_name, 35)
        and _plain_text(s.middle_name, 25)
        and _plain_text(s.group_number, 50)
        and _plain_text(s.group_name, 60)
        and not (s.is_organization and (s.first_name is not None or s.middle_name is not None))
        and (op.payer_address is None or _plain_address(op.payer_address))
        and (s.address is None or _plain_address(s.address))
        and op.relationship_code in _RELATIONSHIPS
        and op.claim_filing_indicator in _FILING
        and (op.insurance_type is None or op.insurance_type in _INSURANCE_TYPES)
        and op.benefits_assignment in _YNW
        and op.release_of_information in _RELEASES
        and op.patient_signature_source in (None, "P")
        and _plain_text(op.claim_control_number, 50)
    )


def _signed(checker: Any, path: str, value: Decimal) -> None:
    """An amount that may be negative (paid amounts after recoupment): 2 decimals, bounded."""
    checker.amount(path, abs(value), places=2, positive=False)


def _check_adjustments(checker: Any, path: str, adjustments: tuple[CobAdjustment, ...]) -> None:
    for k, adj in enumerate(adjustments):
        ap = f"{path}[{k}]"
        checker.code(ap + ".group_code", adj.group_code, _GROUPS, "adjustment group")
        checker.text(ap + ".reason_code", adj.reason_code, 5)
        _signed(checker, ap + ".amount", adj.amount)
        if adj.quantity is not None:
            _signed(checker, ap + ".quantity", adj.quantity)
    if len(cas_segments(adjustments)) > MAX_CAS_SEGMENTS:
        checker.error(
            path,
            "invalid-length",
            f"needs more than {MAX_CAS_SEGMENTS} CAS segments (at most 6 reasons per group "
            "and segment)",
        )
