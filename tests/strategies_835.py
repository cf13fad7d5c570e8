"""Hypothesis strategies for random 835 remittances, balanced by construction.

:func:`remittances` draws :class:`~medclaims.remittance.Remittance` records
whose every balancing rule holds:

- service line: SVC02 − Σ line CAS = SVC03;
- claim: CLP03 − Σ claim CAS − Σ line CAS = CLP04;
- transaction: BPR02 = Σ CLP04 − Σ PLB amounts (a positive PLB amount
  reduces the payment).

:func:`imbalanced` breaks exactly one of those rules on a balanced record
(``"line"``, ``"claim"`` or ``"transaction"``) and leaves the others holding,
so a test can check that each kind is reported, alone.

Records are drawn in the canonical shape a parser produces: values that
X12 would trim are never drawn (no leading/trailing spaces, no trailing empty
components), derived fields agree with what they derive from (a payee's NPI
is N104 when N103 is ``XX``), and ``source_segments`` is ``None`` so a writer
must serialize the fields themselves. Other engineers may reuse these
strategies (reconciliation builds remittances from them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from medclaims.remittance import (
    Address,
    Adjustment,
    ClaimPayment,
    Contact,
    Entity,
    HeaderNumber,
    InpatientAdjudication,
    OutpatientAdjudication,
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
    "IMBALANCE_KINDS",
    "adjustments",
    "cents",
    "claims",
    "imbalanced",
    "negate",
    "provider_adjustments",
    "rebalance",
    "remittances",
    "service_lines",
]

T = TypeVar("T")
IMBALANCE_KINDS = ("line", "claim", "transaction")
"""The balancing rules :func:`imbalanced` can break, one at a time."""

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"


def cents(low: int = 0, high: int = 500_000) -> st.SearchStrategy[Decimal]:
    """Money with at most two decimals, ``low``..``high`` cents (scaled to dollars)."""
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-2))


def _code(alphabet: str, low: int, high: int) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=low, max_size=high)


_ids = _code(_UPPER + _DIGITS, 2, 12)
_words = st.lists(_code(_UPPER, 1, 10), min_size=1, max_size=3).map(" ".join)
_dates = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
_quantity = st.integers(1, 99).map(Decimal)
_carc = st.sampled_from(["1", "2", "3", "16", "23", "29", "45", "96", "97", "197", "253"])
_rarc = st.sampled_from(["M15", "MA01", "MA130", "N130", "N54", "N290", "N362"])
_groups = st.sampled_from(["CO", "PR", "OA", "PI"])


def _opt(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


def _blank(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.just("") | strategy


def adjustments(total: Decimal | None = None) -> st.SearchStrategy[tuple[Adjustment, ...]]:
    """0-8 CAS triples; their amounts add up to ``total`` when given (then at least one)."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Adjustment, ...]:
        count = draw(st.integers(1 if total else 0, 6))
        amounts = [draw(cents(-20_000, 100_000)) for _ in range(count)]
        if total is not None and count:
            amounts[-1] = total - sum(amounts[:-1], Decimal(0))
        return tuple(
            Adjustment(draw(_groups), draw(_carc), amount, draw(_opt(_quantity)))
            for amount in amounts
        )

    return build()


_procedures = st.builds(
    Procedure,
    qualifier=st.sampled_from(["HC", "AD", "ER", "IV", "N4", "NU", "WK"]),
    code=_code(_UPPER + _DIGITS, 4, 11),
    modifiers=st.lists(_code(_UPPER + _DIGITS, 2, 2), max_size=4).map(tuple),
    description=st.just(""),
)
_references = st.builds(
    Reference, qualifier=st.sampled_from(["1S", "APC", "BB", "G1", "LU", "RB", "0K"]), value=_ids
)
_amount_maps = st.dictionaries(st.sampled_from(["KH", "T", "T2", "ZK", "ZL"]), cents(), max_size=3)
_quantity_maps = st.dictionaries(st.sampled_from(["ZK", "ZL", "ZM"]), _quantity, max_size=2)


