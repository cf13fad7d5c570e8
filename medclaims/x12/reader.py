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
wrap lines before their terminators), a missing final terminator, and damage:
a segment whose id is malformed is kept in place with a ``bad-segment-id``
error (``strict=True`` raises instead). Input that is not X12 at all (no ISA,
an unreadable ISA, no terminator within ``max_segment_length``) raises
:class:`X12SyntaxError` with its position.

Offsets are byte offsets of the UTF-8 encoding (bytes input is decoded as
UTF-8 with ``surrogateescape``, so any byte survives a round trip).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import cache
from itertools import accumulate, chain, count, repeat
from operator import add
from typing import IO

from medclaims._support.cext import load_extension
from medclaims.errors import DelimiterError, Issue, Location, Severity, X12SyntaxError
from medclaims.x12.delimiters import Delimiters, parse_isa_delimiters
from medclaims.x12.segment import Segment

__all__ = [
    "MAX_SEGMENT_LENGTH",
    "PATH_HINT",
    "SegmentTuple",
    "Source",
    "as_segment",
    "check_segment_id",
    "check_source",
    "looks_like_a_path",
    "read_segment_tuples",
    "read_segments",
    "segment_id_issue",
]

Source = str | bytes | bytearray | memoryview | IO[str] | IO[bytes]
"""What every medclaims parser accepts: text, bytes, or an open file object."""

SegmentTuple = tuple[list[str], int, int, Delimiters]
"""A segment as ``(elements, segment_index, byte_offset, delimiters)``: the layout
of :class:`Segment`, which is one."""

CHUNK_SIZE = 1 << 20
MAX_SEGMENT_LENGTH = 1 << 24
"""Default bound, in characters, on the unfinished segment the reader buffers while
it looks for the terminator: input with none for that long is not X12 (and would
otherwise be buffered whole)."""
_ISA_LOOKAHEAD = 1024  # an ISA with its delimiters fits well inside this
_ERRORS = "surrogateescape"
# tuple.__new__ builds a Segment without a Python-level call: the reader's hot path.
_new_tuple: Callable[..., Segment] = tuple.__new__

# The optional C build of the fast path's split (setup.py); the reader is the same without it.
# Loaded only on a CPython it was built and tested for (medclaims._support.cext).
_speedups = load_extension("medclaims.x12._speedups")
_split_in_c: Callable[..., Iterator[SegmentTuple]] | None = (
    None if _speedups is None else _speedups.split_segments
)


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
        raise _not_input(source)
    while True:
        data = read(chunk_size)
        if not data:
            break
        yield data if isinstance(data, str) else decoder.decode(data)
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def check_source(source: object) -> None:
    """Raise :class:`TypeError` unless ``source`` is input for the reader (text, bytes,
    a file object) or segments already read (any other iterable).

    For the functions that take either. A path gets a hint: medclaims never
    opens files (pass ``open(path, "rb")``, or the file's bytes).
    """
    if isinstance(source, os.PathLike) or not (
        isinstance(source, Iterable) or hasattr(source, "read")
    ):
        raise _not_input(source, " or segments already read")
    _refuse_a_path_text(source)


#: File name endings of X12 files (and of what is given by mistake) for the path hint.
_PATH_LIKE = re.compile(
    r"[^\r\n]{0,4096}\.(?:835|837|83[0-9]p?|999|277|x12|edi|txt|dat|csv|json|xlsx?)",
    re.IGNORECASE,
)
_PATH_CHARACTERS = re.compile(r"[\w.\-~ /\\:]+")


PATH_HINT = "this looks like a path: open the file and pass its content"
"""What a reader says, after its own message, of text that :func:`looks_like_a_path`."""


def looks_like_a_path(source: object) -> bool:
    """Whether ``source`` is text that looks like a file name rather than X12.

    That is short text on one line, not starting with ``ISA``, that ends in a
    file extension (``.835``, ``.txt``, ``.edi``, ``.x12``...) or holds a path
    separator (and only characters of paths).
    """
    if not isinstance(source, str) or len(source) > 4096:
        return False
    text = source.strip()
    if not text or text.lstrip("\ufeff").startswith("ISA") or "\n" in text or "\r" in text:
        return False
    return bool(
        _PATH_LIKE.fullmatch(text)
        or (("/" in text or "\\" in text) and _PATH_CHARACTERS.fullmatch(text))
    )


