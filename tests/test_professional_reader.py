"""medclaims.professional.reader: hand-written 837P text in, encounters and issues out.

The sample below is written for these tests, segment by segment from the
5010 X222A1 layout; the expected records are spelled out by hand from what
each element means, not copied from the reader's output.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import attrs
import pytest

from medclaims.errors import EnvelopeError, MedclaimsError, Severity, X12Error, X12SyntaxError
from medclaims.professional.model import (
    Accident,
    BillingProvider,
    ClaimAddress,
    ClaimContact,
    ClaimPayer,
    Encounter,
    Patient,
    Provider,
    Receiver,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from medclaims.professional.reader import (
    Claim837Error,
    UnsupportedVersionError,
    parse_837p,
    read_837p,
)

ISA = (
    "ISA*00*          *00*          *ZZ*SUBMITTERID    *ZZ*RECEIVERID     *240102*1200*^*"
    "00501*000000101*0*T*:"
)

HEADER = [
    "BHT*0019*00*BATCH42*20240102*1201*CH",
    "NM1*41*2*ACME BILLING*****46*ETIN77",
    "PER*IC*FRONT DESK*TE*5551234567*EM*desk@example.org",
    "NM1*40*2*CLEARHOUSE*****46*RCV99",
]

BILLING = [
    "HL*1**20*1",
    "PRV*BI*PXC*207Q00000X",
    "NM1*85*2*NORTH CLINIC*****XX*1234567893",
    "N3*1 MAIN ST",
    "N4*SPRINGFIELD*IL*627011234",
    "REF*EI*123456789",
    "NM1*87*2",
    "N3*PO BOX 9",
    "N4*SPRINGFIELD*IL*62702",
]

SELF_CLAIM = [
    "HL*2*1*22*0",
    "SBR*P*18*GRP1******CI",
    "NM1*IL*1*DOE*JANE*Q***MI*MEM001",
    "N3*2 ELM ST*APT 5",
    "N4*SPRINGFIELD*IL*62704",
    "DMG*D8*19800215*F",
    "NM1*PR*2*BIG PAYER*****PI*PAYER1",
    "CLM*CLAIM1*150***11:B:1*Y*A*Y*I",
    "DTP*431*D8*20231220",
    "REF*G1*AUTH7",
    "REF*9F*REFER3",
    "NTE*ADD*FOLLOW UP",
    "HI*ABK:E119*ABF:I10",
    "NM1*82*1*SMITH*ANN*B***XX*1245319599",
    "PRV*PE*PXC*208D00000X",
    "LX*1",
    "SV1*HC:99213:25*100*UN*1***1:2",
    "DTP*472*D8*20240101",
    "REF*6R*LINE1",
    "LX*2",
    "SV1*HC:J1100*50*UN*2*11**2",
    "DTP*472*RD8*20240101-20240103",
    "LIN**N4*00409123401",
    "CTP****2.5*ML",
]

DEPENDENT_CLAIM = [
    "HL*3*1*22*1",
    "SBR*S********MC",
    "NM1*IL*1*ROE*RICH****MI*MEM002",
    "NM1*PR*2*STATE AID*****PI*PAYER2",
    "HL*4*3*23*0",
    "PAT*19",
    "NM1*QC*1*ROE*KID",
    "N3*3 OAK ST",
    "N4*SPRINGFIELD*IL*62704",
    "DMG*D8*20150704*M",
    "CLM*CLAIM2*80***12:B:7*N*B*N*Y**AA:::IL",
    "DTP*439*D8*20231130",
    "REF*F8*ORIG9",
    "HI*ABK:S72001A",
    "NM1*DN*1*JONES*AL****XX*1003000126",
    "NM1*77*2*HOME SITE*****XX*1234567893",
    "N3*4 PINE RD",
    "N4*SPRINGFIELD*IL*627049999",
    "LX*1",
    "SV1*HC:97110*80*MJ*30***1",
    "DTP*472*D8*20231201",
    "NTE*ADD*LINE NOTE",
    "NM1*82*1*LEE*MAY****XX*1245319599",
]


def x12(
    body: list[str], *, version: str = "005010X222A1", control: str = "0001", group: str = "101"
) -> str:
    """One interchange around ``body`` (the segments between ST and SE), trailers counted."""
    st = f"ST*837*{control}*{version}" if version else f"ST*837*{control}"
    segments = [
        ISA,
        f"GS*HC*SUBMITTERID*RECEIVERID*20240102*1200*{group}*X*{version}",
        st,
        *body,
        f"SE*{len(body) + 2}*{control}",
        f"GE*1*{group}",
        "IEA*1*000000101",
    ]
    return "~\n".join(segments) + "~\n"


SAMPLE = x12(HEADER + BILLING + SELF_CLAIM + DEPENDENT_CLAIM)

BILLING_PROVIDER = BillingProvider(
    npi="1234567893",
    tax_id="123456789",
    tax_id_type="EIN",
    organization_name="NORTH CLINIC",
    address=ClaimAddress(
        line1="1 MAIN ST", city="SPRINGFIELD", state="IL", postal_code="627011234"
    ),
    taxonomy_code="207Q00000X",
)
PAY_TO = ClaimAddress(line1="PO BOX 9", city="SPRINGFIELD", state="IL", postal_code="62702")

EXPECTED = [
    Encounter(
        claim_id="CLAIM1",
        place_of_service="11",
        frequency_code="1",
        billing_provider=BILLING_PROVIDER,
        pay_to_address=PAY_TO,
        subscriber=Subscriber(
            member_id="MEM001",
            last_name="DOE",
            first_name="JANE",
            middle_name="Q",
            birth_date=dt.date(1980, 2, 15),
            sex="F",
            group_number="GRP1",
            address=ClaimAddress(
                line1="2 ELM ST", line2="APT 5", city="SPRINGFIELD", state="IL", postal_code="62704"
            ),
        ),
        payer=ClaimPayer(name="BIG PAYER", payer_id="PAYER1"),
        payer_responsibility="P",
        claim_filing_indicator="CI",
        diagnosis_codes=("E119", "I10"),
        onset_date=dt.date(2023, 12, 20),
        prior_authorization="AUTH7",
        referral_number="REFER3",
        notes="FOLLOW UP",
        rendering_provider=Provider(
            npi="1245319599",
            last_name="SMITH",
            first_name="ANN",
            middle_name="B",
            taxonomy_code="208D00000X",
        ),
        provider_signature=True,
        assignment="A",
        benefits_assignment="Y",
        release_of_information="I",
        service_lines=(
            ServiceLine(
                procedure_code="99213",
                modifiers=("25",),
                charge=Decimal("100"),
                units=Decimal("1"),
                unit_type="UN",
                diagnosis_pointers=(1, 2),
                service_date=dt.date(2024, 1, 1),
                line_control_number="LINE1",
            ),
            ServiceLine(
                procedure_code="J1100",
                charge=Decimal("50"),
                units=Decimal("2"),
                unit_type="UN",
                place_of_service="11",
                diagnosis_pointers=(2,),
                service_date=dt.date(2024, 1, 1),
                service_date_end=dt.date(2024, 1, 3),
                ndc="00409123401",
                ndc_quantity=Decimal("2.5"),
                ndc_unit="ML",
            ),
        ),
    ),
    Encounter(
        claim_id="CLAIM2",
        place_of_service="12",
        frequency_code="7",
        original_claim_id="ORIG9",
        billing_provider=BILLING_PROVIDER,
        pay_to_address=PAY_TO,
        subscriber=Subscriber(member_id="MEM002", last_name="ROE", first_name="RICH"),
        payer=ClaimPayer(name="STATE AID", payer_id="PAYER2"),
        payer_responsibility="S",
        claim_filing_indicator="MC",
        patient=Patient(
            last_name="ROE",
            first_name="KID",
            birth_date=dt.date(2015, 7, 4),
            sex="M",
            relationship_code="19",
            address=ClaimAddress(
                line1="3 OAK ST", city="SPRINGFIELD", state="IL", postal_code="62704"
            ),
        ),
        diagnosis_codes=("S72001A",),
        accident=Accident(related_causes=("AA",), state="IL", date=dt.date(2023, 11, 30)),
        referring_provider=Provider(npi="1003000126", last_name="JONES", first_name="AL"),
        service_facility=ServiceFacility(
            name="HOME SITE",
            npi="1234567893",
            address=ClaimAddress(
                line1="4 PINE RD", city="SPRINGFIELD", state="IL", postal_code="627049999"
            ),
        ),
        provider_signature=False,
        assignment="B",
        benefits_assignment="N",
        release_of_information="Y",
        service_lines=(
            ServiceLine(
                procedure_code="97110",
                charge=Decimal("80"),
                units=Decimal("30"),
                unit_type="MJ",
                diagnosis_pointers=(1,),
                service_date=dt.date(2023, 12, 1),
                notes="LINE NOTE",
                rendering_provider=Provider(npi="1245319599", last_name="LEE", first_name="MAY"),
            ),
        ),
    ),
]


def replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def variant(*changes: tuple[str, str]) -> str:
    """The sample with segments changed, added ("A~B") or removed (""); SE01 recounted."""
    body = "~".join(HEADER + BILLING + SELF_CLAIM + DEPENDENT_CLAIM)
    for old, new in changes:
        body = replace(body, old, new)
    return x12([s for s in body.split("~") if s])


def without_extras(encounters: list[Encounter]) -> list[Encounter]:
    """The encounters with their (and their lines') extra segments dropped.

    What lands in ``extra_segments`` is tested segment by segment in
    ``test_professional_reader_extras.py``.
    """
    return [
        attrs.evolve(
            e,
            extra_segments=(),
            service_lines=tuple(attrs.evolve(li, extra_segments=()) for li in e.service_lines),
        )
        for e in encounters
    ]


def error_codes(text: str) -> list[str]:
    return [i.code for i in read_837p(text).issues if i.severity is Severity.ERROR]


# ---------------------------------------------------------------- the happy path


def test_every_mapped_element_reads_into_the_model() -> None:
    result = read_837p(SAMPLE)
    assert result.encounters == EXPECTED
    assert result.issues == ()


def test_header_loops_and_envelopes() -> None:
    (tx,) = read_837p(SAMPLE).transactions
    assert tx.submitter == Submitter(
        name="ACME BILLING",
        id="ETIN77",
        contact_name="FRONT DESK",
        phone="5551234567",
        email="desk@example.org",
        id_qualifier="ZZ",
    )
    assert tx.receiver == Receiver(name="CLEARHOUSE", id="RCV99", id_qualifier="ZZ")
    assert (tx.purpose_code, tx.reference, tx.claim_or_encounter) == ("00", "BATCH42", "CH")
    assert tx.created_at == dt.datetime(2024, 1, 2, 12, 1)
    assert tx.header.control_number == "0001"
    assert tx.group is not None and tx.group.control_number == "101"
    assert tx.interchange.control_number == "000000101"


def test_billing_provider_contact_and_individual_name() -> None:
    text = variant(
        ("NM1*85*2*NORTH CLINIC*****XX*1234567893", "NM1*85*1*HOUSE*GREG****XX*1234567893"),
        ("REF*EI*123456789", "REF*SY*987654321~PER*IC*BOB*EM*b@example.org"),
    )
    provider = parse_837p(text)[0].billing_provider
    assert (provider.organization_name, provider.last_name, provider.first_name) == (
        None,
        "HOUSE",
        "GREG",
    )
    assert (provider.tax_id, provider.tax_id_type) == ("987654321", "SSN")
    assert provider.contact == ClaimContact(name="BOB", phone=None, email="b@example.org")


def test_str_bytes_and_file_objects_read_the_same() -> None:
    data = SAMPLE.encode()
    assert parse_837p(data) == EXPECTED
    assert parse_837p(io.BytesIO(data)) == EXPECTED
    assert parse_837p(io.StringIO(SAMPLE)) == EXPECTED
    assert parse_837p(b"\xef\xbb\xbf" + data) == EXPECTED


def test_several_transactions_and_interchanges() -> None:
    first = x12(HEADER + BILLING + SELF_CLAIM, control="0001")
    second = x12(
        HEADER + BILLING + DEPENDENT_CLAIM, control="0002", version="005010X222A2"
    ).replace("ST*837*0002*005010X222A2", "ST*837*0002")
    result = read_837p(first + second)
    assert [len(t.encounters) for t in result.transactions] == [1, 1]
    assert result.encounters == EXPECTED
    assert result.issues == ()


def test_other_delimiters_and_no_line_breaks() -> None:
    text = SAMPLE.replace("~\n", "|").replace("*", "!").replace(":", ">")
    text = text.replace("!^!", "!~!", 1)  # ISA11 repetition separator: any unused char
    assert parse_837p(text) == EXPECTED


# ---------------------------------------------------------------- what is not 5010 837P


@pytest.mark.parametrize("version", ["004010X098A1", "005010X223A2", "999999X999X9", ""])
def test_other_versions_are_refused_with_the_position(version: str) -> None:
    with pytest.raises(UnsupportedVersionError) as caught:
        read_837p(x12(HEADER + BILLING + SELF_CLAIM, version=version))
    assert caught.value.location.segment_id == "ST"
    assert caught.value.location.segment_index == 2
    assert caught.value.byte_offset is not None and caught.value.byte_offset > 100


def test_a_non_837_transaction_is_refused() -> None:
    text = SAMPLE.replace("ST*837*", "ST*835*")
    with pytest.raises(UnsupportedVersionError, match="not an 837"):
        read_837p(text)


def test_not_x12_raises_a_syntax_error() -> None:
    with pytest.raises(X12SyntaxError):
        read_837p("hello, world")


def test_a_file_without_claims_reads_as_no_encounters() -> None:
    result = read_837p(x12(HEADER + BILLING))
    assert result.encounters == []
    assert len(result.transactions) == 1


# ---------------------------------------------------------------- lenient and strict


def test_claim_charge_that_does_not_balance_is_an_issue_or_an_error_in_strict_mode() -> None:
    text = replace(SAMPLE, "CLM*CLAIM1*150*", "CLM*CLAIM1*151*")
    issues = read_837p(text).issues
    assert [i.code for i in issues] == ["claim-balance"]
    assert issues[0].location is not None and issues[0].location.element == 2
    with pytest.raises(Claim837Error) as caught:
        parse_837p(text, strict=True)
    assert caught.value.location == issues[0].location
    assert caught.value.location.segment_id == "CLM"


def test_envelope_errors_raise_in_strict_mode_only() -> None:
    text = replace(SAMPLE, "GE*1*101", "GE*2*101")
    assert [i.code for i in read_837p(text).issues] == ["ge-count"]
    with pytest.raises(EnvelopeError):
        parse_837p(text, strict=True)


def test_icd9_qualifiers_read_with_a_warning() -> None:
    text = replace(SAMPLE, "HI*ABK:E119*ABF:I10", "HI*BK:25000*BF:4019")
    result = read_837p(text)
    assert result.encounters[0].diagnosis_codes == ("25000", "4019")
    assert {(i.severity, i.code) for i in result.issues} == {(Severity.WARNING, "icd9-diagnosis")}
    assert parse_837p(text, strict=True)[0].diagnosis_codes == ("25000", "4019")


def test_principal_diagnosis_out_of_place() -> None:
    text = replace(SAMPLE, "HI*ABK:E119*ABF:I10", "HI*ABF:E119*ABK:I10")
    assert error_codes(text) == ["diagnosis-order", "diagnosis-order"]


def test_missing_npi_reads_as_empty_with_a_warning() -> None:
    text = replace(SAMPLE, "NM1*DN*1*JONES*AL****XX*1003000126", "NM1*DN*1*JONES*AL")
    result = read_837p(text)
    referring = result.encounters[1].referring_provider
    assert referring is not None and referring.npi == ""
    assert [(i.severity, i.code) for i in result.issues] == [(Severity.WARNING, "missing-npi")]


def test_hl_parent_that_points_nowhere_is_an_error_but_the_nesting_holds() -> None:
    text = replace(SAMPLE, "HL*4*3*23*0", "HL*4*9*23*0")
    result = read_837p(text)
    assert [i.code for i in result.issues] == ["hl-parent"]
    assert result.encounters == EXPECTED


def test_segments_outside_the_model_are_listed_without_values() -> None:
    text = variant(
        ("REF*G1*AUTH7", "REF*G1*AUTH7~REF*D9*TRACE~AMT*F5*12~K3*FREE TEXT"),
        ("DTP*472*D8*20240101~", "DTP*472*D8*20240101~QTY*PT*2~"),
    )
    result = read_837p(text)
    assert without_extras(result.encounters) == EXPECTED
    (issue,) = result.issues
    assert (issue.severity, issue.code) == (Severity.INFO, "not-represented")
    assert issue.message.endswith("AMT, K3, QTY, REF*D9")
    assert issue.location is not None and issue.location.segment_id == "CLM"


def test_other_payer_loops_are_read_into_other_payers() -> None:
    from medclaims.professional import Address
    from medclaims.professional.cob import OtherPayer, OtherSubscriber

    cob = (
        "SBR*S*01*G2******CI~OI***Y***Y~NM1*IL*1*DOE*JOHN****MI*OTHER1~N3*9 ST~"
        "N4*CITY*IL*62704~NM1*PR*2*OTHER PAYER*****PI*OP1~REF*F8*PRIOR~REF*2U*X9~LX*1"
    )
    text = variant(("LX*1~SV1*HC:99213", cob + "~SV1*HC:99213"))
    result = read_837p(text)
    encounter = result.encounters[0]
    assert attrs.evolve(encounter, other_payers=(), extra_segments=()) == EXPECTED[0]
    assert encounter.other_payers == (
        OtherPayer(
            responsibility="S",
            relationship_code="01",
            claim_filing_indicator="CI",
            payer_id="OP1",
            payer_name="OTHER PAYER",
            claim_control_number="PRIOR",
            subscriber=OtherSubscriber(
                member_id="OTHER1",
                last_name="DOE",
                first_name="JOHN",
                group_number="G2",
                address=Address(line1="9 ST", city="CITY", state="IL", postal_code="62704"),
            ),
        ),
    )
    # the other payer's REF*2U has no field: kept as an extra segment and named
    assert [(x.loop, x.segment_id) for x in encounter.extra_segments] == [("2330B", "REF")]
    assert [i.code for i in result.issues] == ["not-represented"]
    assert "2330B REF*2U" in result.issues[0].message


def test_out_of_order_address_segments_still_attach_to_their_name() -> None:
    text = replace(
        SAMPLE,
        "N3*1 MAIN ST~\nN4*SPRINGFIELD*IL*627011234~\nREF*EI*123456789",
        "REF*EI*123456789~\nN4*SPRINGFIELD*IL*627011234~\nN3*1 MAIN ST",
    )
    assert parse_837p(text) == EXPECTED


# ---------------------------------------------------------------- what cannot be represented


@pytest.mark.parametrize(
    ("old", "new", "segment_id", "element"),
    [
        ("SV1*HC:97110*80*", "SV1*HC:97110**", "SV1", 2),
        ("SV1*HC:97110*80*", "SV1*HC:97110*8E1*", "SV1", 2),
        ("SV1*HC:97110*80*", "SV1*HC:97110*NaN*", "SV1", 2),
        ("SV1*HC:97110*80*MJ*30", "SV1*HC:97110*80*MJ*Infinity", "SV1", 4),
        ("DTP*472*D8*20231201", "DTP*472*D8*20231301", "DTP", 3),
        ("DTP*472*D8*20231201", "DTP*472*D8*²0231201", "DTP", 3),  # isdigit, not int()
        ("DTP*472*D8*20231201", "DTP*472*RD8*20231201", "DTP", 3),
        ("DTP*472*D8*20231201", "DTP*999*D8*20231201", "LX", None),
        ("CLM*CLAIM2*80*", "CLM*CLAIM2*eighty*", "CLM", 2),
    ],
)
def test_unrepresentable_values_leave_their_claim_out_with_the_position(
    old: str, new: str, segment_id: str, element: int | None
) -> None:
    # Lenient: that claim (the second) is left out with an error at the value; the
    # first comes back. Strict: the same error is raised.
    text = replace(SAMPLE, old, new)
    result = read_837p(text)
    assert result.encounters == EXPECTED[:1]
    errors = [i for i in result.issues if i.severity is Severity.ERROR]
    assert [i.code for i in errors] == ["claim-not-read"]
    assert "claim 2 of the transaction" in errors[0].message
    with pytest.raises(Claim837Error) as caught:
        read_837p(text, strict=True)
    for loc in (caught.value.location, errors[0].location):
        assert loc is not None
        assert (loc.segment_id, loc.element) == (segment_id, element)
        assert loc.segment_index is not None and loc.byte_offset is not None
        assert text.encode()[loc.byte_offset :].startswith(segment_id.encode())


@pytest.mark.parametrize("pointer", ["²", "100", "1" * 5000, "A"])
def test_a_pointer_that_is_not_a_1_2_digit_number_is_left_out_with_an_error(pointer: str) -> None:
    text = replace(SAMPLE, "SV1*HC:97110*80*MJ*30***1", f"SV1*HC:97110*80*MJ*30***1:{pointer}")
    result = read_837p(text)
    [issue] = [i for i in result.issues if i.code == "bad-pointer"]
    assert issue.severity is Severity.ERROR
    assert issue.location is not None
    assert (issue.location.segment_id, issue.location.element, issue.location.component) == (
        "SV1",
        7,
        2,
    )
    assert pointer not in issue.message
    with pytest.raises(Claim837Error):
        read_837p(text, strict=True)


@pytest.mark.parametrize(
    ("old", "new", "code", "segment_id"),
    [
        ("DMG*D8*20150704*M", "DMG*D8*2015-07-04*M", "bad-date", "DMG"),
        ("N3*3 OAK ST~N4*SPRINGFIELD*IL*62704~DMG*D8*20150704*M", "", "missing-segment", "CLM"),
    ],
)
def test_a_patient_without_a_readable_birth_date_reads_with_none(
    old: str, new: str, code: str, segment_id: str
) -> None:
    text = variant((old, new))
    result = read_837p(text)
    patient = result.encounters[1].patient
    assert patient is not None and patient.birth_date is None
    assert code in [i.code for i in result.issues if i.severity is Severity.ERROR]
    with pytest.raises(Claim837Error) as caught:
        read_837p(text, strict=True)
    assert caught.value.location.segment_id == segment_id


def test_missing_billing_tax_id_and_addresses_read_as_none_with_errors() -> None:
    text = variant(
        ("N3*1 MAIN ST~N4*SPRINGFIELD*IL*627011234~REF*EI*123456789", ""),
        ("N3*3 OAK ST~N4*SPRINGFIELD*IL*62704~", ""),
    )
    result = read_837p(text)
    first, second = result.encounters
    assert first.billing_provider.tax_id is None and first.billing_provider.address is None
    assert second.patient is not None and second.patient.address is None
    assert without_extras(result.encounters) == [
        attrs.evolve(
            EXPECTED[0], billing_provider=attrs.evolve(BILLING_PROVIDER, tax_id=None, address=None)
        ),
        attrs.evolve(
            EXPECTED[1],
            billing_provider=attrs.evolve(BILLING_PROVIDER, tax_id=None, address=None),
            patient=attrs.evolve(EXPECTED[1].patient, address=None),
        ),
    ]
    errors = {(i.code, i.message) for i in result.issues if i.severity is Severity.ERROR}
    assert errors == {
        ("missing-segment", "billing provider tax id (REF*EI/SY) is missing"),
        ("missing-segment", "billing provider N3/N4 is missing"),
        ("missing-segment", "patient N3/N4 is missing"),
    }


def test_claim_before_any_subscriber_level_is_left_out_or_raises() -> None:
    text = x12(HEADER + BILLING + SELF_CLAIM[7:])
    result = read_837p(text)
    assert result.encounters == []
    assert [i.code for i in result.issues if i.severity is Severity.ERROR] == ["claim-not-read"]
    assert "subscriber level" in result.issues[-1].message
    with pytest.raises(Claim837Error, match="subscriber level"):
        read_837p(text, strict=True)


def test_unknown_hierarchical_level_leaves_its_claims_out_or_raises() -> None:
    text = replace(SAMPLE, "HL*3*1*22*1", "HL*3*1*21*1")
    result = read_837p(text)
    assert result.encounters == EXPECTED[:1]
    found = [(i.code, i.location) for i in result.issues if i.severity is Severity.ERROR]
    # The patient level under it has no parent either: reported too.
    assert [code for code, _ in found] == ["hl-structure", "hl-structure", "claim-not-read"]
    assert found[0][1] is not None and (found[0][1].segment_id, found[0][1].element) == ("HL", 3)
    with pytest.raises(Claim837Error) as caught:
        read_837p(text, strict=True)
    assert (caught.value.location.segment_id, caught.value.location.element) == ("HL", 3)


def test_every_error_is_a_medclaims_error() -> None:
    assert issubclass(Claim837Error, X12Error)
    assert issubclass(UnsupportedVersionError, Claim837Error)
    assert issubclass(Claim837Error, MedclaimsError)


# ---------------------------------------------------------------- PHI stays out


SENTINELS = [
    "ZQXNAME",
    "ZQXFIRST",
    "ZQXMEMBER",
    "ZQXSTREET",
    "ZQXCITY",
    "ZQXREF",
    "ZQXPHONE",
    "19991231",
]


def _phi_heavy(patient_dmg: str) -> str:
    """The sample with sentinel PHI, plus deviations that make the reader talk about it."""
    text = SAMPLE.replace("DOE", "ZQXNAME").replace("JANE", "ZQXFIRST")
    text = text.replace("MEM001", "ZQXMEMBER").replace("2 ELM ST", "ZQXSTREET")
    text = text.replace("SPRINGFIELD", "ZQXCITY").replace("AUTH7", "ZQXREF")
    text = text.replace("5551234567", "ZQXPHONE")
    text = text.replace("DMG*D8*19800215*F", "DMG*D8*ZQXNAME19991231*F")  # bad subscriber DOB
    text = text.replace("NM1*85*2*NORTH CLINIC*****XX*1234567893", "NM1*85*2*ZQXNAME*****XX")
    text = text.replace("NM1*82*1*SMITH*ANN*B***XX*1245319599", "NM1*82*1****ZQXNAME")
    text = text.replace("NM1*PR*2*BIG PAYER*****PI*PAYER1", "NM1*PR*2*ZQXNAME")
    text = text.replace("DMG*D8*20150704*M", patient_dmg)
    return text.replace("N4*ZQXCITY*IL*62704", "N4*ZQXCITY*IL*ZQXREF*ZQXNAME", 1)


def test_issues_and_reprs_never_hold_identity_values() -> None:
    result = read_837p(_phi_heavy("DMG*D8*20150704*M"))
    assert {"bad-date", "missing-npi", "missing-element"} <= {i.code for i in result.issues}
    shown = "\n".join(
        [
            *(str(i) for i in result.issues),
            repr(result),
            repr(result.encounters),
            repr(result.transactions),
        ]
    )
    for sentinel in SENTINELS:
        assert sentinel not in shown


def test_exceptions_never_hold_identity_values() -> None:
    damaged = _phi_heavy("DMG*D8*20150704*M").replace(
        "SV1*HC:97110*80*", "SV1*HC:97110*ZQXNAME19991231*"
    )
    with pytest.raises(Claim837Error) as caught:
        read_837p(damaged, strict=True)
    for sentinel in SENTINELS:
        assert sentinel not in str(caught.value)
    issues = read_837p(damaged).issues
    left_out = [i for i in issues if i.code == "claim-not-read"]
    assert [i.location.segment_id for i in left_out if i.location] == ["SV1"]
    for issue in issues:
        for sentinel in SENTINELS:
            assert sentinel not in str(issue)
    with pytest.raises(Claim837Error) as strict:
        read_837p(_phi_heavy("DMG*D8*20150704*M"), strict=True)
    for sentinel in SENTINELS:
        assert sentinel not in str(strict.value)


def test_level_data_beyond_the_model_is_listed() -> None:
    text = variant(
        ("PRV*BI*PXC*207Q00000X", "PRV*BI*PXC*207Q00000X~CUR*85*USD"),
        ("SBR*P*18*GRP1******CI", "SBR*P*18*GRP1*GROUP NAME*****CI~PAT*****D8*20240101"),
        ("NM1*PR*2*BIG PAYER*****PI*PAYER1", "NM1*PR*2*BIG PAYER*****PI*PAYER1~REF*2U*SECOND"),
    )
    result = read_837p(text)
    assert without_extras(result.encounters) == EXPECTED
    first, second = (i for i in result.issues if i.code == "not-represented")
    assert first.message.endswith("HL20 CUR, HL22 PAT, NM1*PR REF, SBR04")
    assert second.message.endswith("HL20 CUR")  # the second claim has its own subscriber


def test_subscriber_relationship_must_match_the_hierarchy() -> None:
    text = variant(("SBR*P*18*GRP1******CI", "SBR*P**GRP1******CI"))
    result = read_837p(text)
    assert result.encounters == EXPECTED
    (issue,) = result.issues
    assert (issue.severity, issue.code) == (Severity.WARNING, "subscriber-relationship")
    assert issue.location is not None and (issue.location.segment_id, issue.location.element) == (
        "SBR",
        2,
    )


def test_a_repeated_name_loop_is_an_error_and_the_first_one_wins() -> None:
    text = variant(
        (
            "NM1*PR*2*BIG PAYER*****PI*PAYER1",
            "NM1*PR*2*BIG PAYER*****PI*PAYER1~NM1*PR*2*OTHER*****PI*PAYER9",
        )
    )
    result = read_837p(text)
    assert without_extras(result.encounters) == EXPECTED
    assert [i.code for i in result.issues] == ["repeated-loop", "not-represented"]
    with pytest.raises(Claim837Error, match="repeats"):
        read_837p(text, strict=True)


def test_missing_required_text_reads_as_empty_with_an_error() -> None:
    text = variant(("NM1*IL*1*DOE*JANE*Q***MI*MEM001", "NM1*IL*1*DOE*JANE*Q"))
    result = read_837p(text)
    assert result.encounters[0].subscriber.member_id == ""
    assert [i.code for i in result.issues] == ["missing-element"]
    assert result.issues[0].location is not None and result.issues[0].location.element == 9


def test_header_data_beyond_the_record_is_listed_at_the_st() -> None:
    text = variant(
        (
            "BHT*0019*00*BATCH42*20240102*1201*CH",
            "BHT*0019*00*BATCH42*20240102*1201*CH~REF*87*004010X098A1",
        ),
        (
            "PER*IC*FRONT DESK*TE*5551234567*EM*desk@example.org",
            "PER*IC*FRONT DESK*TE*5551234567*EM*desk@example.org~PER*IC*NIGHT*TE*5559",
        ),
    )
    result = read_837p(text)
    assert without_extras(result.encounters) == EXPECTED
    (issue,) = result.issues
    assert issue.message.endswith("no field for: NM1*41 PER, REF")
    assert issue.location is not None and issue.location.segment_id == "ST"
