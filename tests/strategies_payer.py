"""A simulated payer: random encounters, random adjudication decisions, the 835s that say so.

:func:`simulations` draws a :class:`Simulation`: encounters (lines drawn
with ``strategies_837p``), one decision per claim (:class:`Decision`), the
:class:`~medclaims.remittance.Remittance` records a payer would send (a first
remittance per payer with every initial adjudication, a later one with the
reversals, corrections, WO recoupments and L6 interest; optionally one sent
twice), and the :class:`Outcome` each decision must produce. Outcomes are
computed from the decisions and the amounts drawn, following the state
definitions of :mod:`medclaims.reconcile.model`, never by calling the engine.

Every remittance balances: SVC02 − CAS = SVC03, CLP03 − CAS = CLP04 and
BPR02 = Σ CLP04 − Σ PLB (a negative total is forwarded with PLB FB and BPR02 = 0).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

import attrs
from hypothesis import strategies as st
from strategies_837p import charges, dates, modifiers, procedure_codes, units

from medclaims.professional import BillingProvider, ClaimAddress, Encounter, ServiceLine, Subscriber
from medclaims.professional import ClaimPayer as BilledPayer
from medclaims.reconcile import ClaimState
from medclaims.remittance import Address as PayerAddress
from medclaims.remittance import (
    Adjustment,
    ClaimPayment,
    Contact,
    HeaderNumber,
    Payee,
    Payer,
    Payment,
    Procedure,
    ProviderAdjustment,
    Reference,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from medclaims.x12 import Delimiters, GroupHeader, InterchangeHeader

__all__ = [
    "Decision",
    "Outcome",
    "Simulation",
    "billed",
    "billed_encounters",
    "clp",
    "line",
    "plb",
    "remit",
    "simulations",
    "svc",
]

ZERO = Decimal(0)
CENT = Decimal("0.01")
DENIAL_CARCS = ("50", "197", "29", "16", "204")
"""Non-contractual CARCs the payer denies with (group CO)."""
PROVIDER_NPI = "1234567893"


class Decision(StrEnum):
    """What the simulated payer does with a claim."""

    PENDING = "pending"
    PAY_FULL = "pay_full"
    PAY_PARTIAL = "pay_partial"
    DENY = "deny"
    REVERSE_CORRECT = "reverse_correct"
    RECOUP_FULL = "recoup_full"
    RECOUP_PARTIAL = "recoup_partial"


@attrs.frozen
class Outcome:
    """What reconciliation must report for one claim."""

    state: ClaimState
    billed: Decimal
    paid: Decimal
    allowed: Decimal
    patient_responsibility: Decimal
    contractual: Decimal
    other_adjustments: Decimal
    interest: Decimal
    recouped: Decimal
    payments: int
    denied: Decimal = ZERO


@attrs.frozen
class Simulation:
    """Encounters, the remittances the payer sent (in a shuffled order), and the truth."""

    encounters: list[Encounter]
    remittances: list[Remittance]
    decisions: dict[str, Decision]
    outcomes: dict[str, Outcome]
    duplicated_trace: str | None


@attrs.define
class _Adjudication:
    """One CLP's worth of money, line by line."""

    lines: list[ServicePayment]
    paid: Decimal
    patient: Decimal
    contractual: Decimal
    other: Decimal
    status: str


def _cents(value: Decimal) -> int:
    return int(value / CENT)


