"""The next payer's claim from the encounter and the 835 claim payments of the payers ahead.

Strategy: the claim payments (``RemittanceClaim`` as :func:`~medclaims.remittance.iter_835`
yields them, in payment order) are grouped by payer, in the order each payer
first appears. Within a payer, every claim payment must balance (the 835 rules
of :mod:`medclaims.remittance.balancing`); reversals (CLP02 ``22``, every amount
negated) and their corrections, and the parts of a claim the payer split into
several CLPs, are then *netted*: amounts are summed per claim-level adjustment
(group, reason) and per billed line, adjudicated procedure and adjustment, and
what sums to nothing is dropped, so only the live adjudication is sent. Each
payer becomes one :class:`~medclaims.professional.cob.OtherPayer` (2320 with
AMT*D = Σ CLP04; REF*F8 the CLP07 of its last live claim payment), whose
service payments (SVC) go to the billed lines they answer: by line item
control number (REF*6R), else by submitted procedure (SVC06, else SVC01),
modifiers and service date. The adjudicated procedure (SVC01) goes in SVD03
while SV1 keeps the billed one. The result is checked against the two COB
balancing rules before it is returned.

When the claim must not go to the next payer, :class:`SecondaryClaimRefused`
says why, with a stable ``reason`` and the payer concerned (never patient data).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from medclaims._support.records import slotted_constructor
from medclaims.errors import SecondaryClaimRefused, Severity
from medclaims.professional.cob import (
    CobAdjustment,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    OutpatientRemarks,
)
from medclaims.professional.cob_checks import balance_problems
from medclaims.professional.model import ClaimPayer, Encounter, ServiceLine, Subscriber
from medclaims.remittance.balancing import check_claim
from medclaims.remittance.records import (
    Adjustment,
    OutpatientAdjudication,
    RemittanceClaim,
    ServicePayment,
)

__all__ = [
    "RESPONSIBILITY_SEQUENCE",
    "answers",
    "correct_claim",
    "payer_key",
    "secondary_claim",
    "void_claim",
]

RESPONSIBILITY_SEQUENCE = "PSTABCDEFGH"
"""SBR01 of the payers in billing order: primary, secondary, tertiary, then payer
responsibility four (``A``) to eleven (``H``)."""

_ZERO = Decimal(0)
_ONE = Decimal(1)
# The values below come from typed 835 records and are checked again by build_837p, so
# the records are made without re-running their validators (see medclaims._support.records).
_new_adjustment = slotted_constructor(CobAdjustment)
_new_line = slotted_constructor(LineAdjudication)
_new_payer = slotted_constructor(OtherPayer)
_SVD_QUALIFIERS = frozenset({"ER", "HC", "IV", "WK"})


def payer_key(rc: RemittanceClaim) -> str:
    """Which payer sent a claim payment: 1000A N104, else REF*2U, else TRN03, else N102."""
    payer = rc.header.payer
    if payer is not None:
        if payer.id:
            return payer.id
        for ref in payer.references:
            if ref.qualifier == "2U" and ref.value:
                return ref.value
    payment = rc.header.payment
    if payment is not None and payment.originating_company_id:
        return payment.originating_company_id
    return payer.name if payer is not None else ""


def answers(encounter: Encounter, rc: RemittanceClaim) -> bool:
    """Whether the claim payment answers the encounter: CLP01 is CLM01, ignoring case
    (payers upper-case it), or the first 10 or more characters of it (payers truncate)."""
    billed = encounter.claim_id.strip().casefold()
    echoed = rc.claim.patient_control_number.strip().casefold()
    return echoed == billed or (len(echoed) >= 10 and billed.startswith(echoed))


def _payer_label(rc: RemittanceClaim) -> str:
    payer = rc.header.payer
    name = payer.name if payer is not None and payer.name else "the payer"
    key = payer_key(rc)
    return f"{name} ({key})" if key and key != name else name


def _refuse(reason: str, message: str, payer: str | None) -> SecondaryClaimRefused:
    return SecondaryClaimRefused(reason, message, payer)


def _as_other_subscriber(s: Subscriber) -> OtherSubscriber:
    return OtherSubscriber(
        member_id=s.member_id,
        last_name=s.last_name,
        first_name=s.first_name,
        middle_name=s.middle_name,
        address=s.address,
        group_number=s.group_number,
    )


@attrs.define
class _Group:
    """What one line (billed line, adjudicated procedure) nets to within one payer."""

    qualifier: str
    code: str
    modifiers: tuple[str, ...]
    paid: Decimal = _ZERO
    units: Decimal = _ZERO
    live: int = 0
    adjustments: dict[tuple[str, str], list[Decimal | None]] = attrs.Factory(dict)


def _add_adjustments(
    into: dict[tuple[str, str], list[Decimal | None]],
    adjustments: Iterable[Adjustment],
    sign: int,
) -> None:
    for adj in adjustments:
        quantity = adj.quantity
        slot = into.setdefault((adj.group_code, adj.reason_code), [_ZERO, None])
        slot[0] = (slot[0] or _ZERO) + (adj.amount or _ZERO)
        if quantity is not None:
            q = abs(quantity) * sign
            slot[1] = q if slot[1] is None else slot[1] + q


def _net(into: dict[tuple[str, str], list[Decimal | None]]) -> tuple[CobAdjustment, ...]:
    """Netted adjustments, dropping what sums to nothing; quantities only when positive."""
    out = []
    for (group, reason), (amount, quantity) in into.items():
        if amount:
            out.append(
                _new_adjustment(
                    group,
                    reason,
                    amount,
                    quantity if quantity is not None and quantity > 0 else None,
                )
            )
    return tuple(out)


def _match_line(svc: ServicePayment, lines: Sequence[ServiceLine], used: set[int]) -> int | None:
    """The billed line (0-based) an SVC answers: REF*6R, else procedure, modifiers and date."""
    lcn = (svc.line_control_number or "").strip()
    if lcn:
        for i, line in enumerate(lines):
            if (line.line_control_number or "").strip() == lcn:
                return i
    submitted = svc.original_procedure or svc.procedure
    code = submitted.code.strip().upper()
    mods = tuple(m.strip().upper() for m in submitted.modifiers if m.strip())
    day = svc.service_date

    def fits(line: ServiceLine, with_modifiers: bool) -> bool:
        return (
            line.procedure_code.strip().upper() == code
            and (not with_modifiers or tuple(m.strip().upper() for m in line.modifiers) == mods)
            and (day is None or line.service_date == day)
        )

    for with_modifiers in (True, False):
        candidates = [i for i, line in enumerate(lines) if fits(line, with_modifiers)]
        if candidates:
            fresh = [i for i in candidates if i not in used]
            return (fresh or candidates)[0]
    return None


def _other_payer(
    encounter: Encounter,
    claims: list[RemittanceClaim],
    identity: OtherPayer,
    *,
    with_patient_liability: bool,
) -> OtherPayer:
    """One payer's netted adjudication (see the module docstring)."""
    label = _payer_label(claims[0])
    for rc in claims:
        if rc.claim.crossover_carrier is not None:
            carrier = rc.claim.crossover_carrier
            name = carrier.last_name or "a crossover carrier"
            ident = f" ({carrier.identifier})" if carrier.identifier else ""
            raise _refuse(
                "crossed_over",
                f"{label} forwarded the claim to {name}{ident} (NM1*TT): that payer is billed "
                "by the crossover, not by a new claim",
                label,
            )
    for rc in claims:
        if any(i.severity is Severity.ERROR for i in check_claim(rc.claim)):
            raise _refuse(
                "unbalanced",
                f"a claim payment of {label} does not balance (CLP03 - CAS = CLP04, "
                "SVC02 - CAS = SVC03) or lacks an amount",
                label,
            )
    live = sum(-1 if rc.claim.is_reversal else 1 for rc in claims)
    if live <= 0:
        raise _refuse("nothing_live", f"every payment of {label} was reversed", label)
    charge = sum((rc.claim.charge_amount or _ZERO for rc in claims), _ZERO)
    paid = sum((rc.claim.paid_amount or _ZERO for rc in claims), _ZERO)
    patient = sum((rc.claim.patient_responsibility or _ZERO for rc in claims), _ZERO)
    if charge != encounter.total_charge:
        raise _refuse(
            "unbalanced",
            f"the live charge of {label} (CLP03) differs from the billed charge (CLM02)",
            label,
        )
    claim_adjustments: dict[tuple[str, str], list[Decimal | None]] = {}
    groups: dict[tuple[int, str, str, tuple[str, ...]], _Group] = {}
    lines = encounter.service_lines
    for rc in claims:
        sign = -1 if rc.claim.is_reversal else 1
        _add_adjustments(claim_adjustments, rc.claim.adjustments, sign)
        used: set[int] = set()
        for svc in rc.claim.service_lines:
            index = _match_line(svc, lines, used)
            if index is None:
                touched = (svc.charge_amount or _ZERO, svc.paid_amount or _ZERO)
                if touched == (_ZERO, _ZERO) and not any(a.amount for a in svc.adjustments):
                    continue  # a zero informational line: nothing to coordinate
                raise _refuse(
                    "unmatched_line",
                    f"{label} paid a service line that matches no billed line (REF*6R, "
                    "procedure, modifiers and date)",
                    label,
                )
            used.add(index)
            proc = svc.procedure
            if (proc.qualifier or "HC") not in _SVD_QUALIFIERS:
                raise _refuse(
                    "unsupported_procedure",
                    f"{label} adjudicated a service under a procedure qualifier that SVD03 of "
                    "an 837P cannot carry (ER, HC, IV or WK only)",
                    label,
                )
            key = (
                index,
                proc.qualifier or "HC",
                proc.code.strip().upper(),
                tuple(m.strip().upper() for m in proc.modifiers if m.strip()),
            )
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(key[1], key[2], key[3])
            group.paid += svc.paid_amount or _ZERO
            units = abs(svc.units) if svc.units is not None else Decimal(1)
            group.units += units * sign
            group.live += sign
            _add_adjustments(group.adjustments, svc.adjustments, sign)
    last = next(rc for rc in reversed(claims) if not rc.claim.is_reversal)
    payment = last.header.payment
    paid_on = payment.date if payment is not None else None
    paid_on = paid_on or last.header.production_date
    if paid_on is None:
        raise _refuse(
            "no_adjudication_date",
            f"the remittance of {label} has no payment date (BPR16) for DTP*573",
            label,
        )
    line_adjudications: list[LineAdjudication] = []
    for (index, qualifier, code, mods), group in sorted(groups.items(), key=lambda kv: kv[0][0]):
        adjustments = _net(group.adjustments)
        if group.live <= 0:
            if group.paid or adjustments:
                raise _refuse(
                    "unbalanced",
                    f"a reversal of {label} does not match a service line it paid",
                    label,
                )
            continue
        liability = sum((a.amount for a in adjustments if a.group_code == "PR"), _ZERO)
        line_adjudications.append(
            _new_line(
                line_number=index + 1,
                paid_amount=group.paid,
                procedure_code=code,
                adjudication_date=paid_on,
                modifiers=mods,
                procedure_qualifier=qualifier,
                paid_units=max(group.units, _ZERO),
                bundled_line_number=None,
                adjustments=adjustments,
                remaining_patient_liability=liability if with_patient_liability else None,
            )
        )
    adjustments = _net(claim_adjustments)
    responsibility = sum((a.amount for a in adjustments if a.group_code == "PR"), _ZERO) + sum(
        (a.amount for la in line_adjudications for a in la.adjustments if a.group_code == "PR"),
        _ZERO,
    )
    if paid == _ZERO and responsibility == _ZERO and patient == _ZERO:
        raise _refuse(
            "denied",
            f"{label} paid nothing and left no patient responsibility: there is nothing for "
            "the next payer to coordinate",
            label,
        )
    moa = last.claim.outpatient
    return _new_payer(
        responsibility=identity.responsibility,
        payer_id=identity.payer_id,
        payer_name=identity.payer_name,
        subscriber=identity.subscriber,
        relationship_code=identity.relationship_code,
        insurance_type=identity.insurance_type,
        payer_id_qualifier=identity.payer_id_qualifier,
        payer_address=identity.payer_address,
        benefits_assignment=identity.benefits_assignment,
        release_of_information=identity.release_of_information,
        patient_signature_source=identity.patient_signature_source,
        non_covered_amount=identity.non_covered_amount,
        outpatient=None if moa is None else _outpatient(moa),
        claim_filing_indicator=last.claim.filing_indicator or identity.claim_filing_indicator,
        paid_amount=paid,
        adjustments=adjustments,
        remaining_patient_liability=responsibility if with_patient_liability else None,
        claim_control_number=last.claim.payer_claim_control_number or None,
        adjudication_date=None if line_adjudications else paid_on,
        line_adjudications=tuple(line_adjudications),
    )


