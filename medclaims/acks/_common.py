"""What every acknowledgement reader shares: issues located at a segment, values.

:class:`Reading` collects the issues of one record; numbers, amounts and dates
are read strictly (an unreadable value is ``None`` plus an issue that names the
element, never the value).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from medclaims.errors import Issue, Severity
from medclaims.x12.numbers import whole_number
from medclaims.x12.segment import Segment
from medclaims.x12.values import parse_amount, parse_date

__all__ = ["Reading", "kept", "six_digit_date"]


def kept(seg: Segment) -> tuple[str, ...]:
    """``seg`` as an extra segment: its elements as read, composites joined."""
    return tuple(seg.elements)


def six_digit_date(text: str) -> dt.date | None:
    """A ``YYMMDD`` date (TA102, ISA09) with the century rule of X12: 20YY."""
    if len(text) != 6 or not text.isascii() or not text.isdigit():
        return None
    return parse_date("20" + text)


class Reading:
    """The issues of one record being read."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def issue(
        self,
        code: str,
        message: str,
        seg: Segment | None,
        element: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record an issue located at ``seg`` (and ``element``)."""
        self.issues.append(
            Issue(severity, code, message, seg.location(element) if seg is not None else None)
        )

    def number(self, seg: Segment, pos: int, *, required: bool = False) -> int | None:
        """Element ``pos`` as a whole number; ``None`` (with an issue when bad) otherwise."""
        text = seg.get(pos)
        if not text:
            if required:
                self.issue("missing-element", "required number is missing", seg, pos)
            return None
        value = whole_number(text)
        if value is None:
            self.issue("bad-number", "element is not a whole number", seg, pos)
        return value

    def amount(self, seg: Segment, pos: int) -> Decimal | None:
        """Element ``pos`` as a Decimal; ``None`` (with an issue when bad) otherwise."""
        text = seg.get(pos)
        if not text:
            return None
        value = parse_amount(text)
        if value is None:
            self.issue("bad-amount", "element is not an X12 decimal number", seg, pos)
        return value

    def date(self, seg: Segment, pos: int) -> dt.date | None:
        """Element ``pos`` as a CCYYMMDD date; ``None`` (with an issue when bad) otherwise."""
        text = seg.get(pos)
        if not text:
            return None
        value = parse_date(text)
        if value is None:
            self.issue("bad-date", "element is not a CCYYMMDD date", seg, pos)
        return value