def _adjudicate(draw: st.DrawFn, encounter: Encounter, kind: str, echo: bool) -> _Adjudication:
    """Pay every line in full (``full``), with CO-45/PR-1 reductions (``partial``), or deny."""
    lines: list[ServicePayment] = []
    paid = patient = contractual = other = ZERO
    carc = draw(st.sampled_from(DENIAL_CARCS))
    b6 = draw(st.booleans())
    for line in encounter.service_lines:
        charge = line.charge
        adjustments: list[Adjustment] = []
        if kind == "deny":
            if charge:
                adjustments.append(Adjustment("CO", carc, charge))
            other += charge
            line_paid = line_patient = ZERO
        elif kind == "partial":
            total = _cents(charge)
            reduced = total * draw(st.integers(0, 60)) // 100
            line_patient_cents = (total - reduced) * draw(st.integers(0, 50)) // 100
            line_reduction = Decimal(reduced) * CENT
            line_patient = Decimal(line_patient_cents) * CENT
            if reduced:
                adjustments.append(Adjustment("CO", "45", line_reduction))
            if line_patient_cents:
                adjustments.append(Adjustment("PR", "1", line_patient))
            contractual += line_reduction
            line_paid = charge - line_reduction - line_patient
        else:
            line_paid, line_patient = charge, ZERO
        paid += line_paid
        patient += line_patient
        lines.append(
            ServicePayment(
                procedure=Procedure("HC", line.procedure_code, line.modifiers),
                charge_amount=charge,
                paid_amount=line_paid,
                units=line.units,
                service_date=line.service_date,
                adjustments=tuple(adjustments),
                line_control_number=line.line_control_number if echo else None,
                allowed_amount=line_paid + line_patient if b6 and kind != "deny" else None,
            )
        )
    return _Adjudication(lines, paid, patient, contractual, other, "4" if kind == "deny" else "1")


def _negate_line(line: ServicePayment) -> ServicePayment:
    return attrs.evolve(
        line,
        charge_amount=-(line.charge_amount or ZERO),
        paid_amount=-(line.paid_amount or ZERO),
        adjustments=tuple(attrs.evolve(a, amount=-(a.amount or ZERO)) for a in line.adjustments),
        allowed_amount=None if line.allowed_amount is None else -line.allowed_amount,
    )


def _claim(
    encounter: Encounter, adj: _Adjudication, icn: str, *, reversal: bool = False
) -> ClaimPayment:
    billed = encounter.total_charge
    lines = [_negate_line(s) for s in adj.lines] if reversal else adj.lines
    sign = -1 if reversal else 1
    return ClaimPayment(
        patient_control_number=encounter.claim_id,
        status_code="22" if reversal else adj.status,
        charge_amount=sign * billed,
        paid_amount=sign * adj.paid,
        patient_responsibility=sign * adj.patient,
        filing_indicator="12",
        payer_claim_control_number=icn,
        facility_type_code=encounter.place_of_service,
        frequency_code="1",
        service_lines=tuple(lines),
    )


def _remittance(
    payer_id: str,
    trace: str,
    date: dt.date,
    control: int,
    claims: list[ClaimPayment],
    plb: list[ProviderAdjustment],
) -> Remittance:
    total = sum((c.paid_amount or ZERO for c in claims), ZERO) - sum(
        (p.amount or ZERO for p in plb), ZERO
    )
    if total < 0:  # the provider owes: the payer forwards the balance (PLB FB) and pays 0
        plb = [*plb, ProviderAdjustment(PROVIDER_NPI, None, "FB", f"FWD{trace}", total)]
        total = ZERO
    payment = Payment(
        handling_code="I" if total else "H",
        amount=total,
        credit_debit="C",
        method="CHK" if total else "NON",
        date=date,
        trace_type="1",
        trace_number=trace,
        originating_company_id="1512345678",
    )
    header = RemittanceHeader(
        control_number=f"{control:04d}",
        implementation_reference="005010X221A1",
        interchange=InterchangeHeader(
            sender_id="SIMPAYER",
            receiver_id="CLINIC",
            date=f"{date:%y%m%d}",
            time="1200",
            control_number=f"{control:09d}",
        ),
        group=GroupHeader(
            "HP", "SIMPAYER", "CLINIC", f"{date:%Y%m%d}", "1200", str(control), "005010X221A1"
        ),
        payment=payment,
        payer=Payer(
            name="SIMULATED PAYER",
            references=(Reference("2U", payer_id),),
            # 1000A requires N3, N4 and PER: a payer without them reads back with issues.
            address=PayerAddress(lines=("1 PAYER PLAZA",), city="SPRINGFIELD", state="IL"),
            contacts=(Contact("BL", "EDI", (("TE", "5555550100"),)),),
        ),
        payee=Payee(
            name="SUNNY VALLEY CLINIC", id_qualifier="XX", id=PROVIDER_NPI, npi=PROVIDER_NPI
        ),
    )
    numbers = (HeaderNumber("1", 0, len(claims)),) if claims else ()
    return Remittance(
        header=header,
        claims=tuple(attrs.evolve(c, header_number="1") for c in claims),
        provider_adjustments=tuple(plb),
        header_numbers=numbers,
        delimiters=Delimiters(),
    )


