"""Tests for the CARC → denial category table."""

from __future__ import annotations

from importlib.resources import files

import pytest

from medclaims.codes import CARC_CODES, DenialCategory, carc_category

EXPECTED = {
    DenialCategory.ELIGIBILITY: ["27", "26", "31", "32", "33", "177", "200"],
    DenialCategory.AUTHORIZATION: ["15", "39", "197", "198", "62"],
    DenialCategory.CODING: ["4", "5", "6", "7", "8", "9", "10", "11", "181", "182", "189"],
    DenialCategory.MISSING_INFORMATION: ["16", "252", "206"],
    DenialCategory.MEDICAL_NECESSITY: ["50", "55", "56", "57", "58", "150", "151", "152"],
    DenialCategory.TIMELY_FILING: ["29"],
    DenialCategory.DUPLICATE: ["18"],
    DenialCategory.COORDINATION_OF_BENEFITS: ["22", "23"],
    DenialCategory.BUNDLING: ["97", "234", "B15", "59"],
    DenialCategory.NON_COVERED: ["96", "204", "49", "51", "54", "B7"],
    DenialCategory.CONTRACTUAL: ["45", "253", "24"],
    DenialCategory.PATIENT_RESPONSIBILITY: ["1", "2", "3", "66"],
}


def test_categories_are_exactly_the_agreed_list() -> None:
    assert [c.value for c in DenialCategory] == [
        "eligibility",
        "authorization",
        "coding",
        "medical_necessity",
        "timely_filing",
        "duplicate",
        "coordination_of_benefits",
        "bundling",
        "non_covered",
        "missing_information",
        "contractual",
        "patient_responsibility",
        "other",
    ]
    assert isinstance(DenialCategory.CODING, str)
    assert str(DenialCategory.CODING) == "coding"
    assert f"{DenialCategory.CODING}" == "coding"


@pytest.mark.parametrize(
    ("category", "code"), [(cat, code) for cat, cs in EXPECTED.items() for code in cs]
)
def test_well_known_codes(category: DenialCategory, code: str) -> None:
    assert carc_category(code) is category


@pytest.mark.parametrize("code", ["ZZZ", "", "  ", "A1", "999"])
def test_unknown_is_other(code: str) -> None:
    assert carc_category(code) is DenialCategory.OTHER


def test_never_raises() -> None:
    assert carc_category(None) is DenialCategory.OTHER  # type: ignore[arg-type]
    assert carc_category(45) is DenialCategory.OTHER  # type: ignore[arg-type]


def test_normalises_case_spaces_and_leading_zeros() -> None:
    assert carc_category(" b15 ") is DenialCategory.BUNDLING
    assert carc_category("045") is DenialCategory.CONTRACTUAL


def test_table_rows_are_known_carcs_with_known_categories() -> None:
    text = files("medclaims.codes").joinpath("data", "carc_categories.tsv").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "code\tcategory"
    seen: set[str] = set()
    for line in lines[1:]:
        code, category = line.split("\t")
        assert code in CARC_CODES
        assert code not in seen
        seen.add(code)
        DenialCategory(category)
        assert category != "other", "unlisted codes already map to other"
