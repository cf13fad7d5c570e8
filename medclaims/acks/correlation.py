"""Tie acknowledgements back to the claims sent: rejected, accepted, or not acknowledged.

Strategy: every claim sent (one CLM of a read 837P, with its envelopes) is a
:class:`SentClaim`. The acknowledgements are matched by their keys: a TA1 by
the 837P's ISA13 (TA101), a 999 by its GS06 (AK102) and ST02 (AK202), a
277CA claim by its CLM01 (TRN02). A claim is then

- ``rejected`` when the TA1 rejected its interchange, the 999 rejected its
  transaction set (or its whole group), or its latest 277CA status rejects it
  (STC03 ``U`` or category A3, A4, A6, A7, A8): it was never adjudicated and
  must be corrected and sent again (action ``correct_and_resubmit``);
- ``accepted`` when its latest 277CA status accepts it into adjudication (A2);
  its age counts from that acknowledgement's date;
- ``received`` when the latest 277CA only acknowledges receipt (A0, A1, A5, or
  STC03 ``WQ`` without A2): taken in, not yet accepted into adjudication;
- ``not_acknowledged`` when no 277CA names it (a 999 acceptance alone is not an
  acknowledgement of the claim); after ``follow_up_after`` days the action
  ``follow_up_acknowledgement`` asks someone to look.

A claim id sent more than once (a corrected claim resubmitted under the same
CLM01) is matched to the latest submission sent on or before each 277CA's
date, so the first submission keeps its rejection and the resubmission gets
the answer that came after it. Anything that matches nothing becomes an issue:
a TA1 for an unknown interchange or with a code outside its list, a 999 for an
unknown group or naming a transaction set the 837Ps do not hold, a 277CA for
an unknown claim id, an acknowledgement received twice. Issues name the
acknowledgement by its place (``acks[2].claims[5]``), never a claim id.

:func:`correlate` is the function ``reconcile(..., acks=[...])`` calls: see
``docs/acks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims.acks.parser import AckFile
from medclaims.acks.records import (
    ClaimAcknowledgement,
    ClaimStatus,
    ImplementationAck,
    InterchangeAck,
    StatusCode,
    TransactionSetAck,
)
from medclaims.codes import (
    TA1_NOTES,
    describe_ack_code,
    describe_claim_status_category,
    describe_claim_status_code,
    describe_entity,
    describe_segment_error,
    describe_ta1_note,
    describe_transaction_error,
)
from medclaims.errors import Issue, Severity

__all__ = [
    "CORRECT_AND_RESUBMIT",
    "FOLLOW_UP_ACKNOWLEDGEMENT",
    "AckCorrelation",
    "AckState",
    "ClaimAckStatus",
    "SentClaim",
    "correlate",
    "describe_status_code",
    "sent_claims",
]

CORRECT_AND_RESUBMIT = "correct_and_resubmit"
"""Action item of a rejected claim."""
FOLLOW_UP_ACKNOWLEDGEMENT = "follow_up_acknowledgement"
"""Action item of a claim with no 277CA after ``follow_up_after`` days."""


class AckState(StrEnum):
    """Where a sent claim stands before any payment."""

    REJECTED = "rejected"
    ACCEPTED = "accepted"
    RECEIVED = "received"
    NOT_ACKNOWLEDGED = "not_acknowledged"


@attrs.frozen(field_transformer=typed_fields)
class SentClaim:
    """One claim as sent: its id and the envelopes it travelled in."""

    claim_id: str = attrs.field(repr=_masked)
    """Patient control number (837P CLM01); masked in repr."""
    interchange_control_number: str
    """ISA13 of the 837P interchange."""
    group_control_number: str
    """GS06 of the 837P functional group."""
    transaction_control_number: str
    """ST02 of the 837P transaction set."""
    sent_on: dt.date | None = None
    """When it was sent: BHT04 of the transaction set (else GS04)."""


@attrs.frozen(field_transformer=typed_fields)
class ClaimAckStatus:
    """What the acknowledgements say about one sent claim."""

    claim: SentClaim
    """The claim sent."""
    state: AckState
    """``rejected``, ``accepted``, ``received`` or ``not_acknowledged``."""
    source: str = ""
    """What decided the state: ``TA1``, ``999``, ``277CA`` (``""`` when none)."""
    acknowledged_on: dt.date | None = None
    """Date of the deciding acknowledgement: the 277CA status's STC02 (else its BHT04),
    the 999 group's GS04, the TA1's TA102."""
    status_codes: tuple[StatusCode, ...] = ()
    """The deciding 277CA's claim-level status composites (STC01, STC10, STC11)."""
    reasons: tuple[str, ...] = ()
    """The codes and their meaning in words, e.g. ``A7/562/85: Rejected: information
    not valid; Entity National Provider Identifier; Billing provider`` (no PHI)."""
    payer_claim_control_number: str = attrs.field(default="", repr=_masked)
    """The payer's claim number from the 277CA (REF*1K), when given."""
    action: str = ""
    """``correct_and_resubmit`` (rejected), ``follow_up_acknowledgement`` (no 277CA
    after the waiting period) or ``""``."""
    days_waiting: int | None = None
    """Days from sending (not acknowledged) or from the acknowledgement (accepted,
    received) to ``as_of``; ``None`` without the dates."""