_PROVIDER = BillingProvider(
    npi=PROVIDER_NPI,
    tax_id="123456789",
    organization_name="SUNNY VALLEY CLINIC",
    address=ClaimAddress(
        line1="1 CLINIC WAY", city="SPRINGFIELD", state="IL", postal_code="627010001"
    ),
)
_SUBSCRIBER = Subscriber(
    member_id="MBR000001",
    last_name="FICTIONAL",
    first_name="PAT",
    birth_date=dt.date(1970, 1, 1),
    sex="F",
    address=ClaimAddress(line1="1 ELM ST", city="SPRINGFIELD", state="IL", postal_code="62701"),
)
_PAYERS = (
    BilledPayer(name="PAYER ONE", payer_id="PAYER01"),
    BilledPayer(name="PAYER TWO", payer_id="PAYER02"),
)


@st.composite
def _lines(draw: st.DrawFn, max_lines: int) -> tuple[ServiceLine, ...]:
    """Billing-relevant line fields from strategies_837p; unique line control numbers."""
    count = draw(st.integers(1, max_lines))
    day = draw(dates)
    return tuple(
        ServiceLine(
            procedure_code=draw(procedure_codes),
            modifiers=draw(modifiers),
            charge=draw(charges),
            units=draw(units),
            service_date=day + dt.timedelta(days=draw(st.integers(0, 3))),
            line_control_number=f"L{n}" if draw(st.booleans()) else None,
        )
        for n in range(count)
    )


@st.composite
def billed_encounters(
    draw: st.DrawFn, *, max_claims: int = 6, max_lines: int = 3
) -> list[Encounter]:
    """Encounters with random claim ids, payers and lines (the parties stay fixed:
    reconciliation reads none of them, and drawing them is slow)."""
    count = draw(st.integers(1, max_claims))
    suffixes = draw(
        st.lists(st.text("ABCDEFGHJKXYZ0123456789", max_size=6), min_size=count, max_size=count)
    )
    return [
        Encounter(
            claim_id=f"C{index:04d}{suffix}",
            place_of_service="11",
            billing_provider=_PROVIDER,
            subscriber=_SUBSCRIBER,
            payer=draw(st.sampled_from(_PAYERS)),
            diagnosis_codes=("J069",),
            service_lines=draw(_lines(max_lines)),
        )
        for index, suffix in enumerate(suffixes)
    ]


