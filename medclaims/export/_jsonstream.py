"""JSON written piece by piece with orjson: never the whole document in memory.

Strategy: the cattrs converter of :mod:`medclaims.export._json` turns each record
into plain data (money as strings, dates as ISO text), and orjson encodes it.
A remittance is written field by field and its claims one at a time, so the
largest thing held is one claim. Text with lone surrogates (bytes that were
not UTF-8 in the input) is the only thing orjson refuses; such a piece goes
through :func:`medclaims._support.json.dumps`, which escapes them.
Source segments (the transaction's text as read) are left out unless asked
for: they double the output and are for write-back, not for reading.
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import orjson

from medclaims._support.json import dumps
from medclaims.export._json import CONVERTER
from medclaims.export._rows import Row
from medclaims.remittance.records import (
    ClaimPayment,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
)

__all__ = ["claim_line", "iter_remittances_json", "json_bytes", "remittance_line", "row_line"]


def json_bytes(data: object) -> bytes:
    """Compact JSON of plain data, UTF-8 (lone surrogates escaped as ``\\udcXX``)."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError:
        return dumps(data).encode("utf-8")


_TYPES: dict[str, Any] = {}


def _fields(remittance: Remittance, source_segments: bool) -> Iterator[tuple[str, Any, Any]]:
    if not _TYPES:
        _TYPES.update(typing.get_type_hints(Remittance))
    for field in attrs.fields(Remittance):
        if field.name == "source_segments" and not source_segments:
            continue
        yield field.name, getattr(remittance, field.name), _TYPES[field.name]


def iter_remittances_json(
    remittances: Iterable[Remittance], *, source_segments: bool = False
) -> Iterator[bytes]:
    """Pieces of one JSON array of remittances, as :func:`remittances_to_json` writes it.

    Read back with :func:`~medclaims.export.remittances_from_json` (equal records).
    """
    yield b"["
    first = True
    for remittance in remittances:
        yield b"\n" if first else b",\n"
        first = False
        yield b"{"
        for n, (name, value, kind) in enumerate(_fields(remittance, source_segments)):
            yield (b"," if n else b"") + json_bytes(name) + b":"
            if name == "claims":
                yield b"["
                for i, claim in enumerate(value):
                    yield (b",\n" if i else b"\n") + json_bytes(
                        CONVERTER.unstructure(claim, ClaimPayment)
                    )
                yield b"]"
            else:
                yield json_bytes(CONVERTER.unstructure(value, kind))
        yield b"}"
    yield b"\n]\n"


def claim_line(
    index: int, header: RemittanceHeader, claim_index: int, claim: ClaimPayment
) -> bytes:
    """One JSON Lines record of a streamed claim (``"record": "claim"``)."""
    del header  # the claim's remittance line carries the header
    return (
        json_bytes(
            {
                "record": "claim",
                "remittance_index": index,
                "claim_index": claim_index,
                "claim": CONVERTER.unstructure(claim, ClaimPayment),
            }
        )
        + b"\n"
    )


def remittance_line(index: int, remittance: Remittance, claim_count: int) -> bytes:
    """One JSON Lines record of a transaction's header and provider adjustments."""
    data = {
        "record": "remittance",
        "remittance_index": index,
        "claim_count": claim_count,
        "header": CONVERTER.unstructure(remittance.header, RemittanceHeader),
        "provider_adjustments": CONVERTER.unstructure(
            remittance.provider_adjustments, tuple[ProviderAdjustment, ...]
        ),
    }
    return json_bytes(data) + b"\n"


def row_line(row: Row, columns: Iterable[str]) -> bytes:
    """One flat-table row as a JSON Lines record (money and dates as strings)."""
    from medclaims.export._csv import format_value

    return (
        json_bytes(
            {
                c: (
                    None
                    if (v := row.get(c)) is None
                    else v
                    if isinstance(v, bool | int)
                    else format_value(v)
                )
                for c in columns
            }
        )
        + b"\n"
    )
