"""Interchange (ISA/IEA), functional group (GS/GE) and transaction set (ST/SE).

Strategy: headers are frozen records that read from and write to segments;
each checks its field types on construction (messages never quote a value).
:class:`EnvelopeTracker` follows the nesting as segments pass and reports
every mismatch as an :class:`~medclaims.errors.Issue`; it only needs to see
the six envelope segments, because a transaction's segment count is the
difference of segment indexes (SE01 counts ST and SE themselves, X12.6).
:func:`build_envelopes` wraps transaction bodies and computes every trailer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence

import attrs

from medclaims._support.fields import typed_fields
from medclaims.errors import Issue, Severity
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.numbers import whole_number
from medclaims.x12.reader import Source, check_source, read_segments
from medclaims.x12.segment import Segment
from medclaims.x12.writer import Element, SegmentData, isa_elements

__all__ = [
    "ENVELOPE_IDS",
    "EnvelopeTracker",
    "GroupHeader",
    "InterchangeHeader",
    "Transaction",
    "TransactionHeader",
    "build_envelopes",
    "check_envelopes",
    "iter_transactions",
]

ENVELOPE_IDS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})
"""Ids of the envelope segments: interchange, functional group and transaction set."""


@attrs.frozen(field_transformer=typed_fields)
class InterchangeHeader:
    """The ISA segment's data (delimiters ISA11/ISA16 live in :class:`Delimiters`)."""

    sender_qualifier: str = "ZZ"
    """Interchange sender id qualifier (ISA05)."""
    sender_id: str = ""
    """Interchange sender id, unpadded (ISA06)."""
    receiver_qualifier: str = "ZZ"
    """Interchange receiver id qualifier (ISA07)."""
    receiver_id: str = ""
    """Interchange receiver id, unpadded (ISA08)."""
    date: str = ""
    """Interchange date YYMMDD (ISA09)."""
    time: str = ""
    """Interchange time HHMM (ISA10)."""
    control_number: str = "000000001"
    """Interchange control number, nine digits (ISA13 = IEA02)."""
    usage: str = "P"
    """``P`` production or ``T`` test (ISA15)."""
    version: str = "00501"
    """Interchange control version (ISA12)."""
    ack_requested: str = "0"
    """``1`` when a TA1 is requested (ISA14)."""
    authorization_qualifier: str = "00"
    """Authorization information qualifier (ISA01)."""
    authorization: str = ""
    """Authorization information (ISA02)."""
    security_qualifier: str = "00"
    """Security information qualifier (ISA03)."""
    security: str = ""
    """Security information (ISA04)."""

    @classmethod
    def from_segment(cls, seg: Segment) -> InterchangeHeader:
        """Read an ISA segment."""
        g = seg.get
        return cls(
            sender_qualifier=g(5).strip(),
            sender_id=g(6).strip(),
            receiver_qualifier=g(7).strip(),
            receiver_id=g(8).strip(),
            date=g(9).strip(),
            time=g(10).strip(),
            control_number=g(13).strip(),
            usage=g(15).strip(),
            version=g(12).strip(),
            ack_requested=g(14).strip(),
            authorization_qualifier=g(1).strip(),
            authorization=g(2).strip(),
            security_qualifier=g(3).strip(),
            security=g(4).strip(),
        )

    @classmethod
    def create(
        cls,
        *,
        sender: tuple[str, str],
        receiver: tuple[str, str],
        control_number: int,
        created_at: dt.datetime,
        usage: str = "P",
        ack_requested: bool = False,
    ) -> InterchangeHeader:
        """A 5010 header from (qualifier, id) pairs and a timestamp."""
        return cls(
            sender_qualifier=sender[0],
            sender_id=sender[1],
            receiver_qualifier=receiver[0],
            receiver_id=receiver[1],
            date=created_at.strftime("%y%m%d"),
            time=created_at.strftime("%H%M"),
            control_number=f"{control_number:09d}",
            usage=usage,
            ack_requested="1" if ack_requested else "0",
        )

    def to_segment(self, delimiters: Delimiters = DEFAULT_DELIMITERS) -> list[Element]:
        """ISA with every field padded to its fixed width."""
        return isa_elements(
            [
                self.authorization_qualifier,
                self.authorization,
                self.security_qualifier,
                self.security,
                self.sender_qualifier,
                self.sender_id,
                self.receiver_qualifier,
                self.receiver_id,
                self.date,
                self.time,
                self.version,
                self.control_number,
                self.ack_requested,
                self.usage,
            ],
            delimiters,
        )


