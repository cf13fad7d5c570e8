"""The fixed schemas of every table :mod:`medclaims.spark` produces, written once.

Each column has a *kind*; :mod:`._spark` turns kinds into Spark types and
:mod:`._arrow` into Arrow types, so the two can never disagree and no schema
is ever inferred. Kinds:

``str`` text · ``int`` 64-bit integer · ``money`` ``DECIMAL(18,2)`` exactly ·
``qty`` ``DECIMAL(18,6)`` (units and quantities; real files send ``9.999``) ·
``date`` a calendar date · ``bool`` a flag.

The 835 tables are :data:`medclaims.export.COLUMNS` column for column, with
``source_file`` and ``transaction_offset`` appended; the 837P tables are ours
(:data:`CLAIM837_COLUMNS`). This module imports neither pyspark nor pyarrow.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from importlib.util import find_spec
from types import MappingProxyType

from medclaims.export import COLUMNS as EXPORT_COLUMNS

__all__ = [
    "CLAIM837_COLUMNS",
    "HAVE_SPARK",
    "ISSUE_COLUMNS",
    "MONEY_MAX",
    "QTY_MAX",
    "QTY_SCALE",
    "REMIT_COLUMNS",
    "Columns",
    "kind_of",
]

HAVE_SPARK = find_spec("pyspark") is not None and find_spec("pyarrow") is not None
"""Whether the extra is installed. Without it the package still imports (so that tools
walking every module work), and the Spark functions cannot be called."""

Columns = tuple[tuple[str, str], ...]
"""A table's columns: (name, kind) in order."""

MONEY_SCALE = 2
MONEY_MAX = Decimal(10) ** 16
"""Money must be below this in magnitude to fit ``DECIMAL(18,2)``."""
QTY_SCALE = 6
QTY_MAX = Decimal(10) ** 12
"""Units and quantities must be below this in magnitude to fit ``DECIMAL(18,6)``."""

_INT = frozenset(
    {
        "remittance_index",
        "claim_index",
        "line_index",
        "adjustment_index",
        "provider_adjustment_index",
        "claim_count",
        "provider_adjustment_count",
        "issue_count",
        "line_count",
        "transaction_index",
        "diagnosis_count",
        "position",
        "pointer_count",
        "byte_offset",
        "transaction_offset",
    }
)
_MONEY = frozenset(
    {
        "payment_amount",
        "charge_amount",
        "paid_amount",
        "patient_responsibility",
        "allowed_amount",
        "amount",
        "total_charge",
        "charge",
    }
)
_QTY = frozenset({"units", "original_units", "quantity", "ndc_quantity"})
_DATE = frozenset(
    {
        "payment_date",
        "production_date",
        "statement_period_start",
        "statement_period_end",
        "received_date",
        "service_date",
        "service_date_end",
        "fiscal_period_date",
        "onset_date",
        "created_date",
    }
)
_BOOL = frozenset({"provider_signature"})


def kind_of(column: str) -> str:
    """The kind of a column, from its name (one naming rule for every table)."""
    if column in _INT:
        return "int"
    if column in _MONEY:
        return "money"
    if column in _QTY:
        return "qty"
    if column in _DATE:
        return "date"
    if column in _BOOL:
        return "bool"
    return "str"


def _columns(names: tuple[str, ...]) -> Columns:
    return tuple((name, kind_of(name)) for name in names)


REMIT_COLUMNS: Mapping[str, Columns] = MappingProxyType(
    {
        name: _columns((*columns, "source_file", "transaction_offset"))
        for name, columns in EXPORT_COLUMNS.items()
    }
)
"""835 tables: ``medclaims.export.COLUMNS`` plus ``source_file`` and ``transaction_offset``."""

ISSUE_COLUMNS: Columns = _columns(("source_file", "byte_offset", "severity", "code", "message"))
"""The ``issues`` table of every reader: where (file, byte offset) and what (never a value)."""

_TX_KEYS = (
    "transaction_index",
    "interchange_control_number",
    "group_control_number",
    "transaction_control_number",
)
_CLAIM_KEYS = (*_TX_KEYS, "claim_index", "claim_id")

CLAIM837_COLUMNS: Mapping[str, Columns] = MappingProxyType(
    {
        "claims": _columns(
            (
                *_CLAIM_KEYS,
                "total_charge",
                "place_of_service",
                "frequency_code",
                "original_claim_id",
                "claim_filing_indicator",
                "payer_responsibility",
                "payer_name",
                "payer_id",
                "billing_provider_npi",
                "billing_provider_tax_id",
                "rendering_provider_npi",
                "referring_provider_npi",
                "service_facility_npi",
                "onset_date",
                "prior_authorization",
                "provider_signature",
                "assignment",
                "benefits_assignment",
                "release_of_information",
                "diagnosis_count",
                "line_count",
                "source_file",
            )
        ),
        "service_lines": _columns(
            (
                *_CLAIM_KEYS,
                "line_index",
                "line_control_number",
                "procedure_code",
                "modifiers",
                "charge",
                "units",
                "unit_type",
                "place_of_service",
                "service_date",
                "service_date_end",
                "diagnosis_pointers",
                "ndc",
                "ndc_quantity",
                "rendering_provider_npi",
                "source_file",
            )
        ),
        "diagnoses": _columns((*_CLAIM_KEYS, "position", "code", "source_file")),
    }
)
"""837P tables: claims (CLM), service lines (LX/SV1) and diagnoses (HI), with lineage keys."""
