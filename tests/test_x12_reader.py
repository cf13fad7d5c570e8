"""Tests for medclaims.x12.reader: lazy, chunked, multi-interchange segment reading."""

from __future__ import annotations

import io

import pytest
from _shared import corpus_files, file_id, interchange_text, isa_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import DelimiterError, Issue, MedclaimsError, X12SyntaxError
from medclaims.remittance import parse_835
from medclaims.x12 import Delimiters, Segment, read_segments
from medclaims.x12.reader import (
    _odd_start,
    _segment_end,
    as_segment,
    check_segment_id,
    read_segment_tuples,
    segment_id_issue,
)

BODY = [
    "BPR*I*100.00*C*ACH",
    "TRN*1*12345*1512345678",
    "N1*PR*PAYER NAME",
    "CLP*PCN1*1*200*100**12*CLAIM1",
    "CAS*CO*45*100",
    "SVC*HC:99213:25*200*100**1",
]


def shape(segments: list[Segment]) -> list[tuple[list[str], int, int, Delimiters]]:
    """Everything a segment carries, for comparisons."""
    return [(s.elements, s.segment_index, s.byte_offset, s.delimiters) for s in segments]


def test_reads_a_plain_interchange() -> None:
    text = interchange_text(BODY)
    segs = list(read_segments(text))
    assert [s.id for s in segs] == [
        "ISA",
        "GS",
        "ST",
        "BPR",
        "TRN",
        "N1",
        "CLP",
        "CAS",
        "SVC",
        "SE",
        "GE",
        "IEA",
    ]
    assert [s.segment_index for s in segs] == list(range(12))
    clp = segs[6]
    assert clp.elements == ["CLP", "PCN1", "1", "200", "100", "", "12", "CLAIM1"]
    assert clp.get(4) == "100" and clp.get(40) == ""
    assert segs[8].composite(1) == ["HC", "99213", "25"]
    assert segs[0].delimiters == Delimiters("*", ":", "~", "^")
    assert len(segs[0].elements) == 17


def test_returns_an_iterator_not_a_list() -> None:
    it = read_segments(interchange_text(BODY))
    assert next(it).id == "ISA"
    assert next(it).id == "GS"


@pytest.mark.parametrize("kind", ["str", "bytes", "bytearray", "memoryview", "binary", "text"])
def test_every_source_kind_gives_the_same_segments(kind: str) -> None:
    text = interchange_text(BODY, between="\r\n")
    data = text.encode()
    sources = {
        "str": lambda: text,
        "bytes": lambda: data,
        "bytearray": lambda: bytearray(data),
        "memoryview": lambda: memoryview(data),
        "binary": lambda: io.BytesIO(data),
        "text": lambda: io.StringIO(text),
    }
    expected = shape(list(read_segments(text)))
    assert len(expected) == len(BODY) + 6
    assert shape(list(read_segments(sources[kind]()))) == expected


def test_byte_offsets_point_at_each_segment() -> None:
    text = interchange_text(BODY, between="\n")
    data = text.encode()
    pos = 0
    for seg in read_segments(data):
        pos = data.index(seg.id.encode() + b"*", pos)
        assert seg.byte_offset == pos
        pos += 1


@pytest.mark.parametrize("between", ["", "\n", "\r\n"])
def test_byte_offsets_count_utf8_bytes_not_characters(between: str) -> None:
    body = ["NM1*QC*1*MÜLLER*JOSÉ", "N3*STRAßE 5 – 北京", "REF*EA*Ω", "CLP*A*1*1*1**12*B"]
    data = interchange_text(body, between=between).encode("utf-8")
    segs = list(read_segments(data))
    pos = 0
    for seg in segs:
        pos = data.index(seg.id.encode() + b"*", pos)
        assert seg.byte_offset == pos, seg
        pos += 1
    assert segs[3].elements[3] == "MÜLLER"
    # The text read through a file object in tiny chunks agrees, including cut characters.
    for size in (1, 2, 3, 5):
        assert shape(list(read_segments(io.BytesIO(data), chunk_size=size))) == shape(segs)


@pytest.mark.parametrize("size", [1, 7, 64, 1000])
@pytest.mark.parametrize("between", ["", "\n", "\r\n  "])
def test_chunk_size_does_not_change_segments_or_offsets(size: int, between: str) -> None:
    text = interchange_text(BODY * 5, between=between) * 2
    whole = shape(list(read_segments(text)))
    assert len(whole) == 2 * (len(BODY) * 5 + 6)
    assert shape(list(read_segments(io.BytesIO(text.encode()), chunk_size=size))) == whole
    assert shape(list(read_segments(io.StringIO(text), chunk_size=size))) == whole


