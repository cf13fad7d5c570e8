"""Turn X12 text into segments, lazily and in bounded memory.

Strategy: input (``str``, ``bytes`` or a binary/text file object) is consumed
in chunks (text and bytes already in memory too, so the pieces in flight stay
small; a buffer is split again only once a new chunk brings a terminator).
At the start of each interchange the ISA declares the delimiters
(:func:`parse_isa_delimiters`); the buffered text is split on the segment
terminator, every complete piece becomes a :class:`Segment`, and the last,
possibly cut piece waits for the next chunk. An ``ISA`` piece with other
delimiters than the current ones restarts the split at that position, so
files with several appended interchanges read correctly.

Tolerated (with an issue where it is a deviation): a UTF-8 BOM, whitespace
before the ISA and after each terminator, CR/LF inside a segment (files that
wrap lines before their terminators), a missing final terminator. Anything
else that is not X12 raises :class:`X12SyntaxError` with its position.

Offsets are byte offsets of the UTF-8 encoding (bytes input is decoded as
UTF-8 with ``surrogateescape``, so any byte survives a round trip).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Generator, Iterator
from functools import cache
from itertools import accumulate, count, repeat
from operator import add
from typing import IO

from medclaims.errors import Issue, Location, Severity, X12SyntaxError
from medclaims.x12.delimiters import Delimiters, parse_isa_delimiters
from medclaims.x12.segment import Segment

__all__ = ["Source", "read_segments"]

Source = str | bytes | bytearray | memoryview | IO[str] | IO[bytes]
"""What every medclaims parser accepts: text, bytes, or an open file object."""

CHUNK_SIZE = 1 << 20
_ISA_LOOKAHEAD = 1024  # an ISA with its delimiters fits well inside this
_ERRORS = "surrogateescape"
# tuple.__new__ builds a Segment without a Python-level call: the reader's hot path.
_new_tuple: Callable[..., Segment] = tuple.__new__


def _chunks(source: Source, chunk_size: int) -> Iterator[str]:
    """Yield the input as decoded text chunks of about ``chunk_size`` characters or bytes.

    Text and bytes in memory are cut into chunks too, so that the pieces the
    reader splits stay small whatever the input's size.
    """
    if isinstance(source, str):
        for start in range(0, len(source), chunk_size):
            yield source[start : start + chunk_size]
        return
    decoder = codecs.getincrementaldecoder("utf-8")(_ERRORS)
    if isinstance(source, bytes | bytearray | memoryview):
        view = memoryview(source)
        if view.ndim != 1 or view.itemsize != 1:
            view = memoryview(view.tobytes())
        for start in range(0, len(view), chunk_size):
            yield decoder.decode(view[start : start + chunk_size])
        yield decoder.decode(b"", final=True)
        return
    read = getattr(source, "read", None)
    if read is None:
        raise TypeError("source must be str, bytes or a file object opened for reading")
    while True:
        data = read(chunk_size)
        if not data:
            break
        yield data if isinstance(data, str) else decoder.decode(data)
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


@cache
def _bad_start(term: str, sep: str) -> re.Pattern[str]:
    """Finds a terminator *not* followed by an ordinary segment id (or the buffer's end).

    The fast path's guard: a hit (a new ISA, whitespace, an empty segment, a
    malformed id) sends the buffer to the careful path. An id cut by the end
    of the buffer is fine: it is completed by the next chunk.
    """
    t, s = re.escape(term), re.escape(sep)
    return re.compile(
        f"{t}(?!\\Z|(?!ISA)[A-Z](?:[A-Z0-9]{{1,2}}(?:{s}|{t})|[A-Z0-9]{{0,2}}\\Z))"
    )


def _nbytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", _ERRORS))


def _valid_id(seg_id: str) -> bool:
    return 1 < len(seg_id) < 4 and seg_id.isalnum() and seg_id[0].isalpha() and seg_id.isupper()


class _Scanner:
    """State of one pass over the input; :meth:`run` is the generator."""

    def __init__(self, source: Source, chunk_size: int, issues: list[Issue] | None) -> None:
        self.chunks = _chunks(source, chunk_size)
        self.issues = issues
        self.buf = ""
        self.offset = 0  # byte offset of buf[0]
        self.eof = False
        self.index = 0
        self.delims: Delimiters | None = None
        self.known_ids: set[str] = set()

    def _fill(self, minimum: int) -> None:
        while not self.eof and len(self.buf) < minimum:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.eof = True
            else:
                self.buf = self.buf + chunk if self.buf else chunk

    def _fill_segment(self) -> None:
        """Read on until a new chunk holds a terminator (or the input ends).

        Splitting again only once a segment can be complete keeps a very long
        segment from being rescanned for every chunk.
        """
        assert self.delims is not None
        term = self.delims.segment
        parts = [self.buf]
        while True:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.eof = True
                break
            parts.append(chunk)
            if term in chunk:
                break
        self.buf = "".join(parts)

    def _skip_blank(self) -> None:
        """Drop a BOM and whitespace before an ISA."""
        while True:
            self._fill(1)
            stripped = self.buf.lstrip("\ufeff \t\r\n\f\v\x00")
            if len(stripped) != len(self.buf):
                self.offset += _nbytes(self.buf[: len(self.buf) - len(stripped)])
                self.buf = stripped
            if self.buf or self.eof:
                return

    def _note(self, code: str, message: str, location: Location) -> None:
        if self.issues is not None:
            self.issues.append(Issue(Severity.WARNING, code, message, location))

    def _start_interchange(self) -> Segment:
        self._fill(_ISA_LOOKAHEAD)
        delims, end, found = parse_isa_delimiters(
            self.buf, 0, segment_index=self.index, byte_offset=self.offset
        )
        if self.issues is not None:
            self.issues.extend(found)
        isa_text = self.buf[: end - 1]
        if delims.segment not in "\r\n":
            # Line breaks before the terminator or wrapping inside the ISA are not data.
            isa_text = isa_text.replace("\r", "").replace("\n", "")
        seg = Segment(isa_text.split(delims.element), self.index, self.offset, delims)
        self.index += 1
        self.offset += _nbytes(self.buf[:end])
        self.buf = self.buf[end:]
        self.delims = delims
        return seg

    def run(self) -> Iterator[Segment]:
        self._skip_blank()
        if not self.buf:
            return
        while True:
            if self.delims is None:
                yield self._start_interchange()
            restart = yield from self._split_buffer()
            if restart:
                self.delims = None
                continue
            if self.eof:
                return
            self._fill_segment()

    def _split_buffer(self) -> Generator[Segment, None, bool]:
        """Yield the complete segments in the buffer; True means a new ISA starts it.

        The fast path covers the common case (ASCII, one-character terminator,
        no whitespace between segments, well-formed segment ids, no new ISA),
        checked by one regular-expression scan, with C-level iteration;
        anything else goes through :meth:`_split_careful`.
        """
        delims = self.delims
        assert delims is not None
        buf = self.buf
        term, sep = delims.segment, delims.element
        if len(term) != 1 or not buf.isascii() or "\n" in buf or "\r" in buf:
            return (yield from self._split_careful())
        bad = _bad_start(term, sep)
        if bad.search(buf) or bad.match(term + buf[:4]):
            return (yield from self._split_careful())
        pieces = buf.split(term)
        tail = pieces.pop()
        # Offset of piece i: start + lengths of the pieces before it + i terminators.
        offsets = map(add, accumulate(map(len, pieces), initial=0), count(self.offset))
        els = map(str.split, pieces, repeat(sep))
        yield from map(
            _new_tuple, repeat(Segment), zip(els, count(self.index), offsets, repeat(delims))
        )
        self.index += len(pieces)
        self.offset += len(buf) - len(tail)
        self.buf = tail
        if self.eof and tail:
            return (yield from self._split_careful())
        return False

    def _split_careful(self) -> Generator[Segment, None, bool]:
        """Segment by segment, with whitespace, wrapping, non-ASCII and ISA handling."""
        delims = self.delims
        assert delims is not None
        term, sep = delims.segment, delims.element
        buf = self.buf
        if not buf and self.eof:
            return False
        ascii_buf = buf.isascii()
        wrapped = term not in "\r\n" and ("\n" in buf or "\r" in buf)
        term_bytes = _nbytes(term)
        pieces = buf.split(term)
        last = len(pieces) - 1
        offset = self.offset
        consumed = 0
        index = self.index
        known_ids = self.known_ids
        in_empty_run = False
        for i, piece in enumerate(pieces):
            if i == last and not self.eof:
                break
            length = len(piece) + (len(term) if i < last else 0)
            text = piece
            lead = 0
            if text[:1] <= " ":
                text = text.lstrip()
                lead = len(piece) - len(text)
                if not text:
                    if i == last:
                        break
                    if not piece and not in_empty_run and self.issues is not None:
                        # One issue per run of empty segments keeps "~~~~…" cheap.
                        self._note("empty-segment", "empty segment(s)",
                                   Location(None, index, offset))
                    in_empty_run = not piece
                    offset += (length if ascii_buf else _nbytes(piece) + term_bytes)
                    consumed += length
                    continue
            if wrapped and ("\n" in text or "\r" in text):
                text = text.replace("\r", "").replace("\n", "")
            els = text.split(sep)
            seg_id = els[0]
            lead_bytes = lead if ascii_buf else _nbytes(piece[:lead])
            if seg_id not in known_ids:
                if text[:3] == "ISA" and text[3:4] and not text[3].isalnum():
                    self.index, self.offset = index, offset + lead_bytes
                    self.buf = buf[consumed + lead :]
                    if not self.eof and len(self.buf) < _ISA_LOOKAHEAD:
                        return True
                    new, _, found = parse_isa_delimiters(
                        self.buf, 0, segment_index=index, byte_offset=self.offset
                    )
                    if new != delims:
                        return True
                    if self.issues is not None:
                        self.issues.extend(found)
                elif _valid_id(seg_id):
                    known_ids.add(seg_id)
                else:
                    raise X12SyntaxError(
                        "segment id is not 2-3 upper-case letters or digits",
                        Location(None, index, offset + lead_bytes),
                    )
            if i == last:
                self._note(
                    "missing-terminator",
                    "last segment has no segment terminator",
                    Location(seg_id, index, offset + lead_bytes),
                )
            in_empty_run = False
            yield Segment(els, index, offset + lead_bytes, delims)
            index += 1
            offset += length if ascii_buf else _nbytes(piece) + (term_bytes if i < last else 0)
            consumed += length
        self.buf = buf[consumed:]
        self.index, self.offset = index, offset
        return False


def read_segments(
    source: Source, *, chunk_size: int = CHUNK_SIZE, issues: list[Issue] | None = None
) -> Iterator[Segment]:
    """Yield the segments of ``source`` lazily, across any number of interchanges.

    ``issues``, when given, collects tolerated deviations (non-standard ISA
    length, empty segments, a missing final terminator). Raises
    :class:`~medclaims.errors.X12SyntaxError` (or its subclass
    :class:`~medclaims.errors.DelimiterError`) where the input is not X12.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    return _Scanner(source, chunk_size, issues).run()