def _refuse_a_path_text(source: object) -> None:
    """Raise :class:`DelimiterError` with :data:`PATH_HINT` when ``source``
    :func:`looks_like_a_path`. The message never repeats the text."""
    if looks_like_a_path(source):
        raise DelimiterError(
            f"input does not start with an ISA segment; {PATH_HINT}", Location("ISA", 0, 0)
        )


def _not_input(source: object, or_else: str = "") -> TypeError:
    kind = type(source).__name__  # the type only: the value may be patient data
    if isinstance(source, os.PathLike):
        return TypeError(
            f"source is a path ({kind}): medclaims never opens files; pass "
            "an open file object (open(path, 'rb')) or the file's bytes"
        )
    return TypeError(
        f"source must be str, bytes, a file object opened for reading{or_else}, not {kind}"
    )


@cache
def _odd_start(end: str, sep: str) -> re.Pattern[str]:
    """Finds a segment start the fast path must not take: the careful path's cases.

    ``end`` is what ends each segment on the fast path: the terminator, or the
    terminator and its line break (:func:`_segment_end`). Odd is an end followed
    by a space, a control character or a terminator; with an element separator
    ``sep``, also one followed by anything but a well-formed segment id (an
    upper-case letter, then one or two letters or digits, then ``sep`` or the
    terminator). A segment cut by the end of the buffer is never matched: the
    next chunk completes it. ``ISA`` segments are checked apart
    (:meth:`_Scanner._same_interchange`).
    """
    t = re.escape(end[0])
    if not sep:
        return re.compile(f"{re.escape(end)}[\\x00- {t}]")
    # One negative lookahead rather than an alternation of the odd cases: most
    # segments then cost a single try. A space, control character or terminator
    # fails [A-Z] (delimiters are never letters or digits), and \Z lets a
    # segment cut by the end of the buffer through.
    e = re.escape(sep)
    valid = f"[A-Z][A-Z0-9][A-Z0-9]?[{e}{t}]|(?:[A-Z](?:[A-Z0-9][A-Z0-9]?)?)?\\Z"
    return re.compile(f"{re.escape(end)}(?!{valid})")


def _segment_end(buf: str, term: str) -> str | None:
    """What ends every segment of ``buf``, for the fast path; ``None`` if nothing does.

    That is the terminator alone when ``buf`` has no other line breaks than
    terminators, or the terminator with the line break that follows each one
    (``~\\n``, ``~\\r\\n``: a very common layout; with a carriage-return
    terminator, the line feed after each: lines ending in CR LF) when breaks
    occur nowhere else. The buffer may stop inside the last one (``...~\\r``);
    that piece waits for the next chunk like any cut segment. Anything else
    (breaks inside segments, missing on some) is the careful path's.
    """
    if "\r" not in buf and ("\n" not in buf or term == "\n"):
        return term
    if term == "\r":
        if "\n" not in buf:
            return term
        pairs = buf.count("\r\n")  # lines ending in CR LF, the CR being the terminator
        if pairs and buf.count("\n") == pairs and buf.count("\r") == pairs + buf.endswith("\r"):
            return "\r\n"
        return None
    if term == "\n":
        return None
    for brk in ("\n", "\r\n"):
        end = term + brk
        pairs = buf.count(end)
        # How much of a last, unfinished end the buffer holds: "~" (1) or "~\r" (2).
        cut = 2 if brk == "\r\n" and buf.endswith(end[:2]) else int(buf.endswith(term))
        if (
            pairs
            and buf.count("\n") == pairs
            and buf.count(term) == pairs + (cut > 0)
            and buf.count("\r") == (pairs + (cut > 1) if brk == "\r\n" else 0)
        ):
            return end
    return None