@pytest.mark.parametrize("path", corpus_files()[::9], ids=file_id)
@pytest.mark.parametrize("size", [1, 7, 64])
def test_chunk_size_on_corpus_files(path: object, size: int) -> None:
    data = path.read_bytes()  # type: ignore[attr-defined]
    try:
        whole = shape(list(read_segments(data)))
    except MedclaimsError:
        pytest.skip("file is rejected as a whole; see test_x12_corpus")
    assert shape(list(read_segments(io.BytesIO(data), chunk_size=size))) == whole


@given(
    body=st.lists(
        st.text(alphabet="ABCDEFGHIJ0123456789 .é", min_size=0, max_size=12), min_size=1, max_size=8
    ),
    size=st.integers(min_value=1, max_value=50),
    between=st.sampled_from(["", "\n", "\r\n", " \n"]),
)
@settings(max_examples=60, deadline=None)
def test_chunked_reading_agrees_with_whole_reading(
    body: list[str], size: int, between: str
) -> None:
    segs = ["REF*" + "*".join(body)] * 3
    data = interchange_text(segs, between=between).encode()
    whole = shape(list(read_segments(data)))
    assert shape(list(read_segments(io.BytesIO(data), chunk_size=size))) == whole


def test_utf8_bom_and_leading_whitespace() -> None:
    text = interchange_text(BODY)
    plain = list(read_segments(text))
    data = b"\xef\xbb\xbf \r\n\t" + text.encode()
    segs = list(read_segments(data))
    assert [s.elements for s in segs] == [s.elements for s in plain]
    assert segs[0].byte_offset == 7
    assert data[segs[1].byte_offset :].startswith(b"GS*")


def test_appended_interchanges_with_different_delimiters() -> None:
    first = interchange_text(BODY, control="000000001")
    second = interchange_text(
        [b.replace("*", "|").replace(":", ">") for b in BODY],
        element="|",
        component=">",
        segment="\n",
        repetition="!",
        control="000000002",
    )
    third = interchange_text(
        [b.replace("*", "^").replace(":", "+") for b in BODY],
        element="^",
        component="+",
        segment="'",
        repetition="\\",
        control="000000003",
    )
    text = first + "\n" + second + third
    segs = list(read_segments(text))
    n = len(BODY) + 6
    assert len(segs) == 3 * n
    assert {s.delimiters for s in segs[:n]} == {Delimiters("*", ":", "~", "^")}
    assert {s.delimiters for s in segs[n : 2 * n]} == {Delimiters("|", ">", "\n", "!")}
    assert {s.delimiters for s in segs[2 * n :]} == {Delimiters("^", "+", "'", "\\")}
    for part in (segs[:n], segs[n : 2 * n], segs[2 * n :]):
        assert [s.id for s in part] == [s.id for s in segs[:n]]
        assert part[8].composite(1) == ["HC", "99213", "25"]
        assert part[6].elements == segs[6].elements
    assert [s.segment_index for s in segs] == list(range(3 * n))
    data = text.encode()
    for seg in segs:
        assert data[seg.byte_offset :].startswith(seg.id.encode() + seg.delimiters.element.encode())
    for size in (1, 7, 64):
        assert shape(list(read_segments(io.StringIO(text), chunk_size=size))) == shape(segs)


def test_4010_letter_u_in_isa11_means_no_repetition_separator() -> None:
    text = interchange_text(["REF*EA*A^B"], repetition="U", version="00401")
    segs = list(read_segments(text))
    assert segs[0].delimiters.repetition is None
    ref = segs[3]
    assert ref.repeats(2) == ["A^B"]


def test_5010_repetition_separator_splits_repeats() -> None:
    segs = list(read_segments(interchange_text(["REF*EA*A^B"])))
    assert segs[3].repeats(2) == ["A", "B"]
    assert segs[3].repeats(9) == []


def test_isa_length_deviation_is_an_issue_not_an_error() -> None:
    good = interchange_text(BODY)
    padded = good.replace("SENDER         ", "SENDER", 1)  # 9 characters short
    issues: list[Issue] = []
    segs = list(read_segments(padded, issues=issues))
    assert [s.elements for s in segs][1:] == [s.elements for s in read_segments(good)][1:]
    assert segs[0].get(6) == "SENDER"
    codes = [i.code for i in issues]
    assert codes == ["isa-length"]
    assert issues[0].location is not None and issues[0].location.segment_id == "ISA"
    assert "97" in issues[0].message
    clean: list[Issue] = []
    list(read_segments(good, issues=clean))
    assert clean == []


