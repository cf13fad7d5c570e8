"""A cheap scan of an X12 file for its envelope segments, and the split plan built on it.

Strategy: no segment is parsed. The ISA's fixed layout gives the element
separator (byte 4) and the segment terminator (byte 106); one regular
expression then finds every ``ISA``/``GS``/``ST``/``SE``/``GE``/``IEA`` that
starts a segment, in C, over ``bytes`` or an ``mmap``. Nothing else of the
file is looked at, so the scan runs at memory speed and in constant memory.

:func:`scan` answers two questions: where each transaction set starts (the
``transaction_offset`` of the tables) and whether the file may be split at
transaction boundaries without changing what the reader reports. It may only
when the envelopes are exactly what the reader would accept silently: every
ST closed by an SE before the next envelope segment, ST01 ``835``, every GE
and IEA counting and naming what it closes, and nothing but line breaks
between a SE and the next envelope segment. Any other file is read whole,
so the reader's own envelope issues come out unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = ["Piece", "Scan", "Transaction", "plan_pieces", "scan"]

_BLANK = b" \r\n\t"


@attrs.frozen
class Transaction:
    """One ST..SE found by the scan, with the envelope headers enclosing it."""

    start: int
    """Byte offset of the ST."""
    end: int
    """Byte offset just past the SE's terminator (and its line break)."""
    code: bytes
    """ST01, e.g. ``b"835"``."""
    isa: tuple[int, int]
    """Byte range of the enclosing ISA segment (with its terminator and line break)."""
    gs: tuple[int, int]
    """Byte range of the enclosing GS segment."""
    isa13: bytes
    """Interchange control number (ISA13), for a synthetic IEA."""
    gs06: bytes
    """Group control number (GS06), for a synthetic GE."""
    delimiters: tuple[bytes, bytes, bytes]
    """Element separator, segment terminator and the line break after terminators."""


@attrs.frozen
class Scan:
    """What :func:`scan` found."""

    transactions: tuple[Transaction, ...]
    """Every transaction set, in file order."""
    splittable: bool
    """``True`` when splitting at transaction boundaries changes nothing the reader reports."""


@attrs.frozen
class Piece:
    """A run of whole transactions of one file, parsed by one task."""

    start: int
    """Byte offset of the first ST."""
    end: int
    """Byte offset past the last SE."""
    first_index: int
    """Position (0-based) of the first transaction among the file's transactions."""
    isa_at: int
    """Byte offset of the ISA enclosing the first transaction."""
    gs_at: int
    """Byte offset of the GS enclosing the first transaction."""


def _segment_end(data: bytes | Sequence[int], term: bytes, at: int) -> int:
    stop = data.find(term, at)  # type: ignore[union-attr]
    if stop < 0:
        return -1
    stop += len(term)
    while stop < len(data) and data[stop : stop + 1] in (b"\r", b"\n"):
        stop += 1
    return stop


def _element(data: bytes, at: int, elem: bytes, term: bytes, n: int) -> bytes:
    """Element ``n`` of the segment at ``at`` (only for short envelope segments)."""
    end = data.find(term, at)
    segment = bytes(data[at : end if end >= 0 else at + 200])
    parts = segment.split(elem)
    return parts[n].strip() if n < len(parts) else b""


def scan(data: bytes, *, resume: tuple[int, int] | None = None, stop: int | None = None) -> Scan:
    """Find the transaction sets of ``data`` (``bytes`` or an ``mmap``) and judge the split.

    ``resume`` (the offsets of an ISA and of a GS inside it) starts the walk at that
    GS instead of the file's start, and ``stop`` ends it at the first ST at or past
    that offset: a task reads only its piece. ``splittable`` means nothing then.
    """
    transactions: list[Transaction] = []
    ok = True
    pos = data.find(b"ISA") if resume is None else resume[0]
    if pos < 0 or len(data) < pos + 106 or (resume is None and bytes(data[:pos]).strip(_BLANK)):
        return Scan((), False)
    while pos >= 0:
        elem, term = bytes(data[pos + 3 : pos + 4]), bytes(data[pos + 105 : pos + 106])
        if elem.isalnum() or term.isalnum() or elem == term:
            return Scan(tuple(transactions), False)
        isa_end = _segment_end(data, term, pos + 105)
        brk = bytes(data[pos + 106 : isa_end])
        isa13 = _element(data, pos, elem, term, 13)
        pattern = re.compile(re.escape(term) + rb"[\r\n]*(ISA|GS|GE|ST|SE|IEA)" + re.escape(elem))
        gs: tuple[int, int] | None = None
        gs06 = b""
        st: int | None = None
        code = b""
        last = isa_end
        groups = count = 0
        next_isa = -1
        begin = pos + 105
        if resume is not None:
            gs_at = resume[1]
            gs_end = _segment_end(data, term, gs_at)
            gs, gs06, last = (gs_at, gs_end), _element(data, gs_at, elem, term, 6), gs_end
            begin = data.rfind(term, gs_at, gs_end)
            resume = None
        for m in pattern.finditer(data, begin):
            at, sid = m.start(1), m.group(1)
            if stop is not None and at >= stop and sid == b"ST":
                return Scan(tuple(transactions), False)
            if sid == b"ISA":
                next_isa = at
                break
            end = _segment_end(data, term, at)
            if end < 0:
                ok = False
                break
            if st is not None:
                if sid != b"SE":
                    ok = False
                    continue
                assert gs is not None
                transactions.append(
                    Transaction(st, end, code, (pos, isa_end), gs, isa13, gs06, (elem, term, brk))
                )
                st, last = None, end
                continue
            if bytes(data[last:at]).strip(_BLANK):
                ok = False  # a segment outside ST..SE: the reader reports it, keep whole
            last = end
            if sid == b"GS":
                if gs is not None:
                    ok = False
                gs, gs06, count = (at, end), _element(data, at, elem, term, 6), 0
                groups += 1
            elif sid == b"ST":
                if gs is None:
                    ok = False
                    gs = (at, at)
                st, code = at, _element(data, at, elem, term, 1)
                count += 1
                ok = ok and code == b"835"
            elif sid == b"GE":
                ge = (_element(data, at, elem, term, 1), _element(data, at, elem, term, 2))
                ok = ok and gs is not None and ge == (str(count).encode(), gs06)
                gs = None
            elif sid == b"SE":
                ok = False
            elif sid == b"IEA":
                iea = (_element(data, at, elem, term, 1), _element(data, at, elem, term, 2))
                ok = ok and gs is None and iea == (str(groups).encode(), isa13)
                next_isa = data.find(b"ISA", end)
                if bytes(data[end : next_isa if next_isa >= 0 else len(data)]).strip(_BLANK):
                    ok = False
                break
        else:
            ok = False  # no IEA
        if st is not None or gs is not None:
            ok = False
        pos = next_isa
    return Scan(tuple(transactions), ok)


def plan_pieces(transactions: Sequence[Transaction], target: int) -> list[Piece]:
    """Consecutive transactions cut into pieces of about ``target`` bytes (at least one each)."""
    pieces: list[Piece] = []
    first = 0
    for i, tx in enumerate(transactions):
        head = transactions[first]
        if tx.end - head.start >= target or i == len(transactions) - 1:
            pieces.append(Piece(head.start, tx.end, first, head.isa[0], head.gs[0]))
            first = i + 1
    return pieces