@attrs.frozen(field_transformer=typed_fields)
class AckCorrelation:
    """The result of :func:`correlate`."""

    claims: tuple[ClaimAckStatus, ...]
    """One per sent claim, in the order sent."""
    issues: tuple[Issue, ...] = ()
    """Acknowledgements that match nothing, duplicates, codes outside their lists."""

    def state_counts(self) -> Mapping[AckState, int]:
        """Number of claims in each state (every state listed)."""
        counts = dict.fromkeys(AckState, 0)
        for c in self.claims:
            counts[c.state] += 1
        return counts

    def in_state(self, state: AckState) -> list[ClaimAckStatus]:
        """The claims in ``state``, in the order sent."""
        return [c for c in self.claims if c.state is state]

    def action_items(self) -> list[ClaimAckStatus]:
        """The claims that need someone to act, in the order sent."""
        return [c for c in self.claims if c.action]


def describe_status_code(code: StatusCode) -> str:
    """A status composite in words: ``A7/562/85: Rejected: ...; ...; Billing provider``."""
    key = "/".join(p for p in (code.category_code, code.status_code, code.entity_code) if p)
    words = [
        w
        for w in (
            describe_claim_status_category(code.category_code),
            describe_claim_status_code(code.status_code) if code.status_code else None,
            describe_entity(code.entity_code) if code.entity_code else None,
        )
        if w
    ]
    return f"{key}: {'; '.join(words)}" if words else key


def sent_claims(files: Iterable[Any]) -> list[SentClaim]:
    """The claims of read 837Ps (:class:`~medclaims.professional.reader.Claim837File`
    or its transactions), with their envelope keys, in order."""
    out: list[SentClaim] = []
    for item in files:
        transactions = getattr(item, "transactions", None)
        for tx in transactions if transactions is not None else (item,):
            created = tx.created_at.date() if tx.created_at is not None else None
            if created is None and tx.group is not None:
                from medclaims.x12.values import parse_date

                created = parse_date(tx.group.date)
            for enc in tx.encounters:
                out.append(
                    SentClaim(
                        claim_id=enc.claim_id,
                        interchange_control_number=tx.interchange.control_number,
                        group_control_number=tx.group.control_number if tx.group else "",
                        transaction_control_number=tx.header.control_number,
                        sent_on=created,
                    )
                )
    return out