@st.composite
def simulations(draw: st.DrawFn, *, max_claims: int = 6, max_lines: int = 3) -> Simulation:
    """A batch of encounters, the payer's remittances about them, and the expected outcomes."""
    batch = draw(billed_encounters(max_claims=max_claims, max_lines=max_lines))
    first_date = draw(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 1)))
    later_date = first_date + dt.timedelta(days=draw(st.integers(1, 40)))
    decisions: dict[str, Decision] = {}
    outcomes: dict[str, Outcome] = {}
    first: dict[str, tuple[list[ClaimPayment], list[ProviderAdjustment]]] = {}
    later: dict[str, tuple[list[ClaimPayment], list[ProviderAdjustment]]] = {}
    for index, encounter in enumerate(batch):
        payer_id = encounter.payer.payer_id
        first.setdefault(payer_id, ([], []))
        later.setdefault(payer_id, ([], []))
        decision = draw(st.sampled_from(list(Decision)))
        decisions[encounter.claim_id] = decision
        billed = encounter.total_charge
        if decision is Decision.PENDING:
            outcomes[encounter.claim_id] = Outcome(
                ClaimState.PENDING, billed, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, 0
            )
            continue
        echo = draw(st.booleans())
        kind = {Decision.PAY_FULL: "full", Decision.DENY: "deny"}.get(
            decision, draw(st.sampled_from(["full", "partial"]))
        )
        if decision is Decision.PAY_PARTIAL:
            kind = "partial"
        adj = _adjudicate(draw, encounter, kind, echo)
        icn = f"ICN{index:05d}A"
        first[payer_id][0].append(_claim(encounter, adj, icn))
        final, payments, recouped, interest = adj, 1, ZERO, ZERO
        if decision is Decision.REVERSE_CORRECT:
            correction = _adjudicate(draw, encounter, "partial", echo)
            later[payer_id][0].append(_claim(encounter, adj, icn, reversal=True))
            later[payer_id][0].append(_claim(encounter, correction, f"ICN{index:05d}B"))
            final, payments = correction, 3
        elif decision in (Decision.RECOUP_FULL, Decision.RECOUP_PARTIAL) and adj.paid > 0:
            if decision is Decision.RECOUP_FULL:
                recouped = adj.paid
            else:
                recouped = Decimal(draw(st.integers(1, _cents(adj.paid)))) * CENT
            later[payer_id][1].append(ProviderAdjustment(PROVIDER_NPI, None, "WO", icn, recouped))
        if final.paid > 0 and draw(st.booleans()):
            interest = Decimal(draw(st.integers(1, 5000))) * CENT
            later[payer_id][1].append(ProviderAdjustment(PROVIDER_NPI, None, "L6", icn, -interest))
        paid = final.paid - recouped
        if decision is Decision.REVERSE_CORRECT:
            state = ClaimState.ADJUSTED
        elif recouped and paid <= 0:
            state = ClaimState.REVERSED
        elif recouped:
            state = ClaimState.ADJUSTED
        elif paid <= 0 and (final.other > 0 or final.status == "4"):
            state = ClaimState.DENIED
        elif paid <= 0:
            state = ClaimState.PATIENT_RESPONSIBILITY if final.patient > 0 else ClaimState.PAID
        elif final.other > 0:
            state = ClaimState.PARTIALLY_DENIED
        else:
            state = ClaimState.PAID  # paid as agreed: the rest contractual or the patient's
        # The invariant: billed = paid + contractual + other + patient + open, denied ≤ open
        # (the simulated payer's denials are CO with a non-contractual CARC).
        open_balance = billed - paid - final.contractual - final.patient
        outcomes[encounter.claim_id] = Outcome(
            state,
            billed,
            paid,
            final.paid + final.patient,
            final.patient,
            final.contractual,
            ZERO,
            interest,
            recouped,
            payments,
            min(final.other, open_balance),
        )
    remittances: list[Remittance] = []
    control = 1
    for number, (payer_id, (claims, plb)) in enumerate(first.items()):
        if claims or plb:
            remittances.append(
                _remittance(payer_id, f"TRC{number}A", first_date, control, claims, plb)
            )
            control += 1
        more_claims, more_plb = later[payer_id]
        if more_claims or more_plb:
            remittances.append(
                _remittance(payer_id, f"TRC{number}B", later_date, control, more_claims, more_plb)
            )
            control += 1
    duplicated: str | None = None
    if remittances and draw(st.booleans()):
        again = draw(st.sampled_from(remittances))
        remittances.append(again)
        duplicated = again.payment.trace_number if again.payment else None
    remittances = draw(st.permutations(remittances))
    return Simulation(batch, list(remittances), decisions, outcomes, duplicated)


# Hand-built records for the reconciliation unit tests.

D = Decimal
DAY = dt.date(2026, 1, 5)