def test_line_breaks_before_terminators() -> None:
    text = interchange_text(BODY).replace("~", "\n~")
    issues: list[Issue] = []
    segs = list(read_segments(text, issues=issues))
    expected = [s.elements for s in read_segments(interchange_text(BODY))]
    assert [s.elements for s in segs] == expected
    assert segs[0].delimiters.segment == "~"
    assert "line-break-before-terminator" in [i.code for i in issues]


def test_newline_as_the_segment_terminator() -> None:
    text = interchange_text(BODY, segment="\n")
    segs = list(read_segments(text))
    assert segs[0].delimiters.segment == "\n"
    assert [s.elements for s in segs] == [s.elements for s in read_segments(interchange_text(BODY))]


def test_wrapped_segments_are_joined() -> None:
    text = interchange_text(BODY)
    wrapped = "\n".join(text[i : i + 80] for i in range(0, len(text), 80))
    assert [s.elements for s in read_segments(wrapped)] == [s.elements for s in read_segments(text)]


def test_a_patient_named_isaac_is_just_a_name() -> None:
    body = ["NM1*QC*1*ISAAC*ISA", "N3*ISA*ISA~ISA", "REF*ISA*ISA"]
    body[1] = "N3*ISA*ISA"
    text = interchange_text(body)
    segs = list(read_segments(text))
    assert [s.id for s in segs].count("ISA") == 1
    assert segs[3].elements == ["NM1", "QC", "1", "ISAAC", "ISA"]
    for size in (1, 7):
        assert shape(list(read_segments(io.StringIO(text), chunk_size=size))) == shape(segs)


def test_missing_final_terminator_is_an_issue() -> None:
    text = interchange_text(BODY).rstrip("~")
    issues: list[Issue] = []
    segs = list(read_segments(text, issues=issues))
    assert segs[-1].elements == ["IEA", "1", "000000001"]
    assert [i.code for i in issues] == ["missing-terminator"]


def test_empty_segments_are_skipped_with_an_issue() -> None:
    text = interchange_text(BODY).replace("~N1*", "~~N1*")
    issues: list[Issue] = []
    segs = list(read_segments(text, issues=issues))
    assert len(segs) == len(BODY) + 6
    assert [i.code for i in issues] == ["empty-segment"]


def test_empty_and_blank_input_yield_nothing() -> None:
    assert list(read_segments("")) == []
    assert list(read_segments(b"\xef\xbb\xbf \n")) == []
    assert list(read_segments(io.BytesIO(b""))) == []


@pytest.mark.parametrize(
    "text", ["hello world", "GS*HC*A~", "ISA", "ISA*00*short~", "ISAX00X", "<xml/>", "ISA 00 "]
)
def test_non_x12_input_raises_a_delimiter_error_with_a_position(text: str) -> None:
    with pytest.raises(DelimiterError) as info:
        list(read_segments(text))
    assert info.value.byte_offset == 0
    assert info.value.segment_index == 0


def test_bad_segment_id_raises_with_index_and_offset_in_strict_mode() -> None:
    text = interchange_text(BODY)
    bad = text.replace("~N1*", "~*N1*")
    with pytest.raises(X12SyntaxError) as info:
        list(read_segments(bad, strict=True))
    err = info.value
    assert err.segment_index == 5
    assert err.byte_offset == bad.index("*N1*")
    assert "#5" in str(err) and f"byte {err.byte_offset}" in str(err)


@pytest.mark.parametrize(
    ("bad", "shape"),
    [
        ("dTM*472*20240101", "aAA"),
        ("REFE*27*0004", "AAAA"),
        ("TRN3170*1*2", "AAA9999"),
        ("PLXX*A*1", "AAAA"),
        ("SMITH JOHN SENTINEL", "AAAAA_AA... (19 characters)"),
        ("*N1*X", "empty"),
    ],
)
def test_a_malformed_id_is_kept_in_place_with_its_position_and_shape(bad: str, shape: str) -> None:
    body = [*BODY[:5], bad, *BODY[5:]]
    text = interchange_text(body)
    clean = list(read_segments(interchange_text(BODY)))
    issues: list[Issue] = []
    segs = list(read_segments(text, issues=issues))
    at = text[: text.index(bad)].count("~")  # its index: the segments before it
    assert segs[at].elements == bad.split("*")
    assert [s.elements[0] for s in segs[:at] + segs[at + 1 :]] == [s.elements[0] for s in clean]
    [issue] = [i for i in issues if i.code == "bad-segment-id"]
    assert issue.severity.name == "ERROR"
    assert issue.location.segment_index == at and issue.location.segment_id is None
    assert issue.location.byte_offset == text.index(bad)
    assert f"its shape: {shape})" in issue.message
    assert bad.split("*")[0] not in str(issue) or bad.startswith("*")
    # The tuple reader leaves the report to its caller, which gets the same issue.
    plain = [seg for seg in read_segment_tuples(text, issues=[]) if seg[1] == at]
    assert segment_id_issue(plain[0]) == issue
    with pytest.raises(X12SyntaxError):
        list(read_segment_tuples(text, strict=True)) and check_segment_id(plain[0])


