"""JSON through the cattrs converter: equal records back, money as strings, PHI-free errors."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from types import MappingProxyType

import attrs
import pytest
from _shared import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_835 import remittances
from test_remittance_denials import adj, claim, line, remit

from medclaims.export import (
    CONVERTER,
    ExportError,
    denials_from_json,
    denials_to_json,
    remittances_from_json,
    remittances_to_json,
)
from medclaims.remittance import Remittance, parse_835
from medclaims.remittance.denials import Denial, denials


@settings(max_examples=15, deadline=None)
@given(st.lists(remittances(max_claims=3), max_size=2))
def test_json_round_trip_gives_equal_records(rems: list[Remittance]) -> None:
    back = remittances_from_json(remittances_to_json(rems))
    assert back == rems
    assert [r.delimiters for r in back] == [r.delimiters for r in rems]
    for r in back:
        for c in r.claims:
            assert isinstance(c.amounts, MappingProxyType)
            for ln in c.service_lines:
                assert all(isinstance(v, Decimal) for v in ln.amounts.values())


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.835")), ids=lambda p: p.name)
def test_parsed_samples_round_trip_with_source_segments(path):  # type: ignore[no-untyped-def]
    from medclaims.remittance.parser import parse_835

    rems = parse_835(path.read_bytes())
    back = remittances_from_json(remittances_to_json(rems, indent=1))
    assert back == rems
    assert [r.source_segments is None for r in back] == [r.source_segments is None for r in rems]
    for original, read in zip(rems, back, strict=True):
        if original.source_segments is not None:
            assert [list(s) for s in read.source_segments or ()] == [
                list(s) for s in original.source_segments
            ]
        assert read.issues == original.issues


def test_money_is_written_as_strings_in_positional_notation() -> None:
    r = remit(claim("1", "1E+2", "0.10", line("100", "0.10", adj("CO", "45", "99.90"))))
    data = json.loads(remittances_to_json([r]))
    c = data[0]["claims"][0]
    assert (c["charge_amount"], c["paid_amount"]) == ("100", "0.10")
    assert c["service_lines"][0]["adjustments"][0]["amount"] == "99.90"
    assert data[0]["header"]["payment"]["date"] == "2026-01-15"


def _with_claim_field(field: str, value: object) -> str:
    data = json.loads(remittances_to_json([remit(claim("1", "10", "10"))]))
    data[0]["claims"][0][field] = value
    return json.dumps(data)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("charge_amount", "NaN"),
        ("charge_amount", "Infinity"),
        ("charge_amount", "1E5"),
        ("charge_amount", 1.5),
        ("charge_amount", "SENTINEL-42"),
        ("received_date", "SENTINEL-DATE"),
        ("received_date", 20260101),
        ("amounts", ["SENTINEL"]),
        ("service_lines", "SENTINEL"),
        ("status_code", None),
        ("status_code", 4),
    ],
)
def test_bad_values_raise_export_error_naming_the_path_not_the_value(
    field: str, value: object
) -> None:
    with pytest.raises(ExportError) as info:
        remittances_from_json(_with_claim_field(field, value))
    message = str(info.value)
    assert "SENTINEL" not in message
    assert "claims" in message


def test_missing_field_and_malformed_json_raise_export_error() -> None:
    data = json.loads(remittances_to_json([remit(claim("1", "10", "10"))]))
    del data[0]["claims"][0]["status_code"]
    with pytest.raises(ExportError):
        remittances_from_json(json.dumps(data))
    with pytest.raises(ExportError):
        remittances_from_json("[{")
    with pytest.raises(ExportError):
        remittances_from_json('{"header": null}')
    with pytest.raises(ExportError):
        remittances_from_json(b"\xff\xfe[")


def test_non_finite_money_cannot_be_written() -> None:
    r = remit(claim("1", "10", "10"))
    with pytest.raises(TypeError, match="paid_amount"):  # the record refuses it...
        attrs.evolve(r.claims[0], paid_amount=Decimal("NaN"))
    # ...and one made without __init__ (as the parser makes them) is refused on export.
    nan_claim = copy.copy(r.claims[0])
    object.__setattr__(nan_claim, "paid_amount", Decimal("NaN"))
    bad = attrs.evolve(r, claims=(nan_claim,))
    with pytest.raises(ExportError):
        remittances_to_json([bad])


def test_denials_round_trip_through_the_converter() -> None:
    c = claim(
        "1", "50", "0", line("50", "0", adj("CO", "197", "50"), remarks=("N54",)), moa=("MA01",)
    )
    found = list(denials([remit(c), remit(claim("4", "9", "0"))]))
    data = json.loads(denials_to_json(found))
    assert data[0]["category"] == "authorization" and data[0]["denied_amount"] == "50"
    assert CONVERTER.structure(data, list[Denial]) == found
    assert denials_from_json(json.dumps(data)) == found


def test_unknown_enum_value_in_denial_json_raises_export_error() -> None:
    found = list(denials([remit(claim("4", "9", "0"))]))
    data = json.loads(denials_to_json(found))
    data[0]["category"] = "SENTINEL-CATEGORY"
    with pytest.raises(ExportError) as info:
        denials_from_json(json.dumps(data))
    assert "SENTINEL" not in str(info.value) and "category" in str(info.value)


def test_json_text_escapes_lone_surrogates_and_keeps_other_text() -> None:
    from medclaims._support.json import dumps

    value = {"name": "M\udcc9DICO é ✓", "id": "\udcff"}
    text = dumps(value, indent=1)
    text.encode("utf-8")  # strict: the text is valid UTF-8
    assert "é ✓" in text and "\\udcc9" in text and "\\udcff" in text
    assert json.loads(text) == value


def test_remittances_from_non_utf8_bytes_round_trip_through_utf8_json() -> None:
    data = (SAMPLES / "remit-basic.835").read_bytes().replace(b"ACME", b"\xc1CME", 1)
    rems = parse_835(data)
    text = remittances_to_json(rems)
    assert remittances_from_json(text.encode("utf-8")) == rems
