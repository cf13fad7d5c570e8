"""reconcile(): billed claims + any number of remittances → a Reconciliation.

Strategy, one linear pass per stage, every lookup a dict:

1. Flatten the remittances (one list per parsed file is fine) and drop
   duplicates: the same payer (canonical payer key) and trace number (TRN02)
   read again is counted once and reported.
2. Order the payments by payment date (BPR16, else DTM*405; undated last),
   then input order: "date order" everywhere below.
3. Match every claim payment to a billed claim (:mod:`.matching`); payments
   matching none are grouped by payer + normalized CLP01 as unmatched payments.
4. Build the PLB ledger and link entries to claims (:mod:`.ledger`).
5. Net each claim (:mod:`.states`, :mod:`.lines`) and balance each payment.

The caller's garbage collector is left alone (never paused). What the run makes
that lives through it is left out of the cyclic collector's lists instead
(``medclaims._support.records``, with the optional C helper): the result
records (``acyclic=True`` in :mod:`.make`), the billed views and the attached
payments (:mod:`.inputs`); the claim index keeps a position, not a list, per
claim. Otherwise those survivors (about seven containers per claim) trigger full
collections that walk the caller's whole heap, the input included, and nearly
double the run time. Pending claims and one-payment claims take the lean paths of
:mod:`.single`; an exact CLP01 hit skips the fuzzy matching rules.

Issues name their input (the file name given in ``remittance_names``, else
``remittances[i]``), the transaction's ST02 and trace number and the claim id
masked (``***002``), never a whole claim or patient identifier.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

import attrs

from medclaims.errors import Issue, Severity
from medclaims.reconcile._engine.inputs import (
    Attached,
    BilledClaim,
    EncounterLike,
    RemitView,
    attach,
    billed_claims,
    flatten_sources,
    mask_id,
    norm,
    remit_view,
)
from medclaims.reconcile._engine.ledger import ClaimLinker, build_ledger
from medclaims.reconcile._engine.matching import EXACT_MATCH, ClaimIndex, ClaimMatchResult
from medclaims.reconcile._engine.single import reconcile_pending, reconcile_single
from medclaims.reconcile._engine.states import reconcile_claim
from medclaims.reconcile.fees import FeeSchedule
from medclaims.reconcile.model import (
    CashBalance,
    ClaimMatch,
    ClaimReconciliation,
    ClaimState,
    DuplicateRemittance,
    LedgerKind,
    MatchMethod,
    ProviderLedgerEntry,
    Reconciliation,
)
from medclaims.remittance import Remittance

__all__ = ["reconcile"]

ZERO = Decimal(0)
EXACT = MatchMethod.EXACT


def _fingerprint(view: RemitView) -> tuple[Any, ...]:
    rem = view.remittance
    payment = rem.payment
    return (
        payment.amount if payment else None,
        payment.credit_debit if payment else None,
        tuple(
            (c.patient_control_number, c.status_code, c.charge_amount, c.paid_amount)
            for c in rem.claims
        ),
        tuple((p.reason_code, p.reference_id, p.amount) for p in rem.provider_adjustments),
    )


def _payments(
    remittances: list[Remittance], labels: list[str], issues: list[Issue]
) -> list[RemitView]:
    """A view of each remittance that is a payment: not the one parse_835 returns for
    input without an 835 transaction (it carries that input's issues alone). Every read
    issue of every remittance is copied into ``issues``, named by its input."""
    views = []
    for i, rem in enumerate(remittances):
        label = labels[i]
        payment = rem.payment
        where = label
        if rem.has_transaction:
            where += f" ST {rem.control_number or '?'}"
            if payment is not None and payment.trace_number.strip():
                where += f" trace {payment.trace_number.strip()}"
        for issue in rem.issues:
            path = where
            if issue.path:  # claims[2].service_lines[0] → claim ***002 service_lines[0]
                path += " " + _CLAIM_INDEX.sub(partial(_named, rem), issue.path).rstrip()
            issues.append(
                Issue(issue.severity, issue.code, issue.message, issue.location, path=path)
            )
        if rem.has_transaction:
            views.append(remit_view(i, rem, label))
        else:
            issues.append(
                Issue(
                    Severity.INFO,
                    "reconcile.no_transaction",
                    "input read without an 835 transaction: no payment",
                    path=label,
                )
            )
    return views


_CLAIM_INDEX = re.compile(r"claims\[(\d+)\]\.?")


def _named(remittance: Remittance, found: re.Match[str]) -> str:
    index = int(found.group(1))
    if index < len(remittance.claims):
        return f"claim {mask_id(remittance.claims[index].patient_control_number)} "
    return found.group(0)


def _at(view: RemitView) -> str:
    """Where a remittance is: its input, ST02 and trace number."""
    return f"{view.source} ST {view.remittance.control_number or '?'} trace {view.trace or '?'}"


def _dedupe(
    views: list[RemitView], issues: list[Issue]
) -> tuple[list[RemitView], list[DuplicateRemittance], dict[int, int]]:
    kept: list[RemitView] = []
    first: dict[tuple[str, str], RemitView] = {}
    duplicates: list[DuplicateRemittance] = []
    times: dict[int, int] = {}
    for view in views:
        if not view.trace:
            issues.append(
                Issue(
                    Severity.WARNING,
                    "reconcile.missing_trace",
                    "remittance has no trace number (TRN02): it cannot be checked for duplicates",
                    path=_at(view),
                )
            )
            kept.append(view)
            times[view.input_index] = 1
            continue
        key = (view.payer_key, view.trace)
        original = first.get(key)
        if original is None:
            first[key] = view
            kept.append(view)
            times[view.input_index] = 1
            continue
        identical = _fingerprint(original) == _fingerprint(view)
        payment = view.remittance.payment
        duplicates.append(
            DuplicateRemittance(
                trace_number=view.trace,
                payer_id=view.payer_key,
                kept_index=original.input_index,
                duplicate_index=view.input_index,
                payment_amount=payment.amount if payment and payment.amount is not None else ZERO,
                identical=identical,
            )
        )
        times[original.input_index] += 1
        issues.append(
            Issue(
                Severity.WARNING if not identical else Severity.INFO,
                "reconcile.duplicate_remittance"
                if identical
                else "reconcile.conflicting_duplicate",
                f"trace number {view.trace} of this payer was already read"
                + ("" if identical else " with different content; the first copy is kept"),
                path=_at(view),
            )
        )
    return kept, duplicates, times


def _cash(view: RemitView, times: int, issues: list[Issue]) -> CashBalance:
    rem = view.remittance
    payment = rem.payment
    amount = payment.amount if payment is not None and payment.amount is not None else ZERO
    if payment is not None and payment.credit_debit.strip().upper() == "D":
        amount = -amount  # BPR03 = D: the provider owes the payer
    balance = CashBalance(
        trace_number=view.trace,
        payer_id=view.payer_key,
        payer_name=view.payer_name,
        payment_date=view.date,
        payment_method=payment.method if payment is not None else "",
        payment_amount=amount,
        claim_payments_total=sum((c.paid_amount or ZERO for c in rem.claims), ZERO),
        provider_adjustments_total=sum((p.amount or ZERO for p in rem.provider_adjustments), ZERO),
        claim_count=len(rem.claims),
        times_received=times,
    )
    if not balance.balanced:
        issues.append(
            Issue(
                Severity.ERROR,
                "reconcile.unbalanced_payment",
                f"payment {view.trace}: BPR02 differs from claim payments less provider "
                f"adjustments by {balance.difference}",
                path=_at(view),
            )
        )
    return balance


def _where(view: RemitView, claim_index: int) -> str:
    """Where a claim payment is: its remittance and its CLP01, masked."""
    clp01 = view.remittance.claims[claim_index].patient_control_number
    return f"{_at(view)} claim {mask_id(clp01)}"


def _billed_id(billed: Sequence[BilledClaim], position: int | None) -> str:
    return "?" if position is None else mask_id(billed[position].claim_id)


def _match_issues(
    found: ClaimMatchResult, where: str, issues: list[Issue], billed: Sequence[BilledClaim]
) -> None:
    """Issues of a claim payment matched ambiguously, across payers or fuzzily."""
    match = found.match
    assert match is not None
    if found.candidates > 1:
        issues.append(
            Issue(
                Severity.WARNING,
                "reconcile.ambiguous_match",
                f"CLP01 names {found.candidates} billed claims; attached to the first "
                f"(claim {_billed_id(billed, found.position)})",
                path=where,
            )
        )
    if match.cross_payer:
        issues.append(
            Issue(
                Severity.WARNING,
                "reconcile.cross_payer_match",
                f"matched claim {_billed_id(billed, found.position)}, billed to another payer id "
                "than this remittance's",
                path=where,
            )
        )
    if match.fuzzy:
        issues.append(
            Issue(
                Severity.INFO,
                "reconcile.fuzzy_match",
                f"matched claim {_billed_id(billed, found.position)}: {match.rule}",
                path=where,
            )
        )


def reconcile(
    claims: Iterable[EncounterLike],
    remittances: Iterable[Any],
    *,
    fee_schedule: FeeSchedule | None = None,
    as_of: dt.date | None = None,
    remittance_names: Sequence[str] | None = None,
    claim_issues: Iterable[Issue] = (),
    acks: Iterable[Any] | None = None,
    sent: Iterable[Any] | None = None,
    follow_up_after: int = 7,
) -> Reconciliation:
    """Reconcile billed claims with remittances.

    ``claims``: encounters (:class:`medclaims.professional.Encounter`, ours or
    read back by ``parse_837p``). ``remittances``: :class:`~medclaims.remittance.Remittance`
    records, or iterables of them (one list per parsed 835 file), in any order.
    ``fee_schedule``: expected allowed amounts (:func:`load_fee_schedule`).
    ``as_of``: the date claims are aged at; default the latest payment date.
    ``remittance_names``: one name per item of ``remittances`` (e.g. the file each list
    was read from), used in issues; ``claim_issues``: the read issues of the claim
    files (named by the caller), put first in the result's issues.
    Never raises on odd remittance content: problems become ``issues``. Every read
    issue of every remittance is in the result's issues, named by its input, ST02 and
    trace number; a claim payment with error-level read issues is matched on an exact
    CLP01 only (never fuzzily) and held: a claim whose only payments are held is
    ``needs_review``.

    ``acks``: parsed TA1s, 999s and 277CAs (records, lists of them, or
    :class:`~medclaims.acks.AckFile`), in the order received; a claim with no payment
    is then ``rejected``, ``accepted`` or ``not_acknowledged`` by
    :func:`medclaims.acks.correlation.correlate` (its latest submission's answer).
    ``sent``: what ``correlate`` matches the acknowledgements to: the read 837Ps the
    claims came from (their envelopes match TA1s and 999s) or
    :class:`~medclaims.acks.correlation.SentClaim` records; default, one claim per
    encounter with no envelope keys (277CAs match by CLM01; TA1s and 999s then match
    nothing and become issues). ``follow_up_after``: days without a 277CA before a
    ``not_acknowledged`` claim is an action item.
    """
    result = _reconcile(
        claims,
        remittances,
        fee_schedule,
        as_of,
        fast=True,
        remittance_names=remittance_names,
        claim_issues=claim_issues,
    )
    if acks is None:
        return result
    return acknowledge(result, acks, sent, follow_up_after)


_ACK_STATES = {
    "rejected": ClaimState.REJECTED,
    "accepted": ClaimState.ACCEPTED,
    "received": ClaimState.ACCEPTED,
    "not_acknowledged": ClaimState.NOT_ACKNOWLEDGED,
}


def acknowledge(
    result: Reconciliation, acks: Iterable[Any], sent: Iterable[Any] | None, follow_up_after: int
) -> Reconciliation:
    """``result`` with its pending claims (no payment) set by the acknowledgements: the
    answer to each claim id's latest submission (sent last, by date then input order);
    the correlation's issues follow the reconciliation's."""
    from medclaims.acks.correlation import SentClaim, correlate

    if sent is None:
        sent = [
            SentClaim(
                claim_id=claim.patient_control_number,
                interchange_control_number="",
                group_control_number="",
                transaction_control_number="",
            )
            for claim in result.claims
        ]
    found = correlate(sent, acks, as_of=result.as_of, follow_up_after=follow_up_after)
    latest: dict[str, Any] = {}
    for _position, answer in sorted(
        enumerate(found.claims),
        key=lambda pair: (pair[1].claim.sent_on or dt.date.min, pair[0]),
    ):
        latest[norm(answer.claim.claim_id)] = answer
    claims = []
    for claim in result.claims:
        status = latest.get(norm(claim.patient_control_number))
        if claim.state is not ClaimState.PENDING or status is None:
            claims.append(claim)
            continue
        state = _ACK_STATES[status.state.value]
        on = status.acknowledged_on if state is not ClaimState.NOT_ACKNOWLEDGED else None
        reasons = status.reasons
        if state is ClaimState.NOT_ACKNOWLEDGED and status.action:
            reasons = (f"no claim acknowledgement {status.days_waiting} days after sending",)
        claims.append(
            attrs.evolve(
                claim,
                state=state,
                acknowledged_on=on,
                acknowledgement_reasons=reasons,
                age_days=status.days_waiting if state is ClaimState.ACCEPTED else claim.age_days,
            )
        )
    return attrs.evolve(result, claims=tuple(claims), issues=(*result.issues, *found.issues))


def _reconcile(
    claims: Iterable[EncounterLike],
    remittances: Iterable[Any],
    fee_schedule: FeeSchedule | None,
    as_of: dt.date | None,
    *,
    fast: bool,
    remittance_names: Sequence[str] | None = None,
    claim_issues: Iterable[Issue] = (),
) -> Reconciliation:
    """:func:`reconcile`; ``fast=False`` takes the general path for every claim and every
    match (tests hold the lean paths of :mod:`.single` and the exact-match shortcut to it)."""
    billed = billed_claims(claims)
    issues: list[Issue] = list(claim_issues)
    flat, labels = flatten_sources(remittances, remittance_names)
    views = _payments(flat, labels, issues)
    kept, duplicates, times = _dedupe(views, issues)
    kept.sort(key=lambda v: (v.date is None, v.date or dt.date.min, v.input_index))
    if as_of is None:
        as_of = max((v.date for v in kept if v.date is not None), default=None)

    index = ClaimIndex(billed)
    linker = ClaimLinker()
    for claim in billed:
        linker.add_claim_id(claim.key, claim.position)
    # One Attached per claim, a list only for a claim paid more than once: containers
    # that live through the run are what the garbage collector's full passes count.
    attached: dict[int, Attached | list[Attached]] = {}
    unmatched: dict[tuple[str, str], list[Attached]] = {}
    exact_position = index.exact_position if fast else None
    add_payer_number = linker.add_payer_number
    for view in kept:
        payer_keys = view.payer_keys
        held = view.held
        for claim_index, payment in enumerate(view.remittance.claims):
            broken = claim_index in held
            position = (
                None
                if exact_position is None
                else exact_position(payment.patient_control_number, payer_keys)
            )
            if position is not None:
                match: ClaimMatch | None = EXACT_MATCH
            else:
                found = index.match(payment.patient_control_number, payer_keys)
                position, match = found.position, found.match
                if broken and match is not None and match.method is not EXACT:
                    # A payment read with errors (a truncated CLP01, say) never matches fuzzily.
                    issues.append(
                        Issue(
                            Severity.WARNING,
                            "reconcile.held_unmatched",
                            "claim payment read with errors: not matched on a partial CLP01",
                            path=_where(view, claim_index),
                        )
                    )
                    position = match = None
                if position is None or match is None:
                    unmatched.setdefault(
                        (view.payer_key, norm(payment.patient_control_number)), []
                    ).append(attach(view, claim_index, payment, None, broken))
                    if found.candidates > 1:
                        issues.append(
                            Issue(
                                Severity.WARNING,
                                "reconcile.ambiguous_match",
                                f"truncated CLP01 is a prefix of {found.candidates} billed claims; "
                                "left unmatched",
                                path=_where(view, claim_index),
                            )
                        )
                    continue
                if found.candidates > 1 or match.cross_payer or match.method is not EXACT:
                    _match_issues(found, _where(view, claim_index), issues, billed)
            item = attach(view, claim_index, payment, match, broken)
            if broken:
                issues.append(
                    Issue(
                        Severity.WARNING,
                        "reconcile.held_payment",
                        "claim payment read with errors: attached, held for review, it "
                        "decides nothing",
                        path=_where(view, claim_index),
                    )
                )
            group = attached.get(position)
            if group is None:
                attached[position] = item
            elif isinstance(group, list):
                group.append(item)
            else:
                attached[position] = [group, item]
            add_payer_number(payment.payer_claim_control_number, position)

    ledger = build_ledger(kept, linker.link)
    by_claim: dict[int, list[ProviderLedgerEntry]] = {}
    for number, entry in enumerate(ledger):
        if entry.claim_position is not None:
            by_claim.setdefault(entry.claim_position, []).append(entry)
        elif entry.kind in (LedgerKind.RECOUPMENT, LedgerKind.REFUND, LedgerKind.INTEREST):
            issues.append(
                Issue(
                    Severity.INFO,
                    "reconcile.unlinked_adjustment",
                    f"{entry.reason} adjustment names no known claim",
                    path=f"provider_ledger[{number}]",
                )
            )

    results: list[ClaimReconciliation] = []
    for claim in billed:
        position = claim.position
        paid_by = attached.get(position)
        entries = by_claim.get(position, ())
        result: ClaimReconciliation | None = None
        if fast and not entries:
            if paid_by is None:
                result = reconcile_pending(claim, fee_schedule, as_of)
            elif not isinstance(paid_by, list):
                result = reconcile_single(claim, paid_by, fee_schedule, as_of)
        if result is None:
            payments: Sequence[Attached] = (
                () if paid_by is None else paid_by if isinstance(paid_by, list) else (paid_by,)
            )
            result = reconcile_claim(claim, payments, entries, fee_schedule, as_of, issues)
        results.append(result)
    orphans: list[ClaimReconciliation] = []
    for group in unmatched.values():
        orphans.append(reconcile_claim(None, group, (), fee_schedule, as_of, issues))
        first = group[0]
        issues.append(
            Issue(
                Severity.WARNING,
                "reconcile.unmatched_payment",
                f"claim payment matches no billed claim ({len(group)} payment(s))",
                path=_where(first.view, first.claim_index),
            )
        )
    cash = [_cash(view, times[view.input_index], issues) for view in kept]
    return Reconciliation(
        claims=tuple(results),
        unmatched_payments=tuple(orphans),
        duplicates=tuple(duplicates),
        provider_ledger=tuple(ledger),
        cash=tuple(cash),
        issues=tuple(issues),
        as_of=as_of,
    )