def _breaks_after(text: str, start: int, term: str) -> int:
    """How many line-break characters at ``text[start:]``, right after a terminator,
    belong to no segment (they are dropped, so the fast path can split what follows).

    Those that may follow ``term``: none after a line feed, a line feed after a
    carriage return (CR LF line ends), CR and LF after anything else. None at all
    when the terminator or the end of ``text`` comes right after them: a piece of
    nothing but line breaks is a blank segment, skipped without an issue, where an
    empty one would be reported.
    """
    breaks = "" if term == "\n" else "\n" if term == "\r" else "\r\n"
    end = start
    while end < len(text) and text[end] in breaks:
        end += 1
    return 0 if end == len(text) or text[end] == term else end - start


def _window_end(buf: str, delims: Delimiters) -> int:
    """Where the careful path stops splitting ``buf`` for now (0: nowhere, split it all).

    That is after the segment holding the next ISA with other delimiters
    (:func:`_foreign_isa`): the new interchange restarts the split there, and a
    file of many small interchanges with changing delimiters would otherwise
    have its whole buffer split again for each one.
    """
    at = _foreign_isa(buf, delims)
    return buf.find(delims.segment, at) + 1 if at else 0


def _foreign_isa(buf: str, delims: Delimiters, *, any_isa: bool = False) -> int:
    """Where in ``buf`` the next ISA with other delimiters than ``delims`` starts (0: none);
    with ``any_isa``, the next ISA whatever its delimiters.

    An ISA counts when a terminator (and perhaps a few blanks) comes right
    before it and neither a letter, a digit nor the terminator right after (a
    bare ``ISA`` id is a segment like any other). Both paths stop
    there: the new interchange is split with its own delimiters.
    """
    term = delims.segment
    blanks = " \t\r\n".replace(term, "")
    at = buf.find("ISA", 1)
    while at > 0:
        after = buf[at + 3 : at + 4]
        if (
            after
            and not after.isalnum()
            and after != term
            and buf[max(0, at - 8) : at].rstrip(blanks).endswith(term)
            and (any_isa or after != delims.element or _declares_others(buf, at, delims))
        ):
            return at
        at = buf.find("ISA", at + 3)
    return 0


def _declares_others(buf: str, at: int, delims: Delimiters) -> bool:
    """Whether the ISA at ``at`` declares other delimiters than ``delims`` (or is unreadable)."""
    isa = buf[at : at + 106]
    rep = delims.repetition
    if (
        isa[105:] == delims.segment
        and isa[104] == delims.component
        and isa[103] == delims.element
        and (isa[82] == rep and isa[84:89] >= "00501" if rep is not None else isa[82].isalnum())
        and isa.count(delims.element) == 16
    ):
        return False  # the standard layout with the same delimiters: no need to parse it
    try:
        found, _, _ = parse_isa_delimiters(buf, at)
    except DelimiterError:  # the careful path reports it, or waits for the rest of it
        return True
    return found != delims