def test_rejects_non_file_source_and_bad_chunk_size() -> None:
    with pytest.raises(TypeError):
        list(read_segments(42))  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        read_segments("", chunk_size=0)


class _Endless:
    """A binary file whose data never ends and, after ``head``, holds no terminator."""

    def __init__(self, head: bytes) -> None:
        self.head = head
        self.served = 0

    def read(self, size: int) -> bytes:
        if self.served > 64 << 20:  # the reader under test should have stopped long ago
            raise AssertionError("the reader kept buffering an endless segment")
        if self.head:
            out, self.head = self.head[:size], self.head[size:]
        else:
            out = b"X" * size
        self.served += len(out)
        return out


@pytest.mark.parametrize("reader", [read_segments, read_segment_tuples])
def test_a_segment_without_end_raises_instead_of_buffering_the_input(reader: object) -> None:
    text = interchange_text(BODY)
    start = text.index("CLP*")
    source = _Endless(text[: start + 4].encode())
    consumed = []
    with pytest.raises(X12SyntaxError) as info:
        for seg in reader(source, chunk_size=4096, max_segment_length=1 << 16):  # type: ignore[operator]
            consumed.append(seg[0])
    err = info.value
    assert err.segment_index == len(consumed) == text[:start].count("~")
    assert err.byte_offset == start
    assert "65536 characters" in str(err)
    assert source.served < (1 << 16) + 3 * 4096  # bounded: the limit plus a chunk or two


@pytest.mark.parametrize("size", [1, 7, 4096])
def test_a_long_segment_within_the_bound_reads_whole(size: int) -> None:
    long_value = "Y" * 5000
    text = interchange_text([*BODY, f"REF*EA*{long_value}"])
    bounded = list(read_segments(text, chunk_size=size, max_segment_length=5010))
    assert shape(bounded) == shape(list(read_segments(text)))
    assert bounded[-4].elements == ["REF", "EA", long_value]
    if size < 4000:  # buffered across chunks beyond the bound: refused
        with pytest.raises(X12SyntaxError):
            list(read_segments(text, chunk_size=size, max_segment_length=4000))
    else:  # the bound is on buffering: a segment already complete in a chunk passes
        assert len(list(read_segments(text, chunk_size=size, max_segment_length=4000))) == len(
            bounded
        )


def test_rejects_a_non_positive_segment_bound() -> None:
    with pytest.raises(ValueError):
        read_segments("", max_segment_length=0)
    with pytest.raises(ValueError):
        read_segment_tuples("", max_segment_length=-1)


def test_invalid_utf8_bytes_survive() -> None:
    data = interchange_text(["NM1*QC*1*XX"]).encode().replace(b"XX", b"\xff\xfe")
    segs = list(read_segments(data))
    value = segs[3].elements[3]
    assert value.encode("utf-8", "surrogateescape") == b"\xff\xfe"
    assert data[segs[4].byte_offset :].startswith(b"SE*")


@pytest.mark.parametrize("between", ["", "\n", "\r\n"])
def test_values_keep_their_spaces(between: str) -> None:
    text = interchange_text(["N1*PR* PAYER  NAME ", "REF*EA*  "], between=between)
    segs = list(read_segments(text))
    assert segs[3].elements == ["N1", "PR", " PAYER  NAME "]
    assert segs[4].elements == ["REF", "EA", "  "]
    wrapped = text.replace("~", "\n~")
    assert [s.elements for s in read_segments(wrapped)][3:5] == [s.elements for s in segs[3:5]]


def test_isa_length_deviation_in_a_later_interchange() -> None:
    first = interchange_text(BODY)
    second = interchange_text(BODY, control="000000002").replace("SENDER         ", "SENDER", 1)
    for size in (7, 1 << 20):
        issues: list[Issue] = []
        segs = list(read_segments(io.StringIO(first + second), chunk_size=size, issues=issues))
        assert [(i.code, i.location.segment_index if i.location else None) for i in issues] == [
            ("isa-length", len(BODY) + 6)
        ]
        assert issues[0].location is not None
        assert issues[0].location.byte_offset == len(first) == segs[len(BODY) + 6].byte_offset
        assert segs[len(BODY) + 6].get(6) == "SENDER"