@attrs.frozen(field_transformer=typed_fields)
class GroupHeader:
    """The GS segment's data."""

    functional_id: str
    """Functional identifier code: ``HC`` for 837, ``HP`` for 835 (GS01)."""
    sender_id: str
    """Application sender's code (GS02)."""
    receiver_id: str
    """Application receiver's code (GS03)."""
    date: str
    """Group date CCYYMMDD (GS04)."""
    time: str
    """Group time HHMM[SS] (GS05)."""
    control_number: str
    """Group control number (GS06 = GE02)."""
    version: str
    """Version / implementation reference, e.g. ``005010X222A1`` (GS08)."""
    agency: str = "X"
    """Responsible agency code (GS07)."""

    @classmethod
    def from_segment(cls, seg: Segment) -> GroupHeader:
        """Read a GS segment."""
        g = seg.get
        return cls(g(1), g(2), g(3), g(4), g(5), g(6), g(8), g(7))

    def to_segment(self) -> list[Element]:
        """The GS segment."""
        return [
            "GS",
            self.functional_id,
            self.sender_id,
            self.receiver_id,
            self.date,
            self.time,
            self.control_number,
            self.agency,
            self.version,
        ]


@attrs.frozen(field_transformer=typed_fields)
class TransactionHeader:
    """The ST segment's data."""

    transaction_set_id: str
    """Transaction set identifier, ``837`` or ``835`` (ST01)."""
    control_number: str
    """Transaction set control number (ST02 = SE02)."""
    implementation_reference: str = ""
    """Implementation convention reference (ST03), e.g. ``005010X222A1``."""

    @classmethod
    def from_segment(cls, seg: Segment) -> TransactionHeader:
        """Read an ST segment."""
        return cls(seg.get(1), seg.get(2), seg.get(3))

    def to_segment(self) -> list[Element]:
        """The ST segment."""
        return ["ST", self.transaction_set_id, self.control_number, self.implementation_reference]


def _issue(code: str, message: str, seg: Segment | None, element: int | None = None) -> Issue:
    loc = seg.location(element) if seg is not None else None
    return Issue(Severity.ERROR, code, message, loc)


class EnvelopeTracker:
    """Follows ISA/GS/ST nesting and checks every trailer against its header.

    Feed it the envelope segments (ids in :data:`ENVELOPE_IDS`) with
    :meth:`feed`, other segments outside a transaction with :meth:`stray`,
    then call :meth:`finish`. Findings accumulate in :attr:`issues`.
    """

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.isa: Segment | None = None
        self.gs: Segment | None = None
        self.st: Segment | None = None
        self.groups = 0
        self.transactions = 0

    @property
    def in_transaction(self) -> bool:
        """True between an ST and its SE."""
        return self.st is not None

    def feed(self, seg: Segment) -> bool:
        """Take one envelope segment; ``False`` for a trailer without its header.

        Such a stray (an SE without its ST, a GE without its GS, an IEA
        without its ISA) closes nothing: it is reported, and a caller that
        keeps every segment keeps it as read.
        """
        take: Callable[[Segment], bool] = getattr(self, "_on_" + seg.elements[0])
        return take(seg)

    def stray(self, seg: Segment) -> None:
        """Report a non-envelope segment found outside any transaction."""
        self.issues.append(_issue("unexpected-segment", "segment outside a transaction set", seg))

    def finish(self, end: Segment | None = None) -> list[Issue]:
        """Report trailers still missing at the end of input; returns all issues."""
        self._close_st(end)
        self._close_gs(end)
        if self.isa is not None:
            self.issues.append(_issue("missing-iea", "interchange has no IEA trailer", self.isa))
            self.isa = None
        return self.issues

    def _close_st(self, at: Segment | None) -> None:
        if self.st is not None:
            self.issues.append(_issue("missing-se", "transaction set has no SE trailer", self.st))
            self.st = None

    def _close_gs(self, at: Segment | None) -> None:
        if self.gs is not None:
            self.issues.append(_issue("missing-ge", "functional group has no GE trailer", self.gs))
            self.gs = None

    def _on_ISA(self, seg: Segment) -> bool:
        self.finish(seg)
        self.isa, self.groups = seg, 0
        return True

    def _on_GS(self, seg: Segment) -> bool:
        self._close_st(seg)
        self._close_gs(seg)
        if self.isa is None:
            self.issues.append(_issue("unexpected-segment", "GS outside an interchange", seg))
        self.gs, self.transactions = seg, 0
        return True

    def _on_ST(self, seg: Segment) -> bool:
        self._close_st(seg)
        if self.gs is None:
            self.issues.append(_issue("unexpected-segment", "ST outside a functional group", seg))
        self.st = seg
        return True

    def _on_SE(self, seg: Segment) -> bool:
        st = self.st
        if st is None:
            self.issues.append(_issue("unexpected-segment", "SE without its ST", seg))
            return False
        counted = seg.segment_index - st.segment_index + 1
        self._compare(seg, 1, counted, "se-count", "SE01 does not equal the segments ST..SE")
        self._compare(seg, 2, st.get(2), "se-control", "SE02 does not equal ST02")
        self.st = None
        self.transactions += 1
        return True

    def _on_GE(self, seg: Segment) -> bool:
        self._close_st(seg)
        gs = self.gs
        if gs is None:
            self.issues.append(_issue("unexpected-segment", "GE without its GS", seg))
            return False
        self._compare(
            seg,
            1,
            self.transactions,
            "ge-count",
            "GE01 does not equal the number of transaction sets",
        )
        self._compare(seg, 2, gs.get(6), "ge-control", "GE02 does not equal GS06")
        self.gs = None
        self.groups += 1
        return True

    def _on_IEA(self, seg: Segment) -> bool:
        self._close_st(seg)
        self._close_gs(seg)
        isa = self.isa
        if isa is None:
            self.issues.append(_issue("unexpected-segment", "IEA without its ISA", seg))
            return False
        self._compare(
            seg, 1, self.groups, "iea-count", "IEA01 does not equal the number of functional groups"
        )
        self._compare(seg, 2, isa.get(13).strip(), "iea-control", "IEA02 does not equal ISA13")
        self.isa = None
        return True

    def _compare(
        self, seg: Segment, element: int, expected: int | str, code: str, message: str
    ) -> None:
        raw = seg.get(element).strip()
        if isinstance(expected, int):
            ok = whole_number(raw) == expected
            detail = f" (expected {expected})"
        else:
            number = whole_number(raw)
            ok = raw == expected or (number is not None and number == whole_number(expected))
            detail = ""
        if not ok:
            self.issues.append(_issue(code, message + detail, seg, element))


