"""Segments outside any ST..SE are kept on the nearest remittance and written back in place."""

from __future__ import annotations

import attrs
import pytest
from test_remittance_parser import BASIC, text_835

from medclaims.export import remittances_from_json, remittances_to_json
from medclaims.remittance import iter_835, parse_835, write_835

TEXT = text_835(BASIC, "130")


def _insert(text: str, before: str, segment: str, nth: int = 1) -> str:
    """``text`` with ``segment~`` put before the ``nth`` occurrence of ``before``."""
    at = -1
    for _ in range(nth):
        at = text.index(before, at + 1)
    return text[:at] + segment + "~" + text[at:]


def _two_transactions() -> str:
    """TEXT with a copy of its transaction (ST02/SE02 0002) after the first, GE01 2."""
    st_at = TEXT.index("ST*")
    se_end = TEXT.index("~", TEXT.index("SE*")) + 1
    second = TEXT[st_at:se_end].replace("ST*835*0001", "ST*835*0002")
    second = second[: -len("0001~")] + "0002~"
    return TEXT[:se_end] + second + TEXT[se_end:].replace("GE*1*", "GE*2*")


@pytest.mark.parametrize(
    ("where", "field"),
    [("ST*", "segments_before"), ("GE*", "segments_after"), ("IEA*", "segments_after")],
)
def test_a_stray_is_kept_and_written_back_where_it_was(where: str, field: str) -> None:
    text = _insert(TEXT, where, "ZZZ*STRAY*1")
    [rem] = parse_835(text)
    assert getattr(rem, field) == (("ZZZ", "STRAY", "1"),)
    assert "unexpected-segment" in [i.code for i in rem.issues]  # still reported
    assert write_835([rem]) == text
    assert "STRAY" not in repr(rem)  # may hold PHI: masked like extra_segments


def test_strays_between_transactions_go_to_the_next_one() -> None:
    text = _two_transactions()
    clean = parse_835(text)
    assert [r.control_number for r in clean] == ["0001", "0002"]
    assert [i for r in clean for i in r.issues] == []
    text = _insert(text, "ST*", "TA1*000000001*260101*1200*A*000", nth=2)
    first, second = parse_835(text)
    assert first.segments_after == () and first.segments_before == ()
    assert second.segments_before == (("TA1", "000000001", "260101", "1200", "A", "000"),)
    assert write_835([first, second]) == text


def test_strays_survive_json() -> None:
    text = _insert(_insert(TEXT, "ST*", "ZZZ*BEFORE"), "GE*", "ZZZ*AFTER")
    rems = parse_835(text)
    again = remittances_from_json(remittances_to_json(rems))
    assert again == rems
    assert (again[0].segments_before, again[0].segments_after) == (
        (("ZZZ", "BEFORE"),),
        (("ZZZ", "AFTER"),),
    )


def test_streaming_yields_the_same_claims_with_strays_around() -> None:
    text = _insert(_insert(TEXT, "ST*", "ZZZ*BEFORE"), "GE*", "ZZZ*AFTER")
    assert [c.claim for c in iter_835(text)] == list(parse_835(text)[0].claims)


@pytest.mark.parametrize("trailer", ["SE*", "GE*"])
def test_a_stray_trailer_is_kept_and_written_back(trailer: str) -> None:
    # A second copy of the SE or GE: it closes nothing, so it is a stray like any other.
    at = TEXT.index(trailer)
    text = _insert(TEXT, trailer, TEXT[at : TEXT.index("~", at)], nth=1)
    [rem] = parse_835(text)
    assert rem.segments_after == (tuple(TEXT[at : TEXT.index("~", at)].split("*")),)
    assert "unexpected-segment" in [i.code for i in rem.issues]
    assert write_835([rem]) == text


def test_a_second_iea_is_kept() -> None:
    iea = TEXT[TEXT.index("IEA*") :].rstrip("~")
    [rem] = parse_835(TEXT + iea + "~")
    assert rem.segments_after == (tuple(iea.split("*")),)
    assert write_835([rem]) == TEXT + iea + "~"


def test_input_without_an_835_keeps_what_was_found() -> None:
    truncated = TEXT[: TEXT.index("ST*")]
    trailers = TEXT[TEXT.index("GE*") :].replace("GE*1*", "GE*0*")
    assert parse_835(truncated + trailers) == []  # nothing wrong, nothing read
    [rem] = parse_835(truncated)
    assert sorted(i.code for i in rem.issues) == ["missing-ge", "missing-iea"]
    assert (rem.control_number, rem.claims, rem.header.payment) == ("", (), None)
    # It is written as its envelope alone: no ST..SE is made up for it.
    assert write_835([rem]) == truncated + trailers


