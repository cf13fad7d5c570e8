"""medclaims.professional.reader: segments beyond the model are kept, never dropped.

Hand-written variants of the reader tests' sample add segments the model has
no field for and check that each comes back whole, in file order, on the
nearest record with the loop id the 5010 X222A1 layout gives it. The corpus
test then counts, claim by claim, that every segment of a real file is either
represented by a model field or kept in ``extra_segments``.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from _shared import corpus_files, file_id
from test_837p_corpus import EXPECTED_FAILURES
from test_professional_reader import EXPECTED, SAMPLE, variant, without_extras

from medclaims.errors import Severity
from medclaims.professional import (
    Encounter,
    ExtraSegment,
    check_encounter,
    structure_encounter,
    unstructure_encounter,
)
from medclaims.professional.cob_checks import cas_segments
from medclaims.professional.reader import read_837p
from medclaims.x12 import Segment, read_segments


def extra(loop: str, text: str) -> ExtraSegment:
    seg_id, *elements = text.split("*")
    return ExtraSegment(loop=loop, segment_id=seg_id, elements=tuple(elements))


COB = [
    "SBR*S*01*G2******CI",
    "AMT*D*40",
    "OI***Y***Y",
    "NM1*IL*1*DOE*JOHN****MI*OTHER1",
    "N3*9 ST",
    "N4*CITY*IL*62704",
    "NM1*PR*2*OTHER PAYER*****PI*OP1",
    "DTP*573*D8*20240110",
    "REF*F8*PRIOR",
]


def test_the_sample_has_no_extra_segments() -> None:
    result = read_837p(SAMPLE)
    assert result.encounters == EXPECTED
    assert all(t.extra_segments == () for t in result.transactions)


def test_a_cob_loop_is_read_into_other_payers_not_extras() -> None:
    text = variant(("LX*1~SV1*HC:99213", "~".join(COB) + "~LX*1~SV1*HC:99213"))
    result = read_837p(text)
    first, second = result.encounters
    assert len(first.other_payers) == 1
    assert first.extra_segments == second.extra_segments == ()
    assert without_extras([attrs.evolve(first, other_payers=()), second]) == EXPECTED


def test_claim_line_and_drug_extras_go_to_the_nearest_record() -> None:
    text = variant(
        ("REF*G1*AUTH7", "REF*G1*AUTH7~REF*D9*TRACE~AMT*F5*12~K3*FREE TEXT"),
        ("DTP*472*D8*20240101~", "DTP*472*D8*20240101~QTY*PT*2~"),
        (
            "CTP****2.5*ML",
            "CTP****2.5*ML~REF*XZ*RX1~SVD*PAYER1*40*HC:J1100**2~CAS*CO*45*10~LQ*UT*01.02~FRM*1*Y",
        ),
        (
            "NM1*82*1*LEE*MAY****XX*1245319599",
            "NM1*82*1*LEE*MAY****XX*1245319599~NM1*DK*1*ORDER*DOC",
        ),
    )
    result = read_837p(text)
    assert without_extras(result.encounters) == EXPECTED
    first, second = result.encounters
    assert first.extra_segments == (
        extra("2300", "REF*D9*TRACE"),
        extra("2300", "AMT*F5*12"),
        extra("2300", "K3*FREE TEXT"),
    )
    line1, line2 = first.service_lines
    assert line1.extra_segments == (extra("2400", "QTY*PT*2"),)
    assert line2.extra_segments == (
        extra("2410", "REF*XZ*RX1"),
        extra("2430", "SVD*PAYER1*40*HC:J1100**2"),
        extra("2430", "CAS*CO*45*10"),
        extra("2440", "LQ*UT*01.02"),
        extra("2440", "FRM*1*Y"),
    )
    assert second.service_lines[0].extra_segments == (extra("2420E", "NM1*DK*1*ORDER*DOC"),)
    assert second.extra_segments == ()


def test_level_extras_go_to_every_encounter_under_the_level() -> None:
    text = variant(
        ("PRV*BI*PXC*207Q00000X", "PRV*BI*PXC*207Q00000X~CUR*85*USD"),
        ("NM1*PR*2*BIG PAYER*****PI*PAYER1", "NM1*PR*2*BIG PAYER*****PI*PAYER1~REF*2U*SECOND"),
        ("DMG*D8*20150704*M", "DMG*D8*20150704*M~REF*SY*123456789"),
    )
    first, second = read_837p(text).encounters
    assert first.extra_segments == (extra("2000A", "CUR*85*USD"), extra("2010BB", "REF*2U*SECOND"))
    assert second.extra_segments == (
        extra("2000A", "CUR*85*USD"),
        extra("2010CA", "REF*SY*123456789"),
    )


def test_repeats_and_unreadable_values_are_kept_too() -> None:
    text = variant(
        ("REF*G1*AUTH7", "REF*G1*AUTH7~REF*G1*AUTH8~DTP*431*D8*20231221"),
        ("DMG*D8*19800215*F", "DMG*D8*19800231*F"),
        ("HI*ABK:S72001A", "HI*ABK:S72001A~HI*BG:01"),
    )
    first, second = read_837p(text).encounters
    assert first.subscriber.birth_date is None and first.subscriber.sex == "F"
    assert first.extra_segments == (
        extra("2010BA", "DMG*D8*19800231*F"),
        extra("2300", "REF*G1*AUTH8"),
        extra("2300", "DTP*431*D8*20231221"),
    )
    assert second.extra_segments == (extra("2300", "HI*BG:01"),)


def test_header_extras_go_to_the_transaction() -> None:
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
    (tx,) = read_837p(text).transactions
    assert tx.extra_segments == (
        extra("HEADER", "REF*87*004010X098A1"),
        extra("1000A", "PER*IC*NIGHT*TE*5559"),
    )


def test_elements_are_written_with_the_default_separators() -> None:
    text = variant(("REF*G1*AUTH7", "REF*G1*AUTH7~K3*A:B*C^D"))
    other = text.replace("*", "|").replace(":", ">").replace("^", "!").replace("~", "")
    for source in (text, other):
        first = read_837p(source).encounters[0]
        assert first.extra_segments == (extra("2300", "K3*A:B*C^D"),)


SENTINELS = ("ZQXMEMBER", "ZQXSTREET", "ZQXTRACE")


def test_extras_hold_phi_but_reprs_and_issues_do_not() -> None:
    cob = "SBR*S*01*******CI~NM1*IL*1*ZQXMEMBER*****MI*ZQXMEMBER~N3*ZQXSTREET~LX*1~SV1*HC:99213"
    text = variant(("LX*1~SV1*HC:99213", cob), ("REF*G1*AUTH7", "REF*G1*AUTH7~REF*D9*ZQXTRACE"))
    result = read_837p(text)
    values = {v for e in result.encounters for x in e.extra_segments for v in x.elements}
    values |= {op.subscriber.member_id for e in result.encounters for op in e.other_payers}
    assert {"ZQXMEMBER", "ZQXSTREET", "ZQXTRACE"} <= values
    shown = "\n".join([repr(result), repr(result.encounters), *map(str, result.issues)])
    for sentinel in SENTINELS:
        assert sentinel not in shown


def test_extras_survive_json_and_are_flagged_before_building() -> None:
    text = variant(("REF*G1*AUTH7", "REF*G1*AUTH7~K3*A*B"))
    first = read_concrete(text)
    data = unstructure_encounter(first)
    assert data["extra_segments"][0] == {"loop": "2300", "segment_id": "K3", "elements": ["A", "B"]}
    assert structure_encounter(data) == first
    warnings = [i for i in check_encounter(first) if i.code == "extra-segments-not-written"]
    assert [(i.severity, i.path) for i in warnings] == [
        (Severity.WARNING, "encounter.extra_segments")
    ]


def read_concrete(text: str) -> Encounter:
    return read_837p(text).encounters[0]


# ---------------------------------------------------------------- the corpus, claim by claim

_DIAGNOSIS = {"ABK", "ABF", "BK", "BF"}


def _mapped(e: Encounter, span: list[Segment]) -> int:
    """How many segments of a claim's span the encounter's fields stand for (5010 layout)."""
    n = 1  # CLM
    n += sum(
        1
        for s in span
        if s.id == "HI"
        and any(s.composite(i)[:1] and s.composite(i)[0] in _DIAGNOSIS for i in range(1, 13))
    )
    n += e.onset_date is not None
    n += e.accident is not None and e.accident.date is not None
    n += sum(
        v is not None
        for v in (e.original_claim_id, e.prior_authorization, e.referral_number, e.notes)
    )
    for provider in (e.rendering_provider, e.referring_provider):
        if provider is not None:
            n += 1 + (provider.taxonomy_code is not None)
    n += 3 if e.service_facility is not None else 0  # NM1*77, N3, N4
    for line in e.service_lines:
        n += 3  # LX, SV1, DTP*472
        n += sum(
            v is not None
            for v in (line.line_control_number, line.notes, line.ndc, line.ndc_quantity)
        )
        if line.rendering_provider is not None:
            n += 1 + (line.rendering_provider.taxonomy_code is not None)
    for op in e.other_payers:  # 2320 SBR, OI, CAS, AMT, MOA; 2330A/B NM1, N3/N4, DTP, REF*F8
        n += 2 + len(cas_segments(op.adjustments)) + (op.outpatient is not None)
        n += sum(
            v is not None
            for v in (op.paid_amount, op.non_covered_amount, op.remaining_patient_liability)
        )
        n += 1 + (op.payer_id != "")  # NM1*IL, NM1*PR (absent in one corpus file)
        n += 2 * (op.subscriber.address is not None) + 2 * (op.payer_address is not None)
        n += (op.adjudication_date is not None) + (op.claim_control_number is not None)
        for la in op.line_adjudications:  # 2430 SVD, CAS, DTP*573, AMT*EAF
            n += 2 + len(cas_segments(la.adjustments))
            n += la.remaining_patient_liability is not None
    return n


def _key(seg: Segment) -> tuple[str, tuple[str, ...]]:
    d = seg.delimiters
    table = {ord(d.component): ":"}
    if d.repetition is not None:
        table[ord(d.repetition)] = "^"
    return seg.id, tuple(e.translate(table) for e in seg.elements[1:])


def _claim_spans(data: bytes) -> list[list[Segment]]:
    """Each CLM with the segments up to the next CLM, HL or SE (read with the x12 layer only)."""
    spans: list[list[Segment]] = []
    current: list[Segment] | None = None
    for seg in read_segments(data):
        if seg.id in ("HL", "SE", "CLM"):
            current = None
        if seg.id == "CLM":
            current = []
            spans.append(current)
        if current is not None:
            current.append(seg)
    return spans


def _is_subsequence(
    small: list[tuple[str, tuple[str, ...]]], big: list[tuple[str, tuple[str, ...]]]
) -> bool:
    it = iter(big)
    return all(any(item == other for other in it) for item in small)


READABLE = [p for p in corpus_files("837p") if file_id(p) not in EXPECTED_FAILURES]


@pytest.mark.corpus
@pytest.mark.parametrize("path", READABLE, ids=file_id)
def test_every_segment_of_every_claim_is_mapped_or_kept(path: Path) -> None:
    data = path.read_bytes()
    result = read_837p(data)
    spans = _claim_spans(data)
    assert len(spans) == len(result.encounters)
    everything = [_key(s) for s in read_segments(data)]
    for number, (encounter, span) in enumerate(zip(result.encounters, spans, strict=True)):
        kept = [x for x in encounter.extra_segments if x.loop[:2] in ("23", "24")]
        kept += [x for line in encounter.service_lines for x in line.extra_segments]
        keys = [(x.segment_id, x.elements) for x in kept]
        assert _is_subsequence(keys, [_key(s) for s in span]), f"claim {number}"
        assert len(span) == len(kept) + _mapped(encounter, span), f"claim {number}"
        levels = [
            (x.segment_id, x.elements)
            for x in encounter.extra_segments
            if x.loop[:2] not in ("23", "24")
        ]
        assert _is_subsequence(levels, everything), f"claim {number}"