@pytest.mark.parametrize("between", ["", "\n", " ", "~", "\t", "\x0b"])
@pytest.mark.parametrize("size", [7, 1 << 20])
def test_segment_tuples_carry_what_segments_carry(between: str, size: int) -> None:
    # The fast path gives plain tuples; what it must leave to the careful path
    # (line breaks, spaces, empty segments, control characters, a second ISA)
    # comes as Segments. Both agree with read_segments, issues included.
    text = interchange_text(BODY * 300, between=between) * 2
    issues: list[Issue] = []
    plain = list(read_segment_tuples(text, chunk_size=size, issues=issues))
    expected: list[Issue] = []
    assert plain == shape(list(read_segments(text, chunk_size=size, issues=expected)))
    assert issues == expected
    assert [as_segment(seg) for seg in plain] == list(read_segments(text))
    assert all(type(as_segment(seg)) is Segment for seg in plain)


@pytest.mark.parametrize("bad", ["clp*1", "CL P*1", "C*1", "CLPX*1", "1LP*1", "*1"])
def test_a_malformed_segment_id_is_rejected_in_a_long_clean_buffer(bad: str) -> None:
    # Hundreds of good segments first, so the batch-level id check has to catch it.
    body = BODY * 200
    body.insert(777, bad)
    text = interchange_text(body)
    with pytest.raises(X12SyntaxError) as err:
        list(read_segments(text, strict=True))
    assert err.value.location.segment_index == 780 and bad not in str(err.value)
    issues: list[Issue] = []
    assert len(list(read_segments(text, issues=issues))) == len(body) + 6
    assert [i.location.segment_index for i in issues if i.code == "bad-segment-id"] == [780]
    # read_segment_tuples leaves the check to its caller (the 835 parser does it).
    plain = [seg for seg in read_segment_tuples(text) if seg[1] == 780]
    with pytest.raises(X12SyntaxError) as err:
        check_segment_id(plain[0])
    assert err.value.location.segment_index == 780
    [rem] = parse_835(text)
    [issue] = [i for i in rem.issues if i.code == "bad-segment-id"]
    assert issue.location.segment_index == 780
    assert not bad.split("*")[0] or bad.split("*")[0] not in issue.message


@pytest.mark.parametrize("size", [512, 4096, 1 << 20])
def test_a_bare_isa_id_does_not_hide_a_later_interchange(size: int) -> None:
    # "ISA" alone is a well-formed id, not an interchange start; it must not let
    # a real ISA (with other delimiters) later in the same buffer pass unseen.
    first = interchange_text(BODY[:3] + ["ISA"] + BODY * 50)
    # Same element separator, another component separator: only the ISA tells.
    second = interchange_text(
        [b.replace(":", ">") for b in BODY], component=">", repetition="!", control="000000002"
    )
    segs = list(read_segments(first + second, chunk_size=size))
    assert segs[6].elements == ["ISA"]
    tail = segs[-(len(BODY) + 6) :]
    assert tail[0].id == "ISA" and {s.delimiters.component for s in tail} == {">"}
    assert tail[8].composite(1) == ["HC", "99213", "25"]


def _odd_by_rule(text: str, end: str, sep: str) -> bool:
    """The fast path's rule, one segment start at a time (what _odd_start's regex encodes)."""
    upper, digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789"
    at = text.find(end)
    while at >= 0:
        rest = text[at + len(end) : at + len(end) + 4]
        if rest and (rest[0] <= " " or rest[0] == end[0]):
            return True
        if sep and rest:
            ends = sep + end[0]
            ok = (
                rest[0] in upper
                and (len(rest) < 2 or rest[1] in upper + digits)
                and (len(rest) < 3 or rest[2] in upper + digits + ends)
                and (len(rest) < 4 or rest[2] in ends or rest[3] in ends)
            )
            if not ok:
                return True
        at = text.find(end, at + 1)
    return False


@given(
    text=st.text(alphabet="~*\n\r AZ09az.\x00é", max_size=14),
    end=st.sampled_from(["~", "~\n", "~\r\n"]),
    sep=st.sampled_from(["", "*"]),
)
@settings(max_examples=2000, deadline=None)
def test_odd_start_pattern_follows_the_rule(text: str, end: str, sep: str) -> None:
    probe = end + text
    assert bool(_odd_start(end, sep).search(probe)) == _odd_by_rule(probe, end, sep)


