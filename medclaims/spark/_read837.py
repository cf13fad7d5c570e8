"""837P files into the rows of the 837P tables, in an executor.

The one call site of the 837P reader is :func:`_read`: when a streaming
reader (``iter_837p``) lands, only it changes. Today each file is read whole
by :func:`medclaims.professional.reader.read_837p`; its issues, and the
exception of a file it refuses (not X12, not 5010 837P), become issue rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from medclaims.professional.model import Encounter
from medclaims.professional.reader import Claim837Transaction, read_837p
from medclaims.spark._cells import Row, fit_rows
from medclaims.spark._read835 import exception_issue, issue_rows
from medclaims.spark._tables import CLAIM837_COLUMNS

__all__ = ["CLAIM837_TABLES", "encounters_837p", "read_837p_file"]

CLAIM837_TABLES = ("claims", "service_lines", "diagnoses")
"""The 837P tables besides ``issues``."""


def _read(data: bytes) -> tuple[list[Claim837Transaction], list[Any]]:
    """The reader's call site: the transactions and the issues of one file."""
    result = read_837p(data)
    return list(result.transactions), list(result.issues)


def encounters_837p(data: bytes) -> Iterator[tuple[int, int, Claim837Transaction, Encounter]]:
    """(transaction index, claim index, transaction, encounter) of every claim of a file."""
    transactions, _ = _read(data)
    for t_index, tx in enumerate(transactions):
        for c_index, encounter in enumerate(tx.encounters):
            yield t_index, c_index, tx, encounter


def _npi(party: Any) -> str | None:
    return getattr(party, "npi", None) or None if party is not None else None


def _claim_rows(
    keys: Row, e: Encounter, claims: list[Row], lines: list[Row], diagnoses: list[Row]
) -> None:
    claims.append(
        {
            **keys,
            "total_charge": e.total_charge,
            "place_of_service": e.place_of_service,
            "frequency_code": e.frequency_code,
            "original_claim_id": e.original_claim_id,
            "claim_filing_indicator": e.claim_filing_indicator,
            "payer_responsibility": e.payer_responsibility,
            "payer_name": e.payer.name or None,
            "payer_id": e.payer.payer_id or None,
            "billing_provider_npi": e.billing_provider.npi or None,
            "billing_provider_tax_id": e.billing_provider.tax_id,
            "rendering_provider_npi": _npi(e.rendering_provider),
            "referring_provider_npi": _npi(e.referring_provider),
            "service_facility_npi": _npi(e.service_facility),
            "onset_date": e.onset_date,
            "prior_authorization": e.prior_authorization,
            "provider_signature": e.provider_signature,
            "assignment": e.assignment,
            "benefits_assignment": e.benefits_assignment,
            "release_of_information": e.release_of_information,
            "diagnosis_count": len(e.diagnosis_codes),
            "line_count": len(e.service_lines),
        }
    )
    for position, code in enumerate(e.diagnosis_codes, start=1):
        diagnoses.append({**keys, "position": position, "code": code})
    for l_index, line in enumerate(e.service_lines):
        lines.append(
            {
                **keys,
                "line_index": l_index,
                "line_control_number": line.line_control_number,
                "procedure_code": line.procedure_code,
                "modifiers": ":".join(line.modifiers) or None,
                "charge": line.charge,
                "units": line.units,
                "unit_type": line.unit_type,
                "place_of_service": line.place_of_service,
                "service_date": line.service_date,
                "service_date_end": line.service_date_end,
                "diagnosis_pointers": ":".join(map(str, line.diagnosis_pointers)) or None,
                "ndc": line.ndc,
                "ndc_quantity": line.ndc_quantity,
                "rendering_provider_npi": _npi(line.rendering_provider),
            }
        )


def read_837p_file(data: bytes, source_file: str) -> dict[str, list[Row]]:
    """The 837P tables of one file (``issues`` included); never raises."""
    out: dict[str, list[Row]] = {name: [] for name in (*CLAIM837_TABLES, "issues")}
    try:
        transactions, issues = _read(data)
    except Exception as exc:  # a file that cannot be read is a row, never a failed task
        out["issues"].append(exception_issue(exc, source_file))
        return out
    out["issues"].extend(issue_rows(issues, source_file))
    for t_index, tx in enumerate(transactions):
        for c_index, e in enumerate(tx.encounters):
            keys: Row = {
                "transaction_index": t_index,
                "interchange_control_number": tx.interchange.control_number,
                "group_control_number": tx.group.control_number if tx.group else None,
                "transaction_control_number": tx.header.control_number,
                "claim_index": c_index,
                "claim_id": e.claim_id,
                "source_file": source_file,
            }
            _claim_rows(keys, e, out["claims"], out["service_lines"], out["diagnoses"])
    for name in CLAIM837_TABLES:
        out[name] = fit_rows(name, CLAIM837_COLUMNS[name], out[name], out["issues"], source_file)
    return out
