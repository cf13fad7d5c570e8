"""The one place medclaims.spark calls the reconciliation engine (public API only).

:func:`reconcile_group` runs :func:`medclaims.reconcile.reconcile` on the
claims and remittance slices of one claim id and turns its result into rows.
Only ``reconcile()`` and the attributes of its result model are used, so a
change of the engine's internals or of its states needs changes here only.
The amount columns are the fields of :class:`medclaims.reconcile.Amounts`,
under their own names, read from the model when this module is imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Iterable
from typing import Any

import attrs

from medclaims.errors import Issue, Severity
from medclaims.reconcile import Amounts, FeeSchedule, reconcile
from medclaims.remittance import Remittance
from medclaims.spark._cells import Row, fit_rows
from medclaims.spark._tables import Columns

__all__ = [
    "GROUP_DROPPED_ISSUES",
    "RECONCILE_COLUMNS",
    "claim_hash",
    "reconcile_group",
    "remittance_stub",
]

AMOUNT_NAMES = tuple(f.name for f in attrs.fields(Amounts))
"""The amount columns, named as the engine's :class:`Amounts` fields."""

_CLAIM = (
    ("claim_id", "str"),
    ("state", "str"),
    ("payer_id", "str"),
    ("match_method", "str"),
    ("payment_count", "int"),
    *((name, "money") for name in AMOUNT_NAMES),
)
RECONCILE_COLUMNS: dict[str, Columns] = {
    "claims": _CLAIM,
    "lines": (
        ("claim_id", "str"),
        ("line_index", "int"),
        ("line_number", "int"),
        ("procedure_code", "str"),
        ("modifiers", "str"),
        ("service_date", "date"),
        ("state", "str"),
        ("match_method", "str"),
        *((name, "money") for name in AMOUNT_NAMES),
    ),
    "unmatched_payments": _CLAIM,
    "issues": (
        ("claim_hash", "str"),
        ("severity", "str"),
        ("code", "str"),
        ("message", "str"),
    ),
}
"""Columns of the tables of :func:`medclaims.spark.reconcile`."""

GROUP_DROPPED_ISSUES = frozenset({"reconcile.unbalanced_payment"})
"""Engine findings about a whole payment: a group holds only a slice of each payment, so
they would be false there (the 835 reader's own balancing issues cover them)."""


def claim_hash(claim_id: str) -> str:
    """An opaque, stable stand-in for a claim id in issue rows (no PHI in issues)."""
    return hashlib.sha256(claim_id.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def remittance_stub(remittance: Remittance) -> Remittance:
    """The remittance without its claims, PLB, issues and source text (header only)."""
    return attrs.evolve(
        remittance,
        claims=(),
        provider_adjustments=(),
        header_numbers=(),
        issues=(),
        source_segments=None,
        source_trailers=(),
        segments_before=(),
        segments_after=(),
        stray_gaps=((), ()),
    )


def _held_issue(position: int) -> Issue:
    """What makes the engine hold a claim payment the 835 reader read with errors (the
    reader's own issues are in ``read_835``'s issues table)."""
    return Issue(
        Severity.ERROR,
        "held-payment",
        "claim payment read with error-level issues: held (see read_835's issues)",
        path=f"claims[{position}]",
    )


def _amounts(amounts: Any) -> Row:
    return {name: getattr(amounts, name) for name in AMOUNT_NAMES}


def _value(enum: Any) -> str | None:
    return None if enum is None else str(getattr(enum, "value", enum))


def _claim_row(claim: Any) -> Row:
    match = getattr(claim, "match", None)
    return {
        "claim_id": claim.patient_control_number,
        "state": _value(claim.state),
        "payer_id": claim.payer_id or None,
        "match_method": _value(match.method) if match is not None else None,
        "payment_count": len(claim.payments),
        **_amounts(claim.amounts),
    }


def reconcile_group(
    key: str,
    items: Iterable[tuple[str, str, int, int, bytes]],
    as_of: dt.date,
    fee_schedule: FeeSchedule | None,
) -> dict[str, list[Row]]:
    """Reconcile the claims and payment slices of one claim id.

    ``items``: (kind, file, index, sub-index, pickled payload); kind ``claim``
    (an Encounter), ``payment`` (a stub remittance and one claim payment) or
    ``plb`` (a stub and one provider adjustment). Slices of one remittance are
    put back together, in file order, so duplicates and ordering work as for
    the whole files.
    """
    ordered = sorted(items, key=lambda i: (i[1], i[2], i[0] != "payment", i[3]))
    encounters = [pickle.loads(i[4]) for i in ordered if i[0] == "claim"]
    remits: dict[tuple[str, int], list[Any]] = {}
    for kind, file, index, _, blob in ordered:
        if kind == "claim":
            continue
        stub, part, *held = pickle.loads(blob)
        slot = remits.setdefault((file, index), [stub, [], [], []])
        slot[1 if kind == "payment" else 2].append(part)
        if held and held[0]:
            slot[3].append(len(slot[1]) - 1)
    remittances = [
        attrs.evolve(
            stub,
            claims=tuple(claims),
            provider_adjustments=tuple(plb),
            issues=tuple(_held_issue(k) for k in held),
        )
        for stub, claims, plb, held in remits.values()
    ]
    result = reconcile(encounters, remittances, as_of=as_of, fee_schedule=fee_schedule)
    claims = [_claim_row(c) for c in result.claims]
    lines = [
        {
            "claim_id": c.patient_control_number,
            "line_index": n,
            "line_number": line.line_number,
            "procedure_code": line.procedure_code or None,
            "modifiers": ":".join(line.modifiers) or None,
            "service_date": line.service_date,
            "state": _value(line.state),
            "match_method": _value(line.match),
            **_amounts(line.amounts),
        }
        for c in result.claims
        for n, line in enumerate(c.lines)
    ]
    unmatched = [_claim_row(u) for u in result.unmatched_payments]
    hashed = claim_hash(key)
    issues: list[Row] = [
        {
            "claim_hash": hashed,
            "severity": i.severity.value,
            "code": i.code,
            "message": i.message,
        }
        for i in result.issues
        if i.code not in GROUP_DROPPED_ISSUES
    ]
    out = {"claims": claims, "lines": lines, "unmatched_payments": unmatched}
    for name, rows in out.items():
        out[name] = fit_rows(name, RECONCILE_COLUMNS[name], rows, issues, hashed)
    for row in issues:  # fit_rows names a source file; here the claim hash stands for it
        if "source_file" in row:
            row["claim_hash"] = row.pop("source_file")
            row.pop("byte_offset", None)
    return {**out, "issues": issues}
