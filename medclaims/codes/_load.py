"""Read the packaged TSV tables under ``medclaims/codes/data`` (not public).

Every table is UTF-8, tab-separated, with a header row; ``code`` is always the
first column. Files are read through :mod:`importlib.resources` (never by
path, so zipped installs work) and each one only once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType


@cache
def read_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """All data rows of ``data/<name>`` (header dropped), fields stripped."""
    text = files("medclaims.codes").joinpath("data", name).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = [tuple(field.strip() for field in row) for row in reader if row]
    return tuple(rows[1:])


def read_codes(name: str) -> frozenset[str]:
    """The first column of ``data/<name>`` as a set."""
    return frozenset(row[0] for row in read_rows(name))


def read_mapping(name: str) -> Mapping[str, str]:
    """The first two columns of ``data/<name>`` as a read-only, file-ordered mapping."""
    return MappingProxyType({row[0]: row[1] for row in read_rows(name)})
