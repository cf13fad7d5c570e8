"""Tests for medclaims.errors: one hierarchy, located errors, structured issues."""

from __future__ import annotations

import pytest

import medclaims
from medclaims import errors
from medclaims.errors import (
    DelimiterError,
    EncounterValidationError,
    EnvelopeError,
    Issue,
    Location,
    MedclaimsError,
    RemittanceError,
    Severity,
    X12Error,
    X12SyntaxError,
    X12WriteError,
)


def test_every_error_derives_from_medclaims_error() -> None:
    classes = [getattr(errors, name) for name in errors.__all__]
    exceptions = [c for c in classes if isinstance(c, type) and issubclass(c, BaseException)]
    assert len(exceptions) == 9
    for cls in exceptions:
        assert issubclass(cls, MedclaimsError), cls


def test_hierarchy_shape() -> None:
    assert issubclass(X12SyntaxError, X12Error)
    assert issubclass(DelimiterError, X12SyntaxError)
    assert issubclass(EnvelopeError, X12Error)
    assert issubclass(RemittanceError, X12Error)
    assert not issubclass(X12WriteError, X12Error)
    assert not issubclass(MedclaimsError, ValueError)


def test_errors_are_exported_from_the_package() -> None:
    for name in ("MedclaimsError", "X12Error", "X12SyntaxError", "Issue", "Location"):
        assert getattr(medclaims, name) is getattr(errors, name)


def test_x12_error_carries_its_position() -> None:
    err = X12SyntaxError("bad thing", Location("CLP", 12, 345, 4))
    assert (err.segment_id, err.segment_index, err.byte_offset, err.element) == ("CLP", 12, 345, 4)
    assert str(err) == "bad thing (segment CLP04 #12 at byte 345)"
    assert err.reason == "bad thing"
    with pytest.raises(MedclaimsError):
        raise err


def test_x12_error_without_location() -> None:
    err = EnvelopeError("no position")
    assert err.location == Location()
    assert str(err) == "no position (unknown position)"


@pytest.mark.parametrize(
    ("location", "text"),
    [
        (Location(), "unknown position"),
        (Location("NM1"), "segment NM1"),
        (Location("SVC", 7, 99, 1, 2), "segment SVC01-2 #7 at byte 99"),
        (Location(None, 3, 10), "#3 at byte 10"),
        (Location(None, None, None, 5), "element 5"),
        (Location("ISA", 0, 0), "segment ISA #0 at byte 0"),
    ],
)
def test_location_describe(location: Location, text: str) -> None:
    assert location.describe() == text


def test_write_error_names_segment_and_element() -> None:
    err = X12WriteError("holds a delimiter", "NM1", 3)
    assert err.location == Location(segment_id="NM1", element=3)
    assert str(err) == "holds a delimiter (segment NM103)"
    assert str(X12WriteError("x", "SVC", 1, 2)).endswith("(segment SVC01-2)")


def test_issue_str() -> None:
    issue = Issue(Severity.ERROR, "se-count", "SE01 is wrong", Location("SE", 9, 120, 1))
    assert str(issue) == "error se-count: SE01 is wrong (segment SE01 #9 at byte 120)"
    assert str(Issue(Severity.WARNING, "w", "m")) == "warning w: m"
    assert str(Issue(Severity.INFO, "i", "m", path="encounters[0].charge")) == (
        "info i: m (encounters[0].charge)"
    )


def test_issue_and_location_are_frozen_values() -> None:
    issue = Issue(Severity.ERROR, "c", "m", Location("A1", 1))
    assert issue == Issue(Severity.ERROR, "c", "m", Location("A1", 1))
    assert hash(issue) == hash(Issue(Severity.ERROR, "c", "m", Location("A1", 1)))
    with pytest.raises(AttributeError):
        issue.code = "other"  # type: ignore[misc]


def test_encounter_validation_error_lists_every_issue() -> None:
    issues = [
        Issue(Severity.ERROR, "a", "charge is negative", path="encounters[0].charge"),
        Issue(Severity.ERROR, "b", "no diagnosis", path="encounters[2].diagnoses"),
    ]
    err = EncounterValidationError(issues)
    assert err.issues == issues
    text = str(err)
    assert text.startswith("2 problem(s)")
    assert "encounters[0].charge: charge is negative" in text
    assert "encounters[2].diagnoses: no diagnosis" in text
    assert str(EncounterValidationError([])) == "0 problem(s) in the input"


def test_severity_values() -> None:
    assert [s.value for s in Severity] == ["error", "warning", "info"]
