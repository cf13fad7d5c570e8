"""JSON ⇄ encounters through cattrs: strict scalars, every problem with its path."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from strategies_837p import encounters, example_encounter

from medclaims.errors import EncounterValidationError, MedclaimsError
from medclaims.professional import (
    Encounter,
    load_encounters,
    structure_encounter,
    structure_encounters,
    unstructure_encounter,
    unstructure_encounters,
)
from medclaims.professional.convert import parse_date, parse_decimal

SENTINEL = "ZZSENTINELZZ"


def _data(**changes: Any) -> dict[str, Any]:
    data = unstructure_encounter(example_encounter())
    data.update(changes)
    return data


def _line(data: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    data["service_lines"][index].update(changes)
    return data


def _paths(exc: EncounterValidationError) -> set[str]:
    return {i.path for i in exc.issues if i.path}


@settings(max_examples=40, deadline=None)
@given(encounters(max_size=3))
def test_round_trip_through_json(batch: list[Encounter]) -> None:
    text = json.dumps(unstructure_encounters(batch))
    assert list(load_encounters(text)) == batch


def test_unstructured_form_uses_strings_for_money_and_dates() -> None:
    data = unstructure_encounter(example_encounter())
    assert data["service_lines"][0]["charge"] == "100.00"
    assert data["service_lines"][0]["service_date"] == "2024-03-01"
    assert data["subscriber"]["birth_date"] == "1980-02-03"


@pytest.mark.parametrize("value", ["125.00", 125, "125", Decimal("125.00"), " 7.5 "])
def test_money_accepts_strings_ints_decimals(value: object) -> None:
    assert parse_decimal(value) == Decimal(str(value).strip())


@pytest.mark.parametrize(
    "value",
    [
        125.0,
        1.1,
        "NaN",
        "Infinity",
        "-inf",
        "1e3",
        "1E+2",
        "12,50",
        "",
        True,
        None,
        Decimal("NaN"),
        [1],
    ],
)
def test_money_refuses_floats_nan_exponents(value: object) -> None:
    with pytest.raises(MedclaimsError):
        parse_decimal(value)


def test_huge_decimal_is_kept_for_the_range_rule() -> None:
    assert parse_decimal(Decimal("1E+30")) == Decimal("1E+30")
    data = _line(_data(), 0, charge=Decimal("1E+30"))
    with pytest.raises(EncounterValidationError) as info:
        structure_encounters([data])
    assert {(i.path, i.code) for i in info.value.issues} >= {
        ("encounters[0].service_lines[0].charge", "out-of-range")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("20240301", dt.date(2024, 3, 1)),
        ("03/01/2024", dt.date(2024, 3, 1)),
        ("3/1/2024", dt.date(2024, 3, 1)),
        ("Mar 1, 2024", dt.date(2024, 3, 1)),
        (dt.date(2024, 3, 1), dt.date(2024, 3, 1)),
        (dt.datetime(2024, 3, 1, 10, 0), dt.date(2024, 3, 1)),
    ],
)
def test_dates_accept_iso_and_us_forms(text: object, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2024-02-30", "March 2024", "2024", "13/01/2024", "soon", "", 20240301, "2024-03-01 10:30"],
)
def test_dates_refuse_incomplete_or_impossible(text: object) -> None:
    with pytest.raises(MedclaimsError):
        parse_date(text)


def test_float_charge_is_reported_with_its_path() -> None:
    text = json.dumps([_data(), _line(_data(), 1, charge=12.5)])
    with pytest.raises(EncounterValidationError) as info:
        load_encounters(text)
    assert _paths(info.value) == {"encounters[1].service_lines[1].charge"}
    assert "float" in info.value.issues[0].message


def test_every_bad_field_is_reported_at_once() -> None:
    bad = _data(place_of_service=11, onset_date="someday", unknown_key=1)
    bad = _line(bad, 0, charge="1e5", modifiers="25")
    del bad["claim_id"]
    bad["subscriber"]["birth_date"] = "02/31/1980"
    with pytest.raises(EncounterValidationError) as info:
        structure_encounters([_data(), bad])
    assert _paths(info.value) == {
        "encounters[1].claim_id",
        "encounters[1].place_of_service",
        "encounters[1].onset_date",
        "encounters[1].unknown_key",
        "encounters[1].service_lines[0].charge",
        "encounters[1].service_lines[0].modifiers",
        "encounters[1].subscriber.birth_date",
    }
    codes = {i.path: i.code for i in info.value.issues}
    assert codes["encounters[1].claim_id"] == "missing-field"
    assert codes["encounters[1].unknown_key"] == "unknown-field"


def test_business_rules_run_after_the_shape_checks() -> None:
    bad = _line(_data(), 0, diagnosis_pointers=[3], charge="1.234")
    with pytest.raises(EncounterValidationError) as info:
        structure_encounters([bad])
    assert _paths(info.value) == {
        "encounters[0].service_lines[0].diagnosis_pointers[0]",
        "encounters[0].service_lines[0].charge",
    }


def test_structure_encounter_uses_its_own_path() -> None:
    with pytest.raises(EncounterValidationError) as info:
        structure_encounter(_line(_data(), 1, procedure_code="9921"), path="claim")
    assert _paths(info.value) == {"claim.service_lines[1].procedure_code"}


def test_load_from_bytes_and_files() -> None:
    text = json.dumps([_data()])
    assert load_encounters(text.encode()) == (example_encounter(),)
    assert load_encounters(io.StringIO(text)) == (example_encounter(),)
    assert load_encounters(io.BytesIO(text.encode())) == (example_encounter(),)


@pytest.mark.parametrize("text", ["{not json", "[1, 2", b"\xff\xfe"])
def test_invalid_json_is_an_encounter_error(text: str | bytes) -> None:
    with pytest.raises(EncounterValidationError) as info:
        load_encounters(text)
    assert info.value.issues[0].code == "invalid-json"


@pytest.mark.parametrize("top", ['{"claim_id": "x"}', '"x"', "[1]", "[[]]"])
def test_wrong_top_level_shapes(top: str) -> None:
    with pytest.raises(EncounterValidationError):
        load_encounters(top)


def test_messages_never_carry_values() -> None:
    bad = _data(claim_id=SENTINEL + "*", place_of_service=SENTINEL)
    bad["subscriber"].update(
        member_id=SENTINEL + "~", last_name=SENTINEL + "é", birth_date=SENTINEL
    )
    bad["billing_provider"]["npi"] = SENTINEL
    bad["subscriber"]["address"]["postal_code"] = SENTINEL
    for data in (bad, {**bad, "subscriber": {**bad["subscriber"], "birth_date": "1980-01-01"}}):
        with pytest.raises(EncounterValidationError) as info:
            structure_encounters([data])
        assert info.value.issues
        assert SENTINEL not in str(info.value)
        assert all(SENTINEL not in i.message for i in info.value.issues)
