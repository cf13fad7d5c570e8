"""What docs/835.md promises of odd input, and the 835 structural checks, each with the
smallest file that triggers it."""

from __future__ import annotations

from _shared import SAMPLES

from medclaims.errors import Severity
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