def _outpatient(moa: OutpatientAdjudication) -> OutpatientRemarks:
    return OutpatientRemarks(
        reimbursement_rate=moa.reimbursement_rate,
        hcpcs_payable_amount=moa.hcpcs_payable_amount,
        remark_codes=moa.remark_codes[:5],
        esrd_payment_amount=moa.esrd_payment_amount,
        nonpayable_professional_component_amount=moa.nonpayable_professional_component_amount,
    )


def secondary_claim(
    encounter: Encounter,
    paid_by: Iterable[RemittanceClaim],
    *,
    payer: ClaimPayer,
    subscriber: Subscriber | None = None,
    claim_filing_indicator: str | None = None,
    with_patient_liability: bool = False,
) -> Encounter:
    """The claim to the next payer, ``payer``, after the payers whose 835 claims are ``paid_by``.

    ``encounter`` is the claim as billed to the first payer (its payer,
    subscriber and filing indicator describe that payer); ``paid_by`` the
    claim payments of every earlier payer, in payment order (a tertiary claim
    gets the primary's and the secondary's). A later payer's identity is taken
    from an entry of ``encounter.other_payers`` with its payer id, else from its
    835 (1000A name and id) with the encounter's subscriber. ``subscriber`` is
    the next payer's insured (default: the encounter's), ``claim_filing_indicator``
    its SBR09 (default: the encounter's). ``with_patient_liability`` adds AMT*EAF
    (Σ PR adjustments) to 2320 and 2430, for payers that want it.

    Raises :class:`~medclaims.errors.SecondaryClaimRefused` (see its reasons).
    """
    payments = list(paid_by)
    if not payments:
        raise _refuse("no_payment", "no earlier payer's claim payment was given", None)
    for rc in payments:
        if not answers(encounter, rc):
            raise _refuse(
                "other_claim",
                f"a claim payment of {_payer_label(rc)} is for another claim (CLP01 differs "
                "from CLM01)",
                _payer_label(rc),
            )
    by_payer: dict[str, list[RemittanceClaim]] = {}
    seen: set[tuple[object, ...]] = set()
    for rc in payments:
        key = payer_key(rc)
        c, payment = rc.claim, rc.header.payment
        # A remittance sent twice (same payer, trace, claim payment) counts once.
        trace = payment.trace_number if payment is not None else ""
        same = (
            key,
            trace,
            rc.index,
            c.status_code,
            c.payer_claim_control_number,
            c.charge_amount,
            c.paid_amount,
        )
        if trace and same in seen:
            continue
        seen.add(same)
        by_payer.setdefault(key, []).append(rc)
    if len(by_payer) >= len(RESPONSIBILITY_SEQUENCE):
        raise _refuse("too_many_payers", "a claim has at most 10 other payers (2320)", None)
    known = {op.payer_id.strip(): op for op in encounter.other_payers}
    relationship = "18" if encounter.patient is None else encounter.patient.relationship_code
    others: list[OtherPayer] = []
    for n, (key, claims) in enumerate(by_payer.items()):
        sequence = RESPONSIBILITY_SEQUENCE[n]
        if n == 0 and key.strip() not in known:
            identity = OtherPayer(
                responsibility=sequence,
                payer_id=encounter.payer.payer_id,
                payer_name=encounter.payer.name,
                payer_address=encounter.payer.address,
                subscriber=_as_other_subscriber(encounter.subscriber),
                relationship_code=relationship,
                claim_filing_indicator=encounter.claim_filing_indicator,
                benefits_assignment=encounter.benefits_assignment,
                release_of_information=encounter.release_of_information,
            )
        elif key.strip() in known:
            identity = attrs.evolve(known[key.strip()], responsibility=sequence)
        else:
            header_payer = claims[0].header.payer
            identity = OtherPayer(
                responsibility=sequence,
                payer_id=key,
                payer_name=header_payer.name if header_payer is not None else key,
                payer_id_qualifier="XV"
                if header_payer and header_payer.id_qualifier == "XV"
                else "PI",
                subscriber=_as_other_subscriber(encounter.subscriber),
                relationship_code=relationship,
                benefits_assignment=encounter.benefits_assignment,
                release_of_information=encounter.release_of_information,
            )
        others.append(
            _other_payer(encounter, claims, identity, with_patient_liability=with_patient_liability)
        )
    next_payer = RESPONSIBILITY_SEQUENCE[len(others)]
    result = attrs.evolve(
        encounter,
        payer=payer,
        subscriber=subscriber if subscriber is not None else encounter.subscriber,
        claim_filing_indicator=claim_filing_indicator or encounter.claim_filing_indicator,
        payer_responsibility=next_payer,
        frequency_code="1",
        original_claim_id=None,
        other_payers=tuple(others),
    )
    charges = [line.charge for line in encounter.service_lines]
    total = encounter.total_charge
    if any(balance_problems(op, charges, total) for op in others):
        raise _refuse(
            "unbalanced",
            "the earlier payers' amounts do not balance against the billed claim "
            "(SV102 = SVD02 + 2430 CAS; CLM02 = AMT*D + 2320 CAS + 2430 CAS)",
            None,
        )
    return result


