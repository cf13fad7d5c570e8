"""What every reading function takes, and the error for what it does not: a path gets a
hint (medclaims never opens files), anything else names its type and nothing more."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from medclaims import iter_835, parse_835, parse_837p, read_837p, read_segments, validate
from medclaims.errors import X12SyntaxError
from medclaims.x12 import check_envelopes, iter_transactions

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
REMIT = SAMPLES / "remit-basic.835"


def _run(fn: Callable[[Any], Any], source: object) -> None:
    result = fn(source)
    if hasattr(result, "__next__"):  # lazy readers fail on the first item
        list(result)


READERS = [parse_835, iter_835, parse_837p, read_837p, read_segments, iter_transactions]


@pytest.mark.parametrize("fn", READERS)
@pytest.mark.parametrize("path", [REMIT, PurePosixPath("/secret/JANE-DOE.835")])
def test_a_path_is_refused_with_a_hint(fn: Callable[[Any], Any], path: object) -> None:
    hint = r"is a path .*never opens files.*open\(path, 'rb'\)"
    with pytest.raises(TypeError, match=hint) as info:
        _run(fn, path)
    assert "JANE" not in str(info.value) and "secret" not in str(info.value)


@pytest.mark.parametrize("fn", READERS)
@pytest.mark.parametrize("source", [42, None, 1.5])
def test_anything_else_names_its_type(fn: Callable[[Any], Any], source: object) -> None:
    with pytest.raises(TypeError, match=f"not {type(source).__name__}$"):
        _run(fn, source)


def test_validate_wants_text() -> None:
    with pytest.raises(TypeError, match=r"not PosixPath$"):
        validate(REMIT)  # type: ignore[arg-type]


def test_text_bytes_files_and_segments_are_all_read_alike() -> None:
    data = REMIT.read_bytes()
    expected = parse_835(data)
    assert parse_835(data.decode()) == expected
    assert parse_835(io.BytesIO(data)) == expected
    assert parse_835(io.StringIO(data.decode())) == expected
    assert parse_835(list(read_segments(data))) == expected
    with REMIT.open("rb") as fh:
        assert parse_835(fh) == expected
    assert check_envelopes(read_segments(data)) == []


@pytest.mark.parametrize("fn", READERS)
@pytest.mark.parametrize(
    "name",
    [
        "samples/remit-basic.835",
        "JANE-DOE-remit.835",
        "C:\\claims\\JANE-DOE.edi",
        "/secret/JANE-DOE",
        "  JANE-DOE.X12 ",
        "JANE-DOE.txt",
    ],
)
def test_a_file_name_passed_as_text_gets_the_path_hint(fn: Callable[[Any], Any], name: str) -> None:
    with pytest.raises(X12SyntaxError, match="this looks like a path: open the file") as info:
        _run(fn, name)
    assert "JANE" not in str(info.value) and "remit" not in str(info.value)
    assert info.value.location is not None and info.value.location.byte_offset == 0


@pytest.mark.parametrize("fn", READERS)
@pytest.mark.parametrize("text", ["hello world", "<xml/>", "GS*HC*A~", "not an 835 / nor a path!"])
def test_text_that_is_no_path_gets_no_path_hint(fn: Callable[[Any], Any], text: str) -> None:
    with pytest.raises(X12SyntaxError) as info:
        _run(fn, text)
    assert "looks like a path" not in str(info.value)


def test_validate_gives_the_path_hint_too() -> None:
    issues = validate("samples/remit-basic.835")
    assert any("looks like a path" in issue.message for issue in issues)