@st.composite
def service_lines(draw: st.DrawFn) -> ServicePayment:
    """A service line that balances: SVC03 = SVC02 − Σ line CAS."""
    charge = draw(cents(0, 500_000))
    adj = draw(adjustments())
    start = draw(_opt(_dates))
    period = start is not None and draw(st.booleans())
    return ServicePayment(
        procedure=draw(_procedures),
        charge_amount=charge,
        paid_amount=charge - sum((a.amount or Decimal(0) for a in adj), Decimal(0)),
        revenue_code=draw(_blank(_code(_DIGITS, 4, 4))),
        units=draw(_opt(_quantity)),
        original_procedure=draw(_opt(_procedures)),
        original_units=draw(_opt(_quantity)),
        service_date=start,
        service_date_end=(
            start + dt.timedelta(days=draw(st.integers(0, 30)))
            if start is not None and period
            else None
        ),
        adjustments=adj,
        line_control_number=draw(_opt(_ids)),
        allowed_amount=draw(_opt(cents())),
        amounts=draw(_amount_maps),
        quantities=draw(_quantity_maps),
        remark_codes=tuple(draw(st.lists(_rarc, max_size=3))),
        references=tuple(draw(st.lists(_references, max_size=2))),
    )


def _entities(code: str, qualifiers: list[str]) -> st.SearchStrategy[Entity]:
    return st.builds(
        Entity,
        entity_code=st.just(code),
        entity_type=st.just("1"),
        last_name=_words,
        first_name=_blank(_code(_UPPER, 1, 12)),
        middle_name=_blank(_code(_UPPER, 1, 1)),
        prefix=st.just(""),
        suffix=st.just(""),
        id_qualifier=st.sampled_from(qualifiers),
        identifier=_ids,
    )


_moa = st.builds(
    OutpatientAdjudication,
    reimbursement_rate=_opt(st.integers(0, 100).map(lambda n: Decimal(n) / 100)),
    hcpcs_payable_amount=_opt(cents()),
    remark_codes=st.lists(_rarc, max_size=5).map(tuple),
    esrd_payment_amount=_opt(cents()),
    nonpayable_professional_component_amount=_opt(cents()),
).filter(  # an MOA segment must carry at least one element
    lambda moa: (
        moa.remark_codes
        or any(
            value is not None
            for value in (
                moa.reimbursement_rate,
                moa.hcpcs_payable_amount,
                moa.esrd_payment_amount,
                moa.nonpayable_professional_component_amount,
            )
        )
    )
)
_mia = st.builds(
    InpatientAdjudication,
    covered_days=_quantity,
    drg_amount=_opt(cents()),
    remark_codes=st.lists(_rarc, max_size=5).map(tuple),
)


