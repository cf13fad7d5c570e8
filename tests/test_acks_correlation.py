"""correlate: the sample story worked by hand, and each kind of acknowledgement that
matches nothing.

``samples/acks`` (see make_acks.py there): claims.837 sends PCN-2024-0001..0003
on 2024-03-11 (ISA13 000000001, GS06 1, ST02 0001); its 999 accepts the
transaction set; the 277CA of 2024-03-14 accepts 0001 (A2/20) and rejects 0002
(A7/562/85); 0003 is never acknowledged. corrected.837 resends 0002 on
2024-03-18 (ISA13 000000002, GS06 2), and the 277CA of 2024-03-20 accepts it.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from medclaims.acks import (
    AckState,
    SentClaim,
    correlate,
    parse_277ca,
    parse_999,
    parse_ta1,
    read_acks,
)
from medclaims.acks.correlation import CORRECT_AND_RESUBMIT, FOLLOW_UP_ACKNOWLEDGEMENT
from medclaims.professional.reader import read_837p
from tests._shared import SAMPLES

ACKS = SAMPLES / "acks"


def _read(name: str) -> bytes:
    folder = SAMPLES if name == "claims.837" else ACKS
    return (folder / name).read_bytes()


def _sent(*names: str) -> list[object]:
    return [read_837p(_read(n)) for n in names]


def test_first_round_by_hand() -> None:
    result = correlate(
        _sent("claims.837"),
        [read_acks(_read("claims.999")), read_acks(_read("claims.277ca"))],
        as_of=dt.date(2024, 3, 25),
    )
    assert not result.issues
    by_id = {c.claim.claim_id: c for c in result.claims}
    assert list(by_id) == ["PCN-2024-0001", "PCN-2024-0002", "PCN-2024-0003"]
    first, second, third = by_id.values()
    assert first.state is AckState.ACCEPTED and first.source == "277CA"
    assert first.acknowledged_on == dt.date(2024, 3, 14)
    assert first.days_waiting == 11  # 14 to 25 March
    assert first.payer_claim_control_number == "PHP24074000101" and first.action == ""
    assert second.state is AckState.REJECTED and second.action == CORRECT_AND_RESUBMIT
    assert [c.category_code for c in second.status_codes] == ["A7"]
    assert second.reasons == (
        "A7/562/85: Rejected: information not valid; Entity National Provider Identifier; "
        "Billing provider",
    )
    assert third.state is AckState.NOT_ACKNOWLEDGED
    assert third.days_waiting == 14 and third.action == FOLLOW_UP_ACKNOWLEDGEMENT
    assert result.state_counts()[AckState.REJECTED] == 1
    assert [c.claim.claim_id for c in result.action_items()] == ["PCN-2024-0002", "PCN-2024-0003"]


def test_resubmission_follows_the_later_answer() -> None:
    result = correlate(
        _sent("claims.837", "corrected.837"),
        [
            parse_999(_read("claims.999")),
            parse_277ca(_read("claims.277ca")),
            parse_999(_read("corrected.999")),
            parse_277ca(_read("corrected.277ca")),
        ],
        as_of=dt.date(2024, 3, 25),
    )
    assert not result.issues
    states = [
        (c.claim.claim_id, c.claim.interchange_control_number, c.state) for c in result.claims
    ]
    assert states == [
        ("PCN-2024-0001", "000000001", AckState.ACCEPTED),
        ("PCN-2024-0002", "000000001", AckState.REJECTED),  # the first submission stays rejected
        ("PCN-2024-0003", "000000001", AckState.NOT_ACKNOWLEDGED),
        ("PCN-2024-0002", "000000002", AckState.ACCEPTED),  # the resubmission is accepted
    ]
    assert result.claims[3].acknowledged_on == dt.date(2024, 3, 20)


def test_999_rejection_rejects_every_claim_of_the_set() -> None:
    [ack] = parse_999(_read("claims.999"))
    [ts] = ack.transaction_sets
    rejected = attrs.evolve(
        ack, transaction_sets=(attrs.evolve(ts, ack_code="R", syntax_error_codes=("4",)),)
    )
    result = correlate(_sent("claims.837"), [rejected])
    assert [c.state for c in result.claims] == [AckState.REJECTED] * 3
    assert all(c.source == "999" and c.action == CORRECT_AND_RESUBMIT for c in result.claims)
    assert result.claims[0].reasons == (
        "IK5 R: Rejected",
        "IK502 4: Segment count in SE01 wrong",
    )


def test_ta1_rejection() -> None:
    text = (
        "ISA*00*          *00*          *ZZ*PRAIRIECH      *ZZ*RBBILL01       *240311*0940*^*"
        "00501*000000700*0*P*:~TA1*000000001*240311*0930*R*022~IEA*0*000000700~"
    )
    result = correlate(_sent("claims.837"), [parse_ta1(text)])
    assert {c.state for c in result.claims} == {AckState.REJECTED}
    assert result.claims[0].reasons == ("TA1 R/022: Envelope structure not valid",)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda a: attrs.evolve(a, group_control_number="77"), "ack-unknown-group"),
        (
            lambda a: attrs.evolve(
                a,
                transaction_sets=(attrs.evolve(a.transaction_sets[0], control_number="0009"),),
            ),
            "ack-unknown-transaction",
        ),
    ],
)
def test_999_that_matches_nothing(change: object, code: str) -> None:
    [ack] = parse_999(_read("claims.999"))
    result = correlate(_sent("claims.837"), [change(ack)])  # type: ignore[operator]
    assert [i.code for i in result.issues] == [code]
    assert "PCN" not in str(result.issues)


def test_unknown_claim_duplicates_and_odd_ta1_codes() -> None:
    [ack] = parse_277ca(_read("claims.277ca"))
    stranger = SentClaim("PCN-OTHER", "000000005", "5", "0001")
    ta1 = parse_ta1(
        "ISA*00*          *00*          *ZZ*PRAIRIECH      *ZZ*RBBILL01       *240311*0940*^*"
        "00501*000000700*0*P*:~TA1*000000005*240311*0930*Q*099~IEA*0*000000700~"
    )
    result = correlate([stranger], [ack, ack, ta1])
    codes = [i.code for i in result.issues]
    assert codes.count("ack-unknown-claim") == 2  # both claims of the first 277CA
    assert codes.count("ack-duplicate") == 2  # the same 277CA read twice
    assert "ack-ta1-code" in codes
    assert all("PCN" not in i.message for i in result.issues)
    assert result.claims[0].state is AckState.NOT_ACKNOWLEDGED


def test_acks_must_be_parsed_records() -> None:
    with pytest.raises(TypeError):
        correlate([], [b"ISA*"])
