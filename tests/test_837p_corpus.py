"""Every 837P of the shared corpus (real public files by others) through ``read_837p``.

A 5010 file reads into exactly as many encounters as it has CLM segments,
counted here naively without medclaims; anything else must be rejected with a
``MedclaimsError`` that names the position, and be listed in
:data:`EXPECTED_FAILURES` with the reason (a newly failing file breaks the test).
Skipped when ``../shared/corpus`` is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _shared import corpus_files, file_id

from medclaims.errors import MedclaimsError, Severity, X12Error
from medclaims.professional.reader import UnsupportedVersionError, parse_837p, read_837p

pytestmark = pytest.mark.corpus

_4010 = "4010 (004010X098A1) 837P: only 5010 is read"
_MASKED = "de-identified 4010 file: GS08 masked as 999999X999X9, 4010 layout (header REF*87)"

#: File → (exception the reader raises, why). Everything else must read.
EXPECTED_FAILURES: dict[str, tuple[type[MedclaimsError], str]] = {
    **{
        f"837p/Inteligenz__X12Parser__837_DeIdent_0{n}.dat": (UnsupportedVersionError, _MASKED)
        for n in range(1, 6)
    },
    **{
        f"837p/{name}": (UnsupportedVersionError, _4010)
        for name in (
            "Inteligenz__X12Parser__Cms1500Test.txt",
            "Inteligenz__X12Parser__Spec_4.1.1_PatientIsSubscriber.txt",
            "Inteligenz__X12Parser__Spec_4.1.2_PatientIsNotSubscriber.txt",
            "Inteligenz__X12Parser__Spec_4.1.3A_COB_ClaimToPayerAFromBP.txt",
            "Inteligenz__X12Parser__Spec_4.1.3B_COB_ClaimToPayerBFromBP.txt",
            "Inteligenz__X12Parser__Spec_4.1.3C_COB_ClaimToPayerAFromBPinCOB.txt",
            "Inteligenz__X12Parser__Spec_4.1.3D_COB_PayerAToPayerB.txt",
            "Inteligenz__X12Parser__Spec_4.2.1_PayerIsPCIns.txt",
            "Inteligenz__X12Parser__Spec_4.2.2_PayerIsPCIns.txt",
            "Inteligenz__X12Parser__Spec_4.2.3_PayerIsPCIns.txt",
            "LinuxForHealth__x12__coordination-of-benefits.837",
            "LinuxForHealth__x12__dependent-commercial-insurance-01.837",
            "LinuxForHealth__x12__dependent-commercial-insurance-02.837",
            "LinuxForHealth__x12__dependent-commercial-insurance-03.837",
            "LinuxForHealth__x12__patient-is-dependent.837",
            "LinuxForHealth__x12__patient-is-subscriber.837",
            "jdavisp3__TigerShark__837-example.txt",
        )
    },
}

# 5010 files with no error issue, which strict mode therefore reads. Every other
# readable file breaks a rule on purpose or by accident (CLM02 not the sum of
# SV102, repeated HL01, wrong SE01/GE01, ICD-9 codes out of order, a component
# separator other than ISA16, a BHT05 time of 9999...), and strict mode raises.
STRICT_CLEAN = {
    "837p/Inteligenz__X12Parser__Example1_2_And_3_Combined.txt",
    "837p/Inteligenz__X12Parser__Example1_HealthInsurance.txt",
    "837p/Inteligenz__X12Parser__Example2_Encounter.txt",
    "837p/Inteligenz__X12Parser__Example3_COB.txt",
    "837p/Inteligenz__X12Parser__ST1309-XX.txt",
    "837p/LinuxForHealth__x12__demo.837",
    "837p/LinuxForHealth__x12__demo.ambulance.example5.837",
    "837p/LinuxForHealth__x12__demo.autoaccident.837",
    "837p/LinuxForHealth__x12__demo.cob.2ndary.example4.837",
    "837p/LinuxForHealth__x12__demo.cob.example3.B.837",
    "837p/LinuxForHealth__x12__demo.cob.example3.C.837",
    "837p/LinuxForHealth__x12__demo.cob.example4.837",
    "837p/LinuxForHealth__x12__demo.drug.example10.1.837",
    "837p/LinuxForHealth__x12__demo.drug.example10.2.837",
    "837p/LinuxForHealth__x12__demo.drug.example10.3.837",
    "837p/LinuxForHealth__x12__demo.example1.837",
    "837p/LinuxForHealth__x12__demo.example12.837",
    "837p/LinuxForHealth__x12__demo.example2.837",
    "837p/LinuxForHealth__x12__demo.example7.837",
    "837p/LinuxForHealth__x12__demo.example8.837",
    "837p/apimeister__x12-types__005010_837.edi",
    "837p/kputnam__stupidedi__COB-claim-from-billing-provider-to-payer-a.edi",
    "837p/kputnam__stupidedi__COB-claim-from-billing-provider-to-payer-b.edi",
    "837p/kputnam__stupidedi__COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi",
    "837p/kputnam__stupidedi__ambulance.edi",
    "837p/kputnam__stupidedi__anesthesia.edi",
    "837p/kputnam__stupidedi__chiropractic.edi",
    "837p/kputnam__stupidedi__commercial-health-insurance.edi",
    "837p/kputnam__stupidedi__drug-administered-in-the-physician-office.edi",
    "837p/kputnam__stupidedi__encounter.edi",
    "837p/kputnam__stupidedi__home-infusion-therapy-pharmacy-(adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410).edi",
    "837p/kputnam__stupidedi__home-infusion-therapy-pharmacy-(adjudicated-with-NDC-in-loop-2410).edi",
    "837p/kputnam__stupidedi__medicare-secondary-payer-COB.edi",
    "837p/kputnam__stupidedi__out-of-network-repriced-claim.edi",
    "837p/kputnam__stupidedi__oxygen.edi",
    "837p/kputnam__stupidedi__ppo-repriced-claim.edi",
    "837p/kputnam__stupidedi__wheelchair.edi",
    "837p/kreddys__edi-lens__837p.test.0001.edi",
    "837p/kreddys__edi-lens__837p.test.wrapped.edi",
    "837p/xlate__staedi__837-header-ref-only.edi",
    "837p/xlate__staedi__sample837-original.edi",
    "837p/xlate__staedi__sample837-small.edi",
}

_SEP = re.compile(r"ISA(?P<sep>[^\w\s])")


def naive_clm_count(data: bytes) -> int:
    """CLM segments counted without medclaims: split on the first ISA's terminator."""
    text = data.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    match = _SEP.match(text)
    assert match is not None, "no ISA at the start"
    sep = match["sep"]
    pos = 0
    for _ in range(16):
        pos = text.index(sep, pos + 1)
    term = text[pos + 2]
    after = text[pos + 2 :].lstrip("\r\n")
    if term in "\r\n" and after[:1] and not after[:1].isalnum():
        term = after[0]  # a line break before the real terminator
    if term not in "\r\n":
        text = text.replace("\r", "").replace("\n", "")
    return sum(1 for piece in text.split(term) if piece.strip().startswith("CLM" + sep))


