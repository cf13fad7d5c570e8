"""Tests for medclaims.x12.writer: delimiters, trimming, ISA widths, refusals, round trips."""

from __future__ import annotations

import pytest
from _shared import isa_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import MedclaimsError, X12WriteError
from medclaims.x12 import (
    DEFAULT_DELIMITERS,
    ISA_LENGTH,
    Delimiters,
    InterchangeHeader,
    format_segment,
    format_segments,
    isa_elements,
    read_segments,
    segment_data,
)

D = DEFAULT_DELIMITERS


def test_plain_segment() -> None:
    assert format_segment(["CLP", "PCN1", "1", "200", "100"], D) == "CLP*PCN1*1*200*100~"


def test_trailing_empty_elements_and_components_are_dropped() -> None:
    assert format_segment(["NM1", "QC", "1", "", "", ""], D) == "NM1*QC*1~"
    assert format_segment(["SVC", ("HC", "99213", "", ""), "10"], D) == "SVC*HC:99213*10~"
    assert format_segment(["SVC", ("HC", "", "25")], D) == "SVC*HC::25~"
    assert format_segment(["REF", "", "X"], D) == "REF**X~"


def test_repetitions_use_isa11() -> None:
    d = Delimiters("|", ">", "\n", "!")
    assert format_segment(["HI", [("ABK", "R51"), ("ABF", "J20")]], d) == "HI|ABK>R51!ABF>J20\n"


def test_repetitions_need_a_repetition_separator() -> None:
    with pytest.raises(X12WriteError) as info:
        format_segment(["HI", ["A", "B"]], Delimiters("*", ":", "~", None))
    assert info.value.location.segment_id == "HI" and info.value.location.element == 1


@pytest.mark.parametrize(
    "bad", ["A*B", "A:B", "A~B", "A^B", "A\nB", "A\rB", "A\x00B", "A\x7fB", "A\tB"]
)
def test_values_holding_a_delimiter_or_control_character_are_refused(bad: str) -> None:
    with pytest.raises(X12WriteError) as info:
        format_segment(["NM1", "QC", "1", bad], D)
    err = info.value
    assert err.location.segment_id == "NM1" and err.location.element == 3
    assert "NM103" in str(err)
    assert bad not in str(err)


def test_component_refusal_names_the_component() -> None:
    with pytest.raises(X12WriteError) as info:
        format_segment(["SVC", ("HC", "9*9")], D)
    assert (info.value.location.element, info.value.location.component) == (1, 2)
    assert "SVC01-2" in str(info.value)


def test_write_error_is_a_medclaims_error() -> None:
    assert issubclass(X12WriteError, MedclaimsError)


def test_segment_id_must_be_text() -> None:
    with pytest.raises(X12WriteError):
        format_segment(["", "A"], D)


def test_isa_padded_to_fixed_widths() -> None:
    header = InterchangeHeader(
        sender_id="ME", receiver_id="YOU", date="260101", time="1200", control_number="42"
    )
    for d in (D, Delimiters("|", ">", "\n", "!"), Delimiters("*", ":", "~", None)):
        text = format_segment(header.to_segment(d), d)
        assert len(text) == ISA_LENGTH
        assert text[3] == d.element and text[104] == d.component and text[105] == d.segment
        assert text.count(d.element) == 16
        fields = text[4:-2].split(d.element)
        assert fields[5] == "ME".ljust(15) and fields[7] == "YOU".ljust(15)
        assert fields[12] == "000000042"
        assert fields[10] == (d.repetition or "U")


def test_isa_matches_a_hand_written_one() -> None:
    values = [
        "00",
        "",
        "00",
        "",
        "ZZ",
        "SENDER",
        "ZZ",
        "RECEIVER",
        "260101",
        "1200",
        "00501",
        "1",
        "0",
        "P",
    ]
    assert format_segment(isa_elements(values, D), D) == isa_text()


def test_isa_value_too_wide_is_refused() -> None:
    values = [
        "00",
        "",
        "00",
        "",
        "ZZ",
        "X" * 16,
        "ZZ",
        "R",
        "260101",
        "1200",
        "00501",
        "1",
        "0",
        "P",
    ]
    with pytest.raises(X12WriteError) as info:
        isa_elements(values, D)
    assert info.value.location.element == 6
    assert "X" * 16 not in str(info.value)


