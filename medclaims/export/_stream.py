"""Rows of the flat tables straight from an 835 stream, in bounded memory.

Strategy: one pass over the segments. :func:`~medclaims.remittance.iter_835`
yields each claim as soon as its loop closes, and its rows (claims, service
lines, adjustments, denials) are yielded at once. The payments and
provider-adjustments rows need what ``iter_835`` does not yield (the PLB
segments after the claims): a tee on the segment stream keeps, per
transaction, only the segments outside the claims (ISA, GS, ST, the header
loops, PLB, SE) and at SE hands those few segments to
:func:`~medclaims.remittance.parse_835`, the one parser of 835s, for the
payment and provider-adjustment records. Nothing else is kept, so memory stays
flat whatever the file's size or layout (one line holding the whole file too:
the X12 reader splits it in chunks). ``claim_count`` and ``issue_count`` of a
payments row count what the stream found in that transaction.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import IO

from medclaims.errors import Issue
from medclaims.export._rows import (
    Row,
    claim_tables,
    denial_rows,
    lineage_row,
    payment_row,
    provider_adjustment_rows,
)
from medclaims.remittance.denials import claim_denials
from medclaims.remittance.parser import iter_835, parse_835
from medclaims.remittance.records import Remittance, RemittanceClaim
from medclaims.x12.reader import SegmentTuple, read_segment_tuples

__all__ = ["stream_835", "stream_rows"]

Source = str | bytes | IO[bytes] | IO[str]


class _Counting(list[Issue]):
    """The issue sink handed to ``iter_835``: forwards each issue, keeps none."""

    def __init__(self, forward: Callable[[Issue], None] | None) -> None:
        super().__init__()
        self.forward = forward
        self.seen = 0

    def append(self, item: Issue) -> None:
        self.seen += 1
        if self.forward is not None:
            self.forward(item)

    def extend(self, items: Iterable[Issue]) -> None:
        for item in items:
            self.append(item)


class _Tee:
    """Passes every segment on, keeping the non-claim segments of the open transaction."""

    _CLAIM_START = frozenset({"LX", "CLP"})

    def __init__(self, first_index: int) -> None:
        self.finished: deque[tuple[int, list[SegmentTuple]]] = deque()
        self.next_index = first_index
        self.current = first_index - 1
        self.kept: list[SegmentTuple] | None = None

    def __call__(self, segments: Iterable[SegmentTuple]) -> Iterator[SegmentTuple]:
        isa: SegmentTuple | None = None
        gs: SegmentTuple | None = None
        in_claims = False
        for seg in segments:
            yield seg
            sid = seg[0][0]
            if sid == "ISA":
                isa, gs = seg, None
            elif sid == "GS":
                gs = seg
            elif sid == "ST":
                self.close()
                self.current = self.next_index
                self.next_index += 1
                self.kept = [s for s in (isa, gs) if s is not None]
                self.kept.append(seg)
                in_claims = False
            elif self.kept is not None:
                if sid == "SE":
                    self.kept.append(seg)
                    self.close()
                elif sid in self._CLAIM_START:
                    in_claims = True
                elif sid == "PLB":
                    in_claims = False
                    self.kept.append(seg)
                elif not in_claims:
                    self.kept.append(seg)
        self.close()

    def close(self) -> None:
        if self.kept is not None:
            self.finished.append((self.current, self.kept))
            self.kept = None


def stream_835(
    source: Source,
    *,
    strict: bool = False,
    on_issue: Callable[[Issue], None] | None = None,
    first_index: int = 0,
) -> Iterator[tuple[int, RemittanceClaim | Remittance, int]]:
    """Each claim of ``source`` as it closes, and each transaction's header and PLB after it.

    Yields ``(remittance_index, item, count)``: ``item`` is a streamed
    :class:`RemittanceClaim` (``count`` 0), or, once per transaction after its
    claims, a :class:`Remittance` holding its header and provider adjustments
    but no claims, with ``count`` the number of claims streamed for it.
    ``remittance_index`` counts transactions from ``first_index``. Issues go to
    ``on_issue`` as they are found (none are kept).
    """
    tee = _Tee(first_index)
    sink = _Counting(on_issue)
    claims_seen = 0

    def finished() -> Iterator[tuple[int, RemittanceClaim | Remittance, int]]:
        nonlocal claims_seen
        while tee.finished:
            index, kept = tee.finished.popleft()
            found = [r for r in parse_835(kept) if r.has_transaction]
            if found:
                yield index, found[0], claims_seen
            claims_seen = 0

    segments = read_segment_tuples(source, issues=sink)
    for claim in iter_835(tee(segments), strict=strict, issues=sink):
        yield from finished()
        claims_seen += 1
        yield tee.current, claim, 0
    yield from finished()


def stream_rows(
    source: Source,
    *,
    strict: bool = False,
    on_issue: Callable[[Issue], None] | None = None,
    first_index: int = 0,
) -> Iterator[tuple[str, Row]]:
    """``(table, row)`` for every row of the five flat tables and of the denials, streamed.

    Rows equal those of :func:`~medclaims.export.to_rows` and
    :func:`~medclaims.export.denial_rows` (``table`` is one of
    :data:`~medclaims.export.TABLE_NAMES` or ``"denials"``); a payments row comes
    after the rows of its claims. Memory stays flat on inputs of any size.
    """
    issues = 0

    def count(issue: Issue) -> None:
        nonlocal issues
        issues += 1
        if on_issue is not None:
            on_issue(issue)

    for index, item, claim_count in stream_835(
        source, strict=strict, on_issue=count, first_index=first_index
    ):
        lineage = lineage_row(index, item.header)
        if isinstance(item, RemittanceClaim):
            claims: list[Row] = []
            lines: list[Row] = []
            adjustments: list[Row] = []
            claim_tables(lineage, item.index, item.claim, claims, lines, adjustments)
            for table, rows in (
                ("claims", claims),
                ("service_lines", lines),
                ("adjustments", adjustments),
                ("denials", denial_rows(claim_denials(item.header, item.claim, item.index))),
            ):
                for row in rows:
                    yield table, row
            continue
        row = payment_row(lineage, item)
        row["claim_count"] = claim_count
        row["issue_count"] = issues
        issues = 0
        yield "payments", row
        for plb in provider_adjustment_rows(lineage, item):
            yield "provider_adjustments", plb
