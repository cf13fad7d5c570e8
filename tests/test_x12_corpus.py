"""Every file of the shared corpus (real public X12 by others) against medclaims.x12.

Each file is read without an unexpected exception: its segment count equals a
naive count made here without our reader, or the reader rejects it with a
``MedclaimsError`` that names the position, and the file is listed in
:data:`DAMAGED` with the reason. Read → write → read keeps every
segment, with the file's own delimiters and with other legal delimiters.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from _shared import corpus_files, file_id

from medclaims.errors import Issue, MedclaimsError, X12Error
from medclaims.x12 import (
    Delimiters,
    Segment,
    format_segment,
    format_segments,
    read_segments,
    segment_data,
)

pytestmark = pytest.mark.corpus

#: Files with damage the lenient reader reports and strict mode refuses (look at a new one).
DAMAGED = {
    "837p/imsweb__x12-parser__x12_bad_segment_identifier.txt": (
        "a segment starts with the element separator (no segment id), on purpose"
    ),
}

# The naive oracle: ISA, its separator, 15 more separators, ISA16, optional line
# breaks, then the terminator. A regex, not our counting loop.
_ISA = re.compile(
    r"ISA(?P<sep>[^\w\s])(?:(?:(?!(?P=sep)).)*(?P=sep)){15}(?P<comp>.)(?P<breaks>[\r\n]*)(?P<term>.)",
    re.S,
)


def naive_count(data: bytes) -> int:
    """Segments in ``data`` counted without medclaims: split on the terminator, count non-blank.

    Uses the first ISA's terminator for the whole file (true of every corpus file).
    """
    text = data.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    m = _ISA.match(text)
    assert m is not None, "no ISA at the start"
    term = m["term"]
    if m["breaks"] and (term.isalnum() or term.isspace()):
        term = m["breaks"][0]  # the line break itself terminates segments
    if term not in "\r\n":
        text = text.replace("\r", "").replace("\n", "")
    elif term == "\r":
        text = text.replace("\n", "")
    return sum(1 for piece in text.split(term) if piece.strip())


FILES = corpus_files()


def _read(path: Path) -> list[Segment]:
    return list(read_segments(path.read_bytes()))


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_corpus_file_reads_or_fails_with_a_position(path: Path) -> None:
    """Lenient reading never fails on a real file; strict fails only on damaged ones."""
    name = file_id(path)
    data = path.read_bytes()
    issues: list[Issue] = []
    segments = list(read_segments(data, issues=issues))
    damage = [i for i in issues if i.code == "bad-segment-id"]
    try:
        list(read_segments(data, strict=True))
    except MedclaimsError as exc:
        assert name in DAMAGED, f"newly rejected: {exc}"
        assert isinstance(exc, X12Error)
        assert exc.segment_index is not None and exc.byte_offset is not None
        assert [(i.location.segment_index, i.location.byte_offset) for i in damage][:1] == [
            (exc.segment_index, exc.byte_offset)
        ]
    else:
        assert name not in DAMAGED and not damage, "now reads: drop it from DAMAGED"
    assert len(segments) == naive_count(data)
    assert [s.segment_index for s in segments] == list(range(len(segments)))
    for seg in segments:
        head = seg.id.encode()
        assert data[seg.byte_offset : seg.byte_offset + len(head)] == head


def test_corpus_is_there_when_the_folder_is() -> None:
    if not FILES:
        pytest.skip("../shared/corpus is absent")
    assert len(FILES) > 200


def _norm(elements: list[str], d: Delimiters) -> list[str]:
    """Drop trailing empty components and elements (X12 omits them: they carry nothing)."""
    out = []
    for value in elements:
        parts = value.split(d.component)
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        out.append(d.component.join(parts) if parts != [""] else "")
    while len(out) > 1 and not out[-1]:
        out.pop()
    return out


def _split(data: list[object]) -> list[object]:
    """Writable data with trailing empties dropped, to compare across delimiter sets."""
    out: list[object] = []
    for item in data:
        if isinstance(item, tuple):
            parts = list(item)
            while parts and not parts[-1]:
                parts.pop()
            item = tuple(parts) if len(parts) > 1 else (parts[0] if parts else "")
        out.append(item)
    while len(out) > 1 and out[-1] == "":
        out.pop()
    return out


def _without_isa_delimiters(seg: Segment, values: list[object]) -> list[object]:
    # ISA11 and ISA16 are delimiters themselves: they change with the delimiter set.
    return values[:11] + values[12:16] if seg.id == "ISA" else values


READABLE = [p for p in FILES if file_id(p) not in DAMAGED]
_POOL = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


@pytest.mark.parametrize("path", READABLE, ids=file_id)
def test_corpus_round_trip_with_own_delimiters(path: Path) -> None:
    segments = _read(path)
    text = "".join(format_segment(segment_data(s), s.delimiters) for s in segments)
    again = list(read_segments(text))
    assert len(again) == len(segments)
    for old, new in zip(segments, again, strict=True):
        assert new.delimiters == old.delimiters
        assert _norm(new.elements, new.delimiters) == _norm(old.elements, old.delimiters)


@pytest.mark.parametrize("path", READABLE, ids=file_id)
def test_corpus_round_trip_with_other_delimiters(path: Path) -> None:
    segments = _read(path)
    used = {ch for s in segments for value in s.elements[1:] for ch in value}
    free = [c for c in _POOL if c not in used and c not in segments[0].delimiters.all]
    if len(free) < 3:
        pytest.skip("the data uses nearly every punctuation character")
    rep = free[3] if len(free) > 3 else None
    new_delims = Delimiters(free[0], free[1], free[2], rep)
    if rep is None and any(s.delimiters.repetition for s in segments):
        pytest.skip("no free character left for a repetition separator")
    text = format_segments((segment_data(s) for s in segments), new_delims, line_breaks=True)
    again = list(read_segments(text))
    assert len(again) == len(segments)
    version = ""
    for old, new in zip(segments, again, strict=True):
        if new.id == "ISA":
            version = new.get(12)
        # ISA11 is the repetition separator from 5010 on only (X12.5).
        assert new.delimiters == attrs.evolve(
            new_delims, repetition=rep if version >= "00501" else None
        )
        assert _without_isa_delimiters(old, _split(segment_data(old))) == _without_isa_delimiters(
            new, _split(segment_data(new))
        )


def _reading(data: bytes, size: int) -> object:
    """Everything the reader says about ``data``: segments, issues, or its error."""
    issues: list[object] = []
    try:
        segments = [
            (s.elements, s.segment_index, s.byte_offset, s.delimiters)
            for s in read_segments(data, issues=issues, chunk_size=size)
        ]  # type: ignore[arg-type]
    except MedclaimsError as exc:
        return type(exc), str(exc)
    return segments, [(i.code, i.location) for i in issues]  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", corpus_files()[::2], ids=file_id)
def test_the_fast_path_reads_what_the_careful_path_reads(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The C-level fast path is an optimisation: turned off, nothing read changes."""
    from medclaims.x12 import reader

    data = path.read_bytes()
    for size in (64, 1 << 20):
        fast = _reading(data, size)
        with monkeypatch.context() as patched:
            patched.setattr(reader, "_segment_end", lambda buf, term: None)
            careful = _reading(data, size)
        assert fast == careful
