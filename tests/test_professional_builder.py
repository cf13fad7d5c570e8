"""The 837P builder: structure, numbering, splitting, determinism, and pyx12 / x12sdk oracles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import attrs
import pytest
from _shared import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_837p import encounters, example_encounter

from medclaims.errors import EncounterValidationError
from medclaims.professional import (
    Accident,
    ClaimAddress,
    Encounter,
    Patient,
    Receiver,
    Submitter,
    build_837p,
    load_encounters,
)
from medclaims.professional.builder import _amount
from medclaims.pyx12_validation import validate
from medclaims.x12 import Segment, check_envelopes, read_segments

SUBMITTER = Submitter(name="Test Billing", id="TESTSUB", contact_name="Desk", phone="5555550100")
RECEIVER = Receiver(name="Test Clearinghouse", id="TESTCH")
CREATED = dt.datetime(2024, 5, 6, 7, 8)
DEPENDENT = Patient(
    last_name="Kid",
    first_name="Ada",
    birth_date=dt.date(2015, 1, 1),
    sex="F",
    relationship_code="19",
    address=ClaimAddress(line1="2 Elm St", city="Springfield", state="IL", postal_code="62702"),
)


def build(batch: Sequence[Encounter], **kwargs: object) -> str:
    options: dict[str, object] = {
        "submitter": SUBMITTER,
        "receiver": RECEIVER,
        "control_number": 42,
        "created_at": CREATED,
    }
    options.update(kwargs)
    return build_837p(batch, **options)  # type: ignore[arg-type]


def segments(text: str) -> list[Segment]:
    return list(read_segments(text))


def ids(text: str, seg_id: str) -> list[Segment]:
    return [s for s in segments(text) if s.id == seg_id]


# -- the sample -----------------------------------------------------------------------------


def test_sample_is_reproduced_byte_for_byte() -> None:
    """samples/claims.837 was built with these exact parameters (see cmd_build837p)."""
    encounters_json = (SAMPLES / "encounters.json").read_bytes()
    text = build_837p(
        load_encounters(encounters_json),
        submitter=Submitter(
            name="Riverbend Billing Services",
            id="RBBILL01",
            contact_name="EDI Desk",
            phone="2175550199",
        ),
        receiver=Receiver(name="Prairie Clearinghouse", id="PRAIRIECH"),
        control_number=1,
        created_at=dt.datetime(2024, 3, 11, 9, 30),
        line_breaks=True,
    )
    assert text == (SAMPLES / "claims.837").read_text(encoding="ascii")


def test_sample_passes_pyx12_with_zero_errors() -> None:
    assert validate((SAMPLES / "claims.837").read_bytes()) == []


def test_sample_covers_the_promised_cases() -> None:
    batch = load_encounters((SAMPLES / "encounters.json").read_bytes())
    assert any(e.patient is None for e in batch)
    assert any(e.patient is not None for e in batch)
    assert any(
        any(line.modifiers for line in e.service_lines) and len(e.service_lines) > 1 for e in batch
    )
    assert any(line.ndc for e in batch for line in e.service_lines)
    assert any(e.frequency_code == "7" for e in batch)


# -- oracles over random encounters -----------------------------------------------------------

many_batches = st.one_of(encounters(max_size=5, max_lines=6), encounters(max_size=1, max_lines=50))


def _check_structure(batch: Sequence[Encounter], text: str) -> None:
    """Independent reading of what we wrote: HL tree, SBR02, CLM02 = ΣSV102, claim ids."""
    segs = segments(text)
    assert check_envelopes(segs) == []
    hls = [s for s in segs if s.id == "HL"]
    assert [int(s.get(1)) for s in hls] == list(range(1, len(hls) + 1))
    level = {s.get(1): s.get(3) for s in hls}
    for index, hl in enumerate(hls):
        parent, code, child = hl.get(2), hl.get(3), hl.get(4)
        expected_parent = {"20": None, "22": "20", "23": "22"}[code]
        assert (level.get(parent) if parent else None) == expected_parent
        has_children = any(h.get(2) == hl.get(1) for h in hls[index + 1 :])
        assert child == ("1" if has_children else "0")
    claims: list[tuple[str, Decimal, Decimal]] = []
    sbr02 = ""
    for seg in segs:
        if seg.id == "SBR":
            sbr02 = seg.get(2)
        elif seg.id == "HL" and seg.get(3) == "22":
            sbr02 = "?"
        elif seg.id == "PAT":
            assert sbr02 == ""  # a dependent's subscriber never says 18
        elif seg.id == "CLM":
            claims.append((seg.get(1), Decimal(seg.get(2)), Decimal(0)))
        elif seg.id == "SV1":
            cid, total, lines = claims[-1]
            claims[-1] = (cid, total, lines + Decimal(seg.get(2)))
    assert all(total == lines for _, total, lines in claims)
    assert sorted(c[0] for c in claims) == sorted(e.claim_id for e in batch)
    by_id = {e.claim_id: e for e in batch}
    assert all(by_id[cid].total_charge == total for cid, total, _ in claims)


@settings(max_examples=50, deadline=None)
@given(many_batches)
def test_random_encounters_pass_pyx12_with_zero_errors(batch: list[Encounter]) -> None:
    text = build(batch)
    _check_structure(batch, text)
    assert validate(text) == []


def _no_unknown_sex(batch: list[Encounter]) -> list[Encounter]:
    """x12sdk's DMG03 enum lacks U (unknown), which 5010 allows: give it F instead."""
    out = []
    for e in batch:
        if e.subscriber.sex == "U":
            e = attrs.evolve(e, subscriber=attrs.evolve(e.subscriber, sex="F"))
        if e.patient is not None and e.patient.sex == "U":
            e = attrs.evolve(e, patient=attrs.evolve(e.patient, sex="F"))
        out.append(e)
    return out