@st.composite
def claims(draw: st.DrawFn, *, reversal: bool | None = None, min_lines: int = 0) -> ClaimPayment:
    """A claim that balances: CLP04 = CLP03 − Σ claim CAS − Σ line CAS.

    ``reversal=True`` draws a CLP02 = 22 reversal with every amount negated;
    ``min_lines`` is the least number of service lines.
    """
    lines = draw(st.lists(service_lines(), min_size=min_lines, max_size=max(min_lines, 3)))
    claim_adj = draw(adjustments())
    if lines:
        charge = sum((line.charge_amount or Decimal(0) for line in lines), Decimal(0))
    else:
        charge = draw(cents(0, 2_000_000))
    line_cas = sum((a.amount or Decimal(0) for ln in lines for a in ln.adjustments), Decimal(0))
    claim_cas = sum((a.amount or Decimal(0) for a in claim_adj), Decimal(0))
    patient = sum(
        (
            a.amount or Decimal(0)
            for a in (*claim_adj, *(a for ln in lines for a in ln.adjustments))
            if a.group_code == "PR"
        ),
        Decimal(0),
    )
    start = draw(_opt(_dates))
    claim = ClaimPayment(
        patient_control_number=draw(_ids),
        status_code=draw(st.sampled_from(["1", "2", "3", "4", "19", "20", "21", "23", "25"])),
        charge_amount=charge,
        paid_amount=charge - claim_cas - line_cas,
        patient_responsibility=draw(st.sampled_from([None, patient])),
        filing_indicator=draw(st.sampled_from(["12", "MA", "MB", "MC", "CH", "HM"])),
        payer_claim_control_number=draw(_ids),
        facility_type_code=draw(_blank(st.sampled_from(["11", "13", "21", "22"]))),
        frequency_code=draw(_blank(st.sampled_from(["1", "7", "8"]))),
        drg_code=draw(_blank(_code(_DIGITS, 3, 3))),
        drg_weight=draw(_opt(st.integers(1, 99_999).map(lambda n: Decimal(n) / 10_000))),
        adjustments=claim_adj,
        patient=draw(_entities("QC", ["MI", "HN", "MR", "34", "II"])),
        insured=draw(_opt(_entities("IL", ["MI", "FI", "II"]))),
        rendering_provider=draw(_opt(_entities("82", ["XX", "BD", "FI"]))),
        inpatient=draw(_opt(_mia)),
        outpatient=draw(_opt(_moa)),
        statement_period_start=start,
        statement_period_end=draw(_opt(_dates)) if start else None,
        received_date=draw(_opt(_dates)),
        amounts=draw(
            st.dictionaries(st.sampled_from(["AU", "D8", "F5", "I", "T"]), cents(), max_size=3)
        ),
        quantities=draw(
            st.dictionaries(st.sampled_from(["CA", "LA", "OU"]), _quantity, max_size=2)
        ),
        references=tuple(
            draw(
                st.lists(
                    st.builds(
                        Reference,
                        qualifier=st.sampled_from(["1L", "EA", "F8", "G1", "9A"]),
                        value=_ids,
                    ),
                    max_size=2,
                )
            )
        ),
        service_lines=tuple(lines),
    )
    if reversal is None:
        reversal = draw(st.integers(0, 5)) == 0
    return negate(claim) if reversal else claim


def _neg(value: Decimal | None) -> Decimal | None:
    return None if value is None else -value


def negate(claim: ClaimPayment) -> ClaimPayment:
    """The CLP02 = 22 reversal of ``claim``: every charge, payment and adjustment negated."""

    def adj(items: tuple[Adjustment, ...]) -> tuple[Adjustment, ...]:
        return tuple(attrs.evolve(a, amount=_neg(a.amount)) for a in items)

    return attrs.evolve(
        claim,
        status_code="22",
        charge_amount=_neg(claim.charge_amount),
        paid_amount=_neg(claim.paid_amount),
        patient_responsibility=_neg(claim.patient_responsibility),
        adjustments=adj(claim.adjustments),
        service_lines=tuple(
            attrs.evolve(
                ln,
                charge_amount=_neg(ln.charge_amount),
                paid_amount=_neg(ln.paid_amount),
                adjustments=adj(ln.adjustments),
            )
            for ln in claim.service_lines
        ),
    )


