"""Tests for load_code_descriptions (user-supplied, licensed CARC/RARC texts)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from medclaims.codes import CodeDescriptions, CodeFileError, load_code_descriptions
from medclaims.errors import MedclaimsError

CSV = 'code,description,set\n45,"Text, with a comma",CARC\nN130,Remark text,RARC\n'
TSV = "code\tdescription\n45\tCharge text\nN130\tRemark text\nMA01\tAppeal text\nB15\tQ text\n"


def test_csv_path(tmp_path: Path) -> None:
    path = tmp_path / "descriptions.csv"
    path.write_text(CSV, encoding="utf-8")
    texts = load_code_descriptions(path)
    assert isinstance(texts, CodeDescriptions)
    assert texts.carc("45") == "Text, with a comma"
    assert texts.rarc("n130") == "Remark text"
    assert texts.carc("N130") is None
    assert texts.rarc("45") is None


def test_tsv_str_path_without_set_column(tmp_path: Path) -> None:
    path = tmp_path / "descriptions.tsv"
    path.write_text(TSV, encoding="utf-8")
    texts = load_code_descriptions(str(path))
    assert texts.carc("45") == "Charge text"
    assert texts.carc("B15") == "Q text"
    assert texts.rarc("N130") == "Remark text"
    assert texts.rarc("MA01") == "Appeal text"


def test_open_files_and_bom() -> None:
    assert load_code_descriptions(io.StringIO(CSV)).carc("45") == "Text, with a comma"
    assert load_code_descriptions(io.StringIO("\ufeff" + TSV)).carc("45") == "Charge text"


def test_header_is_case_insensitive_and_whitespace_is_collapsed() -> None:
    source = io.StringIO("Code,Description,SET\n 16 ,  two   words ,carc\n")
    assert load_code_descriptions(source).carc("16") == "two words"


def test_unknown_code_and_junk_lookups_give_none() -> None:
    texts = load_code_descriptions(io.StringIO(CSV))
    assert texts.carc("999") is None
    assert texts.carc(None) is None  # type: ignore[arg-type]
    assert "CARC" in repr(texts) and "comma" not in repr(texts)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("code,text\n45,x\n", "description"),
        ("description\nx\n", "code"),
        ("code,description\n,x\n", "line 2"),
        ("code,description,set\n45,x,CPT\n", "CARC or RARC"),
        ("code,description\n45,x\n45,y\n", "listed twice"),
    ],
)
def test_bad_files(text: str, match: str) -> None:
    with pytest.raises(CodeFileError, match=match):
        load_code_descriptions(io.StringIO(text))


def test_binary_file_is_rejected() -> None:
    with pytest.raises(CodeFileError, match="text mode"):
        load_code_descriptions(io.BytesIO(CSV.encode()))  # type: ignore[arg-type]


def test_error_is_a_medclaims_error() -> None:
    assert issubclass(CodeFileError, MedclaimsError)


def test_csv_the_csv_module_refuses_is_our_error_without_content() -> None:
    # An unclosed quote runs on into one field larger than the csv module's limit.
    text = 'code,set,description\n45,CARC,ok\n46,CARC,"SENTINELTEXT' + "x" * 200_000 + "\n"
    with pytest.raises(CodeFileError, match=r"^line \d+: not valid CSV") as caught:
        load_code_descriptions(io.StringIO(text))
    assert "SENTINELTEXT" not in str(caught.value)
