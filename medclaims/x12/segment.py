"""The segment value the reader yields and the writer takes."""

from __future__ import annotations

from typing import NamedTuple

from medclaims.errors import Location
from medclaims.x12.delimiters import Delimiters

__all__ = ["Segment"]


class Segment(NamedTuple):
    """One X12 segment as read from a stream.

    ``elements[0]`` is the segment id, so ``elements[4]`` is element 04
    (``CLP04``): X12 numbering and list indices agree. Composites stay joined
    until :meth:`composite` splits them with this interchange's separator.
    ``segment_index`` is 0-based over the whole input; ``byte_offset`` is the byte offset
    of the segment's first character.
    """

    elements: list[str]
    segment_index: int
    byte_offset: int
    delimiters: Delimiters

    @property
    def id(self) -> str:
        """The segment id, e.g. ``CLP``."""
        return self.elements[0]

    def get(self, position: int) -> str:
        """Element ``position`` (1-based), or ``""`` when the segment is shorter."""
        els = self.elements
        return els[position] if position < len(els) else ""

    def composite(self, position: int) -> list[str]:
        """Element ``position`` split on the component separator (``[]`` when empty)."""
        value = self.get(position)
        return value.split(self.delimiters.component) if value else []

    def repeats(self, position: int) -> list[str]:
        """Element ``position`` split on the repetition separator (ISA11 in 5010)."""
        value = self.get(position)
        if not value:
            return []
        rep = self.delimiters.repetition
        return value.split(rep) if rep else [value]

    def location(self, element: int | None = None, component: int | None = None) -> Location:
        """This segment's position, optionally narrowed to an element."""
        return Location(self.elements[0], self.segment_index, self.byte_offset, element, component)

    def __repr__(self) -> str:
        # Element values may be PHI (names, member ids): show only the shape.
        return (
            f"Segment(id={self.elements[0]!r}, elements={len(self.elements) - 1}, "
            f"segment_index={self.segment_index}, byte_offset={self.byte_offset})"
        )