@settings(max_examples=15, deadline=None)
@given(encounters(max_size=3).map(_no_unknown_sex))
def test_x12sdk_reads_what_we_wrote(batch: list[Encounter]) -> None:
    x12sdk_io = pytest.importorskip("x12sdk.io")
    ours = {e.claim_id: e for e in batch}
    seen = 0
    with x12sdk_io.X12ModelReader(build(batch)) as reader:
        for tx in reader.models():
            for claim in tx.claims():
                seen += 1
                e = ours[claim.patient_control_number]
                assert Decimal(claim.charge) == e.total_charge
                assert claim.member_id == e.subscriber.member_id
                assert claim.is_dependent == (e.patient is not None)
                hi = claim.claim.hi_segment[0]
                theirs = [getattr(hi, f"health_care_code_{n}") for n in range(1, 13)]
                codes = [c[1] for c in theirs if c]
                assert codes == [c.replace(".", "").upper() for c in e.diagnosis_codes]
                procs = [
                    line.sv1_segment.product_service_id_qualifier.split(":")[1]
                    for line in claim.service_lines
                ]
                assert procs == [line.procedure_code for line in e.service_lines]
                charges = [line.sv1_segment.line_item_charge_amount for line in claim.service_lines]
                assert charges == [line.charge for line in e.service_lines]
    assert seen == len(batch)


# -- segments -----------------------------------------------------------------------------------