def provider_adjustments() -> st.SearchStrategy[tuple[ProviderAdjustment, ...]]:
    """0-8 PLB pairs (WO/FB/L6/72/CS/J1) with composite reference ids, one provider."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[ProviderAdjustment, ...]:
        provider = draw(_code(_DIGITS, 10, 10))
        fiscal = draw(_dates)
        return tuple(
            ProviderAdjustment(
                provider,
                fiscal,
                draw(st.sampled_from(["WO", "FB", "L6", "72", "CS", "J1"])),
                draw(_ids),
                draw(cents(-50_000, 50_000)),
            )
            for _ in range(draw(st.integers(0, 8)))
        )

    return build()


_addresses = st.builds(
    Address,
    lines=st.lists(_words, min_size=1, max_size=2).map(tuple),
    city=_code(_UPPER, 2, 20),
    state=st.sampled_from(["IL", "NY", "CA", "TX"]),
    postal_code=_code(_DIGITS, 5, 5) | _code(_DIGITS, 9, 9),
)
_contacts = st.builds(
    Contact,
    function_code=st.just("BL"),
    name=_words,
    numbers=st.lists(st.tuples(st.just("TE"), _code(_DIGITS, 10, 10)), min_size=1, max_size=1).map(
        tuple
    ),
)


@st.composite
def _payee(draw: st.DrawFn) -> Payee:
    qualifier = draw(st.sampled_from(["XX", "FI"]))
    ident = draw(_code(_DIGITS, 9, 10))
    refs = tuple(
        draw(
            st.lists(
                st.builds(Reference, qualifier=st.sampled_from(["TJ", "PQ", "D3"]), value=_ids),
                max_size=2,
                unique_by=lambda r: r.qualifier,
            )
        )
    )
    tj = next((r.value for r in refs if r.qualifier == "TJ"), None)
    return Payee(
        name=draw(_words),
        id_qualifier=qualifier,
        id=ident,
        npi=ident if qualifier == "XX" else None,
        tax_id=ident if qualifier == "FI" else tj,
        address=draw(_opt(_addresses)),
        references=refs,
    )


def _header(draw: st.DrawFn, amount: Decimal, control: int, version: str) -> RemittanceHeader:
    zero = amount == 0
    ach = not zero and draw(st.booleans())
    payment = Payment(
        # BPR02 may be 0 only on a notification (H) without payment (NON).
        handling_code="H" if zero else "I",
        amount=amount,
        credit_debit="C",
        method="NON" if zero else ("ACH" if ach else "CHK"),
        format="CCP" if ach else "",
        sender_dfi_qualifier="01" if ach else "",
        sender_dfi_id=draw(_code(_DIGITS, 9, 9)) if ach else "",
        sender_account_qualifier="DA" if ach else "",
        sender_account=draw(_code(_DIGITS, 4, 12)) if ach else "",
        payer_identifier="1" + draw(_code(_DIGITS, 9, 9)) if ach else "",
        receiver_dfi_qualifier="01" if ach else "",
        receiver_dfi_id=draw(_code(_DIGITS, 9, 9)) if ach else "",
        receiver_account_qualifier="DA" if ach else "",
        receiver_account=draw(_code(_DIGITS, 4, 12)) if ach else "",
        date=draw(_dates),
        trace_type="1",
        trace_number=draw(_ids),
        originating_company_id="1" + draw(_code(_DIGITS, 9, 9)),
    )
    payer = Payer(
        name=draw(_words),
        address=draw(_addresses),
        # The payer's technical contact is PER*BL in 5010, PER*CX in 4010.
        contacts=(
            attrs.evolve(draw(_contacts), function_code="CX" if version == "4010" else "BL"),
        ),
        references=tuple(
            draw(
                st.lists(
                    st.builds(
                        Reference, qualifier=st.sampled_from(["2U", "EO", "HI", "NF"]), value=_ids
                    ),
                    max_size=2,
                )
            )
        ),
    )
    old = version == "4010"
    reference = "004010X091A1" if old else "005010X221A1"
    return RemittanceHeader(
        control_number=f"{control:04d}",
        implementation_reference="" if old else reference,  # no ST03 in 4010
        interchange=InterchangeHeader(
            sender_id="ACMEHEALTH",
            receiver_id="SUNNYVALLEY",
            date="260115",
            time="0930",
            control_number=f"{control:09d}",
            usage="T",
            version="00401" if old else "00501",
        ),
        group=GroupHeader(
            "HP", "ACMEHEALTH", "SUNNYVALLEY", "20260115", "0930", str(control), reference
        ),
        payment=payment,
        payer=payer,
        payee=draw(_payee()),
        production_date=draw(_opt(_dates)),
    )


@st.composite
def remittances(
    draw: st.DrawFn,
    *,
    min_claims: int = 0,
    max_claims: int = 3,
    min_lines: int = 0,
    version: str = "5010",
) -> Remittance:
    """A balanced remittance: ``min_claims``..``max_claims`` claims in 1-2 LX groups, PLBs.

    ``min_lines`` is the least number of service lines of every claim;
    ``version`` is ``5010`` (005010X221A1) or ``4010`` (004010X091A1: ISA11 ``U``,
    no repetition separator, no ST03).
    """
    low = max(min_claims, 1 if min_lines else 0)
    claim_list = draw(
        st.lists(claims(min_lines=min_lines), min_size=low, max_size=max(max_claims, low))
    )
    plb = draw(provider_adjustments())
    paid = sum((c.paid_amount or Decimal(0) for c in claim_list), Decimal(0))
    total = paid - sum((p.amount or Decimal(0) for p in plb), Decimal(0))
    header = _header(draw, total, draw(st.integers(1, 9999)), version)
    numbers: tuple[HeaderNumber, ...] = ()
    claim_tuple = tuple(claim_list)
    if claim_tuple:
        split = draw(st.integers(0, len(claim_tuple) - 1)) if len(claim_tuple) > 1 else 0
        sizes = [n for n in (split, len(claim_tuple) - split) if n] if split else [len(claim_tuple)]
        groups, first = [], 0
        for number, size in enumerate(sizes, 1):
            groups.append(HeaderNumber(str(number), first, size))
            first += size
        numbers = tuple(groups)
        claim_tuple = tuple(
            attrs.evolve(c, header_number=g.number)
            for g in numbers
            for c in claim_tuple[g.first_claim : g.first_claim + g.claim_count]
        )
    # Now and then a stray before the ST, as between envelopes (a TA1 ack, a junk segment).
    before = draw(
        st.sampled_from(
            [(), (), (), (("TA1", "000000001", "260101", "1200", "A", "000"),), (("ZZZ", "STRAY"),)]
        )
    )
    return Remittance(
        header=header,
        claims=claim_tuple,
        provider_adjustments=plb,
        header_numbers=numbers,
        delimiters=Delimiters(repetition=None) if version == "4010" else Delimiters(),
        segments_before=before,
    )


def _shift(value: Decimal | None, delta: Decimal) -> Decimal:
    return (value or Decimal(0)) + delta


def imbalanced(remittance: Remittance, kind: str, delta: Decimal) -> Remittance:
    """``remittance`` with exactly the ``kind`` rule broken by ``delta`` (≠ 0).

    ``line`` moves the first line's SVC03 (the claim rule does not use SVC03);
    ``claim`` moves the first claim's CLP04 and BPR02 with it (so the
    transaction still balances); ``transaction`` moves BPR02 alone. Needs a
    claim (with a line for ``line``) and a payment.
    """
    header = remittance.header
    assert header.payment is not None and delta != 0
    evolve = attrs.evolve
    if kind == "transaction":
        payment = evolve(header.payment, amount=_shift(header.payment.amount, delta))
        return evolve(remittance, header=evolve(header, payment=payment))
    first = remittance.claims[0]
    if kind == "line":
        line = first.service_lines[0]
        line = evolve(line, paid_amount=_shift(line.paid_amount, delta))
        first = evolve(first, service_lines=(line, *first.service_lines[1:]))
        return evolve(remittance, claims=(first, *remittance.claims[1:]))
    if kind == "claim":
        first = evolve(first, paid_amount=_shift(first.paid_amount, delta))
        payment = evolve(header.payment, amount=_shift(header.payment.amount, delta))
        return evolve(
            remittance,
            claims=(first, *remittance.claims[1:]),
            header=evolve(header, payment=payment),
        )
    raise ValueError(f"unknown imbalance kind {kind!r}")


def rebalance(remittance: Remittance) -> Remittance:
    """``remittance`` with BPR02 set to Σ CLP04 − Σ PLB (and BPR01/04 fit for a zero payment)."""
    header = remittance.header
    assert header.payment is not None
    paid = sum((c.paid_amount or Decimal(0) for c in remittance.claims), Decimal(0))
    total = paid - sum(
        (p.amount or Decimal(0) for p in remittance.provider_adjustments), Decimal(0)
    )
    payment = header.payment
    if total == 0:
        payment = attrs.evolve(payment, handling_code="H", method="NON", format="")
    elif payment.method == "NON":
        payment = attrs.evolve(payment, handling_code="I", method="CHK")
    payment = attrs.evolve(payment, amount=total)
    return attrs.evolve(remittance, header=attrs.evolve(header, payment=payment))
