"""Lossless: ``write_835(parse_835(x))`` gives back the segments of ``x``.

For every corpus 835 and every sample, the input and the written output are
both read with :func:`medclaims.x12.read_segments` and compared as segment
lists: ids and element strings, composites split on each side's own
component separator, trailing empty elements and components trimmed. Only
delimiters and whitespace between segments may differ; the delimiter
elements of the ISA (ISA11 repetition separator, ISA16 component separator)
are left out, and ISA elements are compared without their fixed-width padding.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from _shared import SAMPLES, corpus_files, file_id

from medclaims.remittance import parse_835, write_835
from medclaims.x12 import Delimiters, Segment, read_segments

#: Candidate delimiters for rewriting a file with other separators than its own.
_CANDIDATES = "|>^!#$@;{}[]`\\"

SAMPLE_FILES = sorted(SAMPLES.glob("*.835"))

CORPUS_FILES = corpus_files("835")


def _trim(values: list[str]) -> list[str]:
    while values and not values[-1]:
        values.pop()
    return values


def normalized(segment: Segment) -> tuple[object, ...]:
    """A delimiter-free view of one segment."""
    els = segment.elements
    if els[0] == "ISA":
        # ISA11/ISA16 are delimiters: compare the elements around them; the fixed-width
        # padding of ISA elements is whitespace, not data (some files do not pad at all).
        return ("ISA", *(e.strip() for e in (*els[1:11], *els[12:16])))
    comp = segment.delimiters.component
    rep = segment.delimiters.repetition
    out: list[object] = [els[0]]
    for value in els[1:]:
        reps = value.split(rep) if rep and rep in value else [value]
        out.append(tuple(tuple(_trim(r.split(comp))) for r in reps))
    while len(out) > 1 and out[-1] in ((), ((),)):
        out.pop()
    return tuple(out)


def segment_list(source: str | bytes) -> list[tuple[object, ...]]:
    """Every segment of ``source``, normalized."""
    return [normalized(s) for s in read_segments(source)]


def _check(path: Path) -> None:
    _check_text(path.read_bytes())


def _check_text(raw: str | bytes) -> None:
    written = write_835(parse_835(raw))
    assert isinstance(written, str)
    expected = segment_list(raw)
    actual = segment_list(written)
    for n, (want, got) in enumerate(zip(expected, actual, strict=False)):
        assert got == want, f"segment #{n} ({want[0]}) differs"
    assert len(actual) == len(expected)


def _other_delimiters(raw: bytes, current: Delimiters) -> Delimiters:
    """Four delimiters that occur nowhere in ``raw`` and differ from ``current``'s."""
    text = raw.decode("utf-8", "replace")
    used = set(current.all)
    free = [c for c in _CANDIDATES if c not in text and c not in used]
    if len(free) < 4:
        pytest.skip("no four unused delimiter characters")
    return Delimiters(free[0], free[1], free[2], free[3] if current.repetition else None)


def _check_with_other_delimiters(path: Path) -> None:
    raw = path.read_bytes()
    remittances = parse_835(raw)
    other = _other_delimiters(raw, remittances[0].delimiters)
    written = write_835(remittances, other)
    assert next(read_segments(written)).delimiters == other
    assert segment_list(written) == segment_list(raw)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_is_written_back_with_other_delimiters(path: Path) -> None:
    _check_with_other_delimiters(path)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=file_id)
def test_corpus_835_is_written_back_with_other_delimiters(path: Path) -> None:
    _check_with_other_delimiters(path)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_is_written_back_losslessly(path: Path) -> None:
    _check(path)


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=file_id)
def test_corpus_835_is_written_back_losslessly(path: Path) -> None:
    _check(path)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_an_interchange_sent_twice_in_one_file_comes_back_twice(path: Path) -> None:
    # Equal ISA and GS headers: the GE and IEA read after the first copy end it.
    _check_text(path.read_bytes() * 2)


def test_a_group_sent_twice_in_one_interchange_comes_back_twice() -> None:
    text = (SAMPLES / "remit-basic.835").read_text(encoding="ascii")
    start, end = text.index("GS*"), text.index("IEA*1*")
    doubled = text[:end] + text[start:end] + "IEA*2*" + text[end + len("IEA*1*") :]
    _check_text(doubled)
    written = write_835(parse_835(doubled))
    assert [s.elements[0] for s in read_segments(written)].count("GS") == 2


def test_samples_exist() -> None:
    assert len(SAMPLE_FILES) >= 8


def test_normalized_ignores_delimiters_but_not_values() -> None:
    a = (
        "ISA*00*          *00*          *ZZ*A              *ZZ*B              "
        "*260101*1200*^*00501*000000001*0*T*:~SVC*HC:99213*10~"
    )
    b = a.replace("*", "|").replace(":", ">").replace("~", "\n")
    assert segment_list(a) == segment_list(b)
    assert segment_list(a) != segment_list(a.replace("99213", "99214"))
    assert segment_list(a) == segment_list(a.replace("*10~", "*10**~"))


def test_an_edited_record_is_written_with_the_edit() -> None:
    """Kept segments never hide a change: editing a parsed claim changes the output."""
    [r] = parse_835((SAMPLES / "remit-basic.835").read_bytes())
    first = attrs.evolve(r.claims[0], payer_claim_control_number="EDITED0001")
    edited = attrs.evolve(r, claims=(first, *r.claims[1:]))
    [back] = parse_835(write_835([edited]))
    assert back.claims[0].payer_claim_control_number == "EDITED0001"
    assert back.claims[1:] == r.claims[1:]