def test_isa_must_have_sixteen_elements() -> None:
    with pytest.raises(X12WriteError):
        format_segment(["ISA", "00"], D)


def test_line_breaks_option() -> None:
    assert format_segments([["A1", "x"], ["B2", "y"]], D, line_breaks=True) == "A1*x~\nB2*y~\n"
    nl = Delimiters("*", ":", "\n", "^")
    assert format_segments([["A1", "x"]], nl, line_breaks=True) == "A1*x\n"


def test_segment_data_splits_composites_and_repeats() -> None:
    text = isa_text() + "HI*ABK:R51^ABF:J20*X~"
    seg = list(read_segments(text))[1]
    assert segment_data(seg) == ["HI", [("ABK", "R51"), ("ABF", "J20")], "X"]


# --- hypothesis: read → write → read with random legal delimiter sets --------------------

_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


@st.composite
def delimiter_sets(draw: st.DrawFn) -> Delimiters:
    """Four distinct punctuation characters, sometimes with a newline terminator."""
    chars = draw(st.permutations(_PUNCT))
    term = draw(st.sampled_from([chars[2], chars[2], "\n", "\r"]))
    rep = draw(st.sampled_from([chars[3], None]))
    return Delimiters(chars[0], chars[1], term, rep)


_VALUE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=8
)
_IDS = st.from_regex(r"\A[A-Z][A-Z0-9]{1,2}\Z").filter(lambda s: s not in {"ISA"})


@st.composite
def segments_for(draw: st.DrawFn, d: Delimiters) -> list[object]:
    """A writable segment whose values avoid ``d``'s characters."""
    clean = _VALUE.map(lambda v: "".join(c for c in v if c not in d.all))
    element = st.one_of(
        clean,
        st.lists(clean, min_size=2, max_size=3).map(tuple),
        *([st.lists(clean, min_size=2, max_size=3)] if d.repetition else []),
    )
    return [draw(_IDS), *draw(st.lists(element, max_size=6))]


def _normal(data: list[object]) -> list[object]:
    """Writable data as the writer will have written it (trailing empties gone)."""

    def one(item: object) -> object:
        if isinstance(item, tuple):
            parts = list(item)
            while parts and not parts[-1]:
                parts.pop()
            return tuple(parts) if len(parts) > 1 else (parts[0] if parts else "")
        if isinstance(item, list):
            return [one(x) for x in item]
        return item

    out = [one(x) for x in data]
    while len(out) > 1 and out[-1] in ("", []):
        out.pop()
    return out


@given(data=st.data())
@settings(max_examples=150, deadline=None)
def test_round_trip_with_random_delimiters(data: st.DataObject) -> None:
    d = data.draw(delimiter_sets())
    body = data.draw(st.lists(segments_for(d), min_size=1, max_size=6))
    header = InterchangeHeader(sender_id="S", receiver_id="R", date="260101", time="1200")
    written = [header.to_segment(d), *body]
    text = format_segments(written, d, line_breaks=data.draw(st.booleans()))
    read = list(read_segments(text))
    assert len(read) == len(written)
    assert read[0].delimiters == d
    for original, seg in zip(body, read[1:], strict=True):
        assert seg.delimiters == d
        got = _normal(segment_data(seg))
        want = _normal(original)
        # A one-item repetition reads back as a plain value.
        want = [w[0] if isinstance(w, list) and len(w) == 1 else w for w in want]
        got = [g[0] if isinstance(g, list) and len(g) == 1 else g for g in got]
        assert got == want
    # And once more through a second delimiter set.
    d2 = data.draw(
        delimiter_sets().filter(
            lambda x: (
                not (set(x.all) & {c for s in read for v in s.elements[1:] for c in v})
                and (x.repetition is not None or d.repetition is None)
            )
        )
    )
    again = list(read_segments(format_segments((segment_data(s) for s in read), d2)))
    assert [_normal(segment_data(s))[1:] for s in again][1:] == [
        _normal(segment_data(s))[1:] for s in read
    ][1:]
