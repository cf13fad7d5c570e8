"""Read acknowledgements: TA1, 999/997 and 277CA/277, from str, bytes or a binary file.

Strategy: :func:`~medclaims.acks._envelopes.split_input` cuts the input into
TA1 segments and transaction sets; each goes to the reader of its kind
(:mod:`._read_999`, :mod:`._read_277`, the TA1 below). :func:`read_acks`
returns them all; :func:`parse_ta1`, :func:`parse_999` and
:func:`parse_277ca` return the records of one kind.

Lenient (default): problems become :class:`~medclaims.errors.Issue` records
on each acknowledgement (findings about the file as a whole, such as envelope
mismatches, on the first one); only input that is not X12 raises
:class:`~medclaims.errors.X12SyntaxError`. ``strict=True`` raises
:class:`~medclaims.acks.AcknowledgementError` on the first error-severity
issue instead. Messages name segments, positions and elements, never values.
"""

from __future__ import annotations

import gc

import attrs

from medclaims._support.fields import typed_fields
from medclaims.acks._common import Reading, kept, six_digit_date
from medclaims.acks._envelopes import Piece, split_input
from medclaims.acks._errors import AcknowledgementError
from medclaims.acks._read_277 import read_277
from medclaims.acks._read_999 import read_999
from medclaims.acks.records import (
    ClaimAcknowledgement,
    ExtraSegment,
    ImplementationAck,
    InterchangeAck,
)
from medclaims.codes import TA1_NOTES
from medclaims.errors import Issue, Severity
from medclaims.x12.reader import Source
from medclaims.x12.segment import Segment

__all__ = ["AckFile", "parse_277ca", "parse_999", "parse_ta1", "read_acks"]

_TA1_CODES = frozenset({"A", "E", "R"})


@attrs.frozen(field_transformer=typed_fields)
class AckFile:
    """Everything :func:`read_acks` found in one input, in file order per kind."""

    interchange_acks: tuple[InterchangeAck, ...] = ()
    """TA1 segments."""
    implementation_acks: tuple[ImplementationAck, ...] = ()
    """999 and 997 transaction sets."""
    claim_acks: tuple[ClaimAcknowledgement, ...] = ()
    """277CA and 277 transaction sets."""
    other_transactions: tuple[str, ...] = ()
    """Transaction set ids (ST01) of other kinds, skipped (with an issue each)."""
    stray_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=False)
    """Segments read outside any transaction set (not TA1 or envelopes), as read."""
    issues: tuple[Issue, ...] = ()
    """Findings about the file as a whole: envelopes, strays, skipped transactions."""

    @property
    def all_issues(self) -> list[Issue]:
        """The file's issues and those of every acknowledgement, in that order."""
        out = list(self.issues)
        for group in (self.interchange_acks, self.implementation_acks, self.claim_acks):
            for ack in group:
                out.extend(ack.issues)
        return out


def _read_ta1(piece: Piece) -> InterchangeAck:
    seg = piece.segments[0]
    reading = Reading()
    code, note = seg.get(4), seg.get(5)
    if code not in _TA1_CODES:
        reading.issue("ta1-code", "TA104 is not A, E or R", seg, 4)
    if note not in TA1_NOTES:
        reading.issue("ta1-note", "TA105 is not an interchange note code (000-031)", seg, 5)
    if not seg.get(1):
        reading.issue("missing-element", "TA101 (interchange control number) is missing", seg, 1)
    date = six_digit_date(seg.get(2))
    if seg.get(2) and date is None:
        reading.issue("bad-date", "TA102 is not a YYMMDD date", seg, 2)
    return InterchangeAck(
        control_number=seg.get(1),
        date=date,
        time=seg.get(3),
        ack_code=code,
        note_code=note,
        interchange=piece.interchange,
        raw_date=seg.get(2) if date is None else "",
        extra_elements=tuple(seg.elements[6:]),
        issues=tuple(reading.issues),
    )


def read_acks(source: Source, *, strict: bool = False) -> AckFile:
    """Every TA1, 999/997 and 277CA/277 in ``source`` (``str``, ``bytes`` or a file object).

    Lenient by default; ``strict=True`` raises :class:`AcknowledgementError` on
    the first error-severity issue.
    """
    # The collector would walk every segment and builder held while a large 277CA is
    # read (hundreds of thousands of container objects, none in a cycle): paused, as
    # reconcile() does, and restored as it was.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _read_acks(source, strict)
    finally:
        if paused:
            gc.enable()


def _read_acks(source: Source, strict: bool) -> AckFile:
    issues: list[Issue] = []
    strays: list[Segment] = []
    ta1s: list[InterchangeAck] = []
    acks999: list[ImplementationAck] = []
    acks277: list[ClaimAcknowledgement] = []
    others: list[str] = []
    for piece in split_input(source, issues, strays):
        kind = piece.kind
        if kind == "TA1":
            ta1s.append(_read_ta1(piece))
        elif kind in ("999", "997"):
            acks999.append(read_999(piece, []))
        elif kind == "277":
            acks277.append(read_277(piece, []))
        else:
            others.append(kind)
            first = piece.segments[0]
            issues.append(
                Issue(
                    Severity.WARNING,
                    "not-an-acknowledgement",
                    f"transaction set {kind!r} is not a 999, 997 or 277; skipped"
                    if kind.isalnum() and len(kind) <= 3
                    else "transaction set is not a 999, 997 or 277; skipped",
                    first.location(1),
                )
            )
    result = AckFile(
        interchange_acks=tuple(ta1s),
        implementation_acks=tuple(acks999),
        claim_acks=tuple(acks277),
        other_transactions=tuple(others),
        stray_segments=tuple(kept(s) for s in strays),
        issues=tuple(issues),
    )
    if strict:
        for issue in result.all_issues:
            if issue.severity is Severity.ERROR:
                raise AcknowledgementError(issue.message, issue.location)
    return result


def _with_file_issues(records: list, file_issues: tuple[Issue, ...]) -> list:  # type: ignore[type-arg]
    if records and file_issues:
        records[0] = attrs.evolve(records[0], issues=(*file_issues, *records[0].issues))
    return records


def parse_ta1(source: Source, *, strict: bool = False) -> list[InterchangeAck]:
    """The TA1 interchange acknowledgements of ``source``, in order.

    A TA1 may stand alone in an interchange or come before its groups; both
    are read. Findings about the file go on the first TA1's issues.
    """
    found = read_acks(source, strict=strict)
    return _with_file_issues(list(found.interchange_acks), found.issues)


def parse_999(source: Source, *, strict: bool = False) -> list[ImplementationAck]:
    """The 999 (and 997) implementation acknowledgements of ``source``, in order.

    Each is one functional group's answer: AK1, one :class:`TransactionSetAck`
    per AK2 loop, AK9. Findings about the file go on the first one's issues.
    """
    found = read_acks(source, strict=strict)
    return _with_file_issues(list(found.implementation_acks), found.issues)


def parse_277ca(source: Source, *, strict: bool = False) -> list[ClaimAcknowledgement]:
    """The 277CA claim acknowledgements (and 277 claim status responses) of ``source``.

    ``ack.claims`` lists one :class:`ClaimStatus` per 2200D TRN loop. The
    receiver's and providers' totals are balanced against the claims listed;
    a difference is an issue. Findings about the file go on the first one's issues.
    """
    found = read_acks(source, strict=strict)
    return _with_file_issues(list(found.claim_acks), found.issues)
