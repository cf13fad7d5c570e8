"""Flat tables of plain rows from parsed 835 remittances.

Strategy: one walk over the records fills five lists of dicts whose keys are
fixed per table (:data:`COLUMNS`), so CSV headers and DataFrame columns are
stable even for an empty table. Values stay typed: ``Decimal`` money,
``datetime.date`` dates, ``int`` ordinals, ``str`` codes, ``None`` for absent.
Every row starts with the lineage keys (:data:`LINEAGE_COLUMNS`) that tie it
to its remittance, and rows below a claim also carry the claim's (and line's)
ordinals, so tables join without any id invented by us.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from medclaims._support.fields import frozen_tuple, typed_fields
from medclaims.codes import carc_category
from medclaims.export._errors import ExportError
from medclaims.remittance.denials import Denial
from medclaims.remittance.records import (
    Adjustment,
    ClaimPayment,
    Entity,
    Procedure,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)

__all__ = [
    "COLUMNS",
    "DENIAL_COLUMNS",
    "LINEAGE_COLUMNS",
    "TABLE_NAMES",
    "Row",
    "Tables",
    "denial_rows",
    "to_rows",
]

Value = str | int | bool | Decimal | dt.date | None
"""What a row holds: text, ordinals, flags, exact money, dates, or ``None`` when absent."""

Row = dict[str, Value]
"""One plain row: column name → value."""

TABLE_NAMES = ("payments", "claims", "service_lines", "adjustments", "provider_adjustments")
"""The tables of :class:`Tables`, in order."""

LINEAGE_COLUMNS = (
    "remittance_index",
    "interchange_control_number",
    "group_control_number",
    "transaction_control_number",
    "trace_number",
)
"""Columns that start every row: position of the remittance in the input (0-based),
ISA13, GS06, ST02 and the check/EFT trace number TRN02."""

_CLAIM_KEYS = ("claim_index", "patient_control_number", "payer_claim_control_number")
_LINE_KEYS = ("line_index", "line_control_number")

COLUMNS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "payments": (
            *LINEAGE_COLUMNS,
            "version",
            "handling_code",
            "payment_amount",
            "credit_debit",
            "payment_method",
            "payment_date",
            "production_date",
            "payer_name",
            "payer_id",
            "payee_name",
            "payee_id_qualifier",
            "payee_id",
            "payee_npi",
            "payee_tax_id",
            "claim_count",
            "provider_adjustment_count",
            "issue_count",
        ),
        "claims": (
            *LINEAGE_COLUMNS,
            *_CLAIM_KEYS,
            "header_number",
            "status_code",
            "status",
            "charge_amount",
            "paid_amount",
            "patient_responsibility",
            "filing_indicator",
            "facility_type_code",
            "frequency_code",
            "drg_code",
            "statement_period_start",
            "statement_period_end",
            "received_date",
            "patient_last_name",
            "patient_first_name",
            "patient_id",
            "insured_id",
            "rendering_provider_id",
            "remark_codes",
            "line_count",
        ),
        "service_lines": (
            *LINEAGE_COLUMNS,
            *_CLAIM_KEYS,
            *_LINE_KEYS,
            "procedure_qualifier",
            "procedure_code",
            "modifiers",
            "original_procedure_code",
            "revenue_code",
            "charge_amount",
            "paid_amount",
            "allowed_amount",
            "units",
            "original_units",
            "service_date",
            "service_date_end",
            "remark_codes",
        ),
        "adjustments": (
            *LINEAGE_COLUMNS,
            *_CLAIM_KEYS,
            *_LINE_KEYS,
            "adjustment_index",
            "level",
            "group_code",
            "reason_code",
            "amount",
            "quantity",
            "category",
        ),
        "provider_adjustments": (
            *LINEAGE_COLUMNS,
            "provider_adjustment_index",
            "provider_id",
            "fiscal_period_date",
            "reason_code",
            "reason",
            "reference_id",
            "amount",
        ),
    }
)
"""Column names of each table, in order."""

DENIAL_COLUMNS = (
    "interchange_control_number",
    "group_control_number",
    "transaction_control_number",
    "trace_number",
    "payer_id",
    "payment_date",
    *_CLAIM_KEYS,
    *_LINE_KEYS,
    "level",
    "claim_status_code",
    "category",
    "primary_carc",
    "procedure_code",
    "modifiers",
    "service_date",
    "service_date_end",
    "charge_amount",
    "paid_amount",
    "denied_amount",
    "patient_responsibility",
    "carc_codes",
    "rarc_codes",
)
"""Column names of :func:`denial_rows`."""


@attrs.frozen(field_transformer=typed_fields)
class Tables:
    """The five flat tables of :func:`to_rows`, each a tuple of plain rows (dicts)."""

    payments: tuple[Row, ...] = attrs.field(converter=frozen_tuple, repr=False)
    """One row per remittance (BPR, TRN, payer N1*PR, payee N1*PE)."""
    claims: tuple[Row, ...] = attrs.field(converter=frozen_tuple, repr=False)
    """One row per claim payment (CLP)."""
    service_lines: tuple[Row, ...] = attrs.field(converter=frozen_tuple, repr=False)
    """One row per service line (SVC)."""
    adjustments: tuple[Row, ...] = attrs.field(converter=frozen_tuple, repr=False)
    """One row per claim or line adjustment triple (CAS)."""
    provider_adjustments: tuple[Row, ...] = attrs.field(converter=frozen_tuple, repr=False)
    """One row per provider-level adjustment pair (PLB)."""

    def table(self, name: str) -> tuple[Row, ...]:
        """The rows of the table called ``name`` (one of :data:`TABLE_NAMES`)."""
        if name not in TABLE_NAMES:
            raise ExportError(f"unknown table; expected one of {', '.join(TABLE_NAMES)}")
        rows: tuple[Row, ...] = getattr(self, name)
        return rows

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in TABLE_NAMES)
        return f"Tables({sizes})"


def _codes(codes: Iterable[str]) -> str:
    """Several codes in one cell, space-separated (codes never hold spaces)."""
    return " ".join(c for c in codes if c)


def _entity_id(entity: Entity | None) -> str | None:
    return entity.identifier if entity is not None and entity.identifier else None


def _claim_remarks(claim: ClaimPayment) -> list[str]:
    out: list[str] = []
    if claim.outpatient is not None:
        out.extend(claim.outpatient.remark_codes)
    if claim.inpatient is not None:
        out.extend(claim.inpatient.remark_codes)
    return out


def lineage_row(index: int, header: RemittanceHeader) -> Row:
    """The lineage keys (:data:`LINEAGE_COLUMNS`) of the remittance ``header`` at ``index``."""
    payment = header.payment
    return {
        "remittance_index": index,
        "interchange_control_number": header.interchange.control_number,
        "group_control_number": header.group.control_number if header.group else None,
        "transaction_control_number": header.control_number,
        "trace_number": payment.trace_number or None if payment is not None else None,
    }


def payment_row(lineage: Row, r: Remittance) -> Row:
    """The payments-table row of ``r``."""
    pay, payer, payee = r.payment, r.payer, r.payee
    return {
        **lineage,
        "version": r.version or None,
        "handling_code": pay.handling_code if pay else None,
        "payment_amount": pay.amount if pay else None,
        "credit_debit": pay.credit_debit if pay else None,
        "payment_method": pay.method if pay else None,
        "payment_date": pay.date if pay else None,
        "production_date": r.production_date,
        "payer_name": payer.name if payer else None,
        "payer_id": (payer.id if payer and payer.id else None)
        or (pay.originating_company_id or None if pay else None),
        "payee_name": payee.name if payee else None,
        "payee_id_qualifier": payee.id_qualifier or None if payee else None,
        "payee_id": payee.id or None if payee else None,
        "payee_npi": payee.npi if payee else None,
        "payee_tax_id": payee.tax_id if payee else None,
        "claim_count": len(r.claims),
        "provider_adjustment_count": len(r.provider_adjustments),
        "issue_count": len(r.issues),
    }


def _claim_row(keys: Row, claim: ClaimPayment) -> Row:
    patient = claim.patient
    return {
        **keys,
        "header_number": claim.header_number or None,
        "status_code": claim.status_code,
        "status": claim.status,
        "charge_amount": claim.charge_amount,
        "paid_amount": claim.paid_amount,
        "patient_responsibility": claim.patient_responsibility,
        "filing_indicator": claim.filing_indicator or None,
        "facility_type_code": claim.facility_type_code or None,
        "frequency_code": claim.frequency_code or None,
        "drg_code": claim.drg_code or None,
        "statement_period_start": claim.statement_period_start,
        "statement_period_end": claim.statement_period_end,
        "received_date": claim.received_date,
        "patient_last_name": patient.last_name or None if patient else None,
        "patient_first_name": patient.first_name or None if patient else None,
        "patient_id": _entity_id(patient),
        "insured_id": _entity_id(claim.insured),
        "rendering_provider_id": _entity_id(claim.rendering_provider),
        "remark_codes": _codes(_claim_remarks(claim)) or None,
        "line_count": len(claim.service_lines),
    }


def _procedure_cells(procedure: Procedure | None) -> tuple[str | None, str | None, str | None]:
    if procedure is None:
        return None, None, None
    return (
        procedure.qualifier or None,
        procedure.code or None,
        ":".join(procedure.modifiers) or None,
    )


def _line_row(keys: Row, line: ServicePayment) -> Row:
    qualifier, code, modifiers = _procedure_cells(line.procedure)
    original = line.original_procedure
    return {
        **keys,
        "procedure_qualifier": qualifier,
        "procedure_code": code,
        "modifiers": modifiers,
        "original_procedure_code": original.code or None if original else None,
        "revenue_code": line.revenue_code or None,
        "charge_amount": line.charge_amount,
        "paid_amount": line.paid_amount,
        "allowed_amount": line.allowed_amount,
        "units": line.units,
        "original_units": line.original_units,
        "service_date": line.service_date,
        "service_date_end": line.service_date_end,
        "remark_codes": _codes(line.remark_codes) or None,
    }


def _adjustment_rows(keys: Row, level: str, adjustments: Iterable[Adjustment]) -> list[Row]:
    return [
        {
            **keys,
            "adjustment_index": i,
            "level": level,
            "group_code": a.group_code,
            "reason_code": a.reason_code,
            "amount": a.amount,
            "quantity": a.quantity,
            "category": carc_category(a.reason_code).value,
        }
        for i, a in enumerate(adjustments)
    ]


def to_rows(remittances: Iterable[Remittance]) -> Tables:
    """Flatten remittances into the five :class:`Tables`, every row with its lineage keys.

    ``remittance_index`` counts the remittances in the order given (0-based), so
    rows stay distinct even when two files reuse the same control numbers.
    ``claim_index``, ``line_index``, ``adjustment_index`` and
    ``provider_adjustment_index`` are 0-based positions inside their parent.
    Adjustment rows of claim-level CAS have ``level`` ``claim`` and no line keys.
    A remittance without a transaction (input without an 835) has no row; it still
    counts in ``remittance_index``.
    """
    payments: list[Row] = []
    claims: list[Row] = []
    lines: list[Row] = []
    adjustments: list[Row] = []
    plb: list[Row] = []
    for r_index, remittance in enumerate(remittances):
        if not remittance.has_transaction:
            continue
        lineage = lineage_row(r_index, remittance.header)
        payments.append(payment_row(lineage, remittance))
        for c_index, claim in enumerate(remittance.claims):
            claim_tables(lineage, c_index, claim, claims, lines, adjustments)
        plb.extend(provider_adjustment_rows(lineage, remittance))
    return Tables(payments, claims, lines, adjustments, plb)


def claim_tables(
    lineage: Row,
    c_index: int,
    claim: ClaimPayment,
    claims: list[Row],
    lines: list[Row],
    adjustments: list[Row],
) -> None:
    """Append the rows of one claim (its claims row, lines and adjustments) to the lists."""
    claim_keys: Row = {
        **lineage,
        "claim_index": c_index,
        "patient_control_number": claim.patient_control_number,
        "payer_claim_control_number": claim.payer_claim_control_number or None,
    }
    claims.append(_claim_row(claim_keys, claim))
    no_line: Row = {**claim_keys, "line_index": None, "line_control_number": None}
    adjustments.extend(_adjustment_rows(no_line, "claim", claim.adjustments))
    for l_index, line in enumerate(claim.service_lines):
        line_keys: Row = {
            **claim_keys,
            "line_index": l_index,
            "line_control_number": line.line_control_number,
        }
        lines.append(_line_row(line_keys, line))
        adjustments.extend(_adjustment_rows(line_keys, "line", line.adjustments))


def provider_adjustment_rows(lineage: Row, remittance: Remittance) -> list[Row]:
    """The provider_adjustments-table rows (PLB) of ``remittance``."""
    return [
        {
            **lineage,
            "provider_adjustment_index": p_index,
            "provider_id": pa.provider_id,
            "fiscal_period_date": pa.fiscal_period_date,
            "reason_code": pa.reason_code,
            "reason": pa.reason,
            "reference_id": pa.reference_id or None,
            "amount": pa.amount,
        }
        for p_index, pa in enumerate(remittance.provider_adjustments)
    ]


def denial_rows(denials: Iterable[Denial]) -> list[Row]:
    """Plain rows (columns :data:`DENIAL_COLUMNS`) of denial records."""
    rows: list[Row] = []
    for d in denials:
        _, code, modifiers = _procedure_cells(d.procedure)
        values: dict[str, Any] = {
            "interchange_control_number": d.interchange_control_number,
            "group_control_number": d.group_control_number or None,
            "transaction_control_number": d.transaction_control_number,
            "trace_number": d.trace_number or None,
            "payer_id": d.payer_id or None,
            "payment_date": d.payment_date,
            "claim_index": d.claim_index,
            "patient_control_number": d.patient_control_number,
            "payer_claim_control_number": d.payer_claim_control_number or None,
            "line_index": d.line_index,
            "line_control_number": d.line_control_number,
            "level": d.level.value,
            "claim_status_code": d.claim_status_code,
            "category": d.category.value,
            "primary_carc": d.primary_carc,
            "procedure_code": code,
            "modifiers": modifiers,
            "service_date": d.service_date,
            "service_date_end": d.service_date_end,
            "charge_amount": d.charge_amount,
            "paid_amount": d.paid_amount,
            "denied_amount": d.denied_amount,
            "patient_responsibility": d.patient_responsibility,
            "carc_codes": _codes(d.carc_codes) or None,
            "rarc_codes": _codes(d.rarc_codes) or None,
        }
        rows.append(values)
    return rows