def _latest(encounter: Encounter, latest: RemittanceClaim) -> str:
    label = _payer_label(latest)
    if not answers(encounter, latest):
        raise _refuse(
            "other_claim",
            f"the claim payment of {label} is for another claim (CLP01 differs from CLM01)",
            label,
        )
    if latest.claim.is_reversal:
        raise _refuse("nothing_live", f"the latest payment of {label} is a reversal", label)
    number = latest.claim.payer_claim_control_number.strip()
    if not number:
        raise _refuse(
            "no_claim_control_number",
            f"the claim payment of {label} has no payer claim control number (CLP07)",
            label,
        )
    return number


def correct_claim(encounter: Encounter, latest: RemittanceClaim) -> Encounter:
    """A replacement of the claim (CLM05-3 ``7``), REF*F8 the CLP07 of ``latest``.

    ``encounter`` holds the corrected data; ``latest`` is the latest 835 claim
    payment for the claim from the payer billed. Raises
    :class:`~medclaims.errors.SecondaryClaimRefused` (``other_claim``,
    ``nothing_live``, ``no_claim_control_number``).
    """
    return attrs.evolve(encounter, frequency_code="7", original_claim_id=_latest(encounter, latest))


def void_claim(encounter: Encounter, latest: RemittanceClaim) -> Encounter:
    """A void of the claim (CLM05-3 ``8``), REF*F8 the CLP07 of ``latest`` (see
    :func:`correct_claim` for the refusals)."""
    return attrs.evolve(encounter, frequency_code="8", original_claim_id=_latest(encounter, latest))
