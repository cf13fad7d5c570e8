"""State and small helpers shared by the 835 loop handlers.

Every helper that meets a bad value records an :class:`~medclaims.errors.Issue`
(or raises :class:`~medclaims.errors.RemittanceError` in strict mode) whose
message names the segment and element position, never the value: REF, NM1,
N3/N4 and PER values may be patient data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from medclaims.errors import Issue, Location, RemittanceError, Severity
from medclaims.remittance.amounts import parse_amount
from medclaims.remittance.dates import parse_date
from medclaims.remittance.records import ClaimPayment, Contact, Reference, build_record
from medclaims.x12.reader import SegmentTuple

Seg = SegmentTuple  # a Segment, or a plain tuple of its layout (read_segment_tuples)
Handler = Callable[[Seg], None]


class ParserBase:
    """Issue reporting and value conversion for the handlers."""

    strict: bool
    issues: list[Issue]
    claims: list[ClaimPayment]
    claim_count: int
    paid_total: Decimal
    paid_ok: bool
    table: dict[str, Handler]
    claim_table: dict[str, Handler]
    after_claim_table: dict[str, Handler]
    line_table: dict[str, Handler]
    header_number: str
    component: str
    join: Callable[[list[str]], str]

    claim: dict[str, Any] | None
    grown: list[tuple[dict[str, Any], str]]

    def unexpected(self, seg: Seg) -> None:
        """Keep a segment the current loop does not expect (the parser defines it)."""
        raise NotImplementedError

    def close_claim(self) -> None:
        """Build the open claim (the claim loop defines it)."""
        raise NotImplementedError

    def add(self, issue: Issue) -> None:
        """Record ``issue``; in strict mode raise it when it is an error."""
        if self.strict and issue.severity is Severity.ERROR:
            raise RemittanceError(issue.message, issue.location)
        self.issues.append(issue)

    @staticmethod
    def location(seg: Seg, element: int | None = None) -> Location:
        """Where ``seg`` (and optionally one of its elements) is."""
        return Location(seg[0][0], seg[1], seg[2], element)

    def issue(
        self, severity: Severity, code: str, message: str, seg: Seg, element: int | None = None
    ) -> None:
        """Record an issue located at ``seg`` (and ``element``)."""
        self.add(Issue(severity, code, message, self.location(seg, element)))

    def amount(self, text: str, seg: Seg, pos: int, required: bool) -> Decimal | None:
        """Element ``pos`` as a Decimal; ``None`` (with an issue if bad or required) otherwise."""
        if not text:
            if required:
                self.issue(
                    Severity.ERROR, "missing-element", f"{seg[0][0]}{pos:02d} is required", seg, pos
                )
            return None
        value = parse_amount(text)
        if value is None:
            self.issue(
                Severity.ERROR,
                "bad-amount",
                f"{seg[0][0]}{pos:02d} is not an X12 decimal number",
                seg,
                pos,
            )
        return value

    def date(self, text: str, seg: Seg, pos: int) -> dt.date | None:
        """Element ``pos`` as a date; ``None`` with an issue when it is not CCYYMMDD."""
        value = parse_date(text)
        if value is None:
            self.issue(
                Severity.ERROR,
                "bad-date",
                f"{seg[0][0]}{pos:02d} is not a valid CCYYMMDD date",
                seg,
                pos,
            )
        return value

    @staticmethod
    def element(els: list[str], pos: int) -> str:
        """Element ``pos`` or ``""``."""
        return els[pos] if pos < len(els) else ""

    @staticmethod
    def reference(seg: Seg) -> Reference | None:
        """A REF with one qualifier and one value; ``None`` when it holds more (kept as read)."""
        els = seg[0]
        if len(els) > 3 or len(els) < 2:
            return None
        return build_record(
            Reference, {"qualifier": els[1], "value": els[2] if len(els) > 2 else ""}
        )

    @staticmethod
    def contact(seg: Seg) -> Contact | None:
        """A PER as a contact; ``None`` when it holds PER09 (kept as read)."""
        els = seg[0]
        if len(els) > 9 or len(els) < 2:
            return None
        numbers = tuple(
            (els[p], els[p + 1] if p + 1 < len(els) else "") for p in range(3, len(els), 2)
        )
        return build_record(
            Contact,
            {"function_code": els[1], "name": els[2] if len(els) > 2 else "", "numbers": numbers},
        )

    def append_to(self, record: dict[str, Any], key: str, item: Any) -> None:
        """Add ``item`` to the tuple ``record[key]``, which is created if absent.

        Appending to a tuple copies it: a loop with thousands of REF or LQ
        segments would take quadratic time. So from the second item on the
        value is a list, turned back into a tuple when the loop closes
        (:meth:`freeze_grown`).
        """
        current = record.get(key)
        if current is None:
            record[key] = (item,)
        elif type(current) is tuple:
            record[key] = [*current, item]
            self.grown.append((record, key))
        else:
            current.append(item)

    def freeze_grown(self) -> None:
        """Make the values :meth:`append_to` turned into lists tuples again."""
        for record, key in self.grown:
            record[key] = tuple(record[key])
        self.grown.clear()

    def keyed_amount(
        self, record: dict[str, Any], field: str, seg: Seg, extras: list[tuple[str, ...]]
    ) -> None:
        """AMT/QTY into ``record[field]`` by qualifier; duplicates and odd shapes kept as read."""
        els = seg[0]
        amounts = record.get(field)
        if len(els) != 3 or (amounts is not None and els[1] in amounts):
            extras.append(tuple(els))
            return
        value = self.amount(els[2], seg, 2, True)
        if value is None:
            extras.append(tuple(els))
            return
        if amounts is None:
            record[field] = {els[1]: value}
        else:
            amounts[els[1]] = value  # the record's own dict: no copy per AMT
