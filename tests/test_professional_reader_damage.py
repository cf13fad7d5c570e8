"""read_837p never gives up on a whole file for one claim (issue 17, 837P part).

Small hand-made cases for each shape found in real files (a patient level
without its name loop, ``DTM*472`` where ``DTP*472`` belongs, an HI code
without its qualifier, HL01 not starting at 1, a wrong CLM05-2, an
institutional body under a professional header), then every 5010 837P of the
shared corpus damaged one way at a time: lenient reads raise nothing, every
undamaged claim comes back with the same amounts, and the damage is reported
with its position. Messages never quote element values.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from _shared import corpus_files, file_id
from test_professional_reader import EXPECTED, SAMPLE, replace

from medclaims.errors import Issue, Severity, X12SyntaxError
from medclaims.professional.reader import (
    Claim837Error,
    UnsupportedVersionError,
    iter_837p,
    read_837p,
)


def _errors(issues: tuple[Issue, ...] | list[Issue]) -> list[str]:
    return [i.code for i in issues if i.severity is Severity.ERROR]


def _at(text: str, issue: Issue) -> str:
    """The text at an issue's byte offset (the sample is ASCII)."""
    assert issue.location is not None and issue.location.byte_offset is not None
    return text[issue.location.byte_offset :]


def test_a_patient_level_without_its_name_loop_costs_only_its_claim() -> None:
    text = replace(SAMPLE, "NM1*QC*1*ROE*KID~", "")
    result = read_837p(text)
    assert result.encounters == EXPECTED[:1]
    (left_out,) = [i for i in result.issues if i.code == "claim-not-read"]
    assert "patient name loop" in left_out.message
    assert _at(text, left_out).startswith("HL*4*3*23")
    with pytest.raises(Claim837Error):
        read_837p(text, strict=True)


def test_dtm_472_in_place_of_dtp_472_is_read_with_an_error() -> None:
    text = replace(SAMPLE, "DTP*472*D8*20231201", "DTM*472*20231201")
    result = read_837p(text)
    assert result.encounters == EXPECTED
    (issue,) = [i for i in result.issues if i.code == "wrong-segment"]
    assert issue.severity is Severity.ERROR and _at(text, issue).startswith("DTM*472")


def test_a_diagnosis_code_without_its_qualifier_is_not_dropped() -> None:
    text = replace(SAMPLE, "HI*ABK:E119*ABF:I10", "HI*ABK:E119*I10")
    result = read_837p(text)
    assert result.encounters[0].diagnosis_codes == EXPECTED[0].diagnosis_codes == ("E119", "I10")
    assert _errors(result.issues) == ["missing-qualifier"]
    (issue,) = result.issues
    assert issue.location is not None and (issue.location.element, issue.location.component) == (
        2,
        1,
    )
    assert "I10" not in issue.message


def test_hl_numbering_not_starting_at_1_is_reported_with_its_position() -> None:
    text = SAMPLE
    for n in (4, 3, 2, 1):  # HL01 and HL02 shifted by 10
        text = re.sub(rf"HL\*{n}\*", f"HL*{n + 10}*", text)
        text = re.sub(rf"(HL\*\d+)\*{n}\*", rf"\1*{n + 10}*", text)
    result = read_837p(text)
    assert result.encounters == EXPECTED
    assert [(i.severity, i.code) for i in result.issues] == [(Severity.WARNING, "hl-numbering")]
    assert _at(text, result.issues[0]).startswith("HL*11**20")


def test_a_repeated_hl01_is_an_error() -> None:
    text = replace(SAMPLE, "HL*4*3*23", "HL*2*3*23")
    assert "hl-duplicate" in _errors(read_837p(text).issues)


def test_an_invalid_clm05_2_is_reported_with_its_position() -> None:
    text = replace(SAMPLE, "11:B:1", "11:A:1")
    result = read_837p(text)
    assert result.encounters == EXPECTED
    (issue,) = [i for i in result.issues if i.code == "code-value"]
    assert issue.location is not None
    assert (issue.location.segment_id, issue.location.element, issue.location.component) == (
        "CLM",
        5,
        2,
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("SV1*HC:97110*80*MJ*30", "SV2*0420*HC:97110*80*UN*30"),
        ("HI*ABK:S72001A", "CL1*1*1*01~HI*ABK:S72001A"),
    ],
)
def test_an_institutional_body_is_refused_whatever_its_header(old: str, new: str) -> None:
    text = replace(SAMPLE, old, new)
    assert "005010X222A1" in text
    with pytest.raises(UnsupportedVersionError, match="Institutional"):
        read_837p(text)


