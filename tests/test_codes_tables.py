"""Tests for the code tables in medclaims.codes."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pytest

from medclaims import codes

PLB_CODES = [
    "50",
    "51",
    "72",
    "90",
    "AH",
    "AM",
    "AP",
    "B2",
    "B3",
    "BD",
    "BN",
    "C5",
    "CR",
    "CS",
    "CT",
    "CV",
    "CW",
    "DM",
    "E3",
    "FB",
    "FC",
    "GO",
    "HM",
    "IP",
    "IR",
    "IS",
    "J1",
    "L3",
    "L6",
    "LE",
    "LS",
    "OA",
    "OB",
    "PI",
    "PL",
    "RA",
    "RE",
    "SL",
    "TL",
    "WO",
    "WU",
]


def test_place_of_service() -> None:
    assert codes.PLACE_OF_SERVICE["11"] == "Office"
    assert codes.PLACE_OF_SERVICE["02"].startswith("Telehealth")
    assert len(codes.PLACE_OF_SERVICE) >= 50
    for code, name in codes.PLACE_OF_SERVICE.items():
        assert re.fullmatch(r"[0-9]{2}", code)
        assert name and name.isascii() and name == name.strip()
    assert codes.describe_place_of_service(" 11 ") == "Office"
    assert codes.describe_place_of_service("00") is None


def test_states() -> None:
    assert {"NY", "CA", "DC", "PR", "GU", "VI", "AA", "AE", "AP"} <= codes.US_STATES
    assert {"ON", "BC", "PQ"} <= codes.STATES - codes.US_STATES
    assert codes.US_STATES < codes.STATES
    assert len(codes.US_STATES) == 61  # 50 states, DC, 7 territories, 3 military


def test_carc_and_rarc_are_codes_only() -> None:
    assert {"1", "2", "3", "45", "97", "B15", "P1"} <= codes.CARC_CODES
    assert {"M1", "N130", "MA130"} <= codes.RARC_CODES
    assert "UNKNOWN" not in codes.CARC_CODES | codes.RARC_CODES
    assert not codes.CARC_CODES & codes.RARC_CODES
    assert all(re.fullmatch(r"[0-9]{1,3}|[A-Z][0-9]{1,2}", c) for c in codes.CARC_CODES)
    assert all(re.fullmatch(r"(M|N|MA)[0-9]{1,3}", c) for c in codes.RARC_CODES)


def test_plb_reasons_cover_the_5010_list() -> None:
    assert list(codes.PLB_REASONS) == PLB_CODES
    assert all(codes.PLB_REASONS.values())
    assert "overpayment" in (codes.describe_plb_reason("WO") or "").lower()
    assert "forward" in (codes.describe_plb_reason("fb") or "").lower()
    assert "interest" in (codes.describe_plb_reason("L6") or "").lower()


def test_claim_statuses() -> None:
    assert set(codes.CLAIM_STATUSES) == {
        "1",
        "2",
        "3",
        "4",
        "19",
        "20",
        "21",
        "22",
        "23",
        "25",
    }
    assert codes.describe_claim_status("1") == "Processed as primary"
    assert codes.describe_claim_status("4") == "Denied"
    assert "reversal" in (codes.describe_claim_status("22") or "").lower()
    assert "forwarded" in (codes.describe_claim_status("19") or "")


def test_cas_groups() -> None:
    assert set(codes.CAS_GROUPS) == {"CO", "OA", "PI", "PR", "CR"}
    assert codes.describe_group("pr") == "Patient responsibility"
    assert "4010" in (codes.describe_group("CR") or "")


@pytest.mark.parametrize(
    "describe",
    [
        codes.describe_claim_status,
        codes.describe_group,
        codes.describe_plb_reason,
        codes.describe_place_of_service,
    ],
)
@pytest.mark.parametrize("junk", ["", "ZZZ", "  ", None, 7, b"CO"])
def test_describe_unknown_is_none(describe: object, junk: object) -> None:
    assert callable(describe)
    assert describe(junk) is None


def test_tables_are_read_only() -> None:
    tables: list[Mapping[str, str]] = [
        codes.PLACE_OF_SERVICE,
        codes.PLB_REASONS,
        codes.CLAIM_STATUSES,
        codes.CAS_GROUPS,
    ]
    for table in tables:
        with pytest.raises(TypeError):
            table["XX"] = "x"  # type: ignore[index]


def test_public_names_have_docstrings() -> None:
    for name in codes.__all__:
        obj = getattr(codes, name)
        if callable(obj):
            assert obj.__doc__, name