def line(
    code: str = "99213",
    charge: str = "100",
    *,
    day: dt.date = DAY,
    units: str = "1",
    control: str | None = None,
    modifiers: tuple[str, ...] = (),
) -> ServiceLine:
    """A billed line."""
    return ServiceLine(
        procedure_code=code,
        charge=D(charge),
        service_date=day,
        units=D(units),
        line_control_number=control,
        modifiers=modifiers,
    )


def billed(
    claim_id: str, *lines: ServiceLine, payer_id: str = "PAYER1", payer_name: str = "PAYER"
) -> Encounter:
    """A billed claim with the given lines (one 99213 at 100 by default)."""
    return Encounter(
        claim_id=claim_id,
        place_of_service="11",
        billing_provider=_PROVIDER,
        subscriber=_SUBSCRIBER,
        payer=BilledPayer(name=payer_name, payer_id=payer_id),
        diagnosis_codes=("J069",),
        service_lines=lines or (line(),),
    )


def svc(
    code: str = "99213",
    charge: str = "100",
    paid: str = "100",
    *,
    adjustments: tuple[tuple[str, str, str], ...] = (),
    day: dt.date | None = DAY,
    units: str | None = None,
    control: str | None = None,
    submitted: str | None = None,
    modifiers: tuple[str, ...] = (),
    allowed: str | None = None,
    remarks: tuple[str, ...] = (),
) -> ServicePayment:
    """An adjudicated line; ``adjustments`` are (group, reason, amount) triples."""
    return ServicePayment(
        procedure=Procedure("HC", code, modifiers),
        charge_amount=D(charge),
        paid_amount=D(paid),
        units=None if units is None else D(units),
        original_procedure=Procedure("HC", submitted) if submitted else None,
        service_date=day,
        adjustments=tuple(Adjustment(g, r, D(a)) for g, r, a in adjustments),
        line_control_number=control,
        allowed_amount=None if allowed is None else D(allowed),
        remark_codes=remarks,
    )


def clp(
    pcn: str,
    charge: str,
    paid: str,
    *lines: ServicePayment,
    status: str = "1",
    patient: str = "0",
    icn: str = "",
    interest: str | None = None,
    adjustments: tuple[tuple[str, str, str], ...] = (),
) -> ClaimPayment:
    """A claim payment."""
    return ClaimPayment(
        patient_control_number=pcn,
        status_code=status,
        charge_amount=D(charge),
        paid_amount=D(paid),
        patient_responsibility=D(patient),
        payer_claim_control_number=icn,
        service_lines=lines,
        adjustments=tuple(Adjustment(g, r, D(a)) for g, r, a in adjustments),
        amounts={"I": D(interest)} if interest is not None else {},
    )


def plb(reason: str, reference: str, amount: str) -> ProviderAdjustment:
    """A provider-level adjustment."""
    return ProviderAdjustment(PROVIDER_NPI, None, reason, reference, D(amount))


def remit(
    trace: str,
    date: dt.date | None,
    *claims: ClaimPayment,
    adjustments: tuple[ProviderAdjustment, ...] = (),
    payer_id: str = "PAYER1",
    amount: str | None = None,
    credit_debit: str = "C",
) -> Remittance:
    """A remittance; BPR02 balances unless ``amount`` is given."""
    total = sum((c.paid_amount or D(0) for c in claims), D(0)) - sum(
        (p.amount or D(0) for p in adjustments), D(0)
    )
    header = RemittanceHeader(
        control_number="0001",
        implementation_reference="005010X221A1",
        interchange=InterchangeHeader(control_number="000000001"),
        group=None,
        payment=Payment(
            handling_code="I",
            amount=D(amount) if amount is not None else total,
            credit_debit=credit_debit,
            method="ACH",
            date=date,
            trace_type="1",
            trace_number=trace,
            originating_company_id="1999999999",
        ),
        payer=Payer(name="PAYER", references=(Reference("2U", payer_id),)),
        payee=None,
    )
    return Remittance(header=header, claims=claims, provider_adjustments=adjustments)