# Segment starts cut by the buffer's end, ids of 2 and 3 characters, ids ended by the
# terminator: pinned, whatever the random examples draw.
@pytest.mark.parametrize(
    "text", ["AZ~", "AZ*", "A0Z*", "A0Z~", "A0Z", "AZ0Z*", "a", "0A*", " AB*", "~AB*", "A*", "AB\n"]
)
def test_odd_start_pattern_on_pinned_starts(text: str) -> None:
    probe = "~" + text
    assert bool(_odd_start("~", "*").search(probe)) == _odd_by_rule(probe, "~", "*")


_PIECES = [
    "CLP*1*2*3",
    "N1*PR*X",
    "SVC*HC:1*5",
    "ISA",
    "SE*1",
    "",
    " ",
    "\t",
    "clp*1",
    "C*1",
    "AB",
    "ABCD*1",
    "ISA*00",
    "\x00X",
    "LQ*HE*N1",
]


@given(
    picks=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30),
    size=st.sampled_from([5, 64, 1 << 20]),
    second=st.booleans(),
)
@settings(max_examples=300, deadline=None)
def test_tuple_reader_and_its_id_check_agree_with_read_segments(
    picks: list[str], size: int, second: bool
) -> None:
    # Odd pieces land anywhere in clean ones: both readers must give the same
    # segments, or fail at the same place (the tuple reader's caller checking ids).
    body = ["BPR*I*1", *picks, "TRN*1*2"] * 3
    text = interchange_text(body)
    if second:
        text += interchange_text(["REF|1"], element="|", control="000000002")

    def read(reader: object) -> tuple[object, object]:
        segs = []
        try:
            for seg in reader(text, chunk_size=size):  # type: ignore[operator]
                check_segment_id(seg)  # as the 835 parser does, segment by segment
                segs.append(tuple(seg))
        except X12SyntaxError as err:
            return None, (err.location.segment_index, err.location.byte_offset)
        return segs, None

    assert read(read_segment_tuples) == read(read_segments)


@given(
    body=st.lists(
        st.lists(st.text(alphabet="ABC019 .:é北", max_size=6), min_size=1, max_size=4),
        min_size=1,
        max_size=30,
    ),
    layout=st.sampled_from(["", "\n", "\r\n"]),
    odd=st.sampled_from([None, "", "\n", "\r\n", " \n"]),
    where=st.integers(min_value=0),
    size=st.integers(min_value=1, max_value=80),
    term=st.sampled_from(["~", "\r"]),
)
@settings(max_examples=120, deadline=None)
def test_segments_and_offsets_match_the_text_whatever_follows_each_terminator(
    body: list[list[str]], layout: str, odd: str | None, where: int, size: int, term: str
) -> None:
    # One line break (or none) after every terminator is the fast path's layout; `odd`
    # puts another after one terminator, which sends that buffer the careful way.
    # With a CR terminator, CR LF line ends are that layout ("\r\r\n" would hold an
    # empty segment, so a CR after it becomes another LF).
    if term == "\r":
        layout = layout.replace("\r", "")
        odd = None if odd is None else odd.replace("\r", "\n")
    segments = [["ISA", *isa_text(segment=term).split("*")[1:]]]
    segments[0][-1] = segments[0][-1][:-1]  # ISA16 without the terminator
    segments += [
        ["GS", "HP", "S", "R", "20260101", "1200", "17", "X", "005010X221A1"],
        ["ST", "835", "0001"],
        *(["REF", *els] for els in body),
        ["SE", "2", "0001"],
    ]
    afters = [layout] * len(segments)
    if odd is not None:
        afters[where % len(segments)] = odd
    text = "".join(
        "*".join(els) + term + after for els, after in zip(segments, afters, strict=True)
    )
    expected, pos = [], 0
    for n, (els, after) in enumerate(zip(segments, afters, strict=True)):
        expected.append((els, n, pos))
        pos += len("*".join(els).encode()) + 1 + len(after)  # offsets count UTF-8 bytes
    for source in (text, io.BytesIO(text.encode()), io.StringIO(text)):
        kwargs = {} if isinstance(source, str) else {"chunk_size": size}
        got = [
            (s.elements, s.segment_index, s.byte_offset) for s in read_segments(source, **kwargs)
        ]  # type: ignore[arg-type]
        assert got == expected
    tuples = [(t[0], t[1], t[2]) for t in read_segment_tuples(text, chunk_size=size)]
    assert tuples == expected
    if odd is None:  # the fast path's layout: it must be the one that reads it
        assert _segment_end(text[len(isa_text()) + len(layout) :], term) == term + layout