def test_self_claim_layout() -> None:
    text = build([example_encounter()])
    hl = [s.elements[1:] for s in ids(text, "HL")]
    assert hl == [["1", "", "20", "1"], ["2", "1", "22", "0"]]
    assert ids(text, "SBR")[0].elements[1:3] == ["P", "18"]
    assert ids(text, "PAT") == []
    clm = ids(text, "CLM")[0]
    assert clm.elements[1:3] == ["CLAIM-1", "120.5"]
    assert clm.composite(5) == ["11", "B", "1"]
    assert clm.elements[6:10] == ["Y", "A", "Y", "Y"]
    hi = ids(text, "HI")[0]
    assert [hi.composite(n) for n in (1, 2)] == [["ABK", "E119"], ["ABF", "I10"]]
    sv1 = ids(text, "SV1")
    assert sv1[0].composite(1) == ["HC", "99213", "25"]
    assert sv1[0].elements[2:5] == ["100", "UN", "1"]
    assert sv1[0].composite(7) == ["1", "2"]
    assert sv1[1].composite(1) == ["HC", "J3490"]
    assert sv1[1].get(4) == "2" and sv1[1].get(5) == ""
    assert [d.elements[1:] for d in ids(text, "DTP")] == [["472", "D8", "20240301"]] * 2
    assert [r.elements[1:] for r in ids(text, "REF")] == [["EI", "123456789"]]
    n4 = ids(text, "N4")[0]
    assert n4.elements[1:] == ["Springfield", "IL", "627011234"]


def test_dependent_claim_layout() -> None:
    text = build([example_encounter(patient=DEPENDENT)])
    hl = [s.elements[1:] for s in ids(text, "HL")]
    assert hl == [["1", "", "20", "1"], ["2", "1", "22", "1"], ["3", "2", "23", "0"]]
    sbr = ids(text, "SBR")[0]
    assert sbr.get(2) == ""
    assert ids(text, "PAT")[0].get(1) == "19"
    nm1 = [s.get(1) for s in ids(text, "NM1")]
    assert nm1 == ["41", "40", "85", "IL", "PR", "QC"]
    assert [d.get(2) for d in ids(text, "DMG")] == ["19800203", "20150101"]


def test_claims_are_grouped_under_shared_parties() -> None:
    batch = [
        example_encounter(claim_id="A"),
        example_encounter(claim_id="B", patient=DEPENDENT),
        example_encounter(claim_id="C"),
        example_encounter(claim_id="D", patient=DEPENDENT),
    ]
    text = build(batch)
    assert [s.get(3) for s in ids(text, "HL")] == ["20", "22", "22", "23"]
    assert [s.get(1) for s in ids(text, "CLM")] == ["A", "C", "B", "D"]


def test_replacement_void_and_extras() -> None:
    line = example_encounter().service_lines[0]
    e = example_encounter(
        frequency_code="7",
        original_claim_id="ICN-9",
        prior_authorization="PA1",
        referral_number="RF1",
        onset_date=dt.date(2024, 2, 1),
        notes="Note text",
        accident=Accident(related_causes=("AA", "EM"), state="NY", date=dt.date(2024, 1, 9)),
        service_lines=(
            attrs.evolve(
                line,
                service_date_end=dt.date(2024, 3, 4),
                ndc="12345-6789-01",
                ndc_quantity=Decimal("2.5"),
                ndc_unit="ML",
                place_of_service="22",
                line_control_number="L1",
                notes="Line note",
            ),
            attrs.evolve(line, place_of_service="11"),
        ),
    )
    text = build([e])
    clm = ids(text, "CLM")[0]
    assert clm.composite(5) == ["11", "B", "7"]
    assert clm.composite(11) == ["AA", "EM", "", "NY"]
    assert [d.elements[1:] for d in ids(text, "DTP")][:2] == [
        ["431", "D8", "20240201"],
        ["439", "D8", "20240109"],
    ]
    refs = [r.elements[1:] for r in ids(text, "REF")]
    assert refs[1:] == [["9F", "RF1"], ["G1", "PA1"], ["F8", "ICN-9"], ["6R", "L1"]]
    assert ids(text, "DTP")[2].elements[1:] == ["472", "RD8", "20240301-20240304"]
    assert ids(text, "LIN")[0].elements[1:] == ["", "N4", "12345678901"]
    assert ids(text, "CTP")[0].elements[1:] == ["", "", "", "2.5", "ML"]
    sv1 = ids(text, "SV1")
    assert sv1[0].get(5) == "22" and sv1[1].get(5) == ""  # SV105 only when it differs
    assert [n.elements[1:] for n in ids(text, "NTE")] == [
        ["ADD", "Note text"],
        ["ADD", "Line note"],
    ]
    assert validate(text) == []


