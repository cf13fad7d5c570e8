"""The optional C split of the reader's fast path reads exactly what the Python one reads.

Skipped where the C speedup is not built (a pure-Python install); CI builds it
(`.ci/run` checks that it imports), so there these tests always run.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from _shared import corpus_files, file_id, interchange_text, isa_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import MedclaimsError
from medclaims.remittance import parse_835
from medclaims.x12 import Delimiters, Segment, read_segments, reader
from medclaims.x12.reader import read_segment_tuples

speedups = pytest.importorskip("medclaims.x12._speedups")
DELIMS = Delimiters(element="*", component=":", segment="~", repetition="^")


def _everything(source: Any, size: int, *, plain: bool = False) -> object:
    """All the reader says about ``source``: segments (with their type), issues, or its error."""
    issues: list[Any] = []
    read = read_segment_tuples if plain else read_segments
    try:
        segments = [
            (type(s).__name__, list(s)) for s in read(source, chunk_size=size, issues=issues)
        ]
    except MedclaimsError as exc:
        return type(exc), str(exc)
    return segments, [(i.code, i.location) for i in issues]


def _both_ways(
    source: Any, size: int, monkeypatch: pytest.MonkeyPatch, *, plain: bool = False
) -> tuple[object, object]:
    """What the reader gives with the C split and with the Python one."""
    data = source
    with_c = _everything(io.BytesIO(data) if isinstance(data, bytes) else data, size, plain=plain)
    with monkeypatch.context() as patched:
        patched.setattr(reader, "_split_in_c", None)
        without = _everything(
            io.BytesIO(data) if isinstance(data, bytes) else data, size, plain=plain
        )
    return with_c, without


@pytest.mark.parametrize("path", corpus_files(), ids=file_id)
def test_corpus_files_read_the_same_with_and_without_c(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    for size, plain in ((1 << 20, False), (1 << 20, True), (97, False)):
        with_c, without = _both_ways(data, size, monkeypatch, plain=plain)
        assert with_c == without


@given(
    body=st.lists(
        st.lists(st.text(alphabet="ABC019 .:|^é", max_size=6), max_size=4), min_size=1, max_size=30
    ),
    between=st.sampled_from(["", "\n", "\r\n"]),
    element=st.sampled_from(["*", "|"]),
    size=st.sampled_from([7, 64, 1 << 20]),
    appended=st.integers(0, 3),
    plain=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_generated_files_read_the_same_with_and_without_c(
    body: list[list[str]], between: str, element: str, size: int, appended: int, plain: bool
) -> None:
    segments = [element.join(["REF", *els]).replace("~", "") for els in body]
    text = interchange_text(segments[:1], element=element, between=between)
    text += "".join(
        interchange_text(segments, element=element, between=between, control=f"00000000{n}")
        for n in range(appended)
    )
    with pytest.MonkeyPatch.context() as monkeypatch:
        with_c, without = _both_ways(text, size, monkeypatch, plain=plain)
    assert with_c == without


def test_the_reader_takes_the_c_split_for_ascii_buffers_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []

    def spied(buf: str, *args: Any) -> Any:
        calls.append(len(buf))
        return speedups.split_segments(buf, *args)

    monkeypatch.setattr(reader, "_split_in_c", spied)
    text = interchange_text(["REF*EA*1", "REF*EA*2"])
    assert len(list(read_segments(text))) == 8
    assert calls
    calls.clear()
    assert len(list(read_segments(text.replace("REF*EA*2", "REF*EA*é")))) == 8
    assert not calls  # non-ASCII text: byte offsets are the Python path's


def test_segments_are_segments_and_tuples_plain() -> None:
    buf = "ST*835*1~BPR*I~SE*2*1~GE*1"
    stop = buf.rindex("~") + 1
    got = list(speedups.split_segments(buf, stop, "~", "*", 5, 100, DELIMS, Segment))
    assert got == [
        Segment(["ST", "835", "1"], 5, 100, DELIMS),
        Segment(["BPR", "I"], 6, 109, DELIMS),
        Segment(["SE", "2", "1"], 7, 115, DELIMS),
    ]
    assert all(type(s) is Segment for s in got)
    plain = list(speedups.split_segments(buf, stop, "~", "*", 0, 0, DELIMS, None))
    assert [type(t) for t in plain] == [tuple] * 3
    assert [t[0] for t in plain] == [s.elements for s in got]


def test_a_longer_end_and_empty_elements() -> None:
    buf = "A**~\r\n*~\r\n~\r\n"
    got = list(speedups.split_segments(buf, len(buf), "~\r\n", "*", 0, 0, DELIMS, None))
    assert got == [(["A", "", ""], 0, 0, DELIMS), (["", ""], 1, 6, DELIMS), ([""], 2, 10, DELIMS)]
    assert got == [
        (piece.split("*"), n, off, DELIMS)
        for n, (piece, off) in enumerate(zip(buf.split("~\r\n")[:-1], (0, 6, 10), strict=True))
    ]


def test_arguments_it_refuses() -> None:
    with pytest.raises(ValueError, match="ASCII"):
        speedups.split_segments("REF*é~", 6, "~", "*", 0, 0, DELIMS, None)
    with pytest.raises(ValueError, match="ASCII"):
        speedups.split_segments("REF~", 99, "~", "*", 0, 0, DELIMS, None)
    with pytest.raises(ValueError, match="ASCII"):
        speedups.split_segments("REF~", 4, "~", "**", 0, 0, DELIMS, None)
    with pytest.raises(TypeError, match="tuple subclass"):
        speedups.split_segments("REF~", 4, "~", "*", 0, 0, DELIMS, list)


def test_references_are_released() -> None:
    buf = isa_text() + "REF*EA*1~" * 1000
    delims = Delimiters(element="*", component=":", segment="~", repetition="^")
    before = sys.getrefcount(buf), sys.getrefcount(delims), sys.getrefcount(Segment)
    segments = list(speedups.split_segments(buf, len(buf), "~", "*", 0, 0, delims, Segment))
    assert sys.getrefcount(delims) == before[1] + len(segments)
    del segments
    iterator = speedups.split_segments(buf, len(buf), "~", "*", 0, 0, delims, Segment)
    next(iterator)
    del iterator  # dropped half-way: it lets go of what it held
    assert (sys.getrefcount(buf), sys.getrefcount(delims), sys.getrefcount(Segment)) == before


def test_parse_835_gives_the_same_records_with_and_without_c(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    samples = Path(__file__).resolve().parent.parent / "samples"
    for path in sorted(samples.rglob("*.835")):
        data = path.read_bytes()
        with_c = parse_835(data)
        with monkeypatch.context() as patched:
            patched.setattr(reader, "_split_in_c", None)
            assert parse_835(data) == with_c


@given(
    text=st.text(alphabet=st.characters(max_codepoint=127), max_size=200),
    end=st.sampled_from(["~", "~\n", "~\r\n", "\r\n", "'", "\n"]),
    sep=st.sampled_from(["*", "|", "^", "~"]),
    index=st.integers(0, 10**6),
    offset=st.integers(0, 10**9),
)
@settings(max_examples=500, deadline=None)
def test_split_segments_is_the_python_split(
    text: str, end: str, sep: str, index: int, offset: int
) -> None:
    # Any ASCII text, not only what the reader would hand it: the same as the
    # zip of splits it replaces, up to the last end.
    stop = text.rfind(end) + len(end) if end in text else 0
    pieces = text[:stop].split(end)[:-1]
    starts = [offset]
    for piece in pieces:
        starts.append(starts[-1] + len(piece) + len(end))
    expected = [(piece.split(sep), index + n, starts[n], DELIMS) for n, piece in enumerate(pieces)]
    assert (
        list(speedups.split_segments(text, stop, end, sep, index, offset, DELIMS, None)) == expected
    )