def test_a_remittance_of_strays_alone_is_written_without_st() -> None:
    text = (
        TEXT[: TEXT.index("ST*")]
        + "TA1*000000001*260101*1200*A*000~"
        + TEXT[TEXT.index("GE*") :].replace("GE*1*", "GE*0*")
    )
    [rem] = parse_835(text)
    assert rem.extra_segments == (("TA1", "000000001", "260101", "1200", "A", "000"),)
    assert write_835([rem]) == text
    with_claims = parse_835(TEXT)[0]
    # Beside a remittance with a transaction, it adds no transaction to the count.
    both = write_835([rem, with_claims])
    assert both.count("ST*835") == 1 and "GE*1*" in both


def test_a_ge_without_gs_is_written_once() -> None:
    gs = TEXT[TEXT.index("GS*") : TEXT.index("ST*")]
    ge = TEXT[TEXT.index("GE*") : TEXT.index("IEA*")]
    [rem] = parse_835(TEXT.replace(gs, ""))
    assert rem.segments_after == (tuple(ge.rstrip("~").split("*")),)
    written = write_835([rem])
    # The writer wraps the 835 in a group of its own (GS..GE); the GE read is kept once,
    # not also taken as that group's trailer.
    assert written.count(ge) == 1 and written.count("~GE*") == 2 and written.count("~GS*") == 1


def test_has_transaction_tells_the_remittance_of_input_without_an_835() -> None:
    [holder] = parse_835(TEXT[: TEXT.index("ST*")])
    [rem] = parse_835(TEXT)
    assert (holder.has_transaction, rem.has_transaction) == (False, True)
    # Given a claim (or any header data), it is a transaction again and written as one.
    given = attrs.evolve(holder, claims=rem.claims)
    assert given.has_transaction and "~ST*835" in write_835([given])
    header = attrs.evolve(holder.header, control_number="0009")
    assert attrs.evolve(holder, header=header).has_transaction


def _second(text: str, interchange: bool) -> str:
    """TEXT's interchange (``interchange``) or its group with other control numbers."""
    part = text if interchange else text[text.index("GS*") : text.index("IEA*")]
    part = part.replace("*1200*17*X*", "*1200*18*X*").replace("GE*1*17~", "GE*1*18~")
    return part.replace("*000000001*", "*000000002*").replace("*000000001~", "*000000002~")


def test_strays_between_interchanges_are_written_in_their_gaps() -> None:
    text = TEXT + _second(TEXT, interchange=True)
    text = _insert(text, "GE*", "ZZZ*AFTER-SE")
    text = _insert(text, "IEA*", "ZZZ*AFTER-GE")
    text = _insert(text, "ISA*", "ZZZ*AFTER-IEA", nth=2)
    text = _insert(text, "GS*", "TA1*000000001*260101*1200*A*000", nth=2)
    text = _insert(text, "ST*", "ZZZ*AFTER-GS", nth=2)
    first, second = parse_835(text)
    assert [s[0] for s in second.segments_before] == ["ZZZ", "ZZZ", "ZZZ", "TA1", "ZZZ"]
    assert second.stray_gaps == ((0, 1, 2, 3, 4), ())
    assert write_835([first, second]) == text
    # The gaps travel through JSON too.
    assert write_835(remittances_from_json(remittances_to_json([first, second]))) == text


def test_strays_between_groups_are_written_in_their_gaps() -> None:
    head, iea = TEXT[: TEXT.index("IEA*")], TEXT[TEXT.index("IEA*") :]
    text = head + _second(TEXT, interchange=False) + iea.replace("IEA*1*", "IEA*2*")
    text = _insert(text, "GE*", "ZZZ*AFTER-SE")
    text = _insert(text, "GS*", "ZZZ*AFTER-GE", nth=2)
    text = _insert(text, "ST*", "ZZZ*AFTER-GS", nth=2)
    first, second = parse_835(text)
    assert second.stray_gaps == ((0, 1, 4), ())
    assert write_835([first, second]) == text


def test_strays_of_unknown_gaps_go_right_before_the_st() -> None:
    text = _insert(TEXT, "GS*", "TA1*000000001*260101*1200*A*000")
    [rem] = parse_835(text)
    assert rem.stray_gaps == ((3,), ())
    assert write_835([rem]) == text
    # Another stray added by hand: the gaps no longer tell, so strays precede the ST.
    changed = attrs.evolve(rem, segments_before=(*rem.segments_before, ("ZZZ", "NEW")))
    assert write_835([changed]) == _insert(
        _insert(TEXT, "ST*", "TA1*000000001*260101*1200*A*000"), "ST*", "ZZZ*NEW"
    )


def test_nothing_is_written_before_the_first_isa() -> None:
    # An IEA right after the ISA closes an interchange holding no 835 (not written
    # back); a stray read after it must not come before the ISA that is written.
    text = _insert(_insert(TEXT, "GS*", "IEA*0*000000077"), "GS*", "ZZZ*AFTER-IEA")
    [rem] = parse_835(text)
    assert rem.stray_gaps[0] == (2,)  # the IEA at the end is a stray too, after the GE
    written = write_835([rem])
    assert written.startswith("ISA*")
    assert written.index("ZZZ*AFTER-IEA~") < written.index("GS*")
    assert parse_835(written)[0].claims == rem.claims
