"""Segments outside any ST..SE are kept on the nearest remittance and written back in place."""

from __future__ import annotations

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
    second = second[:-len("0001~")] + "0002~"
    return TEXT[:se_end] + second + TEXT[se_end:].replace("GE*1*", "GE*2*")


@pytest.mark.parametrize(("where", "field"), [("ST*", "segments_before"),
                                              ("GE*", "segments_after"),
                                              ("IEA*", "segments_after")])
def test_a_stray_is_kept_and_written_back_where_it_was(where: str, field: str) -> None:
    text = _insert(TEXT, where, "ZZZ*STRAY*1")
    [rem] = parse_835(text)
    assert getattr(rem, field) == (("ZZZ", "STRAY", "1"),)
    assert "unexpected-segment" in [i.code for i in rem.issues]  # still reported
    if where != "IEA*":
        assert write_835([rem]) == text
    else:  # written right after the SE: before GE, not between GE and IEA
        assert write_835([rem]) == _insert(TEXT, "GE*", "ZZZ*STRAY*1")
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
        (("ZZZ", "BEFORE"),), (("ZZZ", "AFTER"),))


def test_streaming_yields_the_same_claims_with_strays_around() -> None:
    text = _insert(_insert(TEXT, "ST*", "ZZZ*BEFORE"), "GE*", "ZZZ*AFTER")
    assert [c.claim for c in iter_835(text)] == list(parse_835(text)[0].claims)
