"""Turn segments back into X12 text.

Strategy: a segment to write is a sequence whose first item is the segment id
and whose other items are elements. An element is a ``str``, a ``tuple`` of
strings (a composite, joined with the component separator) or a ``list`` of
those (repetitions, joined with ISA11's repetition separator). Trailing empty
elements and components are dropped, as X12 requires. Every value is checked:
one holding a delimiter or a control character raises
:class:`~medclaims.errors.X12WriteError` naming the segment and element, never
the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from medclaims.errors import X12WriteError
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.segment import Segment

__all__ = [
    "Composite",
    "Element",
    "SegmentData",
    "format_segment",
    "format_segments",
    "isa_elements",
    "segment_data",
]

Composite = tuple[str, ...]
"""A composite element to write: its components, joined by the component separator."""
Element = str | Composite | list[str | Composite]
"""An element to write: text, a composite, or a list of repetitions."""
SegmentData = Sequence[Element]
"""A segment to write: ``[id, element1, element2, ...]``."""

#: Fixed widths of ISA01..ISA16 (X12.5).
ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)


@cache
def _forbidden(delimiters: Delimiters) -> re.Pattern[str]:
    chars = re.escape(delimiters.all)
    return re.compile(f"[{chars}\\x00-\\x1f\\x7f]")


def _trim(values: list[str]) -> list[str]:
    while len(values) > 1 and not values[-1]:
        values.pop()
    return values


def _join_composite(
    value: Composite, bad: re.Pattern[str], d: Delimiters, seg_id: str, pos: int
) -> str:
    parts = list(value)
    for n, part in enumerate(parts, 1):
        if bad.search(part):
            raise X12WriteError("component holds a delimiter or control character", seg_id, pos, n)
    while parts and not parts[-1]:
        parts.pop()
    return d.component.join(parts)


def _element_text(
    value: Element, bad: re.Pattern[str], d: Delimiters, seg_id: str, pos: int
) -> str:
    if isinstance(value, str):
        if bad.search(value):
            raise X12WriteError("element holds a delimiter or control character", seg_id, pos)
        return value
    if isinstance(value, tuple):
        return _join_composite(value, bad, d, seg_id, pos)
    if d.repetition is None:
        raise X12WriteError("repeated element needs a repetition separator", seg_id, pos)
    return d.repetition.join(_element_text(item, bad, d, seg_id, pos) for item in value)


def format_segment(segment: SegmentData, delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """One segment as text, with its terminator."""
    seg_id = segment[0]
    if not isinstance(seg_id, str) or not seg_id:
        raise X12WriteError("segment id must be a non-empty string", str(seg_id), 0)
    bad = _forbidden(delimiters)
    if seg_id == "ISA":
        return _format_isa(segment, bad, delimiters)
    texts = [seg_id]
    for pos in range(1, len(segment)):
        texts.append(_element_text(segment[pos], bad, delimiters, seg_id, pos))
    return delimiters.element.join(_trim(texts)) + delimiters.segment


def _format_isa(segment: SegmentData, bad: re.Pattern[str], d: Delimiters) -> str:
    # ISA11 and ISA16 *are* delimiters: they come from ``d``, never from the data.
    if len(segment) != 17:
        raise X12WriteError("ISA must have exactly 16 elements", "ISA", len(segment) - 1)
    texts = ["ISA"]
    for pos in range(1, 17):
        value = segment[pos]
        if pos == 11:
            texts.append(d.repetition or _isa11_without_repetition(value, d))
        elif pos == 16:
            texts.append(d.component)
        else:
            texts.append(_element_text(value, bad, d, "ISA", pos))
    return d.element.join(texts) + d.segment


def _isa11_without_repetition(value: Element, d: Delimiters) -> str:
    # Before 5010, ISA11 is the standards identifier (``U``), any one character:
    # keep the original unless it would read as a separator or terminator.
    if (
        isinstance(value, str)
        and len(value) == 1
        and value not in (d.element, d.segment)
        and value.isprintable()
    ):
        return value
    return "U"


def format_segments(
    segments: Iterable[SegmentData],
    delimiters: Delimiters = DEFAULT_DELIMITERS,
    *,
    line_breaks: bool = False,
) -> str:
    """Many segments as one text; ``line_breaks`` adds a newline after each terminator."""
    end = "\n" if line_breaks and delimiters.segment != "\n" else ""
    return "".join(format_segment(s, delimiters) + end for s in segments)


def isa_elements(values: Sequence[str], delimiters: Delimiters) -> list[Element]:
    """ISA01..ISA16 padded to their fixed widths; ISA11/ISA16 from ``delimiters``.

    ``values`` holds ISA01..ISA10 and ISA12..ISA15 (14 values); ISA13 is
    zero-padded, the others space-padded.
    """
    if len(values) != 14:
        raise ValueError("isa_elements takes ISA01..ISA10 and ISA12..ISA15")
    raw = [*values[:10], delimiters.repetition or "U", *values[10:], delimiters.component]
    out: list[Element] = ["ISA"]
    for pos, (value, width) in enumerate(zip(raw, ISA_WIDTHS, strict=True), 1):
        if len(value) > width:
            raise X12WriteError(f"value is longer than the fixed width {width}", "ISA", pos)
        out.append(value.rjust(width, "0") if pos == 13 else value.ljust(width))
    return out


def segment_data(segment: Segment) -> list[Element]:
    """A read segment as writable data: composites and repetitions split.

    Lets a segment read with one set of delimiters be written with another.
    """
    d = segment.delimiters
    out: list[Element] = [segment.elements[0]]
    if segment.elements[0] == "ISA":
        return [*segment.elements]
    for value in segment.elements[1:]:
        reps = value.split(d.repetition) if d.repetition and d.repetition in value else None
        if reps is not None:
            out.append([_split_component(v, d) for v in reps])
        else:
            out.append(_split_component(value, d))
    return out


def _split_component(value: str, d: Delimiters) -> str | Composite:
    return tuple(value.split(d.component)) if d.component in value else value
