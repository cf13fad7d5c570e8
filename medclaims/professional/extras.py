"""Segments an 837P carries beyond the encounter model, kept as read.

Strategy: the reader maps what the model has fields for and keeps every other
segment, whole, on the nearest record (:attr:`Encounter.extra_segments`,
:attr:`ServiceLine.extra_segments`, the transaction's ``extra_segments``), so
nothing in a file is dropped silently and an auditor can see exactly what a
trip through the model would lose. The builder does not write them back.

Elements are kept as text in the default delimiters: a composite's components
are joined with ``:`` and repetitions with ``^`` whatever the file used (a file
with other separators whose values contain ``:`` or ``^`` is therefore
ambiguous here; the segment index in the issues locates the original).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from attrs import validators as v

from medclaims._support.fields import instance_of
from medclaims.x12 import Segment

__all__ = ["ExtraSegment", "extra_segment"]


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)  # type: ignore[return-value]


@attrs.frozen(kw_only=True, cache_hash=True)
class ExtraSegment:
    """One segment the model has no field for, with the loop it appeared in."""

    loop: str = attrs.field(validator=instance_of(str))
    """837P loop id where the segment was read: ``"2300"``, ``"2320"``, ``"2330B"``,
    ``"2400"``, ``"2430"``, ``"2010AA"``, ``"1000A"``, ``"HEADER"`` (before loop 1000A)."""
    segment_id: str = attrs.field(validator=instance_of(str))
    """Segment identifier (element 00), e.g. ``AMT``."""
    elements: tuple[str, ...] = attrs.field(
        converter=_texts,
        validator=v.deep_iterable(instance_of(str), instance_of(tuple)),
        repr=False,
    )
    """Elements 01, 02... as text (composites joined with ``:``, repetitions with ``^``);
    hidden from repr since they may hold names, ids or addresses."""


def extra_segment(loop: str, seg: Segment) -> ExtraSegment:
    """The :class:`ExtraSegment` for a read segment, in the default delimiters."""
    d = seg.delimiters
    elements = seg.elements[1:]
    if d.component != ":" or (d.repetition is not None and d.repetition != "^"):
        table = {ord(d.component): ":"}
        if d.repetition is not None:
            table[ord(d.repetition)] = "^"
        elements = [e.translate(table) for e in elements]
    return ExtraSegment(loop=loop, segment_id=seg.id, elements=tuple(elements))
