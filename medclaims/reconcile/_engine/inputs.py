"""Flat views of the inputs: billed claims from encounters, payer keys of remittances.

Reconciliation reads only a few fields of an encounter (CLM01, payer id, lines)
and of a remittance (payer ids, trace, date). This module reads them once into
small slotted tuples so the matching loops stay cheap, and states the
normalization rules every index uses: identifiers are trimmed and upper-cased.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from medclaims._support.records import untrack_record
from medclaims.errors import Severity
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
    "flatten_sources",
    "held_claims",
    "mask_id",
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
    source: str = ""
    """The input it was read from (a file name given to ``reconcile``), else
    ``remittances[i]``."""
    held: frozenset[int] = frozenset()
    """Positions of its claim payments that carry error-level read issues."""


def mask_id(value: str) -> str:
    """A claim id as issues show it: its last three characters after ``***`` (enough to
    find it in a short list beside the trace number), ``***`` when it is short."""
    text = value.strip()
    return "***" + text[-3:] if len(text) > 6 else "***"


_CLAIM_PATH = re.compile(r"claims\[(\d+)\]")
TRUNCATION_CODES = frozenset({"missing-se"})
"""Read issue codes saying the transaction was cut short: its last claim is incomplete."""


def held_claims(remittance: Remittance) -> frozenset[int]:
    """Positions of the claim payments that error-level read issues touch: the last claim
    of a transaction cut short (no SE), each claim an error names by path
    (``claims[2]...``, the balancing checks), and each claim whose segments (CLP up to the
    next CLP) hold an error's location (positions counted from the transaction's ST,
    whose input position an issue located at the ST gives)."""
    errors = [i for i in remittance.issues if i.severity is Severity.ERROR]
    claims = remittance.claims
    if not errors or not claims:
        return frozenset()
    held: set[int] = set()
    if any(i.code in TRUNCATION_CODES for i in errors):
        held.add(len(claims) - 1)
    for issue in errors:  # balancing issues name the claim by path: claims[2]...
        named = _CLAIM_PATH.match(issue.path or "")
        if named is not None and int(named.group(1)) < len(claims):
            held.add(int(named.group(1)))
    segments = remittance.source_segments
    start = next(
        (
            i.location.segment_index
            for i in remittance.issues
            if i.location is not None and i.location.segment_id == "ST"
        ),
        None,
    )
    if segments is not None and start is not None:
        separator = remittance.delimiters.element
        tag = "CLP" + separator
        starts = [k for k, segment in enumerate(segments) if segment.startswith(tag)]
        if len(starts) == len(claims):
            for issue in errors:
                where = issue.location
                if where is None or where.segment_index is None or where.segment_id == "ST":
                    continue
                local = where.segment_index - start
                claim = bisect_right(starts, local) - 1
                if claim >= 0:
                    held.add(claim)
    return frozenset(held)


def flatten_sources(
    remittances: Iterable[Any] | Remittance, names: Sequence[str] | None
) -> tuple[list[Remittance], list[str]]:
    """:func:`flatten_remittances`, with the name of the input each one came from:
    ``names[i]`` for everything under the i-th item of ``remittances`` (one name per
    parsed file), else ``remittances[j]`` by flat position."""
    if names is None or isinstance(remittances, Remittance):
        flat = flatten_remittances(remittances)
        return flat, [f"remittances[{j}]" for j in range(len(flat))]
    out: list[Remittance] = []
    labels: list[str] = []
    for position, item in enumerate(remittances):
        found = flatten_remittances(item)
        out.extend(found)
        name = names[position] if position < len(names) else f"remittances[{len(out)}]"
        labels.extend([name] * len(found))
    return out, labels


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


def remit_view(input_index: int, remittance: Remittance, source: str = "") -> RemitView:
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
        source or f"remittances[{input_index}]",
        held_claims(remittance),
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
