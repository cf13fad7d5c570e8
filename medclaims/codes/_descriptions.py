"""Load licensed CARC/RARC description texts supplied by the user.

X12 owns the CARC and RARC description texts, so medclaims ships codes only.
Users who hold a licence (or a payer's published list) can load the texts
from their own CSV or TSV file: a header row with the columns ``code`` and
``description``, and optionally ``set`` (``CARC``, ``RARC``, ``CSCC`` or ``CSC``). Without a
``set`` column each code goes to the set it belongs to (CARCs are numbers or
A-, B-, D-, P-, W-, Y- codes; RARCs start with M or N).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

import attrs

from medclaims._support.csv import csv_rows
from medclaims._support.fields import frozen_mapping, typed_fields
from medclaims.codes._errors import CodeFileError
from medclaims.codes._tables import CARC_CODES, RARC_CODES

__all__ = ["CodeDescriptions", "load_code_descriptions"]

_SETS = ("CARC", "RARC", "CSCC", "CSC")


def _normalize(code: str) -> str:
    return code.strip().upper()


@attrs.frozen(field_transformer=typed_fields)
class CodeDescriptions:
    """CARC and RARC description texts loaded by :func:`load_code_descriptions`."""

    carc_texts: Mapping[str, str] = attrs.field(converter=frozen_mapping, repr=False)
    """CARC code → description."""
    rarc_texts: Mapping[str, str] = attrs.field(converter=frozen_mapping, repr=False)
    """RARC code → description."""
    category_texts: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, repr=False
    )
    """Claim status category code (STC01-1) → description (set ``CSCC``)."""
    claim_status_texts: Mapping[str, str] = attrs.field(
        factory=dict, converter=frozen_mapping, repr=False
    )
    """Claim status code (STC01-2) → description (set ``CSC``)."""

    def carc(self, code: str) -> str | None:
        """Description of a CARC (CAS02 etc.), or ``None`` when the file lacks it."""
        return self.carc_texts.get(_normalize(code)) if isinstance(code, str) else None

    def rarc(self, code: str) -> str | None:
        """Description of a RARC (LQ02, MOA/MIA remarks), or ``None`` when the file lacks it."""
        return self.rarc_texts.get(_normalize(code)) if isinstance(code, str) else None

    def claim_status_category(self, code: str) -> str | None:
        """Description of a claim status category (STC01-1), ``None`` when the file lacks it."""
        return self.category_texts.get(_normalize(code)) if isinstance(code, str) else None

    def claim_status(self, code: str) -> str | None:
        """Description of a claim status code (STC01-2), ``None`` when the file lacks it."""
        return self.claim_status_texts.get(_normalize(code)) if isinstance(code, str) else None

    def __repr__(self) -> str:
        return f"CodeDescriptions({len(self.carc_texts)} CARC, {len(self.rarc_texts)} RARC)"


def _guess_set(code: str) -> str:
    if code in CARC_CODES:
        return "CARC"
    if code in RARC_CODES or code[:1] in ("M", "N"):
        return "RARC"
    return "CARC"


def _open_text(source: str | os.PathLike[str] | TextIO) -> tuple[str, str | None]:
    """Return the file's text and, for named files, its lower-case suffix."""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_text(encoding="utf-8-sig"), path.suffix.lower()
        except UnicodeDecodeError:
            raise CodeFileError("the description file is not UTF-8 text") from None
    text = source.read()
    if not isinstance(text, str):
        raise CodeFileError("open the description file in text mode, not binary")
    return text.removeprefix("\ufeff"), None


def _rows(text: str, suffix: str | None) -> Iterator[tuple[int, dict[str, str]]]:
    first_line = text.split("\n", 1)[0]
    tabbed = suffix == ".tsv" or (suffix != ".csv" and "\t" in first_line)
    delimiter = "\t" if tabbed else ","
    rows = csv_rows(text, CodeFileError, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise CodeFileError("the description file is empty")
    names = [name.strip().lower() for name in first[1]]
    for required in ("code", "description"):
        if required not in names:
            raise CodeFileError(f"the description file has no '{required}' column")
    for line, row in rows:
        if not any(field.strip() for field in row):
            continue
        yield line, {name: field for name, field in zip(names, row, strict=False)}


def load_code_descriptions(source: str | os.PathLike[str] | TextIO) -> CodeDescriptions:
    """Read CARC/RARC descriptions from a CSV or TSV file (a path or an open text file).

    The delimiter follows the file suffix (``.csv``/``.tsv``), else the header
    (a tab means TSV). Raises :class:`CodeFileError` for a missing column, a
    row without a code, an unknown ``set`` value or a code listed twice in
    one set; messages give line numbers, not file contents.
    """
    text, suffix = _open_text(source)
    texts: dict[str, dict[str, str]] = {name: {} for name in _SETS}
    for line, row in _rows(text, suffix):
        code = _normalize(row.get("code", ""))
        if not code:
            raise CodeFileError(f"line {line}: the code is empty")
        description = " ".join(row.get("description", "").split())
        raw_set = row.get("set", "").strip().upper()
        code_set = raw_set or _guess_set(code)
        if code_set not in texts:
            raise CodeFileError(
                f"line {line}: the set must be CARC or RARC (CSCC or CSC for claim statuses)"
            )
        if code in texts[code_set]:
            raise CodeFileError(f"line {line}: this {code_set} code is listed twice")
        texts[code_set][code] = description
    return CodeDescriptions(
        carc_texts=texts["CARC"],
        rarc_texts=texts["RARC"],
        category_texts=texts["CSCC"],
        claim_status_texts=texts["CSC"],
    )