def _flatten(acks: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in acks:
        if isinstance(item, AckFile):
            out.extend(item.interchange_acks)
            out.extend(item.implementation_acks)
            out.extend(item.claim_acks)
        elif isinstance(item, InterchangeAck | ImplementationAck | ClaimAcknowledgement):
            out.append(item)
        elif isinstance(item, Iterable) and not isinstance(item, str | bytes):
            out.extend(_flatten(item))
        else:
            raise TypeError(
                "acks must hold parsed acknowledgements (TA1, 999, 277CA records or an "
                f"AckFile), not {type(item).__name__}"
            )
    return out


def _issue(code: str, message: str, path: str, severity: Severity = Severity.WARNING) -> Issue:
    return Issue(severity, code, message, path=path)


def _set_reasons(ts: TransactionSetAck) -> tuple[str, ...]:
    out = [f"IK5 {ts.ack_code}: {describe_ack_code(ts.ack_code) or 'unknown code'}"]
    for code in ts.syntax_error_codes:
        out.append(f"IK502 {code}: {describe_transaction_error(code) or 'unknown code'}")
    for err in ts.segment_errors:
        where = f"{err.segment_id} at {err.position}" if err.position else err.segment_id
        out.append(f"IK3 {where}: {describe_segment_error(err.error_code) or err.error_code}")
    return tuple(out)


def _claim_date(claim: ClaimStatus, ack: ClaimAcknowledgement) -> dt.date | None:
    return claim.effective_date or ack.created_date


def _group_date(ack: ImplementationAck) -> dt.date | None:
    if ack.group is None:
        return None
    from medclaims.x12.values import parse_date

    return parse_date(ack.group.date)


class _Correlator:
    def __init__(self, sent: list[SentClaim]) -> None:
        self.sent = sent
        self.issues: list[Issue] = []
        self.by_isa: dict[str, list[int]] = {}
        self.by_gs: dict[str, list[int]] = {}
        self.by_st: dict[tuple[str, str], list[int]] = {}
        self.by_id: dict[str, list[int]] = {}
        for i, c in enumerate(sent):
            self.by_isa.setdefault(c.interchange_control_number.lstrip("0"), []).append(i)
            self.by_gs.setdefault(c.group_control_number.lstrip("0"), []).append(i)
            key = (c.group_control_number.lstrip("0"), c.transaction_control_number)
            self.by_st.setdefault(key, []).append(i)
            self.by_id.setdefault(c.claim_id.strip(), []).append(i)
        # Per claim: the envelope verdict (TA1/999) and the 277CA verdict, kept apart.
        self.envelope: dict[int, dict[str, Any]] = {}
        self.status: dict[int, dict[str, Any]] = {}
        self.seen_ta1: set[tuple[str, str, str]] = set()
        self.seen_999: set[tuple[str, str]] = set()
        self.seen_277: set[tuple[str, tuple[StatusCode, ...], dt.date | None]] = set()

    def ta1(self, ack: InterchangeAck, path: str) -> None:
        if ack.ack_code not in ("A", "E", "R") or ack.note_code not in TA1_NOTES:
            self.issues.append(
                _issue("ack-ta1-code", "TA1 acknowledgement or note code outside its list", path)
            )
        key = (ack.control_number, ack.ack_code, ack.note_code)
        if key in self.seen_ta1:
            self.issues.append(_issue("ack-duplicate", "TA1 received twice", path))
            return
        self.seen_ta1.add(key)
        claims = self.by_isa.get(ack.control_number.lstrip("0"))
        if not claims:
            self.issues.append(
                _issue("ack-unknown-interchange", "TA1 for an interchange not sent", path)
            )
            return
        if ack.ack_code == "R":  # a code outside the list decides nothing (an issue above)
            reason = f"TA1 {ack.ack_code}/{ack.note_code}: " + (
                describe_ta1_note(ack.note_code) or "unknown note code"
            )
            for i in claims:
                self.envelope[i] = {"source": "TA1", "date": ack.date, "reasons": (reason,)}

    def implementation(self, ack: ImplementationAck, path: str) -> None:
        gs = ack.group_control_number.lstrip("0")
        group = self.by_gs.get(gs)
        if not group:
            self.issues.append(
                _issue("ack-unknown-group", "999 for a functional group not sent", path)
            )
            return
        date = _group_date(ack)
        listed: set[int] = set()
        for n, ts in enumerate(ack.transaction_sets):
            where = f"{path}.transaction_sets[{n}]"
            key = (gs, ts.control_number)
            if key in self.seen_999:
                self.issues.append(
                    _issue("ack-duplicate", "transaction set acknowledged twice", where)
                )
                continue
            self.seen_999.add(key)
            claims = self.by_st.get(key)
            if not claims:
                self.issues.append(
                    _issue(
                        "ack-unknown-transaction",
                        "999 AK2 names a transaction set the 837Ps sent do not hold",
                        where,
                    )
                )
                continue
            listed.update(claims)
            if ts.rejected:
                for i in claims:
                    self.envelope[i] = {"source": "999", "date": date, "reasons": _set_reasons(ts)}
        if ack.group_ack_code == "R" and not ack.transaction_sets:
            reason = f"AK9 R: {describe_ack_code('R')}"
            for i in group:
                if i not in listed:
                    self.envelope[i] = {"source": "999", "date": date, "reasons": (reason,)}

    def claim_ack(self, ack: ClaimAcknowledgement, path: str) -> None:
        for n, claim in enumerate(ack.claims):
            where = f"{path}.claims[{n}]"
            date = _claim_date(claim, ack)
            key = (claim.patient_control_number.strip(), claim.status_codes, date)
            if key in self.seen_277:
                self.issues.append(_issue("ack-duplicate", "claim acknowledged twice", where))
                continue
            self.seen_277.add(key)
            candidates = self.by_id.get(claim.patient_control_number.strip())
            if not candidates:
                self.issues.append(
                    _issue("ack-unknown-claim", "277CA names a claim id not sent", where)
                )
                continue
            target = self._submission(candidates, date)
            previous = self.status.get(target)
            if previous is not None and previous["date"] and date and date < previous["date"]:
                continue  # an older answer, read after a newer one
            self.status[target] = {"ack": ack, "claim": claim, "date": date}

    def _submission(self, candidates: list[int], date: dt.date | None) -> int:
        """The latest submission sent on or before ``date`` (the last one without dates)."""
        if date is not None:
            before = [i for i in candidates if (self.sent[i].sent_on or dt.date.min) <= date]
            if before:
                return max(before, key=lambda i: (self.sent[i].sent_on or dt.date.min, i))
        return max(candidates, key=lambda i: (self.sent[i].sent_on or dt.date.min, i))

    def result(self, as_of: dt.date | None, follow_up_after: int) -> list[ClaimAckStatus]:
        out = []
        for i, sent in enumerate(self.sent):
            env, st = self.envelope.get(i), self.status.get(i)
            if env is not None:
                out.append(
                    ClaimAckStatus(
                        claim=sent,
                        state=AckState.REJECTED,
                        source=env["source"],
                        acknowledged_on=env["date"],
                        reasons=env["reasons"],
                        action=CORRECT_AND_RESUBMIT,
                    )
                )
                continue
            if st is None:
                waiting = (as_of - sent.sent_on).days if as_of and sent.sent_on else None
                late = waiting is not None and waiting > follow_up_after
                out.append(
                    ClaimAckStatus(
                        claim=sent,
                        state=AckState.NOT_ACKNOWLEDGED,
                        action=FOLLOW_UP_ACKNOWLEDGEMENT if late else "",
                        days_waiting=waiting,
                    )
                )
                continue
            claim: ClaimStatus = st["claim"]
            outcome = claim.outcome
            state = {
                "rejected": AckState.REJECTED,
                "accepted": AckState.ACCEPTED,
                "received": AckState.RECEIVED,
            }.get(outcome, AckState.RECEIVED)
            date = st["date"]
            out.append(
                ClaimAckStatus(
                    claim=sent,
                    state=state,
                    source="277CA",
                    acknowledged_on=date,
                    status_codes=claim.status_codes,
                    reasons=tuple(describe_status_code(c) for c in claim.status_codes),
                    payer_claim_control_number=claim.payer_claim_control_number or "",
                    action=CORRECT_AND_RESUBMIT if state is AckState.REJECTED else "",
                    days_waiting=(as_of - date).days
                    if as_of and date and state is not AckState.REJECTED
                    else None,
                )
            )
        return out


def correlate(
    sent: Iterable[Any],
    acks: Iterable[Any],
    *,
    as_of: dt.date | None = None,
    follow_up_after: int = 7,
) -> AckCorrelation:
    """What the acknowledgements ``acks`` say about each claim of ``sent``.

    ``sent``: read 837Ps (:func:`~medclaims.professional.reader.read_837p` results or
    their transactions) or :class:`SentClaim` records. ``acks``: parsed TA1s, 999s
    and 277CAs (records, lists of them, or :class:`~medclaims.acks.AckFile`), in the
    order received. ``as_of``: the date waiting times count to; a claim with no
    277CA after ``follow_up_after`` days gets the action ``follow_up_acknowledgement``.
    Never raises on odd acknowledgement content: problems become ``issues``.
    """
    items = list(sent)
    claims = [c for c in items if isinstance(c, SentClaim)]
    claims += sent_claims(c for c in items if not isinstance(c, SentClaim))
    work = _Correlator(claims)
    for n, ack in enumerate(_flatten(acks)):
        path = f"acks[{n}]"
        if isinstance(ack, InterchangeAck):
            work.ta1(ack, path)
        elif isinstance(ack, ImplementationAck):
            work.implementation(ack, path)
        else:
            work.claim_ack(ack, path)
    return AckCorrelation(
        claims=tuple(work.result(as_of, follow_up_after)), issues=tuple(work.issues)
    )
