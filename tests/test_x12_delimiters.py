"""Tests for medclaims.x12.delimiters: reading the four separators from an ISA."""

from __future__ import annotations

import pytest
from _shared import isa_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import DelimiterError
from medclaims.x12 import DEFAULT_DELIMITERS, ISA_LENGTH, Delimiters, parse_isa_delimiters


def test_standard_isa() -> None:
    text = isa_text() + "GS*HP~"
    delims, end, issues = parse_isa_delimiters(text)
    assert delims == Delimiters("*", ":", "~", "^") == DEFAULT_DELIMITERS
    assert end == ISA_LENGTH
    assert issues == []


def test_start_offset() -> None:
    text = "xx" + isa_text(element="|", component=">", segment="\n", repetition="!")
    delims, end, _ = parse_isa_delimiters(text, 2)
    assert delims == Delimiters("|", ">", "\n", "!")
    assert end == 2 + ISA_LENGTH


@pytest.mark.parametrize("pad", [-5, -1, 1, 7])
def test_separators_are_counted_not_positions_trusted(pad: int) -> None:
    text = isa_text()
    if pad < 0:
        text = text.replace("SENDER         ", "SENDER         "[:pad], 1)
    else:
        text = text.replace("SENDER", "SENDER" + " " * pad, 1)
    delims, end, issues = parse_isa_delimiters(text + "GS*")
    assert delims == DEFAULT_DELIMITERS
    assert end == ISA_LENGTH + pad
    [issue] = issues
    assert issue.code == "isa-length"
    assert str(ISA_LENGTH + pad) in issue.message
    assert issue.location is not None and issue.location.segment_id == "ISA"


def test_4010_letter_means_no_repetition_separator() -> None:
    delims, _, _ = parse_isa_delimiters(isa_text(repetition="U", version="00401"))
    assert delims.repetition is None


def test_4010_punctuation_in_isa11_is_not_a_separator() -> None:
    # Before 5010, ISA11 is the standards identifier, not a separator.
    delims, _, _ = parse_isa_delimiters(isa_text(repetition="^", version="00401"))
    assert delims.repetition is None


def test_repetition_equal_to_another_delimiter_means_none() -> None:
    delims, _, _ = parse_isa_delimiters(isa_text(repetition=":"))
    assert delims.repetition is None and delims.component == ":"


def test_line_break_before_terminator() -> None:
    text = isa_text().replace(":~", ":\r\n~") + "GS*"
    delims, end, issues = parse_isa_delimiters(text)
    assert delims.segment == "~"
    assert text[end:] == "GS*"
    assert "line-break-before-terminator" in [i.code for i in issues]


def test_newline_terminator() -> None:
    delims, end, issues = parse_isa_delimiters(isa_text(segment="\n") + "GS*HP")
    assert delims.segment == "\n"
    assert end == ISA_LENGTH
    assert issues == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "IS",
        "ISA",
        "GS*HP*X~",
        "ISA0",
        "ISA 00",
        "ISA*00*00~",
        isa_text()[:104],
        isa_text()[:105],
        isa_text().replace("*:~", "***"),  # component equals the element separator
        isa_text(component="A"),
    ],
)
def test_unreadable_isa_raises_delimiter_error(text: str) -> None:
    with pytest.raises(DelimiterError) as info:
        parse_isa_delimiters(text, segment_index=3, byte_offset=40)
    assert info.value.location.segment_id == "ISA"
    assert (info.value.segment_index, info.value.byte_offset) == (3, 40)


@pytest.mark.parametrize(
    "args",
    [
        ("*", "*", "~", "^"),
        ("*", ":", "~", "~"),
        ("A", ":", "~", "^"),
        ("**", ":", "~", None),
        ("*", "", "~", None),
        ("*", ":", "1", None),
    ],
)
def test_delimiters_must_be_distinct_single_non_alphanumeric(args: tuple[str, ...]) -> None:
    with pytest.raises(DelimiterError):
        Delimiters(*args)  # type: ignore[arg-type]


def test_all_lists_every_delimiter() -> None:
    assert Delimiters("|", ">", "\n", "!").all == "|>\n!"
    assert Delimiters("*", ":", "~", None).all == "*:~"


_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


@given(
    chars=st.permutations(_PUNCT),
    term=st.sampled_from(["x", "\n", "\r"]),
    version=st.sampled_from(["00401", "00501", "00601"]),
    pad=st.integers(-3, 3),
)
@settings(max_examples=100, deadline=None)
def test_any_legal_delimiter_set_is_read_back(
    chars: list[str], term: str, version: str, pad: int
) -> None:
    e, c, r = chars[0], chars[1], chars[2]
    t = chars[3] if term == "x" else term
    text = isa_text(element=e, component=c, segment=t, repetition=r, version=version)
    if pad:
        text = text.replace("RECEIVER       ", "RECEIVER" + " " * (7 + pad), 1)
    delims, end, issues = parse_isa_delimiters(text + "GS" + e)
    assert delims == Delimiters(e, c, t, r if version >= "00501" else None)
    assert end == len(text)
    assert [i.code for i in issues] == (["isa-length"] if pad else [])
