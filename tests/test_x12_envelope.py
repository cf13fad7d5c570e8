"""Tests for medclaims.x12.envelope: headers, the envelope check (one test per rule), builder."""

from __future__ import annotations

import datetime as dt

import pytest
from _shared import corpus_files, file_id, interchange_text
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.errors import Issue, MedclaimsError, Severity
from medclaims.x12 import (
    Delimiters,
    EnvelopeTracker,
    GroupHeader,
    InterchangeHeader,
    TransactionHeader,
    build_envelopes,
    check_envelopes,
    format_segments,
    iter_transactions,
    read_segments,
)

BODY = ["BPR*I*1*C", "TRN*1*1*1", "CLP*A*1*1*1"]


def issues_of(text: str) -> list[Issue]:
    return check_envelopes(read_segments(text))


def codes(text: str) -> list[str]:
    return [i.code for i in issues_of(text)]


def test_a_correct_interchange_has_no_issues() -> None:
    assert issues_of(interchange_text(BODY)) == []
    assert issues_of(interchange_text(BODY) + interchange_text([], control="000000002")) == []


# One test per rule: each mutates exactly one trailer of a correct interchange.


def test_iea01_group_count() -> None:
    text = interchange_text(BODY).replace("IEA*1*", "IEA*2*")
    [issue] = issues_of(text)
    assert issue.code == "iea-count" and issue.severity is Severity.ERROR
    assert issue.location is not None
    assert (issue.location.segment_id, issue.location.element) == ("IEA", 1)
    assert issue.location.segment_index == len(BODY) + 5


def test_iea02_equals_isa13() -> None:
    text = interchange_text(BODY).replace("IEA*1*000000001", "IEA*1*000000009")
    [issue] = issues_of(text)
    assert issue.code == "iea-control"
    assert issue.location is not None and issue.location.element == 2


def test_ge01_transaction_count() -> None:
    text = interchange_text(BODY).replace("GE*1*17", "GE*3*17")
    [issue] = issues_of(text)
    assert issue.code == "ge-count"
    assert issue.location is not None and issue.location.segment_id == "GE"
    assert "expected 1" in issue.message


def test_ge02_equals_gs06() -> None:
    text = interchange_text(BODY).replace("GE*1*17", "GE*1*18")
    assert codes(text) == ["ge-control"]


def test_se01_counts_st_through_se() -> None:
    n = len(BODY) + 2
    assert f"SE*{n}*0001" in interchange_text(BODY)
    for wrong in (n - 1, n + 1, 0):
        text = interchange_text(BODY).replace(f"SE*{n}*", f"SE*{wrong}*")
        [issue] = issues_of(text)
        assert issue.code == "se-count"
        assert f"expected {n}" in issue.message
        assert issue.location is not None and issue.location.element == 1


@pytest.mark.parametrize("wrong", ["X", "²", "\u0665", "9" * 5000, "0" * 5000 + "5"])
def test_se01_not_a_number(wrong: str) -> None:
    # "²" passes str.isdigit() and breaks int(); 5000 digits break int() too.
    text = interchange_text(BODY).replace(f"SE*{len(BODY) + 2}*", f"SE*{wrong}*")
    assert codes(text) == ["se-count"]


@pytest.mark.parametrize("wrong", ["²", "1" * 5000])
def test_control_numbers_that_are_not_numbers_mismatch(wrong: str) -> None:
    text = interchange_text(BODY).replace("SE*5*0001", f"SE*5*{wrong}")
    assert codes(text) == ["se-control"]


def test_se02_equals_st02() -> None:
    text = interchange_text(BODY).replace("SE*5*0001", "SE*5*0002")
    assert codes(text) == ["se-control"]


def test_control_numbers_compare_as_numbers_when_numeric() -> None:
    text = interchange_text(BODY).replace("SE*5*0001", "SE*5*1")
    assert codes(text) == []


def test_missing_se() -> None:
    text = interchange_text(BODY).replace("SE*5*0001~", "")
    assert codes(text) == ["missing-se", "ge-count"]


def test_missing_ge() -> None:
    text = interchange_text(BODY).replace("GE*1*17~", "")
    assert codes(text) == ["missing-ge", "iea-count"]


def test_missing_iea() -> None:
    text = interchange_text(BODY).replace("IEA*1*000000001~", "")
    assert codes(text) == ["missing-iea"]


def test_missing_everything_at_end_of_input() -> None:
    text = interchange_text(BODY)
    text = text[: text.index("SE*")]
    assert codes(text) == ["missing-se", "missing-ge", "missing-iea"]


def test_segment_between_envelopes() -> None:
    text = interchange_text(BODY).replace("GE*1*17~", "GE*1*17~REF*X*1~")
    [issue] = issues_of(text)
    assert issue.code == "unexpected-segment"
    assert issue.location is not None and issue.location.segment_id == "REF"


def test_segment_between_group_and_transaction() -> None:
    text = interchange_text(BODY).replace("~ST*", "~NM1*X*1~ST*")
    assert codes(text) == ["unexpected-segment"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "GS*",
            "XX*",
            ["unexpected-segment", "unexpected-segment", "unexpected-segment", "iea-count"],
        ),
        (
            "ST*",
            "XX*",
            [
                "unexpected-segment",
                "unexpected-segment",
                "unexpected-segment",
                "unexpected-segment",
                "unexpected-segment",
                "ge-count",
            ],
        ),
    ],
)
def test_trailer_without_header(old: str, new: str, expected: list[str]) -> None:
    text = interchange_text(BODY).replace("~" + old, "~" + new, 1)
    assert codes(text) == expected


