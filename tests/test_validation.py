"""The pyx12 wrapper: structured, located, PHI-free issues, and the 999."""

from __future__ import annotations

import datetime as dt

import pytest
from _shared import SAMPLES, corpus_files, file_id
from strategies_837p import example_encounter

from medclaims.errors import Issue, Severity
from medclaims.professional import Receiver, Submitter, build_837p
from medclaims.pyx12_validation import ValidationReport, validate, validate_report

SENTINEL = "ZZSENTINELZZ"


def _good() -> str:
    return build_837p(
        [example_encounter()],
        submitter=Submitter(name="S", id="SUBID", contact_name="C", phone="5555550100"),
        receiver=Receiver(name="R", id="RECID"),
        control_number=5,
        created_at=dt.datetime(2024, 1, 2, 3, 4),
    )


def test_valid_file_has_no_issues() -> None:
    assert validate(_good()) == []
    assert validate(_good().encode("ascii")) == []


def test_bad_code_is_located_and_masked() -> None:
    assert "*CI~" in _good()
    text = _good().replace("*CI~", "*Q9~")  # SBR09 claim filing indicator
    issues = validate(text)
    assert issues, "an invalid SBR09 must be reported"
    sbr = [i for i in issues if i.location and i.location.segment_id == "SBR"]
    assert sbr and sbr[0].location is not None
    assert sbr[0].location.element == 9
    segments = text.split("~")
    assert segments[sbr[0].location.segment_index or 0].endswith("*Q9")
    assert all(i.severity is Severity.ERROR and i.code.startswith("pyx12") for i in issues)


@pytest.mark.parametrize(
    ("old", "new", "segment"),
    [
        ("*MI*MEMBER01~", "*MI*" + SENTINEL * 8 + "~", "NM1"),  # too long
        ("DMG*D8*19800203*F~", f"DMG*D8*{SENTINEL}*F~", "DMG"),  # invalid date
        ("DMG*D8*19800203*F~", f"DMG*D8*19800203*{SENTINEL}~", "DMG"),  # invalid code
        ("HI*", f"N3*{SENTINEL} Street~HI*", "N3"),  # segment out of place
        ("N3*2 Elm St~", f"N3*2 Elm St\x01{SENTINEL}~", "N3"),
    ],  # control character
)
def test_phi_values_do_not_reach_messages(old: str, new: str, segment: str) -> None:
    # pyx12 quotes element values in its messages; our issues must not.
    assert old in _good()
    issues = validate(_good().replace(old, new, 1))
    assert any(i.location and i.location.segment_id == segment for i in issues), issues
    assert all(SENTINEL not in str(i) for i in issues)


def test_missing_segment_is_reported() -> None:
    text = _good()
    start = text.index("HI*")
    text = text[:start] + text[text.index("~", start) + 1 :]
    text = text.replace("SE*", "SE*X", 1)  # count is now wrong too
    assert validate(text)


def test_non_ascii_and_bom_are_reported_not_raised() -> None:
    for data in (
        "\ufeff" + _good(),
        _good().replace("Doe", "Dö"),
        b"\xef\xbb\xbf" + _good().encode(),
        _good().replace("Doe", "Dö").encode("utf-8"),
    ):
        issues = validate(data)
        assert [i.code for i in issues] == ["non-ascii"]


@pytest.mark.parametrize("text", ["", "hello world", "ISA*00*short~"])
def test_garbage_is_an_issue(text: str) -> None:
    report = validate_report(text)
    assert not report.valid
    assert report.issues


def test_unknown_version_is_an_issue() -> None:
    issues = validate(_good().replace("005010X222A1", "005010X222A2"))
    assert [i.code for i in issues] == ["pyx12-failure"]
    assert "Map not found" in issues[0].message


def test_999_is_returned_on_request() -> None:
    report = validate_report(_good(), want_999=True)
    assert isinstance(report, ValidationReport) and report.valid
    assert report.ack_999 is not None
    assert "ST*999*" in report.ack_999 and "IK5*A" in report.ack_999
    bad = validate_report(_good().replace("*CI~", "*Q9~"), want_999=True)
    assert bad.ack_999 is not None and "IK5*R" in bad.ack_999
    assert validate_report(_good()).ack_999 is None


def test_sample_file_is_valid() -> None:
    assert validate((SAMPLES / "claims.837").read_bytes()) == []


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("837p")[:12], ids=file_id)
def test_corpus_files_never_raise(path: object) -> None:
    from pathlib import Path

    assert isinstance(path, Path)
    report = validate_report(path.read_bytes())
    assert all(isinstance(i, Issue) for i in report.issues)
    assert report.valid == (not any(i.severity is Severity.ERROR for i in report.issues))


def _remit() -> str:
    return (SAMPLES / "remit-basic.835").read_text(encoding="ascii")


def test_a_finding_pyx12_only_logs_is_kept_located_and_masked() -> None:
    """A 6-digit GS04: pyx12 logs it but leaves it out of its JSON tree."""
    text = _remit()
    gs = next(line.strip() for line in text.split("~") if line.strip().startswith("GS*"))
    els = gs.split("*")
    els[4] = els[4][2:]  # CCYYMMDD -> YYMMDD
    issues = validate(text.replace(gs, "*".join(els)))
    [found] = [i for i in issues if i.location and i.location.segment_id == "GS"]
    assert found.severity is Severity.ERROR and found.code == "pyx12-4"
    assert found.location is not None
    assert (found.location.segment_index, found.location.element) == (1, 4)
    assert "GS04" in found.message and els[4] not in found.message
    assert "pyx12 rejected the input" not in [i.message for i in issues]


def test_a_finding_in_both_tree_and_log_is_reported_once() -> None:
    text = _remit()
    assert "*20260115~" in text
    bad = text.replace("*DA*98765*20260115~", "*DA*98765*260115~", 1)
    assert bad != text
    issues = validate(bad)
    bpr = [i for i in issues if i.location and i.location.segment_id == "BPR"]
    assert len(bpr) == 1 and bpr[0].location is not None and bpr[0].location.element == 16
    assert "260115" not in bpr[0].message