def test_empty_optional_texts_are_left_out() -> None:
    line = attrs.evolve(example_encounter().service_lines[0], line_control_number="", notes="")
    e = example_encounter(
        prior_authorization="", referral_number="", notes="", service_lines=(line,)
    )
    text = build([e])
    assert [r.get(1) for r in ids(text, "REF")] == ["EI"]
    assert ids(text, "NTE") == []
    assert validate(text) == []


def test_void_carries_f8() -> None:
    text = build([example_encounter(frequency_code="8", original_claim_id="ICN-1")])
    assert ids(text, "CLM")[0].composite(5)[2] == "8"
    assert ["F8", "ICN-1"] in [r.elements[1:] for r in ids(text, "REF")]


def test_twelve_diagnoses_and_fifty_lines() -> None:
    line = example_encounter().service_lines[0]
    codes = tuple(f"A{n:02d}" for n in range(12))
    e = example_encounter(
        diagnosis_codes=codes,
        service_lines=tuple(
            attrs.evolve(line, diagnosis_pointers=(12, 1, 5, 7)) for _ in range(50)
        ),
    )
    text = build([e])
    hi = ids(text, "HI")[0]
    assert [hi.composite(n)[0] for n in range(1, 13)] == ["ABK"] + ["ABF"] * 11
    assert len(ids(text, "LX")) == 50
    assert ids(text, "SV1")[0].composite(7) == ["12", "1", "5", "7"]
    assert ids(text, "CLM")[0].get(2) == "5000"
    assert validate(text) == []


# -- envelopes, splitting, determinism ----------------------------------------------------------


def test_envelope_values() -> None:
    text = build([example_encounter()], usage="T", control_number=123)
    isa = ids(text, "ISA")[0]
    assert isa.get(6).strip() == "TESTSUB" and isa.get(8).strip() == "TESTCH"
    assert isa.get(9) == "240506" and isa.get(10) == "0708"
    assert isa.get(13) == "000000123" and isa.get(15) == "T"
    gs = ids(text, "GS")[0]
    assert gs.elements[1:] == [
        "HC",
        "TESTSUB",
        "TESTCH",
        "20240506",
        "0708",
        "123",
        "X",
        "005010X222A1",
    ]
    assert ids(text, "ST")[0].elements[1:] == ["837", "0001", "005010X222A1"]
    assert ids(text, "BHT")[0].elements[1:] == ["0019", "00", "123-0001", "20240506", "0708", "CH"]
    assert ids(text, "NM1")[0].elements[1:] == [
        "41",
        "2",
        "Test Billing",
        "",
        "",
        "",
        "",
        "46",
        "TESTSUB",
    ]
    assert ids(text, "PER")[0].elements[1:] == ["IC", "Desk", "TE", "5555550100"]


def test_splits_into_transactions() -> None:
    batch = [example_encounter(claim_id=f"C{n}") for n in range(5)]
    text = build(batch, max_claims_per_transaction=2)
    assert [s.get(2) for s in ids(text, "ST")] == ["0001", "0002", "0003"]
    assert [s.get(3) for s in ids(text, "BHT")] == ["42-0001", "42-0002", "42-0003"]
    assert ids(text, "GE")[0].get(1) == "3"
    assert check_envelopes(segments(text)) == []
    assert validate(text) == []


def test_splits_past_5000_claims_by_default() -> None:
    e = example_encounter()
    batch = [attrs.evolve(e, claim_id=f"C{n}") for n in range(5001)]
    text = build(batch)
    sts = ids(text, "ST")
    assert [s.get(2) for s in sts] == ["0001", "0002"]
    segs = segments(text)
    counts = [
        sum(1 for s in segs[a.segment_index : b.segment_index] if s.id == "CLM")
        for a, b in zip(sts, [*sts[1:], ids(text, "GE")[0]], strict=True)
    ]
    assert counts == [5000, 1]
    assert check_envelopes(segs) == []


