"""Business rules: one test per rule, every problem with its path, no PHI in messages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from strategies_837p import encounters, example_encounter

from medclaims.errors import Severity
from medclaims.professional import (
    Accident,
    ClaimAddress,
    Encounter,
    Patient,
    Provider,
    ServiceFacility,
    ServiceLine,
    check_encounter,
    check_encounters,
)

SENTINEL = "ZZSENTINELZZ"
LINE = example_encounter().service_lines[0]
BP = example_encounter().billing_provider
SUB = example_encounter().subscriber


def _line(**changes: Any) -> Encounter:
    return example_encounter(service_lines=(attrs.evolve(LINE, **changes),))


def _errors(encounter: Encounter) -> dict[str, str]:
    return {
        i.path or "": i.code
        for i in check_encounter(encounter, "e")
        if i.severity is Severity.ERROR
    }


def _patient(**changes: Any) -> Patient:
    base = Patient(
        last_name="Kid",
        first_name="Ada",
        birth_date=dt.date(2015, 1, 1),
        sex="F",
        relationship_code="19",
        address=ClaimAddress(line1="2 Elm St", city="Springfield", state="IL", postal_code="62702"),
    )
    return attrs.evolve(base, **changes)


@settings(max_examples=30, deadline=None)
@given(encounters(max_size=4))
def test_generated_encounters_are_valid(batch: list[Encounter]) -> None:
    assert [i for i in check_encounters(batch) if i.severity is Severity.ERROR] == []


def test_example_is_valid() -> None:
    assert check_encounter(example_encounter()) == []


CASES: list[tuple[str, Encounter, str, str]] = [
    (
        "bad NPI check digit",
        example_encounter(billing_provider=attrs.evolve(BP, npi="1234567890")),
        "e.billing_provider.npi",
        "invalid-checksum",
    ),
    (
        "pointer out of range",
        _line(diagnosis_pointers=(1, 3)),
        "e.service_lines[0].diagnosis_pointers[1]",
        "pointer-out-of-range",
    ),
    (
        "pointer zero",
        _line(diagnosis_pointers=(0,)),
        "e.service_lines[0].diagnosis_pointers[0]",
        "pointer-out-of-range",
    ),
    (
        "five pointers",
        example_encounter(
            diagnosis_codes=("A01", "A02", "A03", "A04", "A05"),
            service_lines=(attrs.evolve(LINE, diagnosis_pointers=(1, 2, 3, 4, 5)),),
        ),
        "e.service_lines[0].diagnosis_pointers",
        "invalid-length",
    ),
    (
        "no pointer",
        _line(diagnosis_pointers=()),
        "e.service_lines[0].diagnosis_pointers",
        "invalid-length",
    ),
    (
        "repeated pointer",
        _line(diagnosis_pointers=(1, 1)),
        "e.service_lines[0].diagnosis_pointers",
        "duplicate",
    ),
    (
        "13 diagnoses",
        example_encounter(diagnosis_codes=tuple(f"A{n:02d}" for n in range(13))),
        "e.diagnosis_codes",
        "invalid-length",
    ),
    ("no diagnosis", example_encounter(diagnosis_codes=()), "e.diagnosis_codes", "invalid-length"),
    (
        "bad ICD shape",
        example_encounter(diagnosis_codes=("E11.9", "1E1")),
        "e.diagnosis_codes[1]",
        "invalid-format",
    ),
    (
        "5 modifiers",
        _line(modifiers=("25", "59", "LT", "RT", "XS")),
        "e.service_lines[0].modifiers",
        "invalid-length",
    ),
    ("bad modifier", _line(modifiers=("2-",)), "e.service_lines[0].modifiers[0]", "invalid-format"),
    (
        "bad procedure code",
        _line(procedure_code="9921X"),
        "e.service_lines[0].procedure_code",
        "invalid-format",
    ),
    (
        "frequency 7 without original id",
        example_encounter(frequency_code="7"),
        "e.original_claim_id",
        "missing-field",
    ),
    (
        "frequency 8 without original id",
        example_encounter(frequency_code="8"),
        "e.original_claim_id",
        "missing-field",
    ),
    (
        "original id on an original claim",
        example_encounter(original_claim_id="ICN1"),
        "e.original_claim_id",
        "unexpected-field",
    ),
    (
        "unknown frequency",
        example_encounter(frequency_code="2"),
        "e.frequency_code",
        "invalid-code",
    ),
    (
        "delimiter inside a name",
        example_encounter(subscriber=attrs.evolve(SUB, last_name="O*Brien")),
        "e.subscriber.last_name",
        "delimiter-in-text",
    ),
    (
        "component separator in an address",
        example_encounter(
            subscriber=attrs.evolve(SUB, address=attrs.evolve(SUB.address, line1="Unit 4:B"))
            if SUB.address
            else SUB
        ),
        "e.subscriber.address.line1",
        "delimiter-in-text",
    ),
    (
        "non-ASCII name",
        example_encounter(subscriber=attrs.evolve(SUB, first_name="Zoë")),
        "e.subscriber.first_name",
        "non-ascii-text",
    ),
    (
        "control character in a note",
        example_encounter(notes="line\nbreak"),
        "e.notes",
        "invalid-character",
    ),
    ("blank claim id", example_encounter(claim_id="  "), "e.claim_id", "empty-text"),
    ("claim id too long", example_encounter(claim_id="X" * 39), "e.claim_id", "too-long"),
    (
        "5-digit ZIP for the billing provider",
        example_encounter(
            billing_provider=attrs.evolve(BP, address=attrs.evolve(BP.address, postal_code="62701"))
        ),
        "e.billing_provider.address.postal_code",
        "invalid-length",
    ),
    (
        "5-digit ZIP for the facility",
        example_encounter(
            service_facility=ServiceFacility(
                name="Site",
                address=ClaimAddress(line1="1 A St", city="Town", state="IL", postal_code="62701"),
            )
        ),
        "e.service_facility.address.postal_code",
        "invalid-length",
    ),
    (
        "bad state",
        example_encounter(
            billing_provider=attrs.evolve(BP, address=attrs.evolve(BP.address, state="XX"))
        ),
        "e.billing_provider.address.state",
        "invalid-code",
    ),
    (
        "one-letter city",
        example_encounter(
            billing_provider=attrs.evolve(BP, address=attrs.evolve(BP.address, city="X"))
        ),
        "e.billing_provider.address.city",
        "too-short",
    ),
    (
        "bad tax id",
        example_encounter(billing_provider=attrs.evolve(BP, tax_id="12345")),
        "e.billing_provider.tax_id",
        "invalid-length",
    ),
    (
        "bad tax id type",
        example_encounter(billing_provider=attrs.evolve(BP, tax_id_type="TIN")),
        "e.billing_provider.tax_id_type",
        "invalid-code",
    ),
    (
        "organization and person names",
        example_encounter(billing_provider=attrs.evolve(BP, last_name="Doe")),
        "e.billing_provider",
        "conflicting-fields",
    ),
    (
        "no billing name",
        example_encounter(billing_provider=attrs.evolve(BP, organization_name=None)),
        "e.billing_provider.organization_name",
        "missing-field",
    ),
    (
        "bad taxonomy",
        example_encounter(billing_provider=attrs.evolve(BP, taxonomy_code="207Q")),
        "e.billing_provider.taxonomy_code",
        "invalid-format",
    ),
    (
        "float-like charge precision",
        _line(charge=Decimal("10.005")),
        "e.service_lines[0].charge",
        "too-many-decimals",
    ),
    (
        "negative charge",
        _line(charge=Decimal("-1.00")),
        "e.service_lines[0].charge",
        "out-of-range",
    ),
    ("zero units", _line(units=Decimal(0)), "e.service_lines[0].units", "out-of-range"),
    ("bad unit type", _line(unit_type="DA"), "e.service_lines[0].unit_type", "invalid-code"),
    (
        "bad line place of service",
        _line(place_of_service="30"),
        "e.service_lines[0].place_of_service",
        "invalid-code",
    ),
    (
        "bad claim place of service",
        example_encounter(place_of_service="1A"),
        "e.place_of_service",
        "invalid-format",
    ),
    (
        "date range backwards",
        _line(service_date_end=dt.date(2024, 2, 1)),
        "e.service_lines[0].service_date_end",
        "out-of-range",
    ),
    (
        "NDC with 10 digits",
        _line(ndc="0048798010", ndc_quantity=Decimal(1)),
        "e.service_lines[0].ndc",
        "invalid-format",
    ),
    (
        "NDC without quantity",
        _line(ndc="00487980101"),
        "e.service_lines[0].ndc_quantity",
        "missing-field",
    ),
    (
        "NDC quantity without NDC",
        _line(ndc_quantity=Decimal(1)),
        "e.service_lines[0].ndc_quantity",
        "unexpected-field",
    ),
    (
        "bad NDC unit",
        _line(ndc="00487980101", ndc_quantity=Decimal(1), ndc_unit="KG"),
        "e.service_lines[0].ndc_unit",
        "invalid-code",
    ),
    (
        "self patient without birth date",
        example_encounter(subscriber=attrs.evolve(SUB, birth_date=None)),
        "e.subscriber.birth_date",
        "missing-field",
    ),
    (
        "self patient without address",
        example_encounter(subscriber=attrs.evolve(SUB, address=None)),
        "e.subscriber.address",
        "missing-field",
    ),
    (
        "bad sex",
        example_encounter(subscriber=attrs.evolve(SUB, sex="X")),
        "e.subscriber.sex",
        "invalid-code",
    ),
    (
        "born after the service",
        example_encounter(subscriber=attrs.evolve(SUB, birth_date=dt.date(2025, 1, 1))),
        "e.subscriber.birth_date",
        "out-of-range",
    ),
    (
        "member id too short",
        example_encounter(subscriber=attrs.evolve(SUB, member_id="M")),
        "e.subscriber.member_id",
        "too-short",
    ),
    # Optional in the model so files lacking them can be read; still required to build.
    (
        "billing provider without tax id",
        example_encounter(billing_provider=attrs.evolve(BP, tax_id=None)),
        "e.billing_provider.tax_id",
        "missing-field",
    ),
    (
        "billing provider without address",
        example_encounter(billing_provider=attrs.evolve(BP, address=None)),
        "e.billing_provider.address",
        "missing-field",
    ),
    (
        "patient without birth date",
        example_encounter(patient=_patient(birth_date=None)),
        "e.patient.birth_date",
        "missing-field",
    ),
    (
        "patient without address",
        example_encounter(patient=_patient(address=None)),
        "e.patient.address",
        "missing-field",
    ),
    (
        "PAT01 18",
        example_encounter(patient=_patient(relationship_code="18")),
        "e.patient.relationship_code",
        "invalid-code",
    ),
    (
        "unknown PAT01",
        example_encounter(patient=_patient(relationship_code="99")),
        "e.patient.relationship_code",
        "invalid-code",
    ),
    (
        "bad rendering NPI",
        example_encounter(rendering_provider=Provider(npi="1234567894", last_name="Doc")),
        "e.rendering_provider.npi",
        "invalid-checksum",
    ),
    (
        "bad line rendering NPI",
        _line(rendering_provider=Provider(npi="123", last_name="Doc")),
        "e.service_lines[0].rendering_provider.npi",
        "invalid-length",
    ),
    (
        "auto accident without state",
        example_encounter(accident=Accident(related_causes=("AA",), date=dt.date(2024, 1, 1))),
        "e.accident.state",
        "missing-field",
    ),
    (
        "accident without date",
        example_encounter(accident=Accident(related_causes=("OA",))),
        "e.accident.date",
        "missing-field",
    ),
    (
        "three causes",
        example_encounter(
            accident=Accident(
                related_causes=("EM", "OA", "AA"), state="IL", date=dt.date(2024, 1, 1)
            )
        ),
        "e.accident.related_causes",
        "invalid-length",
    ),
    (
        "bad cause",
        example_encounter(accident=Accident(related_causes=("XX",))),
        "e.accident.related_causes[0]",
        "invalid-code",
    ),
    (
        "bad filing indicator",
        example_encounter(claim_filing_indicator="XX"),
        "e.claim_filing_indicator",
        "invalid-code",
    ),
    (
        "bad responsibility",
        example_encounter(payer_responsibility="Q"),
        "e.payer_responsibility",
        "invalid-code",
    ),
    ("bad assignment", example_encounter(assignment="Y"), "e.assignment", "invalid-code"),
    (
        "bad release",
        example_encounter(release_of_information="N"),
        "e.release_of_information",
        "invalid-code",
    ),
    ("no lines", example_encounter(service_lines=()), "e.service_lines", "invalid-length"),
    (
        "51 lines",
        example_encounter(service_lines=(LINE,) * 51),
        "e.service_lines",
        "invalid-length",
    ),
]


@pytest.mark.parametrize(("name", "encounter", "path", "code"), CASES, ids=[c[0] for c in CASES])
def test_each_rule(name: str, encounter: Encounter, path: str, code: str) -> None:
    errors = _errors(encounter)
    assert errors.get(path) == code, errors


def test_fifty_lines_are_allowed() -> None:
    assert _errors(example_encounter(service_lines=(LINE,) * 50)) == {}


def test_all_problems_are_reported_together() -> None:
    bad = example_encounter(
        claim_id="",
        billing_provider=attrs.evolve(BP, npi="1234567890"),
        diagnosis_codes=("E11.9",),
        service_lines=(
            attrs.evolve(LINE, procedure_code="X", diagnosis_pointers=(2,)),
            attrs.evolve(LINE, modifiers=("25",) * 5),
        ),
    )
    errors = _errors(bad)
    assert set(errors) >= {
        "e.claim_id",
        "e.billing_provider.npi",
        "e.service_lines[0].procedure_code",
        "e.service_lines[0].diagnosis_pointers[0]",
        "e.service_lines[1].modifiers",
    }


def test_shared_records_are_reported_under_each_path() -> None:
    bad_bp = attrs.evolve(BP, npi="1234567890")
    issues = check_encounters(
        [
            example_encounter(claim_id="A", billing_provider=bad_bp),
            example_encounter(claim_id="B", billing_provider=bad_bp),
        ]
    )
    assert [i.path for i in issues] == [
        "encounters[0].billing_provider.npi",
        "encounters[1].billing_provider.npi",
    ]


def test_duplicate_claim_ids_warn() -> None:
    issues = check_encounters([example_encounter(), example_encounter()])
    assert [(i.severity, i.code, i.path) for i in issues] == [
        (Severity.WARNING, "duplicate-claim-id", "encounters[1].claim_id")
    ]


def test_messages_never_carry_values() -> None:
    address = ClaimAddress(
        line1=SENTINEL + "~", city=SENTINEL + "é", state=SENTINEL, postal_code=SENTINEL
    )
    bad = example_encounter(
        claim_id=SENTINEL * 4,
        subscriber=attrs.evolve(
            SUB, member_id=SENTINEL + "*", last_name=SENTINEL + ":", address=address, sex=SENTINEL
        ),
        billing_provider=attrs.evolve(BP, npi=SENTINEL, tax_id=SENTINEL, taxonomy_code=SENTINEL),
        diagnosis_codes=(SENTINEL,),
        service_lines=(
            ServiceLine(
                procedure_code=SENTINEL,
                charge=Decimal(1),
                modifiers=(SENTINEL,),
                service_date=dt.date(2024, 1, 1),
                line_control_number=SENTINEL + "^",
                ndc=SENTINEL,
                notes=SENTINEL * 10,
            ),
        ),
    )
    issues = check_encounter(bad)
    assert len(issues) >= 12
    assert all(SENTINEL not in i.message and SENTINEL not in str(i) for i in issues)
