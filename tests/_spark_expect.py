"""What the Spark tables must hold, computed from the single-machine readers.

Independent of :mod:`medclaims.spark`: transaction offsets come from
``read_segments`` (not from the Spark package's scan), and rows from
``to_rows(parse_835(...))`` / ``read_837p`` as a user would call them.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from medclaims import parse_835, to_rows
from medclaims.errors import X12Error
from medclaims.export import TABLE_NAMES
from medclaims.professional.reader import read_837p
from medclaims.x12 import read_segments


def local(uri: str) -> Path:
    """The file behind a ``file:`` URI that Spark lists."""
    return Path(unquote(urlparse(uri).path))


def collect(tables: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Every table collected into plain dicts (one Spark action per table)."""
    return {name: [r.asDict() for r in df.collect()] for name, df in tables.items()}


def by_file(rows: list[dict[str, Any]]) -> dict[Path, list[dict[str, Any]]]:
    """Rows grouped by the local path of their ``source_file``."""
    out: dict[Path, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(local(row["source_file"]), []).append(row)
    return out


def _fits(value: Any) -> bool:
    return not isinstance(value, Decimal) or value == value.quantize(Decimal("0.000001"))


def expected_835(path: Path, uri_of: dict[Path, str]) -> dict[str, list[dict[str, Any]]]:
    """``to_rows(parse_835(file))`` with ``source_file`` and ``transaction_offset``, and issues."""
    data = path.read_bytes()
    uri = uri_of[path]
    try:
        remittances = parse_835(data)
    except X12Error as exc:
        issue = (uri, exc.location.byte_offset, "error", "not-x12", exc.reason)
        return {
            **{n: [] for n in TABLE_NAMES},
            "issues": [dict(zip(ISSUE_KEYS, issue, strict=True))],
        }
    offsets = [
        s.byte_offset
        for s in read_segments(data)
        if s.elements[0] == "ST" and len(s.elements) > 1 and s.elements[1] == "835"
    ]
    tables = to_rows(remittances)
    out: dict[str, list[dict[str, Any]]] = {}
    for name in TABLE_NAMES:
        rows = []
        for row in tables.table(name):
            assert all(_fits(v) for v in row.values())
            rows.append(
                {
                    **row,
                    "source_file": uri,
                    "transaction_offset": offsets[row["remittance_index"]],
                }
            )
        out[name] = rows
    out["issues"] = [
        {
            "source_file": uri,
            "byte_offset": i.location.byte_offset if i.location else None,
            "severity": i.severity.value,
            "code": i.code,
            "message": i.message,
        }
        for r in remittances
        for i in r.issues
    ]
    return out


ISSUE_KEYS = ("source_file", "byte_offset", "severity", "code", "message")


def assert_same_rows(got: list[dict[str, Any]], want: list[dict[str, Any]], what: str) -> None:
    """Row for row, in any order (Spark does not keep one); Decimals compare as numbers."""
    assert len(got) == len(want), f"{what}: {len(got)} rows, expected {len(want)}"
    if not want:
        return
    assert set(got[0]) == set(want[0]), f"{what}: columns differ"

    def key(row: dict[str, Any]) -> tuple[str, ...]:
        return tuple(repr(_norm(row[k])) for k in sorted(row))

    assert Counter(map(key, got)) == Counter(map(key, want)), f"{what}: rows differ"


def _norm(value: Any) -> Any:
    return value.normalize() if isinstance(value, Decimal) else value


def expected_837p(path: Path, uri: str) -> dict[str, Any]:
    """The claims of an 837P as the reader gives them, keyed for comparison."""
    try:
        result = read_837p(path.read_bytes())
    except X12Error as exc:
        return {"error": (uri, exc.location.byte_offset, exc.reason)}
    claims = [
        (t_i, c_i, e)
        for t_i, tx in enumerate(result.transactions)
        for c_i, e in enumerate(tx.encounters)
    ]
    return {"claims": claims, "issues": list(result.issues)}
