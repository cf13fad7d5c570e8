"""Cut an input into TA1 segments and transaction sets, with their envelopes.

Strategy: one pass over :func:`~medclaims.x12.read_segments`. ISA, GS, ST, SE,
GE and IEA go to an :class:`~medclaims.x12.EnvelopeTracker` (its findings
become issues); a TA1 outside any transaction set is an interchange
acknowledgement of its own; each ST..SE becomes a :class:`Piece` for the
reader of its kind. Any other segment outside a transaction set is kept as a
stray, with an issue. Nothing here knows what a 999 or a 277 holds.
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from medclaims.errors import Issue, Severity
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.envelope import (
    ENVELOPE_IDS,
    EnvelopeTracker,
    GroupHeader,
    InterchangeHeader,
)
from medclaims.x12.reader import Source, check_source, read_segments
from medclaims.x12.segment import Segment

__all__ = ["Piece", "split_input"]


@attrs.define
class Piece:
    """A TA1 segment or a transaction set (ST..SE) with the envelopes around it."""

    interchange: InterchangeHeader
    group: GroupHeader | None
    delimiters: Delimiters
    segments: list[Segment]
    """The TA1 alone, or ST..SE (SE missing when the input lacks it)."""

    @property
    def kind(self) -> str:
        """``TA1`` or the transaction set id (ST01)."""
        first = self.segments[0]
        return "TA1" if first.elements[0] == "TA1" else first.get(1)


def split_input(source: Source, issues: list[Issue], strays: list[Segment]) -> Iterator[Piece]:
    """Yield the TA1s and transaction sets of ``source`` in order.

    Envelope findings go to ``issues``; segments outside any transaction set
    that are neither envelopes nor TA1 go to ``strays`` (and an issue each).
    """
    check_source(source)
    segments = read_segments(source, issues=issues)
    tracker = EnvelopeTracker()
    isa = InterchangeHeader()
    gs: GroupHeader | None = None
    delims = DEFAULT_DELIMITERS
    current: list[Segment] | None = None
    last: Segment | None = None
    for seg in segments:
        last = seg
        seg_id = seg.elements[0]
        is_envelope = seg_id in ENVELOPE_IDS
        if is_envelope:
            tracker.feed(seg)
        if current is not None:
            if not is_envelope or seg_id == "SE":
                current.append(seg)
                if not is_envelope:
                    continue
            yield Piece(isa, gs, delims, current)
            current = None
            if seg_id == "SE":
                continue
        if seg_id == "ISA":
            isa = InterchangeHeader.from_segment(seg)
            delims = seg.delimiters
            gs = None
        elif seg_id == "GS":
            gs = GroupHeader.from_segment(seg)
        elif seg_id == "GE":
            gs = None
        elif seg_id == "ST":
            current = [seg]
        elif seg_id == "TA1":
            yield Piece(isa, None, delims, [seg])
        elif not is_envelope:
            strays.append(seg)
            issues.append(
                Issue(
                    Severity.WARNING,
                    "stray-segment",
                    "segment outside any transaction set, kept as a stray",
                    seg.location(),
                )
            )
    if current is not None:
        yield Piece(isa, gs, delims, current)
    issues.extend(tracker.finish(last))
