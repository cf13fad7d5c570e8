"""Reconciliation results: frozen records for claims, lines, cash and the PLB ledger.

Everything :func:`medclaims.reconcile.reconcile` returns is defined here, as
frozen, slotted attrs classes of ``Decimal``, ``date``, ``str`` and enums
(cattrs can structure and unstructure them without help). Collections are
tuples. Each record checks its field types in ``__init__`` (``field_transformer=
typed_fields`` of :mod:`medclaims._support.fields`; messages never quote a value):
records made by hand or read back from JSON. The engine fills the per-claim and
per-line records through the constructors of :mod:`medclaims.reconcile._engine.make`,
without re-running validators on the values it computed, which keeps 100,000
claims within seconds.

Sign conventions (all amounts are ``Decimal``):

* Claim and line amounts are *net* over every payment attached to the claim: a
  reversal (CLP02 = 22) carries negated amounts, so original + reversal sum to 0.
* PLB amounts keep the 835 sign: positive *reduces* the payment to the provider
  (a recoupment), negative *increases* it (interest, a repayment). The effect on
  the provider's cash is therefore ``-amount``.

Coordination of benefits: the payments of a claim are grouped by the payer that
sent them (the remittance's payer key) and each payer's stream is netted on its
own (its reversals and corrections cancel inside it). Payers are ordered by
their sequence: the responsibility (SBR01 P, S, T, A…H, U) of the payer the
claim was billed to and of its further payers (2320 SBR01 / 2330B NM109), else
the CLP02 hint (1/19 primary, 2/20 secondary, 3/21 tertiary), then the date of
the payer's first payment. Money paid adds up over payers; each payer's
contractual adjustments count for the part it adjudicated (what earlier payers
left: billed − their paid − their contractual); patient responsibility (CLP05),
denials and another payer's share (CARC 23) are the last adjudicating payer's,
the share net of what the earlier payers' remittances already account for.

The invariant, for every claim and line: billed = paid + contractual +
other_adjustments + patient_responsibility + open_balance, with 0 ≤ denied ≤
open_balance (a denial stays open until it is appealed or written off).

Claim states (:class:`ClaimState`), decided in this order after netting (the
first that applies wins):

1. ``pending``: no claim payment (CLP) is attached to the claim. PLB entries that
   name the claim do not change that. With acknowledgements (``reconcile(...,
   acks=...)``), such a claim is instead one of the next three, by what
   :func:`medclaims.acks.correlation.correlate` says of its latest submission (a
   payment always wins over an acknowledgement):
2. ``rejected``: the TA1 rejected its interchange, the 999 its transaction set, or
   its latest 277CA status rejects it: never adjudicated; correct and resubmit.
3. ``accepted``: its latest 277CA accepts it into adjudication (A2) or only
   acknowledges receipt (A0, A1, A5); aged from the acknowledgement's date.
4. ``not_acknowledged``: no 277CA names it (a 999 acceptance alone is not an
   acknowledgement of the claim).
5. ``needs_review``: every claim payment attached carries error-level read issues
   (a truncated or broken 835): it is kept with its issues, never decides.
6. ``reversed``: money paid was taken back and nothing replaced it: a reversal
   (CLP02 = 22) left no live payment, or provider-level recoupments naming the
   claim (PLB WO/WU/72, net of repayments) brought the net paid amount to ≤ 0
   although Σ CLP04 > 0.
7. ``adjusted``: a payment was changed after the fact and something remains: a
   reversal was followed by a correction (or left another payment live), or a
   net recoupment > 0 left the net paid amount > 0.
8. ``awaiting_next_payer``: the last adjudicating payer left a balance (open
   balance + patient responsibility > 0) and a next payer is due: it forwarded the
   claim (CLP02 19, 20 or 21), or the claim was billed with further payers after it
   in the sequence; that payer has not paid yet.
9. ``denied``: net paid ≤ 0 and something was denied (``denied`` > 0) or the last
   payer's status is CLP02 4, other than for patient responsibility.
10. ``patient_responsibility``: net paid ≤ 0 and everything not contractual (or
    another payer's) is the patient's (deductible, PR-204 and similar).
11. ``partially_denied``: net paid > 0 and an amount or a line was denied.
12. ``underpaid``: net paid > 0 and the fee schedule flags an underpayment beyond its
    tolerance (only with a fee schedule).
13. ``paid``: adjudicated and settled: net paid > 0, nothing denied, nothing owed
    by a further payer (a claim paid 0 with only contractual adjustments is ``paid``
    too, unless CLP02 says denied).
14. ``unmatched_payment``: used only for :attr:`Reconciliation.unmatched_payments`:
    claim payments whose CLP01 matches no billed claim.

Amount definitions (:class:`Amounts`) are on the class; ``paid`` excludes
PLB L6 interest, so the cash a claim brought in is ``paid`` plus its L6 interest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims.codes import DenialCategory
from medclaims.errors import Issue

__all__ = [
    "AdjustmentTotal",
    "Amounts",
    "AttachedPayment",
    "CashBalance",
    "ClaimMatch",
    "ClaimReconciliation",
    "ClaimState",
    "DuplicateRemittance",
    "LedgerKind",
    "LineMatchMethod",
    "LineReconciliation",
    "LineState",
    "MatchMethod",
    "PaymentRole",
    "PlbLink",
    "ProviderLedgerEntry",
    "Reconciliation",
]

ZERO = Decimal("0")


class LedgerKind(StrEnum):
    """What a provider-level adjustment (PLB) does, by reason code.

    ``recoupment``: WO/WU, an earlier overpayment taken back (positive) or
    returned (negative, a repayment). ``refund``: 72, a return of funds.
    ``interest``: L6. ``forwarding_balance``: FB, a balance carried to or from
    another remittance. ``other``: every other reason.
    """

    RECOUPMENT = "recoupment"
    REFUND = "refund"
    INTEREST = "interest"
    FORWARDING_BALANCE = "forwarding_balance"
    OTHER = "other"


class PlbLink(StrEnum):
    """How a PLB entry's reference (PLB03-2) was linked to a claim.

    ``payer_claim_control_number``: equals a CLP07 attached to the claim.
    ``patient_control_number``: equals the claim's CLM01 (normalized).
    ``none``: no reference, or it names no claim we know.
    """

    PAYER_CLAIM_CONTROL_NUMBER = "payer_claim_control_number"
    PATIENT_CONTROL_NUMBER = "patient_control_number"
    NONE = "none"


@attrs.frozen(field_transformer=typed_fields)
class ProviderLedgerEntry:
    """One provider-level adjustment (a PLB reason/amount pair) with its claim link."""

    trace_number: str
    """Trace number of the payment carrying it (TRN02)."""
    payment_date: dt.date | None
    """Payment date of that remittance (BPR16)."""
    payer_id: str
    """Payer identifier of the remittance."""
    provider_id: str
    """Provider identifier (PLB01)."""
    fiscal_period_date: dt.date | None
    """Fiscal period date (PLB02)."""
    reason: str
    """Adjustment reason code (PLB03-1…): WO, FB, L6, 72…"""
    kind: LedgerKind
    """What the reason does."""
    amount: Decimal
    """Amount as reported (PLB04…): positive reduces the payment to the provider."""
    reference: str = attrs.field(default="", repr=_masked)
    """Reference id (PLB03-2), often a claim number with a patient id: masked in repr."""
    link: PlbLink = PlbLink.NONE
    """How the reference was linked to a claim."""
    claim_position: int | None = None
    """Index into ``Reconciliation.claims`` of the linked claim, None if unlinked."""
    offsets: int | None = None
    """Index into ``Reconciliation.provider_ledger`` of an earlier entry this one
    cancels (same payer, reason and reference, opposite amount): a repayment of a
    recoupment, or a forwarding balance taken back."""
    remittance_index: int = 0
    """Position of its remittance in the input to ``reconcile``."""


@attrs.frozen(field_transformer=typed_fields)
class CashBalance:
    """One payment (check/EFT, trace number): paid amount against claims and PLB.

    The 835 rule: BPR02 = Σ CLP04 − Σ PLB amounts (a debit, BPR03 = D, counts negative).
    """

    trace_number: str
    """Check or EFT trace number (TRN02)."""
    payer_id: str
    """Payer identifier."""
    payer_name: str
    """Payer name (N1*PR)."""
    payment_date: dt.date | None
    """Payment date (BPR16)."""
    payment_method: str
    """Payment method code (BPR04): ACH, CHK, FWT, BOP, NON."""
    payment_amount: Decimal
    """Total actual provider payment (BPR02), negative for a debit (BPR03 = D)."""
    claim_payments_total: Decimal = ZERO
    """Σ CLP04 of the claims in the payment."""
    provider_adjustments_total: Decimal = ZERO
    """Σ PLB amounts (positive reduces the payment)."""
    claim_count: int = 0
    """Number of claim payments (CLP) in it."""
    times_received: int = 1
    """How many times the remittance was read (2+ means duplicates were dropped)."""

    @property
    def expected_amount(self) -> Decimal:
        """Σ CLP04 − Σ PLB: what BPR02 should be."""
        return self.claim_payments_total - self.provider_adjustments_total

    @property
    def difference(self) -> Decimal:
        """BPR02 − (Σ CLP04 − Σ PLB); 0 when balanced."""
        return self.payment_amount - self.expected_amount

    @property
    def balanced(self) -> bool:
        """True when the payment equals its claims less its provider adjustments."""
        return self.difference == 0


@attrs.frozen(field_transformer=typed_fields)
class DuplicateRemittance:
    """A remittance read more than once (same payer and trace number), counted once."""

    trace_number: str
    """Trace number (TRN02)."""
    payer_id: str
    """Payer identifier."""
    kept_index: int
    """Input position of the copy that was reconciled."""
    duplicate_index: int
    """Input position of the copy that was dropped."""
    payment_amount: Decimal
    """BPR02 of the dropped copy."""
    identical: bool = True
    """False when the copies differ (amount, claim count or claim amounts): a payer
    reusing a trace number, worth a look."""


class ClaimState(StrEnum):
    """Where a claim stands after netting everything attached (see the module docstring)."""

    PENDING = "pending"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    NOT_ACKNOWLEDGED = "not_acknowledged"
    NEEDS_REVIEW = "needs_review"
    REVERSED = "reversed"
    ADJUSTED = "adjusted"
    AWAITING_NEXT_PAYER = "awaiting_next_payer"
    DENIED = "denied"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    PARTIALLY_DENIED = "partially_denied"
    UNDERPAID = "underpaid"
    PAID = "paid"
    UNMATCHED_PAYMENT = "unmatched_payment"


class MatchMethod(StrEnum):
    """How a claim payment's CLP01 was matched to a billed CLM01.

    ``exact``: identical strings. ``normalized``: equal after trimming whitespace
    and upper-casing (fuzzy). ``truncated``: the normalized CLP01 is a prefix of
    exactly one normalized CLM01, because the payer truncated it (fuzzy).
    """

    EXACT = "exact"
    NORMALIZED = "normalized"
    TRUNCATED = "truncated"


class LineMatchMethod(StrEnum):
    """How adjudicated service lines (835 SVC) were matched to a billed line (837 SV1).

    ``control_number``: REF*6R equals the billed line item control number.
    ``procedure``: procedure code + modifiers + service date (+ units to choose
    among identical lines). ``submitted_code``: as ``procedure`` but on SVC06,
    the code submitted, because the payer changed the code in SVC01 (bundling,
    unbundling, recoding). ``procedure_loose``: a unique billed line with the
    same procedure code once modifiers and date are ignored (fuzzy).
    ``added_by_payer``: the payer adjudicated a line we never billed.
    ``unmatched``: a billed line that no adjudicated line matched.
    """

    CONTROL_NUMBER = "control_number"
    PROCEDURE = "procedure"
    SUBMITTED_CODE = "submitted_code"
    PROCEDURE_LOOSE = "procedure_loose"
    ADDED_BY_PAYER = "added_by_payer"
    UNMATCHED = "unmatched"


class LineState(StrEnum):
    """Where a service line stands, from its net amounts.

    The claim's words where they apply, from the line's own net amounts:
    ``paid`` (net paid > 0, nothing denied), ``partially_denied`` (net paid > 0,
    some of it denied), ``underpaid`` (paid, below the fee schedule beyond its
    tolerance), ``denied`` (net paid ≤ 0 and denied, or nothing the patient's),
    ``patient_responsibility`` (net paid ≤ 0, the rest the patient's), ``reversed`` (the claim is
    ``reversed``), ``dropped`` (the claim's payments list service lines but none
    names this line), ``not_itemized`` (the claim was adjudicated at claim level
    only, no SVC at all), ``pending`` (the claim has no payment yet),
    ``added_by_payer`` (an SVC line we did not bill; its billed amount is SVC02).
    """

    PAID = "paid"
    PARTIALLY_DENIED = "partially_denied"
    UNDERPAID = "underpaid"
    DENIED = "denied"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    REVERSED = "reversed"
    DROPPED = "dropped"
    NOT_ITEMIZED = "not_itemized"
    PENDING = "pending"
    ADDED_BY_PAYER = "added_by_payer"


class PaymentRole(StrEnum):
    """The part a claim payment plays in the claim's history.

    ``payment``: a live adjudication (first, split, secondary…). ``reversal``:
    CLP02 = 22. ``reversed``: a payment a later reversal cancelled.
    ``correction``: a live payment adjudicated after a reversal of this claim.
    """

    PAYMENT = "payment"
    REVERSAL = "reversal"
    REVERSED = "reversed"
    CORRECTION = "correction"


@attrs.frozen(field_transformer=typed_fields)
class ClaimMatch:
    """How a claim payment was matched to a billed claim, and whether that was fuzzy."""

    method: MatchMethod
    """Which matching rule found the claim."""
    rule: str
    """Why, in words (no claim identifiers in it), e.g. ``CLP01 is a 14-character prefix``."""
    cross_payer: bool = False
    """True when the payment's payer id differs from the claim's payer id (matched across
    payers because payers often identify themselves with other ids)."""

    @property
    def fuzzy(self) -> bool:
        """True unless CLP01 equals CLM01 exactly."""
        return self.method is not MatchMethod.EXACT


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class AdjustmentTotal:
    """Net amount of one adjustment group + reason over all attached payments (CAS)."""

    group: str
    """Claim adjustment group code: CO, PR, OA, PI (CR in 4010) (CAS01)."""
    reason: str
    """Claim adjustment reason code, CARC (CAS02/05/...)."""
    amount: Decimal
    """Net adjusted amount (CAS03/06/...)."""
    category: DenialCategory = DenialCategory.OTHER
    """Our work-queue category of the CARC (:func:`medclaims.codes.carc_category`)."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class Amounts:
    """Money of a claim or a line, net over every attached payment.

    With several payers, each payer's stream is netted on its own and the payers
    combined in sequence (module docstring): billed = paid + contractual +
    other_adjustments + patient_responsibility + :attr:`open_balance`, with
    0 ≤ ``denied`` ≤ open balance. ``allowed`` and the adjustment totals come from
    every payer's remittances as reported.
    """

    billed: Decimal = ZERO
    """Charges billed: CLM02 / SV102; for unmatched payments and payer-added lines the
    payer's CLP03 / SVC02."""
    allowed: Decimal = ZERO
    """Allowed amount: Σ AMT*B6 on the lines where given, otherwise paid + patient
    responsibility of that line (or of the claim when it has no SVC lines)."""
    paid: Decimal = ZERO
    """Net paid: Σ CLP04 (SVC03 for lines) as reported − recoupments (PLB WO/WU/72
    naming the claim). Interest paid through PLB L6 is not in it (see ``interest``);
    a payer that folds the AMT*I interest into CLP04 has it here too."""
    patient_responsibility: Decimal = ZERO
    """Patient responsibility: CLP05 of the last adjudicating payer for claims, Σ CAS
    group PR of that payer's lines for lines."""
    contractual: Decimal = ZERO
    """Contractual reductions: CAS group CO with a CARC of category ``contractual`` (45…),
    each payer's for the part it adjudicated."""
    other_adjustments: Decimal = ZERO
    """What is neither contractual, the patient's nor a denial: another payer's share
    (CARC 23, e.g. OA-23) not accounted for by that payer's own remittances."""
    interest: Decimal = ZERO
    """Interest: Σ PLB L6 naming the claim (sign flipped: money to the provider) when
    there is any, else Σ AMT*I of the claim payments. Payers report one interest in
    either or both places, so the two are never added."""
    recouped: Decimal = ZERO
    """Net taken back at provider level: Σ PLB WO/WU/72 amounts naming the claim
    (a later negative WO, a repayment, reduces it)."""
    expected: Decimal | None = None
    """Expected allowed from the fee schedule (rate × billed units), None without one."""
    underpayment: Decimal | None = None
    """Shortfall against the fee schedule: expected − allowed (for a claim, the sum
    of its paid lines' positive shortfalls; a denied line is a denial) when that
    exceeds the schedule's tolerance, else 0. None without an expected amount, and
    for claims or lines not paid (pending, denied, reversed, dropped)."""
    denied: Decimal = ZERO
    """What the payers refused: the last adjudicating payer's CAS that are neither
    contractual, the patient's nor another payer's share (CO-50, CO-97, PI-…), at most
    the open balance: it stays open until appealed or written off."""

    @property
    def open_balance(self) -> Decimal:
        """billed − paid − contractual − other_adjustments − patient_responsibility: what
        no payer paid or wrote off and the patient does not owe (denied included)."""
        return (
            self.billed
            - self.paid
            - self.contractual
            - self.other_adjustments
            - self.patient_responsibility
        )

    @property
    def underpaid(self) -> bool:
        """True when the fee schedule flags an underpayment."""
        return self.underpayment is not None and self.underpayment > 0


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class AttachedPayment:
    """One claim payment (835 loop 2100) attached to a claim, with its lineage."""

    remittance_index: int
    """Position of its remittance in the input to ``reconcile``."""
    claim_index: int
    """Position of the claim payment inside that remittance."""
    trace_number: str
    """Check or EFT trace number (TRN02)."""
    payment_date: dt.date | None
    """Check issue or EFT effective date (BPR16)."""
    payer_id: str
    """Payer identifier of the remittance (N1*PR N104, else REF*2U, else TRN03)."""
    payer_name: str
    """Payer name (N1*PR N102)."""
    status_code: str
    """Claim status code (CLP02): 1/2/3 processed, 4 denied, 22 reversal…"""
    role: PaymentRole
    """The part it plays in the claim's history."""
    match: ClaimMatch | None
    """How CLP01 matched the claim; None for unmatched payments."""
    billed: Decimal = ZERO
    """Total claim charge as the payer read it (CLP03)."""
    paid: Decimal = ZERO
    """Claim payment amount (CLP04), interest included."""
    patient_responsibility: Decimal = ZERO
    """Patient responsibility (CLP05)."""
    interest: Decimal = ZERO
    """Interest included in the payment (AMT*I)."""
    payer_claim_control_number: str = ""
    """The payer's own claim number, ICN/DCN (CLP07)."""
    patient_control_number: str = attrs.field(default="", repr=_masked)
    """CLP01 as the payer sent it (masked in repr)."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class LineReconciliation:
    """A billed service line (or a line the payer added) with what the payer did to it."""

    line_number: int | None
    """1-based position of the billed line (837 LX01); None for payer-added lines."""
    procedure_code: str
    """Billed procedure code (SV101-2); the adjudicated one (SVC01-2) for added lines."""
    match: LineMatchMethod
    """How the adjudicated lines were matched to it."""
    state: LineState
    """Where the line stands."""
    amounts: Amounts
    """Net amounts of the line (``interest`` and ``recouped`` stay 0 at line level)."""
    modifiers: tuple[str, ...] = ()
    """Billed procedure modifiers (SV101-3..6)."""
    control_number: str | None = attrs.field(default=None, repr=_masked)
    """Line item control number (837 REF*6R, echoed in 835 REF*6R)."""
    service_date: dt.date | None = None
    """Date of service (DTP*472 / DTM*472 or DTM*150)."""
    units: Decimal = ZERO
    """Billed units (SV104); for added lines the paid units."""
    paid_units: Decimal = ZERO
    """Net units paid (SVC05, 1 when absent; a reversal subtracts them; primary payer only
    when both primary and secondary paid)."""
    adjudicated_codes: tuple[str, ...] = ()
    """Procedure codes the payer adjudicated under (SVC01-2) when they differ from
    ``procedure_code`` (bundling, unbundling, recoding)."""
    adjudicated_lines: int = 0
    """How many SVC lines (over all payments, reversals included) were matched."""
    adjustments: tuple[AdjustmentTotal, ...] = ()
    """Net line adjustments (2110 CAS), zero totals dropped."""
    remark_codes: tuple[str, ...] = ()
    """Remark codes on the adjudicated lines (LQ*HE), first-seen order."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class ClaimReconciliation:
    """A billed claim (or an unmatched payment) with every payment attached, netted."""

    patient_control_number: str = attrs.field(repr=_masked)
    """Patient control number: CLM01 (CLP01 for unmatched payments); masked in repr."""
    state: ClaimState
    """Where the claim stands (module docstring)."""
    amounts: Amounts
    """Net claim amounts."""
    payer_id: str = ""
    """Payer id the claim was billed to (837 2010BB NM109); the remittance's for unmatched."""
    payer_name: str = attrs.field(default="", repr=_masked)
    """Payer name the claim was billed to (837 2010BB NM103), so a payer with no
    remittance yet still has a name; the remittance's (N1*PR N102) for unmatched
    payments. Masked in repr, as in the encounter."""
    claim_index: int | None = None
    """Position of the claim in the input to ``reconcile``; None for unmatched payments."""
    match: ClaimMatch | None = None
    """How the first attached payment matched (the weakest match if they differ)."""
    payments: tuple[AttachedPayment, ...] = ()
    """Attached claim payments in date order (payment date, then input order)."""
    lines: tuple[LineReconciliation, ...] = ()
    """Billed lines in billed order, then lines the payer added."""
    adjustments: tuple[AdjustmentTotal, ...] = ()
    """Net claim + line adjustments grouped by group and reason, zero totals dropped."""
    remark_codes: tuple[str, ...] = ()
    """Remark codes: claim level (MIA/MOA) and line level (LQ*HE), first-seen order."""
    denial_category: DenialCategory | None = None
    """For ``denied`` and ``partially_paid`` claims: category of the largest
    non-contractual, non-patient adjustment (else of the largest adjustment)."""
    service_date: dt.date | None = None
    """First date of service (for aging)."""
    service_date_end: dt.date | None = None
    """Last date of service."""
    last_payment_date: dt.date | None = None
    """Payment date of the latest attached payment or linked PLB entry."""
    age_days: int | None = None
    """Days from ``service_date`` to ``Reconciliation.as_of``; None if either is unknown.
    For a claim in state ``accepted``: days from ``acknowledged_on``."""
    acknowledged_on: dt.date | None = None
    """Date of the acknowledgement that decided a state ``rejected`` or ``accepted``
    (the 277CA status's STC02, else its BHT04; the 999's GS04; the TA1's TA102)."""
    acknowledgement_reasons: tuple[str, ...] = ()
    """For ``rejected`` (and ``accepted``): the acknowledgement's codes and their meaning
    in words (``A7/562/85: Rejected: ...``; no PHI). For ``not_acknowledged`` past the
    follow-up threshold (``reconcile(..., follow_up_after=...)``): ``no claim
    acknowledgement N days after sending``; empty before it."""

    @property
    def is_fuzzy(self) -> bool:
        """True when any attached payment matched fuzzily or across payers."""
        return any(
            p.match is not None and (p.match.fuzzy or p.match.cross_payer) for p in self.payments
        )


@attrs.frozen(field_transformer=typed_fields)
class Reconciliation:
    """The result of :func:`medclaims.reconcile.reconcile`."""

    claims: tuple[ClaimReconciliation, ...]
    """Every billed claim, in input order."""
    unmatched_payments: tuple[ClaimReconciliation, ...] = ()
    """Claim payments matching no billed claim, grouped by payer + CLP01, state
    ``unmatched_payment``."""
    duplicates: tuple[DuplicateRemittance, ...] = ()
    """Remittances dropped as duplicates."""
    provider_ledger: tuple[ProviderLedgerEntry, ...] = ()
    """Every PLB adjustment, in date order."""
    cash: tuple[CashBalance, ...] = ()
    """One balance per distinct payment (payer + trace number), in date order."""
    issues: tuple[Issue, ...] = ()
    """What needs a look: fuzzy/cross-payer matches, ambiguous CLP01s, unbalanced
    payments, differing duplicates. Messages hold no claim or patient identifiers."""
    as_of: dt.date | None = None
    """The date ages are computed at (argument, else the latest payment date)."""

    def state_counts(self) -> Mapping[ClaimState, int]:
        """Number of claims (and unmatched payments) per state, every state present."""
        counts = dict.fromkeys(ClaimState, 0)
        for claim in self.claims:
            counts[claim.state] += 1
        counts[ClaimState.UNMATCHED_PAYMENT] += len(self.unmatched_payments)
        return counts

    @property
    def balanced(self) -> bool:
        """True when every payment balances."""
        return all(c.balanced for c in self.cash)