FILES = corpus_files("837p")


def test_the_corpus_is_there_or_skipped() -> None:
    if not FILES:
        pytest.skip("../shared/corpus is absent")
    assert len(FILES) >= 90
    names = {file_id(p) for p in FILES}
    assert set(EXPECTED_FAILURES) <= names, "an expected failure names a file that is gone"
    assert names >= STRICT_CLEAN


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_5010_file_reads_one_encounter_per_clm(path: Path) -> None:
    name = file_id(path)
    data = path.read_bytes()
    try:
        result = read_837p(data)
    except MedclaimsError as exc:
        assert name in EXPECTED_FAILURES, f"newly rejected: {exc}"
        kind, _reason = EXPECTED_FAILURES[name]
        assert isinstance(exc, kind), f"expected {kind.__name__}, got {exc!r}"
        assert isinstance(exc, X12Error)
        assert exc.segment_index is not None and exc.byte_offset is not None
        assert exc.location.describe() in str(exc)
        return
    assert name not in EXPECTED_FAILURES, "listed as failing but now reads: update the list"
    assert len(result.encounters) == naive_clm_count(data)
    for issue in result.issues:
        assert issue.location is not None and issue.location.segment_index is not None


READABLE = [p for p in FILES if file_id(p) not in EXPECTED_FAILURES]


@pytest.mark.parametrize("path", READABLE, ids=file_id)
def test_strict_mode_raises_exactly_where_lenient_mode_reports_an_error(path: Path) -> None:
    name = file_id(path)
    data = path.read_bytes()
    errors = [i for i in read_837p(data).issues if i.severity is Severity.ERROR]
    assert (not errors) == (name in STRICT_CLEAN)
    if not errors:
        assert len(parse_837p(data, strict=True)) == naive_clm_count(data)
        return
    with pytest.raises(X12Error) as caught:
        parse_837p(data, strict=True)
    # Walking errors come first in the stream; envelope errors are checked at the end.
    assert caught.value.location in {i.location for i in errors}