def test_iea_without_isa_and_gs_outside_interchange() -> None:
    first = interchange_text(BODY)
    tail = "GS*HP*A*B*20260101*1200*18*X*005010X221A1~GE*0*18~IEA*1*000000001~"
    found = codes(first + tail)
    assert found == ["unexpected-segment", "unexpected-segment"]
    issues = issues_of(first + tail)
    assert [i.location.segment_id for i in issues if i.location] == ["GS", "IEA"]


def test_tracker_can_be_fed_directly() -> None:
    tracker = EnvelopeTracker()
    segs = list(read_segments(interchange_text(BODY)))
    for seg in segs:
        if seg.id in {"ISA", "GS", "ST", "SE", "GE", "IEA"}:
            assert tracker.feed(seg) is True
            if seg.id == "ST":
                assert tracker.in_transaction
    assert not tracker.in_transaction
    assert tracker.finish() == []


@pytest.mark.parametrize("trailer", ["SE*5*0001", "GE*1*17", "IEA*1*000000001"])
def test_feed_tells_a_trailer_without_its_header(trailer: str) -> None:
    tracker = EnvelopeTracker()
    segs = [
        s
        for s in read_segments(interchange_text(BODY) + trailer + "~")
        if s.id in {"ISA", "GS", "ST", "SE", "GE", "IEA"}
    ]
    assert [tracker.feed(seg) for seg in segs] == [True] * (len(segs) - 1) + [False]
    assert [i.code for i in tracker.issues] == ["unexpected-segment"]


# --- headers and builder ---------------------------------------------------------------


def test_headers_read_from_segments() -> None:
    segs = list(read_segments(interchange_text(BODY)))
    isa = InterchangeHeader.from_segment(segs[0])
    assert (isa.sender_id, isa.receiver_id, isa.control_number, isa.version) == (
        "SENDER",
        "RECEIVER",
        "000000001",
        "00501",
    )
    gs = GroupHeader.from_segment(segs[1])
    assert (gs.functional_id, gs.control_number, gs.version, gs.agency) == (
        "HP",
        "17",
        "005010X221A1",
        "X",
    )
    stx = TransactionHeader.from_segment(segs[2])
    assert stx == TransactionHeader("835", "0001", "005010X221A1")


def _built(n_groups: int, n_tx: int, body_len: int, d: Delimiters) -> str:
    isa = InterchangeHeader.create(
        sender=("ZZ", "ME"),
        receiver=("ZZ", "YOU"),
        control_number=7,
        created_at=dt.datetime(2026, 1, 2, 3, 4),
    )
    groups = []
    for g in range(n_groups):
        gh = GroupHeader("HC", "ME", "YOU", "20260102", "0304", str(g + 1), "005010X222A1")
        txs = [
            (
                TransactionHeader("837", f"{t + 1:04d}", "005010X222A1"),
                [["REF", "EA", str(i)] for i in range(body_len)],
            )
            for t in range(n_tx)
        ]
        groups.append((gh, txs))
    return format_segments(build_envelopes(isa, groups, d), d)


@given(
    n_groups=st.integers(0, 3),
    n_tx=st.integers(0, 3),
    body_len=st.integers(0, 5),
    d=st.sampled_from([Delimiters(), Delimiters("|", ">", "\n", "!")]),
)
@settings(max_examples=40, deadline=None)
def test_built_envelopes_pass_the_check(
    n_groups: int, n_tx: int, body_len: int, d: Delimiters
) -> None:
    text = _built(n_groups, n_tx, body_len, d)
    segs = list(read_segments(text))
    assert check_envelopes(segs) == []
    # Trailers checked by hand, not only by our own check.
    ses = [s for s in segs if s.id == "SE"]
    assert len(ses) == n_groups * n_tx
    assert all(s.get(1) == str(body_len + 2) for s in ses)
    assert [s.get(1) for s in segs if s.id == "GE"] == [str(n_tx)] * n_groups
    iea = segs[-1]
    assert iea.elements == ["IEA", str(n_groups), "000000007"]
    assert segs[0].get(9) == "260102" and segs[0].get(10) == "0304"


def test_iter_transactions_groups_segments() -> None:
    text = _built(2, 2, 3, Delimiters())
    issues: list[Issue] = []
    txs = list(iter_transactions(text, issues))
    assert issues == []
    assert len(txs) == 4
    for tx in txs:
        assert [s.id for s in tx.segments] == ["ST", "REF", "REF", "REF", "SE"]
        assert tx.interchange.control_number == "000000007"
        assert tx.header.transaction_set_id == "837"
    assert [tx.group.control_number for tx in txs if tx.group] == ["1", "1", "2", "2"]
    assert "<5 segments>" in repr(txs[0])


def test_iter_transactions_accepts_segments_and_reports_issues() -> None:
    text = interchange_text(BODY).replace("SE*5*0001~", "")
    issues: list[Issue] = []
    txs = list(iter_transactions(read_segments(text), issues))
    assert len(txs) == 1
    assert [s.id for s in txs[0].segments] == ["ST", *[b[:3].rstrip("*") for b in BODY]]
    assert "missing-se" in [i.code for i in issues]


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files(), ids=file_id)
def test_envelope_check_on_corpus_never_raises_unexpectedly(path: object) -> None:
    data = path.read_bytes()  # type: ignore[attr-defined]
    try:
        found = check_envelopes(read_segments(data))
        issues: list[Issue] = []
        txs = list(iter_transactions(data, issues))
    except MedclaimsError:
        return
    assert all(isinstance(i, Issue) and i.location is not None for i in found)
    st_count = sum(1 for s in read_segments(data) if s.id == "ST")
    assert len(txs) == st_count
