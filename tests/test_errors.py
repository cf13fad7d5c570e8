"""Tests for medclaims.errors: one hierarchy, located errors, structured issues."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import warnings
from pathlib import Path

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

PACKAGE = Path(medclaims.__file__).parent


def _modules() -> list[str]:
    """Every module of medclaims that imports without side effects."""
    names = ["medclaims"]
    for info in pkgutil.walk_packages(medclaims.__path__, "medclaims."):
        # __main__ runs the CLI; validation is a deprecated alias of pyx12_validation.
        if not info.name.endswith("__main__") and info.name != "medclaims.validation":
            names.append(info.name)
    return names


def _error_classes() -> dict[str, type[BaseException]]:
    """Every exception class medclaims defines, found by walking its modules."""
    found: dict[str, type[BaseException]] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in _modules():
            for value in vars(importlib.import_module(name)).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, BaseException)
                    and value.__module__.startswith("medclaims")
                ):
                    found[value.__qualname__] = value
    return found


ERROR_CLASSES = _error_classes()


def test_the_walk_finds_the_error_classes_of_every_layer() -> None:
    # Not a count to keep in step: a floor, and one class from each package that has some.
    assert len(ERROR_CLASSES) >= 21
    for name in (
        "X12SyntaxError",
        "InvalidChecksum",
        "CodeFileError",
        "ExportError",
        "FieldError",
        "UnsupportedVersionError",
        "ReportError",
        "CliInputError",
    ):
        assert name in ERROR_CLASSES, name


@pytest.mark.parametrize("name", sorted(ERROR_CLASSES))
def test_every_error_derives_from_medclaims_error_and_says_what_it_means(name: str) -> None:
    cls = ERROR_CLASSES[name]
    assert issubclass(cls, MedclaimsError), cls
    doc = vars(cls).get("__doc__")  # its own docstring, not one inherited
    assert doc and doc.strip(), f"{name} has no docstring"


# -- PHI-free messages: every place that builds a medclaims error, read from the source --------

#: Names an error is built with: the classes above, and ``error``, the error factory that
#: the shared helpers (JSON, CSV) take from their callers.
_BUILDERS = {*ERROR_CLASSES, "error"}
#: Expressions a message may interpolate, each reviewed as free of patient data: field
#: descriptions written in our code, counts, row/line numbers, widths, table names, a
#: parser's position, and (the CLI only) the user's own path and the OS error about it.
SAFE_INTERPOLATIONS = {
    "what",
    "row_number",
    "line",
    "len(row)",
    "len(extra)",
    "width",
    "code_set",
    "required",
    "MAX_MODIFIERS",
    "self.max_segment_length",
    "', '.join(TABLE_NAMES)",
    "', '.join(sorted(REMIT_SUFFIXES))",
    "', '.join(sorted(ACK_SUFFIXES))",
    "', '.join(where)",
    "exc.lineno",
    "exc.colno",
    "getattr(exc, 'lineno', '?')",
    "reader.line_num",
    "_where(exc)",
    "where",
    "path",  # the CLI: the path the user typed, shown back to them
    "exc",  # csv.Error and OSError texts: no cell values
    # Constant texts written in our code (date rules, the path hint, the config file name).
    "_DATE_TIME",
    "_TWO_DIGIT_YEAR",
    "PATH_HINT",
    "CONFIG_NAME",
    # Class names, stable reason codes, byte positions and OS error texts.
    "type(exc).__name__",
    "reason",
    "exc.start",
    "exc.strerror or 'cannot be read'",
    # The CLI: the file the user named (as typed, or its label), the names of the
    # identity settings that are missing, and a problem sniffed from the input's shape.
    "name",
    "label(path)",
    "config_path",
    "s.config_key",
    "len(missing)",
    "'; '.join(missing)",
    "problem",
    # An issue's path (field names and list indexes) and message: PHI-free by the Issue rule.
    "issue.path or 'input'",
    "issue.message",
}
#: Messages passed on whole: already PHI-free issues and reasons made by the code above.
SAFE_MESSAGES = {
    "message",
    "issue.message",
    "exc.reason",
    "issues",
    "errors",
    # Constant rule texts, a refusal's stable reason code, the names of missing identity
    # settings, and a problem sniffed from the input's shape (all written in our code).
    "_DATE_TIME",
    "_TWO_DIGIT_YEAR",
    "reason",
    "'; '.join(missing)",
    "problem",
}


def _builds() -> list[tuple[str, int, ast.expr]]:
    sites = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _BUILDERS
                and node.args
            ):
                sites.append(
                    (f"{path.relative_to(PACKAGE)}:{node.lineno}", node.lineno, node.args[0])
                )
    return sites


def _unsafe_parts(message: ast.expr) -> list[str]:
    if isinstance(message, ast.Constant):
        return []
    if isinstance(message, ast.JoinedStr):
        return [
            ast.unparse(part.value)
            for part in message.values
            if isinstance(part, ast.FormattedValue)
            and ast.unparse(part.value) not in SAFE_INTERPOLATIONS
        ]
    if isinstance(message, ast.BinOp):  # "text" + (f"..." if x else "")
        return _unsafe_parts(message.left) + _unsafe_parts(message.right)
    if isinstance(message, ast.IfExp):
        return _unsafe_parts(message.body) + _unsafe_parts(message.orelse)
    if isinstance(message, ast.List):  # EncounterValidationError([Issue(...)])
        return [p for item in message.elts for p in _issue_parts(item)]
    text = ast.unparse(message)
    return [] if text in SAFE_MESSAGES else [text]


def _issue_parts(item: ast.expr) -> list[str]:
    if isinstance(item, ast.Call) and ast.unparse(item.func) == "Issue" and len(item.args) >= 3:
        return _unsafe_parts(item.args[2])
    return [ast.unparse(item)]


def test_the_scan_sees_the_places_that_build_errors() -> None:
    sites = _builds()
    assert len(sites) > 100
    assert _unsafe_parts(ast.parse('f"bad {patient.name}"', mode="eval").body) == ["patient.name"]


def test_every_error_message_interpolates_only_reviewed_values() -> None:
    unsafe = [f"{where}: {parts}" for where, _, msg in _builds() if (parts := _unsafe_parts(msg))]
    assert not unsafe, "review these for PHI, then list them as safe: " + "; ".join(unsafe)


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