def check_envelopes(segments: Iterable[Segment]) -> list[Issue]:
    """Every envelope mismatch in a segment stream, as issues."""
    tracker = EnvelopeTracker()
    last: Segment | None = None
    for seg in segments:
        last = seg
        if seg.elements[0] in ENVELOPE_IDS:
            tracker.feed(seg)
        elif tracker.st is None:
            tracker.stray(seg)
    return tracker.finish(last)


@attrs.frozen(field_transformer=typed_fields)
class Transaction:
    """One transaction set with the headers that enclose it."""

    interchange: InterchangeHeader
    group: GroupHeader | None
    header: TransactionHeader
    delimiters: Delimiters
    segments: list[Segment] = attrs.field(repr=lambda s: f"<{len(s)} segments>")
    """The segments from ST to SE inclusive (SE missing when the input lacks it)."""


def iter_transactions(
    source: Source | Iterable[Segment], issues: list[Issue] | None = None
) -> Iterator[Transaction]:
    """Group a stream into transaction sets; envelope findings go to ``issues``."""
    segments = _segments_of(source, issues)
    tracker = EnvelopeTracker()
    isa = InterchangeHeader()
    gs: GroupHeader | None = None
    current: list[Segment] | None = None
    header: TransactionHeader | None = None
    last: Segment | None = None
    for seg in segments:
        last = seg
        seg_id = seg.elements[0]
        is_envelope = seg_id in ENVELOPE_IDS
        if is_envelope:
            tracker.feed(seg)
        if current is not None and header is not None:
            if not is_envelope or seg_id == "SE":
                current.append(seg)
                if not is_envelope:
                    continue
            yield Transaction(isa, gs, header, current[0].delimiters, current)
            current, header = None, None
            if seg_id == "SE":
                continue
        if seg_id == "ISA":
            isa = InterchangeHeader.from_segment(seg)
        elif seg_id == "GS":
            gs = GroupHeader.from_segment(seg)
        elif seg_id == "ST":
            current, header = [seg], TransactionHeader.from_segment(seg)
        elif not is_envelope:
            tracker.stray(seg)
    if current is not None and header is not None:
        yield Transaction(isa, gs, header, current[0].delimiters, current)
    found = tracker.finish(last)
    if issues is not None:
        issues.extend(found)


def _segments_of(
    source: Source | Iterable[Segment], issues: list[Issue] | None
) -> Iterable[Segment]:
    check_source(source)
    if isinstance(source, str | bytes | bytearray | memoryview) or hasattr(source, "read"):
        return read_segments(source, issues=issues)  # type: ignore[arg-type]
    return source


def build_envelopes(
    interchange: InterchangeHeader,
    groups: Sequence[tuple[GroupHeader, Sequence[tuple[TransactionHeader, Sequence[SegmentData]]]]],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
) -> list[SegmentData]:
    """ISA, then each GS with its ST..SE bodies, then GE and IEA, trailers computed.

    A body is the segments between ST and SE; SE01 counts them plus ST and SE.
    """
    out: list[SegmentData] = [interchange.to_segment(delimiters)]
    for group, transactions in groups:
        out.append(group.to_segment())
        for header, body in transactions:
            out.append(header.to_segment())
            out.extend(body)
            out.append(["SE", str(len(body) + 2), header.control_number])
        out.append(["GE", str(len(transactions)), group.control_number])
    out.append(["IEA", str(len(groups)), interchange.control_number])
    return out
