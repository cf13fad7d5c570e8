"""Hypothesis round trips: random acknowledgement records → X12 (our writer) → parse equal.

The strategies build records within what X12 can carry: values from a safe
alphabet (no delimiters), dates as dates, money as plain decimals, the
structure of the guides (a 999's AK2 loops with IK3/CTX/IK4, a 277's HL tree
with claims and lines). A record read back must equal the one written,
issues aside only where the reader adds findings about values the strategy
may pick (none of the fields here do), so the comparison is exact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.acks import (
    ClaimAcknowledgement,
    ClaimStatus,
    Context,
    DateRef,
    ElementError,
    ImplementationAck,
    InterchangeAck,
    LineStatus,
    Party,
    Quantity,
    Reference,
    SegmentError,
    StatusCode,
    StatusInfo,
    StatusLevel,
    TransactionSetAck,
    parse_277ca,
    parse_999,
    parse_ta1,
    write_277,
    write_999,
    write_ta1,
)
from medclaims.acks.json import ack_file_from_json, ack_file_to_json
from medclaims.acks.parser import read_acks
from medclaims.x12 import GroupHeader, InterchangeHeader

ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -."
text = st.text(ALPHA, min_size=1, max_size=12).map(str.strip).filter(bool)
maybe_text = st.one_of(st.just(""), text)
code = st.text("ABCDEFGHIJ0123456789", min_size=1, max_size=3)
dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
money = st.decimals(min_value=-99999, max_value=99999, places=2, allow_nan=False)
position = st.integers(1, 999)

ISA = InterchangeHeader(
    sender_id="SENDER",
    receiver_id="RECEIVER",
    date="240101",
    time="1200",
    control_number="000000123",
)


def _group(functional_id: str, version: str) -> GroupHeader:
    return GroupHeader(functional_id, "SENDER", "RECEIVER", "20240101", "1200", "123", version)


contexts = st.builds(
    Context,
    name=text,
    reference=maybe_text,
    segment_id=st.sampled_from(["", "CLM", "NM1"]),
    segment_position=st.one_of(st.none(), position),
    loop_id=st.sampled_from(["", "2300", "2010"]),
)
element_errors = st.builds(
    ElementError,
    position=position,
    component=st.one_of(st.none(), st.integers(1, 9)),
    reference_number=st.sampled_from(["", "1028", "355"]),
    error_code=st.sampled_from(["1", "7", "I12"]),
    bad_value=maybe_text,
    contexts=st.lists(contexts, max_size=2).map(tuple),
)
segment_errors = st.builds(
    SegmentError,
    segment_id=st.sampled_from(["NM1", "CLM", "SV1", "N4"]),
    position=position,
    loop_id=st.sampled_from(["", "2010", "2300"]),
    error_code=st.sampled_from(["3", "8", "I4"]),
    contexts=st.lists(contexts, max_size=3).map(tuple),
    element_errors=st.lists(element_errors, max_size=3).map(tuple),
)
transaction_sets = st.builds(
    TransactionSetAck,
    transaction_set_id=st.just("837"),
    control_number=st.text("0123456789", min_size=4, max_size=9),
    implementation_reference=st.sampled_from(["", "005010X222A1"]),
    ack_code=st.sampled_from(["A", "E", "R", "M", "W", "X"]),
    syntax_error_codes=st.lists(st.sampled_from(["4", "5", "I5"]), max_size=3).map(tuple),
    segment_errors=st.lists(segment_errors, max_size=3).map(tuple),
)


@st.composite
def implementation_acks(draw: st.DrawFn) -> ImplementationAck:
    sets = tuple(draw(st.lists(transaction_sets, max_size=4)))
    return ImplementationAck(
        control_number=draw(st.text("0123456789", min_size=4, max_size=9)),
        functional_id="HC",
        group_control_number=draw(st.text("0123456789", min_size=1, max_size=9)),
        version="005010X222A1",
        transaction_sets=sets,
        group_ack_code=draw(st.sampled_from(["A", "E", "P", "R"])),
        included_count=len(sets),
        received_count=len(sets),
        accepted_count=sum(1 for t in sets if t.accepted),
        group_error_codes=tuple(draw(st.lists(st.sampled_from(["1", "5"]), max_size=2))),
        implementation_reference="005010X231A1",
        interchange=ISA,
        group=_group("FA", "005010X231A1"),
    )


@settings(max_examples=60)
@given(st.lists(implementation_acks(), min_size=1, max_size=3))
def test_999_round_trip(acks: list[ImplementationAck]) -> None:
    assert parse_999(write_999(acks)) == acks


@given(
    st.builds(
        InterchangeAck,
        control_number=st.text("0123456789", min_size=9, max_size=9),
        date=dates,
        time=st.sampled_from(["0000", "0930", "2359"]),
        ack_code=st.sampled_from(["A", "E", "R"]),
        note_code=st.sampled_from(["000", "001", "024"]),
        interchange=st.just(ISA),
    )
)
def test_ta1_round_trip(ack: InterchangeAck) -> None:
    assert parse_ta1(write_ta1([ack])) == [ack]


status_codes = st.builds(
    StatusCode,
    category_code=st.sampled_from(["A1", "A2", "A3", "A7", "F1", "P1"]),
    status_code=st.sampled_from(["", "20", "21", "562"]),
    entity_code=st.sampled_from(["", "85", "PR", "QC"]),
)
statuses = st.builds(
    StatusInfo,
    codes=st.lists(status_codes, min_size=1, max_size=3).map(tuple),
    effective_date=st.one_of(st.none(), dates),
    action_code=st.sampled_from(["", "U", "WQ"]),
    charge_amount=st.one_of(st.none(), money),
    check_number=maybe_text,
    message=maybe_text,
)
references = st.builds(Reference, qualifier=st.sampled_from(["1K", "D9", "FJ", "BLT"]), value=text)
date_refs = st.one_of(
    st.builds(DateRef, qualifier=st.just("472"), start=dates),
    st.builds(lambda a, b: DateRef("472", min(a, b), max(a, b), "RD8"), dates, dates),
)
lines = st.builds(
    LineStatus,
    procedure=st.tuples(st.just("HC"), st.sampled_from(["99213", "83036"])),
    charge_amount=money,
    paid_amount=st.one_of(st.none(), money),
    units=st.one_of(st.none(), st.decimals(1, 99, places=0)),
    statuses=st.lists(statuses, max_size=2).map(tuple),
    references=st.lists(references, max_size=2).map(tuple),
    dates=st.lists(date_refs, max_size=1).map(tuple),
)
claims = st.builds(
    ClaimStatus,
    patient_control_number=text,
    statuses=st.lists(statuses, min_size=1, max_size=3).map(tuple),
    references=st.lists(references, max_size=3).map(tuple),
    dates=st.lists(date_refs, max_size=1).map(tuple),
    lines=st.lists(lines, max_size=3).map(tuple),
)
parties = st.builds(
    Party,
    entity_code=st.sampled_from(["PR", "41", "85", "QC"]),
    entity_type=st.sampled_from(["1", "2"]),
    last_name=text,
    first_name=maybe_text,
    id_qualifier=st.sampled_from(["", "XX", "MI"]),
    identifier=maybe_text,
)


def _quantities(qualifiers: tuple[str, str]) -> st.SearchStrategy[tuple[Quantity, ...]]:
    return st.lists(
        st.builds(
            Quantity, qualifier=st.sampled_from(qualifiers), value=st.decimals(0, 999, places=0)
        ),
        max_size=2,
    ).map(tuple)


@st.composite
def claim_acks(draw: st.DrawFn) -> ClaimAcknowledgement:
    patients = tuple(
        StatusLevel("PT", party=draw(parties), claims=tuple(draw(st.lists(claims, max_size=2))))
        for _ in range(draw(st.integers(0, 3)))
    )
    provider = StatusLevel(
        "19",
        party=draw(parties),
        trace_type="1",
        trace_number=draw(text),
        statuses=tuple(draw(st.lists(statuses, max_size=1))),
        children=patients,
    )
    receiver = StatusLevel(
        "21", party=draw(parties), trace_type="2", trace_number=draw(text), children=(provider,)
    )
    source = StatusLevel(
        "20",
        party=draw(parties),
        trace_type="1",
        trace_number=draw(text),
        dates=(DateRef("050", draw(dates)),),
        children=(receiver,),
    )
    # Totals balanced against the claims, so the reader adds no finding.
    everything = [c for p in patients for c in p.claims]
    ok = [c for c in everything if not c.rejected]
    bad = [c for c in everything if c.rejected]

    def charge(items: list[ClaimStatus]) -> Decimal:
        return sum((c.charge_amount or Decimal(0) for c in items), Decimal(0))

    receiver = StatusLevel(
        "21",
        party=receiver.party,
        trace_type="2",
        trace_number=receiver.trace_number,
        quantities=(Quantity("90", Decimal(len(ok))), Quantity("AA", Decimal(len(bad)))),
        amounts=(Quantity("YU", charge(ok)), Quantity("YY", charge(bad))),
        children=(provider,),
    )
    source = StatusLevel(
        "20",
        party=source.party,
        trace_type="1",
        trace_number=source.trace_number,
        dates=source.dates,
        children=(receiver,),
    )
    return ClaimAcknowledgement(
        control_number="0001",
        implementation_reference="005010X214",
        structure_code="0085",
        purpose_code="08",
        reference=draw(text),
        created_date=draw(dates),
        created_time="1200",
        transaction_type="TH",
        sources=(source,),
        interchange=ISA,
        group=_group("HN", "005010X214"),
    )


def _numbered(level: StatusLevel, counter: list[int], parent_has: bool = True) -> StatusLevel:
    """``level`` as the reader gives it back: HL01 and HL04 as written."""
    import attrs

    counter[0] += 1
    hl_id = str(counter[0])
    children = tuple(_numbered(c, counter) for c in level.children)
    code = "1" if level.children else ("" if level.level_code == "PT" else "0")
    return attrs.evolve(level, hl_id=hl_id, child_code=code, children=children)


@settings(max_examples=40)
@given(claim_acks())
def test_277ca_round_trip(ack: ClaimAcknowledgement) -> None:
    import attrs

    [back] = parse_277ca(write_277([ack]))
    counter = [0]
    expected = attrs.evolve(ack, sources=tuple(_numbered(s, counter) for s in ack.sources))
    assert back == expected
    assert len(back.claims) == len(ack.claims)


@settings(max_examples=25)
@given(claim_acks(), st.lists(implementation_acks(), max_size=2))
def test_json_round_trip(ack: ClaimAcknowledgement, acks999: list[ImplementationAck]) -> None:
    found = read_acks(write_277([ack]) + write_999(acks999))
    assert ack_file_from_json(ack_file_to_json(found)) == found
