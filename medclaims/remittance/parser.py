"""Parse X12 835 remittance advice into typed records: :func:`parse_835` (every
transaction, kept whole) and :func:`iter_835` (claims streamed in bounded memory).

The parser itself lives in :mod:`medclaims.remittance._parse` (its strategy is
stated in :mod:`~medclaims.remittance._parse.transactions`).

Lenient (default): content problems become issues on the remittance; only
input that is not X12 raises :class:`~medclaims.errors.X12SyntaxError`.
Strict: the first error-severity issue raises
:class:`~medclaims.errors.RemittanceError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from medclaims.errors import Issue
from medclaims.remittance._parse.state import Seg
from medclaims.remittance._parse.transactions import Parser
from medclaims.remittance.records import Remittance, RemittanceClaim
from medclaims.x12.reader import Source, check_source, read_segment_tuples

__all__ = ["iter_835", "parse_835"]


def parse_835(source: Source | Iterable[Seg], *, strict: bool = False) -> list[Remittance]:
    """Every 835 transaction set in ``source`` as a :class:`Remittance`, in order.

    ``source`` is text, bytes, a file object or already-read segments; any
    number of interchanges, groups and transactions. Lenient by default:
    problems are collected in ``remittance.issues`` (envelope findings after
    the last SE go to the last remittance). ``strict=True`` raises
    :class:`~medclaims.errors.RemittanceError` on the first error. Input that
    is not X12 raises :class:`~medclaims.errors.X12SyntaxError` in both modes.
    """
    raw: str | bytes | None = None
    if isinstance(source, str):
        raw = source
    elif isinstance(source, bytes | bytearray | memoryview):
        raw = bytes(source)
    elif hasattr(source, "read"):
        raw = source.read()  # the records of the whole input are kept anyway
        if not isinstance(raw, str | bytes):
            raise TypeError("file object must return str or bytes")
    parser = Parser(strict=strict, keep_source=True, raw=raw)
    parser.run(_segments(source if raw is None else raw, parser))
    return parser.remittances()


def iter_835(
    source: Source | Iterable[Seg], *, strict: bool = False, issues: list[Issue] | None = None
) -> Iterator[RemittanceClaim]:
    """Stream claim payments with their remittance header, in bounded memory.

    Each :class:`RemittanceClaim` carries the shared :class:`RemittanceHeader`
    of its transaction. Claims are yielded as soon as their loop closes;
    nothing else is kept, so memory stays flat on files of any size. PLB
    adjustments, extra header segments and issues are not yielded: pass a
    list as ``issues`` to collect the issues (PHI-free) as they are found, or
    use :func:`parse_835`. Without it, issues are not kept.
    """
    parser = Parser(strict=strict, keep_source=False, sink=issues)
    try:
        yield from parser.stream(_segments(source, parser))
    finally:
        parser.hand_over(parser.issues)  # a strict error or a closed generator: what is left
        parser.hand_over(parser.file_issues)


def _segments(source: Source | Iterable[Seg], parser: Parser) -> Iterable[Seg]:
    check_source(source)
    if isinstance(source, str | bytes | bytearray | memoryview) or hasattr(source, "read"):
        return read_segment_tuples(
            source,  # type: ignore[arg-type]
            issues=parser.file_issues,
            strict=parser.strict,
        )
    return source
