"""What docs/835.md promises of odd input, and the 835 structural checks, each with the
smallest file that triggers it."""

from __future__ import annotations

import pytest
from _shared import SAMPLES, interchange_text

from medclaims.errors import RemittanceError, Severity
from medclaims.remittance import parse_835

REMIT = (SAMPLES / "remit-basic.835").read_text(encoding="ascii")


def _codes(text: str) -> list[str]:
    return [i.code for r in parse_835(text) for i in r.issues]


def test_a_file_of_837s_gives_one_remittance_without_transaction_and_a_warning() -> None:
    rems = parse_835(REMIT.replace("ST*835*", "ST*837*"))
    assert [r.has_transaction for r in rems] == [False]
    assert [i.code for i in rems[0].issues] == ["not-835"]
    assert rems[0].issues[0].severity is Severity.WARNING


def test_an_empty_envelope_gives_nothing() -> None:
    isa = REMIT.split("~")[0] + "~"
    assert parse_835(isa + "IEA*0*000000101~") == []


def test_a_bom_is_a_warning() -> None:
    [rem] = parse_835("\ufeff" + REMIT)
    [bom] = [i for i in rem.issues if i.code == "bom"]
    assert bom.severity is Severity.WARNING and bom.location is not None
    assert bom.location.byte_offset == 0
    assert [c.paid_amount for c in rem.claims] == [
        c.paid_amount for c in parse_835(REMIT)[0].claims
    ]
    assert "bom" not in _codes(REMIT)
    parse_835(("\ufeff" + REMIT).encode(), strict=True)  # a warning: strict reads it too


# -- structural checks: the smallest file that triggers each ---------------------

PAYER = [
    "BPR*I*10*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20260115",
    "TRN*1*EFT0001*1512345678",
    "N1*PR*PLAN",
    "N3*1 MAIN ST",
    "N4*SPRINGFIELD*IL*62701",
    "PER*BL*EDI*TE*5555550100",
    "N1*PE*CLINIC*XX*1234567893",
]
CLAIM = ["CLP*A1*1*10*10**12*ICN1"]


def _one(body: list[str]) -> list[tuple[str, str | None, int | None]]:
    [rem] = parse_835(interchange_text(body))
    return [
        (
            i.code,
            i.location.segment_id if i.location else None,
            i.location.element if i.location else None,
        )
        for i in rem.issues
        if i.severity is Severity.ERROR
    ]


def test_the_smallest_clean_file_has_no_error() -> None:
    assert _one([*PAYER, "LX*1", *CLAIM]) == []
    assert _one([*PAYER, *CLAIM]) == []  # no LX at all: nothing is outside one


def test_a_clp_outside_any_lx_when_the_file_uses_lx() -> None:
    body = [*PAYER, *CLAIM, "LX*1", "CLP*A2*1*10*10**12*ICN2"]
    [rem] = parse_835(interchange_text(body))
    [found] = [i for i in rem.issues if i.code == "claim-outside-lx"]
    assert found.location is not None and found.location.segment_id == "CLP"
    assert found.location.segment_index == 3 + PAYER.index(PAYER[-1]) + 1
    assert len(rem.claims) == 2  # reported, not dropped
    with pytest.raises(RemittanceError):
        parse_835(interchange_text(body), strict=True)


@pytest.mark.parametrize("missing", ["N3", "N4", "PER"])
def test_a_payer_without_n3_n4_or_per(missing: str) -> None:
    body = [s for s in PAYER if not s.startswith(f"{missing}*")] + CLAIM
    assert _one(body) == [("missing-segment", "N1", None)]
    [rem] = parse_835(interchange_text(body))
    [found] = [i for i in rem.issues if i.code == "missing-segment"]
    assert f"no {missing} segment" in found.message
    assert found.location is not None and found.location.segment_index == 5  # the N1*PR


def test_a_per_kept_as_read_still_counts() -> None:
    odd_per = "PER*BL*EDI*TE*5555550100*EX*1*FX*5555550101*XX"  # PER09: kept as read
    body = [odd_per if s.startswith("PER*") else s for s in PAYER] + CLAIM
    assert _one(body) == []


@pytest.mark.parametrize(("pos", "value"), [(1, "Z"), (3, "X"), (4, "10045"), (4, "CHECK")])
def test_a_bpr_code_outside_its_list(pos: int, value: str) -> None:
    els = PAYER[0].split("*")
    els[pos] = value
    body = ["*".join(els), *PAYER[1:], *CLAIM]
    assert _one(body) == [("bad-code", "BPR", pos)]
    [rem] = parse_835(interchange_text(body))
    assert all(value not in i.message for i in rem.issues)


def test_a_clp02_that_is_no_claim_status() -> None:
    assert _one([*PAYER, "CLP*A1*99*10*10**12*ICN1"]) == [("bad-code", "CLP", 2)]


def test_a_4010_payer_may_go_without_per() -> None:
    body = [s for s in PAYER if not s.startswith("PER*")] + CLAIM
    text = interchange_text(body).replace("005010X221A1", "004010X091A1")
    assert "004010X091A1" in text
    [rem] = parse_835(text)
    assert [i.code for i in rem.issues if i.severity is Severity.ERROR] == []
