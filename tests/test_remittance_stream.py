"""iter_835: streaming claims with their header, lazily."""

from __future__ import annotations

import gc
import io
from decimal import Decimal

from test_remittance_parser import HEADER, text_835

from medclaims.errors import Issue
from medclaims.remittance import RemittanceClaim, iter_835, parse_835


def multi() -> str:
    a = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1", "CLP*B*1*5*4**12*I*11*1"], "14")
    b = text_835(["LX*1", "CLP*C*1*7*7**12*I*11*1"], "7").replace("EFT0001", "EFT0002")
    return a + b


def test_streams_the_same_claims_as_parse() -> None:
    text = multi()
    streamed = list(iter_835(text))
    assert all(isinstance(s, RemittanceClaim) for s in streamed)
    parsed = parse_835(text)
    assert [s.claim for s in streamed] == [c for r in parsed for c in r.claims]
    assert [s.index for s in streamed] == [0, 1, 0]
    assert [s.header.payment.trace_number for s in streamed] == ["EFT0001", "EFT0001", "EFT0002"]
    assert streamed[0].header is streamed[1].header
    assert streamed[0].header == parsed[0].header
    # Attribute reads fall through to the claim.
    assert streamed[1].patient_control_number == "B"


def test_issues_are_collected_when_asked() -> None:
    issues: list[object] = []
    claims = list(iter_835(multi(), issues=issues))  # type: ignore[arg-type]
    assert len(claims) == 3
    assert [i.code for i in issues] == ["claim-unbalanced"]  # type: ignore[attr-defined]


class CountingReader(io.RawIOBase):
    """A file object that counts how much was read."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.data.read(size)
        self.consumed += len(chunk)
        return chunk


def test_reads_lazily() -> None:
    claim = [
        "CLP*P*1*10*10**12*I*11*1",
        "NM1*QC*1*DOE*JANE****MI*M",
        "SVC*HC:99213*10*10**1",
        "DTM*472*20250101",
    ]
    body = ["LX*1"] + claim * 40000
    data = text_835(body, "400000").encode()
    source = CountingReader(data)
    stream = iter_835(source)
    first = next(stream)
    assert first.claim.paid_amount == 10
    assert source.consumed < len(data) // 3
    assert sum(1 for _ in stream) == 39999


def test_header_is_complete_before_the_first_claim() -> None:
    [first] = list(iter_835(text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1"], "10")))
    assert first.header.payer is not None and first.header.payee is not None
    assert first.header.payer.name == HEADER[3].split("*")[2]


def _claims_with_an_issue_each(n: int) -> str:
    """One transaction of ``n`` identical claims, each with a bad received date (an issue)."""
    body = ["LX*1"]
    for k in range(n):
        body += [f"CLP*PCN{k}*1*10*10**12*I*11*1", "DTM*050*20231301"]
    return text_835(body, str(10 * n))


def _key(issue: object) -> tuple[object, ...]:
    return (issue.code, issue.message, repr(issue.location))  # type: ignore[attr-defined]


def test_issues_arrive_while_streaming_and_equal_parse_835s() -> None:
    text = _claims_with_an_issue_each(50)
    issues: list[object] = []
    stream = iter_835(text, issues=issues)  # type: ignore[arg-type]
    next(stream)
    next(stream)  # the first claim closed when the second began; its issue is handed over
    assert [i.code for i in issues] == ["bad-date"]  # type: ignore[attr-defined]
    rest = list(stream)
    assert len(rest) == 48
    [parsed] = parse_835(text)
    assert sorted(map(_key, issues)) == sorted(map(_key, parsed.issues))
    assert len(issues) == 50


def _issues_alive() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Issue))


def test_issues_nobody_asked_for_are_not_kept() -> None:
    # A payer quirk can mean an issue per claim: over a file of gigabytes, keeping them
    # would undo the streaming. Midway through, only the latest claim's issue is alive.
    before = _issues_alive()  # other tests' records may hold some
    stream = iter_835(_claims_with_an_issue_each(2_000))
    for _, _claim in zip(range(1_000), stream, strict=False):
        pass
    assert _issues_alive() - before <= 2
    assert sum(1 for _ in stream) == 1_000


def test_issues_asked_for_reach_the_list_not_the_parser() -> None:
    before = _issues_alive()
    issues: list[Issue] = []
    stream = iter_835(_claims_with_an_issue_each(2_000), issues=issues)
    for _, _claim in zip(range(1_000), stream, strict=False):
        pass
    assert _issues_alive() - before - len(issues) <= 2 and len(issues) >= 998


def test_what_is_never_streamed_is_not_kept() -> None:
    # PLB records and LX groups are parse_835's alone; a stream must not pile them up.
    from medclaims.remittance import HeaderNumber, ProviderAdjustment

    plbs = [f"PLB*1234567893*20261231*WO:R{k}*-1" for k in range(3_000)]
    first = text_835(["LX*1", "CLP*A*1*10*10**12*I*11*1", *plbs], "3010")
    second = text_835(["LX*1", "CLP*B*1*10*10**12*I*11*1"], "10").replace(
        "ST*835*0001", "ST*835*0002"
    )

    def alive() -> int:
        gc.collect()
        kinds = (ProviderAdjustment, HeaderNumber)
        return sum(1 for o in gc.get_objects() if isinstance(o, kinds))

    before = alive()
    stream = iter_835(first + second)
    assert next(stream).patient_control_number == "A"
    assert next(stream).patient_control_number == "B"  # every PLB of the first was read
    assert alive() - before == 0
    assert [r.provider_adjustments[0].amount for r in parse_835(first)] == [Decimal(-1)]