def _nbytes(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-8", _ERRORS))


def _valid_id(seg_id: str) -> bool:
    return 1 < len(seg_id) < 4 and seg_id.isalnum() and seg_id[0].isalpha() and seg_id.isupper()


class _Scanner:
    """State of one pass over the input; :meth:`run` is the generator."""

    strict = False  # raise at a malformed segment id rather than keep it (see _scanner)

    def __init__(
        self,
        source: Source,
        chunk_size: int,
        issues: list[Issue] | None,
        plain: bool = False,
        max_segment_length: int = MAX_SEGMENT_LENGTH,
    ) -> None:
        self.plain = plain  # fast-path segments as plain tuples (read_segment_tuples)
        self.max_segment_length = max_segment_length
        self.chunks = _chunks(source, chunk_size)
        self.issues = issues
        self.buf = ""
        self.offset = 0  # byte offset of buf[0]
        self.eof = False
        self.index = 0
        self.delims: Delimiters | None = None
        self.known_ids: set[str] = set()
        self.restart = False
        self.more = False  # the careful path stopped short of the buffer's end (see there)
        self.by_interchange = False  # the fast path's windows end at every ISA (see there)

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
        segment from being rescanned for every chunk. A segment still open after
        ``max_segment_length`` characters raises :class:`X12SyntaxError`: memory stays
        bounded whatever the input.
        """
        assert self.delims is not None
        term = self.delims.segment
        parts = [self.buf]
        length = len(self.buf)
        while True:
            chunk = next(self.chunks, None)
            if chunk is None:
                self.eof = True
                break
            parts.append(chunk)
            if term in chunk:
                break
            length += len(chunk)
            if length > self.max_segment_length:
                raise X12SyntaxError(
                    f"no segment terminator within {self.max_segment_length} characters",
                    Location(None, self.index, self.offset),
                )
        self.buf = "".join(parts)

    def _skip_blank(self) -> None:
        """Drop a BOM (with a ``bom`` warning: X12 has none, and pyx12 refuses it) and
        whitespace before an ISA."""
        while True:
            self._fill(1)
            if self.buf[:1] == "\ufeff" and self.offset == 0:
                self._note(
                    "bom",
                    "input starts with a UTF-8 byte-order mark (skipped; pyx12 refuses it)",
                    Location(None, 0, 0),
                )
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
        # The line break after the ISA is not the next segment's: dropped here, the
        # buffer starts like every later segment does, fit for the fast path.
        end += _breaks_after(self.buf, end, delims.segment)
        self.index += 1
        self.offset += _nbytes(self.buf[:end])
        self.buf = self.buf[end:]
        self.delims = delims
        return seg

    def batches(self) -> Iterator[Iterable[SegmentTuple]]:
        """Yield the input's segments in batches of a few hundred.

        :func:`read_segments` chains the batches, so on the fast path no Python
        frame runs per segment: a batch is a C-level iterator over split text.
        """
        self._skip_blank()
        if not self.buf:
            return
        while True:
            if self.delims is None:
                yield (self._start_interchange(),)
            yield from self._split_buffer()
            if self._again():
                continue
            if self.eof:
                if not self.buf:
                    return
                # The last segment lacks its terminator, or it is an interchange whose
                # own terminator the current one never comes after: read on.
                yield self._careful()
                if self._again():
                    continue
                return
            self._fill_segment()

    def _again(self) -> bool:
        """Whether to split the buffer again: the careful path met a new interchange
        (``restart``) or stopped short of the buffer's end (``more``)."""
        again = self.restart or self.more
        if self.restart:
            self.delims = None
        self.restart = self.more = False
        return again

    def _split_buffer(self) -> Iterator[Iterable[SegmentTuple]]:
        """The complete segments in the buffer as one lazy batch; sets ``restart`` at a new ISA.

        The fast path covers the common case: a one-character terminator,
        line breaks only right after terminators (:func:`_segment_end`), and
        nothing odd at any segment start, checked by one regular-expression scan
        (:func:`_odd_start`; with :func:`read_segments` it also checks every
        segment id). It builds nothing ahead of consumption: a batch is a
        C-level iterator. It splits the buffer up to the next ISA with other
        delimiters (:func:`_foreign_isa`), its window: every check above looks
        at the window only, so a batch of interchanges in many layouts costs
        each interchange its own length, and the next one is split the same way
        with its own delimiters (``restart``). Anything else goes through
        :meth:`_split_careful`.
        """
        delims = self.delims
        assert delims is not None
        buf = self.buf
        term, sep = delims.segment, delims.element
        one = len(term) == 1
        # Interchanges with the same delimiters but other line breaks (``~`` and ``~``
        # CR LF, one payer after another), or one odd interchange among them: the
        # window stops at the next ISA, whatever it declares. The scanner goes on so,
        # interchange by interchange, while the buffer holds ISAs: trying the rest
        # whole again each time would count over it once per interchange.
        any_isa = self.by_interchange
        at = _foreign_isa(buf, delims, any_isa=any_isa) if one else 0
        window = buf[:at] if at else buf
        end = _segment_end(window, term) if one else None
        if end is None and one and not any_isa:
            isa = _foreign_isa(window, delims, any_isa=True)
            if isa:
                at, window = isa, buf[:isa]
                end = _segment_end(window, term)
                any_isa = True
        self.by_interchange = any_isa and at > 0
        probe = "" if end is None else end + window
        if (
            end is None
            or (at and not window.endswith(end))  # blanks before the next ISA: careful
            or _odd_start(end, "" if self.plain else sep).search(probe)
            or not self._same_interchange(probe, end)
        ):
            yield self._careful()
            return
        ascii_window = window.isascii()  # O(1): Python keeps an ASCII flag
        if _split_in_c is not None and buf.isascii():  # the C split checks all of ``buf``
            yield self._split_ascii(buf, end, len(window))
            self.restart = at > 0
            return
        pieces = window.split(end)
        tail = pieces.pop()  # empty when the window ends at the next ISA
        if ascii_window:
            lengths: Iterator[int] = map(len, pieces)
            consumed = len(window) - len(tail)
        else:  # offsets count UTF-8 bytes (and escaped raw bytes as one each)
            lengths = map(len, map(str.encode, pieces, repeat("utf-8"), repeat(_ERRORS)))
            consumed = _nbytes(window) - _nbytes(tail)
        # Offset of piece i: start + the lengths of the pieces before it, each with its
        # end (len + 1 or 2 stays a cached small int: one new int per segment).
        offsets = accumulate(map(add, lengths, repeat(_nbytes(end))), initial=self.offset)
        segments = zip(
            map(str.split, pieces, repeat(sep)), count(self.index), offsets, repeat(delims)
        )
        yield segments if self.plain else map(_new_tuple, repeat(Segment), segments)
        self.index += len(pieces)
        self.offset += consumed
        self.buf = tail + buf[len(window) :] if at else tail
        self.restart = at > 0

    def _split_ascii(self, buf: str, end: str, limit: int) -> Iterable[SegmentTuple]:
        """:meth:`_split_buffer`'s split of ``buf[:limit]``, ASCII, done by the C speedup."""
        delims = self.delims
        assert delims is not None and _split_in_c is not None
        last = buf.rfind(end, 0, limit)
        consumed = last + len(end) if last >= 0 else 0
        segments = _split_in_c(
            buf,
            consumed,
            end,
            delims.element,
            self.index,
            self.offset,
            delims,
            None if self.plain else Segment,
        )
        self.index += buf.count(end, 0, consumed)
        self.offset += consumed
        self.buf = buf[consumed:]
        return segments

    def _same_interchange(self, probe: str, end: str) -> bool:
        """Whether every ``ISA`` in ``probe`` (``end`` + the buffer) is one the fast path may take.

        That is an ISA declaring the current delimiters, of standard length: a
        file of many small interchanges appended to each other is then read
        like one. Any other (new delimiters, a deviation to report, or no ISA
        at all but a segment so named) is the careful path's. An ISA cut by the
        end of the buffer is the piece left for the next round, checked then.
        """
        marker = end + "ISA"
        at = probe.find(marker)
        while at >= 0:
            start = at + len(end)
            if probe.find(end, start) < 0:
                return True
            try:
                delims, _, found = parse_isa_delimiters(probe, start)
            except DelimiterError:
                return False
            if delims != self.delims or found:
                return False
            at = probe.find(marker, start)
        return True

    def _careful(self) -> Iterator[Segment]:
        """:meth:`_split_careful` as a batch; its result lands in ``restart``."""
        self.restart = yield from self._split_careful()

    def _split_careful(self) -> Generator[Segment, None, bool]:
        """Segment by segment, with whitespace, wrapping and ISA handling."""
        delims = self.delims
        assert delims is not None
        term, sep = delims.segment, delims.element
        buf = self.buf
        if not buf and self.eof:
            return False
        limit = _window_end(buf, delims)
        self.more = 0 < limit < len(buf)
        window = buf[:limit] if self.more else buf
        ascii_buf = window.isascii()
        wrapped = term not in "\r\n" and ("\n" in window or "\r" in window)
        term_bytes = _nbytes(term)
        pieces = window.split(term)
        last = len(pieces) - 1
        cut = self.more or not self.eof  # the last piece may go on past the window
        offset = self.offset
        consumed = 0
        index = self.index
        known_ids = self.known_ids
        in_empty_run = False
        for i, piece in enumerate(pieces):
            if i == last and cut:
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
                        self._note(
                            "empty-segment", "empty segment(s)", Location(None, index, offset)
                        )
                    in_empty_run = not piece
                    offset += length if ascii_buf else _nbytes(piece) + term_bytes
                    consumed += length
                    continue
            if wrapped and ("\n" in text or "\r" in text):
                text = text.replace("\r", "").replace("\n", "")
            els = text.split(sep)
            seg_id = els[0]
            lead_bytes = lead if ascii_buf else _nbytes(piece[:lead])
            if seg_id not in known_ids:
                if text[:3] == "ISA" and text[3:4] and not text[3].isalnum():
                    # Read in place: slicing the rest of the buffer at every ISA of a file
                    # of many small interchanges would copy each chunk hundreds of times.
                    start = consumed + lead
                    new = None
                    if self.eof or len(buf) - start >= _ISA_LOOKAHEAD:
                        new, _, found = parse_isa_delimiters(
                            buf, start, segment_index=index, byte_offset=offset + lead_bytes
                        )
                    if new != delims:  # other delimiters, or too little text to tell yet
                        self.index, self.offset = index, offset + lead_bytes
                        self.buf = buf[start:]
                        return True
                    if self.issues is not None:
                        self.issues.extend(found)
                elif _valid_id(seg_id):
                    if seg_id != "ISA":  # a bare "ISA" id must never pass the fast path
                        known_ids.add(seg_id)
                elif self.strict:
                    raise X12SyntaxError(
                        "segment id is not 2-3 upper-case letters or digits",
                        Location(None, index, offset + lead_bytes),
                    )
                elif not self.plain and self.issues is not None:
                    # Lenient: kept in place as an unknown segment (the tuple reader's
                    # caller checks ids itself: segment_id_issue).
                    self.issues.append(_id_issue(seg_id, index, offset + lead_bytes))
            if i == last:
                self._note(
                    "missing-terminator",
                    "last segment has no segment terminator",
                    Location(seg_id, index, offset + lead_bytes),
                )
            in_empty_run = False
            yield _new_tuple(Segment, (els, index, offset + lead_bytes, delims))
            index += 1
            offset += length if ascii_buf else _nbytes(piece) + (term_bytes if i < last else 0)
            consumed += length
        # The rest starts right after a terminator. Its line break dropped (as after the
        # ISA), the next buffer starts the way the fast path splits: one odd buffer does
        # not send the rest of a file the careful way.
        consumed += (drop := _breaks_after(buf, consumed, term))
        self.buf = buf[consumed:]
        self.index, self.offset = index, offset + drop
        return False


def read_segments(
    source: Source,
    *,
    chunk_size: int = CHUNK_SIZE,
    issues: list[Issue] | None = None,
    max_segment_length: int = MAX_SEGMENT_LENGTH,
    strict: bool = False,
) -> Iterator[Segment]:
    """Yield the segments of ``source`` lazily, across any number of interchanges.

    ``issues``, when given, collects tolerated deviations (non-standard ISA
    length, empty segments, a missing final terminator) and damage: a segment
    whose id is malformed (``dTM``, ``REFE``, ``TRN3170``, a line of junk) is
    yielded in place as an unknown segment with a ``bad-segment-id`` error
    (:func:`segment_id_issue`), and reading goes on; ``strict=True`` raises
    :class:`~medclaims.errors.X12SyntaxError` there instead. Raises
    :class:`~medclaims.errors.X12SyntaxError` (or its subclass
    :class:`~medclaims.errors.DelimiterError`) where the input is not X12,
    including input that holds no segment terminator for ``max_segment_length``
    characters: the reader never buffers more of one unfinished segment than
    that (plus a chunk), so memory stays bounded whatever the input.
    """
    # On this path every segment is a Segment (the scanner is not plain).
    batches = _scanner(source, chunk_size, issues, max_segment_length, strict=strict).batches()
    return chain.from_iterable(batches)  # type: ignore[arg-type]


def read_segment_tuples(
    source: Source,
    *,
    chunk_size: int = CHUNK_SIZE,
    issues: list[Issue] | None = None,
    max_segment_length: int = MAX_SEGMENT_LENGTH,
    strict: bool = False,
) -> Iterator[SegmentTuple]:
    """Like :func:`read_segments`, but segments may come as plain tuples of the same layout.

    For parsers that only index segments (``seg[0]`` the elements, ``seg[1]``
    the index, ``seg[2]`` the byte offset, ``seg[3]`` the delimiters) and look
    every segment id up anyway. The fast path builds no :class:`Segment` and
    **does not check segment ids**: the caller must pass each id it does not
    know to :func:`segment_id_issue` (lenient) or :func:`check_segment_id`
    (strict). Segments read on the careful path (and every ISA) are
    :class:`Segment` instances; their ids are not reported either (lenient) or
    raise (``strict``); :func:`as_segment` turns either kind into a
    :class:`Segment`.
    """
    return chain.from_iterable(
        _scanner(
            source, chunk_size, issues, max_segment_length, plain=True, strict=strict
        ).batches()
    )


def _scanner(
    source: Source,
    chunk_size: int,
    issues: list[Issue] | None,
    max_segment_length: int,
    *,
    plain: bool = False,
    strict: bool = False,
) -> _Scanner:
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    if max_segment_length < 1:
        raise ValueError("max_segment_length must be positive")
    _refuse_a_path_text(source)
    scanner = _Scanner(source, chunk_size, issues, plain, max_segment_length)
    scanner.strict = strict
    return scanner


def check_segment_id(seg: SegmentTuple) -> None:
    """Raise :class:`X12SyntaxError` when ``seg``'s id is not 2-3 upper-case letters or digits.

    The error names the position only: a malformed "id" may be patient data.
    """
    if not _valid_id(seg[0][0]):
        raise X12SyntaxError(
            "segment id is not 2-3 upper-case letters or digits", Location(None, seg[1], seg[2])
        )


def segment_id_issue(seg: SegmentTuple) -> Issue | None:
    """``None`` when ``seg``'s id is well-formed, else the error issue of a lenient reader.

    The issue (code ``bad-segment-id``) gives the position and the id's shape
    only (``A`` an upper-case letter, ``a`` a lower-case one, ``9`` a digit,
    ``_`` a space, ``#`` anything else: ``dTM`` is ``aAA``, ``TRN3170``
    ``AAA9999``), never its characters: a malformed "id" may be patient data.
    """
    seg_id = seg[0][0]
    return None if _valid_id(seg_id) else _id_issue(seg_id, seg[1], seg[2])


def _id_issue(seg_id: str, index: int, offset: int) -> Issue:
    return Issue(
        Severity.ERROR,
        "bad-segment-id",
        f"segment id is not 2-3 upper-case letters or digits (its shape: {_shape(seg_id)}); "
        "kept as an unknown segment",
        Location(None, index, offset),
    )


def _shape(seg_id: str, longest: int = 8) -> str:
    """The shape of a malformed id: character classes only, at most ``longest`` shown."""
    classes = [
        "A"
        if c.isascii() and c.isupper()
        else "a"
        if c.isascii() and c.islower()
        else "9"
        if c.isascii() and c.isdigit()
        else "_"
        if c == " "
        else "#"
        for c in seg_id[:longest]
    ]
    shown = "".join(classes) or "empty"
    return shown if len(seg_id) <= longest else f"{shown}... ({len(seg_id)} characters)"


def as_segment(seg: SegmentTuple) -> Segment:
    """``seg`` as a :class:`Segment` (itself when it already is one)."""
    return seg if isinstance(seg, Segment) else Segment(*seg)
