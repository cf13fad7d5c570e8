"""write_835 copies an unchanged remittance's segments as read: the same text formatting gives.

The verbatim path (``writer._verbatim``) skips splitting and re-joining every
element. Each test compares its output with the formatter's (the verbatim path
switched off), and checks which path was taken, so a case that should be
copied is copied and one that formatting would change or refuse is not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from _shared import SAMPLES, corpus_files, file_id, interchange_text
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances
from test_remittance_parser import HEADER, text_835
from test_remittance_writer import ODD

from medclaims.errors import MedclaimsError, X12WriteError
from medclaims.remittance import Remittance, parse_835, write_835, writer
from medclaims.x12 import Delimiters

OTHER = Delimiters("|", ">", "\n", "^")


def formatted(rems: list[Remittance], **kw: Any) -> str:
    """write_835 with every remittance sent through the formatter."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "_verbatim", lambda *args: None)
        return write_835(rems, **kw)


def outcome(write: Any, rems: list[Remittance], **kw: Any) -> str | type:
    """The text written, or the class of the error raised."""
    try:
        return str(write(rems, **kw))
    except MedclaimsError as err:
        return type(err)


def copied(rem: Remittance, line_breaks: bool = False) -> bool:
    source = writer._unchanged_source(rem)
    return (
        source is not None
        and writer._verbatim(source, rem.delimiters, rem.delimiters, line_breaks) is not None
    )


@pytest.mark.parametrize("line_breaks", [False, True])
@pytest.mark.parametrize("delimiters", [None, OTHER], ids=["as-read", "other"])
def test_clean_remittance_is_copied_and_equals_the_formatted_text(
    line_breaks: bool, delimiters: Delimiters | None
) -> None:
    rems = parse_835(text_835(ODD, "60"))
    assert copied(rems[0], line_breaks)
    kw = {"delimiters": delimiters, "line_breaks": line_breaks}
    assert write_835(rems, **kw) == formatted(rems, **kw)


# Segments formatting changes (trailing empties dropped) or refuses (control characters):
# such a remittance must go through the formatter.
NOT_COPIED = {
    "trailing empty element": "REF*6R*L1*",
    "trailing empty component": "SVC*HC:99213:*100*80**1",
    "empty component before a repeat": "ZZZ*A:^B",
    "empty composite at the end": "ZZZ*A*:",
    "control character": "ZZZ*A\tB",
}


@pytest.mark.parametrize("segment", NOT_COPIED.values(), ids=NOT_COPIED.keys())
@pytest.mark.parametrize("line_breaks", [False, True])
def test_what_formatting_would_change_is_formatted(segment: str, line_breaks: bool) -> None:
    body = [
        "LX*1",
        "CLP*PCN1*1*100*80*20*12*ICN1*11*1",
        "SVC*HC:99213*100*80**1",
        segment,
        "CAS*PR*1*20",
    ]
    rems = parse_835(text_835(body))
    assert not copied(rems[0], line_breaks)
    assert outcome(write_835, rems, line_breaks=line_breaks) == outcome(
        formatted, rems, line_breaks=line_breaks
    )


def test_a_control_character_is_still_refused() -> None:
    rems = parse_835(text_835(["ZZZ*A\tB"]))
    with pytest.raises(X12WriteError):
        write_835(rems)


def test_a_changed_remittance_is_not_copied() -> None:
    import attrs

    [rem] = parse_835(text_835(ODD, "60"))
    changed = attrs.evolve(rem, claims=rem.claims[1:])
    assert copied(rem) and not copied(changed)
    assert write_835([changed]) == formatted([changed])


def test_each_remittance_is_parsed_again_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import attrs

    [rem] = parse_835(text_835(ODD, "60"))
    changed = attrs.evolve(rem, claims=rem.claims[1:])
    calls: list[int] = []
    original = writer._unchanged

    def counted(*args: Any) -> bool:
        calls.append(1)
        return original(*args)

    monkeypatch.setattr(writer, "_unchanged", counted)
    write_835([rem, changed])
    assert len(calls) == 2


@pytest.mark.parametrize("terminator", ["\n", "\x1c", "~"])
def test_control_character_and_line_break_terminators(terminator: str) -> None:
    body = [*(s.replace("{paid}", "60") for s in HEADER), *ODD]
    rems = parse_835(interchange_text(body, segment=terminator))
    assert copied(rems[0])
    for line_breaks in (False, True):
        assert write_835(rems, line_breaks=line_breaks) == formatted(rems, line_breaks=line_breaks)


def _same_either_way(path: Path) -> None:
    rems = parse_835(path.read_bytes())
    for kw in ({}, {"line_breaks": True}, {"delimiters": OTHER}):
        assert outcome(write_835, rems, **kw) == outcome(formatted, rems, **kw)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.835")), ids=lambda p: p.name)
def test_samples_write_the_same_either_way(path: Path) -> None:
    _same_either_way(path)


@pytest.mark.parametrize("path", corpus_files("835"), ids=file_id)
def test_corpus_835s_write_the_same_either_way(path: Path) -> None:
    _same_either_way(path)


@given(rems=st.lists(remittances(), min_size=1, max_size=3), line_breaks=st.booleans())
@settings(max_examples=30, deadline=None)
def test_random_remittances_read_back_write_the_same_either_way(
    rems: list[Remittance], line_breaks: bool
) -> None:
    again = parse_835(write_835(rems))
    assert all(copied(rem) for rem in again)
    assert write_835(again, line_breaks=line_breaks) == formatted(again, line_breaks=line_breaks)


def _isas(text: str | bytes) -> list[list[str]]:
    from medclaims.x12 import read_segments

    return [s.elements for s in read_segments(text) if s.elements[0] == "ISA"]


@pytest.mark.parametrize("width", [101, 105, 107, 112])
def test_an_isa_of_another_width_is_written_back_as_read(width: int) -> None:
    text = (SAMPLES / "remit-basic.835").read_text(encoding="ascii")
    isa = text.split("~")[0]
    assert len(isa) + 1 == 106
    sender = isa.split("*")[6]
    wider = sender.strip().ljust(len(sender) + width - 106)
    odd = text.replace(f"*{sender}*", f"*{wider}*", 1)
    assert len(odd.split("~")[0]) + 1 == width
    written = write_835(parse_835(odd))
    assert _isas(written) == _isas(odd)
    assert written.split("~")[0] == odd.split("~")[0]


def test_an_edited_interchange_is_written_from_its_fields() -> None:
    text = (SAMPLES / "remit-basic.835").read_text(encoding="ascii")
    sender = text.split("~")[0].split("*")[6]
    odd = text.replace(f"*{sender}*", f"*{sender}  *", 1)
    [rem] = parse_835(odd)
    header = attrs.evolve(
        rem.header, interchange=attrs.evolve(rem.header.interchange, sender_id="OTHER")
    )
    written = write_835([attrs.evolve(rem, header=header)])
    assert written.split("~")[0].split("*")[6] == "OTHER".ljust(15)


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("835"), ids=file_id)
def test_corpus_isa_segments_come_back_as_read(path: Path) -> None:
    data = path.read_bytes()
    rems = parse_835(data)
    if not any(r.has_transaction for r in rems):
        pytest.skip("no 835 transaction: nothing is written")
    written = write_835(rems)
    read = [els[:11] + els[12:16] for els in _isas(data)]
    wrote = [els[:11] + els[12:16] for els in _isas(written)]
    assert wrote == read[: len(wrote)]