def test_more_than_100_claims_per_subscriber_open_a_new_loop() -> None:
    batch = [example_encounter(claim_id=f"C{n}") for n in range(101)]
    text = build(batch)
    assert [s.get(3) for s in ids(text, "HL")] == ["20", "22", "22"]
    assert validate(text) == []


def test_output_is_deterministic() -> None:
    batch = [
        example_encounter(claim_id=f"C{n}", patient=DEPENDENT if n % 2 else None) for n in range(6)
    ]
    assert build(batch) == build(list(batch))
    one, other = build(batch, control_number=7), build(batch, control_number=8)
    differing = {
        a.split("*")[0] for a, b in zip(one.split("~"), other.split("~"), strict=True) if a != b
    }
    assert differing == {"ISA", "GS", "BHT", "GE", "IEA"}


def test_line_breaks() -> None:
    text = build([example_encounter()], line_breaks=True)
    assert text.endswith("~\n") and "~\nGS*" in text
    assert text.replace("\n", "") == build([example_encounter()])


# -- refusals ------------------------------------------------------------------------------------


def test_invalid_input_raises_one_error_with_every_path() -> None:
    line = example_encounter().service_lines[0]
    bad = [
        example_encounter(),
        example_encounter(
            claim_id="X2",
            service_lines=(
                attrs.evolve(line, procedure_code="ABC"),
                attrs.evolve(line, diagnosis_pointers=(9,)),
            ),
        ),
        example_encounter(claim_id="X3", frequency_code="7"),
    ]
    with pytest.raises(EncounterValidationError) as info:
        build(bad)
    paths = {i.path for i in info.value.issues}
    assert paths == {
        "encounters[1].service_lines[0].procedure_code",
        "encounters[1].service_lines[1].diagnosis_pointers[0]",
        "encounters[2].original_claim_id",
    }
    assert "encounters[1].service_lines[0].procedure_code" in str(info.value)


def test_more_than_50_lines_is_refused_clearly() -> None:
    line = example_encounter().service_lines[0]
    with pytest.raises(EncounterValidationError) as info:
        build([example_encounter(service_lines=(line,) * 51)])
    assert [(i.path, i.code) for i in info.value.issues] == [
        ("encounters[0].service_lines", "invalid-length")
    ]
    assert "50" in info.value.issues[0].message


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"usage": "X"}, "usage"),
        ({"control_number": 0}, "control_number"),
        ({"control_number": 10**9}, "control_number"),
        ({"submitter": attrs.evolve(SUBMITTER, id="X")}, "submitter.id"),
        ({"submitter": attrs.evolve(SUBMITTER, id="A" * 16)}, "submitter.id"),
        ({"submitter": attrs.evolve(SUBMITTER, phone=None)}, "submitter"),
        ({"submitter": attrs.evolve(SUBMITTER, name="A*B")}, "submitter.name"),
        ({"receiver": attrs.evolve(RECEIVER, id_qualifier="Z")}, "receiver.id_qualifier"),
        ({"max_claims_per_transaction": 5001}, "max_claims_per_transaction"),
    ],
)
def test_bad_envelope_parameters(kwargs: dict[str, object], path: str) -> None:
    with pytest.raises(EncounterValidationError) as info:
        build([example_encounter()], **kwargs)
    assert path in {i.path for i in info.value.issues}


def test_empty_batch_is_refused() -> None:
    with pytest.raises(EncounterValidationError):
        build([])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("125.00", "125"),
        ("125.50", "125.5"),
        ("0.00", "0"),
        ("-0.00", "0"),
        ("1E+2", "100"),
        ("0.05", "0.05"),
        ("12.345", "12.345"),
    ],
)
def test_amount_text(value: str, text: str) -> None:
    assert _amount(Decimal(value)) == text
