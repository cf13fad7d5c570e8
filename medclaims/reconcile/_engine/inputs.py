"""Flat views of the inputs: billed claims from encounters, payer keys of remittances.

Reconciliation reads only a few fields of an encounter (CLM01, payer id, lines)
and of a remittance (payer ids, trace, date). This module reads them once into
small slotted tuples so the matching loops stay cheap, and states the
normalization rules every index uses: identifiers are trimmed and upper-cased.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from medclaims._support.records import untrack_record
from medclaims.reconcile.model import ClaimMatch
from medclaims.remittance import ClaimPayment, Remittance

__all__ = [
    "Attached",
    "BilledClaim",
    "BilledLine",
    "EncounterLike",
    "RemitView",
    "attach",
    "billed_claims",
    "flatten_remittances",
    "norm",
    "remit_view",
]


def norm(value: str | None) -> str:
    """Identifier normalization used by every index: trimmed, upper-case."""
    return value.strip().upper() if value else ""


class _LineLike(Protocol):
    procedure_code: str
    charge: Decimal
    service_date: dt.date
    modifiers: tuple[str, ...]
    units: Decimal
    service_date_end: dt.date | None
    line_control_number: str | None


class _PayerLike(Protocol):
    payer_id: str


class EncounterLike(Protocol):
    """What reconciliation reads of a claim (:class:`medclaims.professional.Encounter`).

    Also read when present: ``payer_responsibility`` (2000B SBR01, default ``P``) and
    ``other_payers`` (the 2320/2330B loops: items with ``responsibility``, SBR01, and
    ``payer_id``, NM109; absent means none), which order the payers of a claim.
    """

    @property
    def claim_id(self) -> str: ...
    @property
    def payer(self) -> Any: ...
    @property
    def service_lines(self) -> Sequence[Any]: ...


class BilledLine(NamedTuple):
    """A billed service line (837 loop 2400), normalized."""

    number: int
    code: str
    modifiers: tuple[str, ...]
    date: dt.date | None
    date_end: dt.date | None
    units: Decimal
    charge: Decimal
    control: str


class BilledClaim(NamedTuple):
    """A billed claim (837 loop 2300), normalized."""

    position: int
    claim_id: str
    key: str
    payer_key: str
    payer_name: str
    lines: tuple[BilledLine, ...]
    billed: Decimal
    responsibility: str
    """Sequence of the payer billed (SBR01: P, S, T, A…H, U)."""
    further: tuple[tuple[str, str], ...]
    """The claim's further payers: (sequence letter, normalized payer id) (2320 SBR01,
    2330B NM109); empty when the encounter names none."""


_new_tuple = tuple.__new__
# The billed views live through the whole run and hold only strings, Decimals, dates and
# tuples of them (lines: BilledLine views), so no reference cycle can pass through them:
# leave them out of the cyclic collector (medclaims._support.records), or its full
# passes, which survivors of the run trigger, would walk them again and again.
_untrack: Callable[[Any], Any] = untrack_record or (lambda obj: obj)


class _Lines(tuple):  # type: ignore[type-arg]
    """A claim's billed lines: a tuple the collector helper can leave out (a plain tuple
    holding instances of a class written in Python always stays watched)."""

    __slots__ = ()


def _further(claim: Any) -> tuple[tuple[str, str], ...]:
    """The further payers an encounter was billed with (``other_payers``, absent → none)."""
    others = getattr(claim, "other_payers", None)
    if not others:
        return ()
    return tuple(
        (norm(getattr(o, "responsibility", "")), norm(getattr(o, "payer_id", ""))) for o in others
    )


def billed_claims(claims: Iterable[EncounterLike]) -> list[BilledClaim]:
    """Flat views of encounters, in input order; billed = Σ SV102 (CLM02)."""
    out: list[BilledClaim] = []
    zero = Decimal(0)
    for position, claim in enumerate(claims):
        lines = []
        billed = zero
        for number, line in enumerate(claim.service_lines, start=1):
            code = line.procedure_code
            control = line.line_control_number
            modifiers = line.modifiers
            charge = line.charge
            billed += charge
            # BilledLine(...) without the Python-level __new__ of a NamedTuple.
            lines.append(
                _untrack(
                    _new_tuple(
                        BilledLine,
                        (
                            number,
                            code if code.isdigit() else code.strip().upper(),
                            tuple([m.strip().upper() for m in modifiers if m]) if modifiers else (),
                            line.service_date,
                            line.service_date_end,
                            line.units,
                            charge,
                            control.strip().upper() if control else "",
                        ),
                    )
                )
            )
        payer = getattr(claim, "payer", None)
        payer_id = getattr(payer, "payer_id", "") if payer is not None else ""
        payer_name = getattr(payer, "name", "") if payer is not None else ""
        claim_id = claim.claim_id
        out.append(
            _untrack(
                _new_tuple(
                    BilledClaim,
                    (
                        position,
                        claim_id,
                        norm(claim_id),
                        norm(payer_id),
                        payer_name or "",
                        _untrack(_new_tuple(_Lines, lines)),
                        billed,
                        norm(getattr(claim, "payer_responsibility", "") or "P"),
                        _further(claim),
                    ),
                )
            )
        )
    return out


class RemitView(NamedTuple):
    """What reconciliation reads of one remittance (one payment)."""

    input_index: int
    remittance: Remittance
    payer_key: str
    payer_keys: frozenset[str]
    payer_name: str
    trace: str
    date: dt.date | None


def flatten_remittances(remittances: Iterable[Any] | Remittance) -> list[Remittance]:
    """Accept one remittance, remittances, or iterables of them (one list per parsed file)."""
    if isinstance(remittances, Remittance):
        return [remittances]
    out: list[Remittance] = []
    for item in remittances:
        if isinstance(item, Remittance):
            out.append(item)
        else:
            out.extend(flatten_remittances(item))
    return out


def remit_view(input_index: int, remittance: Remittance) -> RemitView:
    """Payer keys of a remittance: N1*PR N104, REF*2U, TRN03 (with and without the
    leading ``1`` of ``1`` + EIN), BPR10; the first present is the canonical key."""
    payer = remittance.payer
    payment = remittance.payment
    candidates: list[str] = []
    if payer is not None:
        candidates.append(payer.id)
        candidates.extend(r.value for r in payer.references if r.qualifier == "2U")
    if payment is not None:
        trn03 = norm(payment.originating_company_id)
        candidates.append(trn03)
        if len(trn03) == 10 and trn03[0] == "1":
            candidates.append(trn03[1:])
        candidates.append(payment.payer_identifier)
    keys = [norm(c) for c in candidates if c and c.strip()]
    name = payer.name if payer is not None else ""
    canonical = keys[0] if keys else norm(name)
    date = payment.date if payment is not None else None
    return RemitView(
        input_index,
        remittance,
        canonical,
        frozenset(keys),
        name,
        payment.trace_number.strip() if payment is not None else "",
        date if date is not None else remittance.production_date,
    )


class Attached(NamedTuple):
    """A claim payment with the remittance it came in and how it matched."""

    view: RemitView
    claim_index: int
    payment: ClaimPayment
    match: ClaimMatch | None
    held: bool = False
    """The payment carries error-level read issues: kept, never decides a state."""


def attach(
    view: RemitView,
    claim_index: int,
    payment: ClaimPayment,
    match: ClaimMatch | None,
    held: bool = False,
) -> Attached:
    """An :class:`Attached`, left out of the cyclic collector: it lives through the run and
    nothing it refers to (frozen input records, a shared match) can refer back to it."""
    made: Attached = _untrack(_new_tuple(Attached, (view, claim_index, payment, match, held)))
    return made