@pytest.mark.parametrize(("term", "brk"), [("~", "\n"), ("~", "\r\n"), ("\r", "\n")])
def test_one_odd_buffer_does_not_send_the_rest_of_the_file_the_careful_way(
    term: str, brk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medclaims.x12 import reader

    body = BODY * 300
    body[5] = " " + body[5]  # a space before a segment: the careful path's case
    text = interchange_text(body, segment=term, between=brk)
    careful: list[int] = []
    original = reader._Scanner._careful

    def counted(self: object) -> object:
        careful.append(1)
        return original(self)  # type: ignore[arg-type]

    monkeypatch.setattr(reader._Scanner, "_careful", counted)
    segs = list(read_segments(text, chunk_size=4096))
    assert len(segs) == len(body) + 6 and len(text) > 8 * 4096
    assert careful == [1]  # the odd buffer only; every later one splits the fast way


def _read_all(text: str, size: int) -> object:
    issues: list[Issue] = []
    try:
        segs = [
            (s.elements, s.segment_index, s.byte_offset, s.delimiters)
            for s in read_segments(io.StringIO(text), chunk_size=size, issues=issues)
        ]
    except MedclaimsError as exc:
        return type(exc), str(exc)
    return segs, [(i.code, i.location) for i in issues]


@given(
    parts=st.lists(
        st.sampled_from(["same", "other", "short", "bare", "isaac", "body"]),
        min_size=1,
        max_size=12,
    ),
    between=st.sampled_from(["", "\n", "\r\n"]),
    size=st.sampled_from([97, 1024, 1 << 20]),
)
@settings(max_examples=150, deadline=None)
def test_appended_interchanges_read_the_same_on_either_path(
    parts: list[str], between: str, size: int
) -> None:
    # The fast path takes an ISA with the current delimiters as an ordinary segment;
    # anything else about an ISA is the careful path's. Turned off, nothing changes.
    from medclaims.x12 import reader

    pieces = {
        "same": interchange_text(BODY[:2], between=between, control="000000002"),
        "other": interchange_text(["REF|1"], element="|", control="000000003"),
        "short": interchange_text(BODY[:1], between=between).replace(
            "SENDER         ", "SENDER", 1
        ),
        "bare": "ISA~" + between,
        "isaac": "ISAAC*1~" + between,
        "body": "REF*EA*1~" + between,
    }
    text = interchange_text(BODY[:3], between=between) + "".join(pieces[p] for p in parts)
    fast = _read_all(text, size)
    original = reader._segment_end
    reader._segment_end = lambda buf, term: None  # type: ignore[assignment]
    try:
        careful = _read_all(text, size)
    finally:
        reader._segment_end = original
    assert fast == careful


_DELIMITER_SETS = [
    ("*", ":", "~", "^"),
    ("|", ">", "~", "!"),
    ("*", ">", "\n", "^"),
    ("^", ":", "'", "+"),
]


@given(
    picks=st.lists(
        st.tuples(
            st.integers(0, len(_DELIMITER_SETS) - 1),
            st.sampled_from(["", "\n", "\r\n"]),
            st.lists(st.sampled_from(["LISA", "ISAAC", "ISA", "X", ""]), min_size=1, max_size=3),
        ),
        min_size=1,
        max_size=12,
    ),
    size=st.sampled_from([31, 97, 1024, 1 << 20]),
)
@settings(max_examples=150, deadline=None)
def test_interchanges_with_changing_delimiters_read_as_written(
    picks: list[tuple[int, str, list[str]]], size: int
) -> None:
    # Offsets and elements computed here from what was written, interchange by
    # interchange, whatever the delimiters, line breaks and "ISA"-like data values.
    text, expected, pos = "", [], 0
    for which, between, values in picks:
        element, component, segment, repetition = _DELIMITER_SETS[which]
        if segment == "\n":
            between = ""
        isa = isa_text(element=element, component=component, segment=segment, repetition=repetition)
        segments = [
            ["GS", "HP", "S", "R", "20260101", "1200", "17", "X", "005010X221A1"],
            ["ST", "835", "0001"],
            ["NM1", "QC", "1", *values],
            ["SE", "3", "0001"],
            ["GE", "1", "17"],
            ["IEA", "1", "000000001"],
        ]
        expected.append((isa[:-1].split(element), pos))
        pos += len(isa) + len(between)
        text += isa + between
        for els in segments:
            expected.append((els, pos))
            written = element.join(els) + segment + between
            text += written
            pos += len(written)
    got = [
        (seg.elements, seg.byte_offset) for seg in read_segments(io.StringIO(text), chunk_size=size)
    ]
    assert got == expected
    assert [seg.segment_index for seg in read_segments(text)] == list(range(len(expected)))


@pytest.mark.parametrize("other", [{"element": "|"}, {"segment": "\n"}, {"component": ">"}])
@pytest.mark.parametrize("between", ["", "\r\n"])
def test_changing_delimiters_split_each_part_of_the_buffer_about_once(
    other: dict[str, str], between: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each interchange with other delimiters restarts the split; both paths split
    # only up to it, so the work stays linear (the whole buffer once per interchange
    # would be quadratic). The windows split add up to about the text, and every
    # interchange is split by the fast path, with its own delimiters.
    from medclaims.x12 import reader

    if other.get("segment") == "\n" and between:
        between = ""  # a line-feed terminator takes no line break after it
    star = interchange_text(BODY, between=between)
    sep = other.get("element", "*")
    second = interchange_text([s.replace("*", sep) for s in BODY], **other, between=between)
    text = (star + second) * 200
    windows: list[int] = []
    careful: list[int] = []
    original, original_careful = reader._foreign_isa, reader._window_end

    def spied(buf: str, delims: Delimiters, *, any_isa: bool = False) -> int:
        at = original(buf, delims, any_isa=any_isa)
        windows.append(at or len(buf))
        return at

    def spied_careful(buf: str, delims: Delimiters) -> int:
        careful.append(len(buf))
        return original_careful(buf, delims)

    monkeypatch.setattr(reader, "_foreign_isa", spied)
    monkeypatch.setattr(reader, "_window_end", spied_careful)
    segs = list(read_segments(text))
    assert len(segs) == 400 * (len(BODY) + 6)
    assert len(windows) >= 399 and sum(windows) < 2 * len(text)
    assert careful == []
    assert segs == list(read_segments(io.StringIO(text), chunk_size=97))


def test_same_delimiters_with_other_line_breaks_stay_on_the_fast_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # One payer writes "~", the next "~" CR LF, with the same separators: each
    # interchange is its own window, split the fast way.
    from medclaims.x12 import reader

    text = (interchange_text(BODY) + interchange_text(BODY, between="\r\n")) * 50
    careful: list[int] = []
    original = reader._window_end

    def spied(buf: str, delims: Delimiters) -> int:
        careful.append(len(buf))
        return original(buf, delims)

    monkeypatch.setattr(reader, "_window_end", spied)
    segs = list(read_segments(text))
    assert careful == []
    assert len(segs) == 100 * (len(BODY) + 6)
    assert segs == list(read_segments(io.StringIO(text), chunk_size=53))


@pytest.mark.parametrize("size", [31, 1 << 20])
def test_an_interchange_after_the_last_terminator_of_another_kind_is_read(size: int) -> None:
    # A line-feed interchange, then one ending in "~" with no line feed after it: the
    # whole second one is the first one's unterminated last piece, and must be read
    # as an interchange of its own, not dropped.
    first = interchange_text(BODY, segment="\n", control="000000001")
    second = interchange_text(BODY, control="000000002")
    segs = list(read_segments(io.StringIO(first + second), chunk_size=size))
    assert [s.id for s in segs] == [s.id for s in read_segments(first)] * 2
    assert segs[len(segs) // 2].byte_offset == len(first)
    assert segs[-1].elements == ["IEA", "1", "000000002"]


@pytest.mark.parametrize(("term", "layout"), [("~", "\n"), ("~", "\r\n"), ("\r", "\n")])
@pytest.mark.parametrize("where", [0, 3])
@pytest.mark.parametrize("size", [7, 1 << 20])
def test_a_blank_line_between_terminators_is_skipped_without_an_issue(
    term: str, layout: str, where: int, size: int
) -> None:
    # Dropping the line break after a terminator (after the ISA, or at the end of a
    # careful buffer) must not turn a line of only breaks ("~\n~\n": the piece between
    # the two terminators is "\n") into an empty segment, which would be reported.
    segs = [isa_text(segment=term)[:-1], *interchange_text(BODY).split("~")[1:-1]]
    pieces = [seg + term + layout for seg in segs]
    pieces.insert(where + 1, term + layout)
    issues: list[Issue] = []
    got = [
        s.elements
        for s in read_segments(io.StringIO("".join(pieces)), chunk_size=size, issues=issues)
    ]
    assert got == [seg.split("*") for seg in segs]
    assert issues == []