def test_iter_837p_streams_what_read_837p_reads() -> None:
    issues: list[Issue] = []
    assert list(iter_837p(SAMPLE, issues=issues)) == EXPECTED
    assert issues == list(read_837p(SAMPLE).issues)
    damaged = replace(SAMPLE, "NM1*QC*1*ROE*KID~", "")
    assert list(iter_837p(damaged)) == EXPECTED[:1]


# ---------------------------------------------------------------- the corpus, damaged


def _segments(text: str) -> tuple[str, list[str]]:
    term = text.lstrip()[105]
    return term, text.split(term)


def _claim_spans(segments: list[str]) -> list[tuple[int, int]]:
    """(first, end) segment numbers of each claim: CLM up to the next CLM, HL or SE."""
    spans, start = [], None
    for i, seg in enumerate(segments):
        sid = seg.strip()[:3].rstrip("*:|^~")
        if start is not None and sid in ("CLM", "HL", "SE"):
            spans.append((start, i))
            start = None
        if sid == "CLM":
            start = i
    return spans


def _read(text: str) -> tuple[dict[str, list[Decimal]], list[Issue]]:
    result = read_837p(text)
    by_id: dict[str, list[Decimal]] = {}
    for e in result.encounters:
        by_id.setdefault(e.claim_id, []).append(
            sum((li.charge for li in e.service_lines), Decimal(0))
        )
    return by_id, list(result.issues)


def _readable_5010() -> list[Path]:
    out = []
    for path in corpus_files("837p"):
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        if "005010X222" not in text or not text.lstrip().startswith("ISA"):
            continue
        try:
            encounters = read_837p(text).encounters
        except (Claim837Error, X12SyntaxError):
            continue
        if encounters:
            out.append(path)
    return out


READABLE = _readable_5010()
KINDS = ["missing-segment", "no-service-dates", "truncated-last-claim"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", READABLE, ids=file_id)
def test_damaging_one_claim_of_a_corpus_837p_costs_at_most_that_claim(
    path: Path, kind: str
) -> None:
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    term, segments = _segments(text)
    spans = _claim_spans(segments)
    before, _ = _read(text)
    first, end = spans[-1] if kind == "truncated-last-claim" else spans[len(spans) // 2]
    inside = [i for i in range(first, end) if segments[i].strip()[:3] in ("SV1", "DTP")]
    if kind == "missing-segment":
        target = next((i for i in inside if segments[i].strip().startswith("SV1")), first)
        damaged_segments = segments[:target] + segments[target + 1 :]
    elif kind == "no-service-dates":
        dropped = {
            i
            for i in inside
            if segments[i].strip().startswith("DTP" + segments[i].strip()[3:4] + "472")
        }
        if not dropped:
            pytest.skip("the claim has no DTP*472 (its dates sit on the claim)")
        damaged_segments = [s for i, s in enumerate(segments) if i not in dropped]
    else:  # cut inside the last claim, after its CLM: no trailers follow
        damaged_segments = segments[: first + 2]
    damaged = term.join(damaged_segments)
    after, issues = _read(damaged)  # never raises in lenient mode
    clm = segments[first].strip()
    damaged_id = clm.split(clm[3])[1]
    # Every other claim is there with the same amounts.
    for claim_id, charges in before.items():
        if claim_id != damaged_id:
            assert after.get(claim_id) == charges, claim_id
    # The damage is reported with a position inside the file.
    reported = [i for i in issues if i.severity is Severity.ERROR and i.location is not None]
    assert reported, kind
    assert all(
        i.location is not None
        and i.location.byte_offset is not None
        and i.location.byte_offset <= len(damaged.encode("utf-8", "surrogateescape"))
        for i in reported
    )


def test_encounters_read_are_left_out_of_the_cycle_collector_and_still_freed() -> None:
    import gc
    import weakref

    from medclaims._support import records

    encounters = read_837p(SAMPLE).encounters
    assert encounters == EXPECTED
    tracked = [gc.is_tracked(e) for e in encounters] + [
        gc.is_tracked(line) for e in encounters for line in e.service_lines
    ]
    assert tracked == [records.untrack_record is None] * len(tracked)
    line = encounters[0].service_lines[0]
    ref = weakref.ref(line) if hasattr(line, "__weakref__") else None
    del encounters, line
    assert ref is None or ref() is None  # reference counting frees them as before
