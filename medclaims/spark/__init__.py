"""The medclaims readers and reconciliation on Apache Spark (extra ``medclaims[spark]``).

* :func:`read_835` reads 835 files into six DataFrames (:class:`Remittances835`):
  the five tables of :func:`medclaims.export.to_rows`, column for column, with
  ``source_file`` and ``transaction_offset`` added, and ``issues``.
* :func:`read_837p` reads 837P files into ``claims``, ``service_lines``,
  ``diagnoses`` and ``issues`` (:class:`Claims837`).
* :func:`reconcile` runs :func:`medclaims.reconcile.reconcile` per claim id in
  the executors, over what the two readers return.

``paths`` is a path, a glob, a list of them, or a DataFrame as
``spark.read.format("binaryFile")`` gives it. Every schema is fixed
(:data:`SCHEMAS`, documented in ``docs/spark.md``): money is
``DECIMAL(18,2)``, units and quantities ``DECIMAL(18,6)``, dates ``DATE``; a
value those types cannot hold exactly is null in its cell and an issue row,
never rounded. Files the readers cannot read become issue rows, never a
failed job, and no issue row holds a value from the file.
Nothing else in medclaims imports this package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from medclaims.export import TABLE_NAMES
from medclaims.spark._job import read_835_task, read_837p_task, run, spark_schema
from medclaims.spark._read837 import CLAIM837_TABLES
from medclaims.spark._reconcile import Reconciled, reconcile
from medclaims.spark._tables import CLAIM837_COLUMNS, HAVE_SPARK, ISSUE_COLUMNS, REMIT_COLUMNS

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import types as T

__all__ = [
    "SCHEMAS",
    "Claims837",
    "Reconciled",
    "Remittances835",
    "read_835",
    "read_837p",
    "reconcile",
]

Paths: TypeAlias = "str | Sequence[str] | DataFrame"
"""A path or glob, a list of them, or a ``binaryFile`` DataFrame (``path``, ``content``)."""

SCHEMAS: Mapping[str, Mapping[str, T.StructType]] = MappingProxyType(
    {}
    if not HAVE_SPARK
    else {
        "835": MappingProxyType(
            {
                **{name: spark_schema(REMIT_COLUMNS[name]) for name in TABLE_NAMES},
                "issues": spark_schema(ISSUE_COLUMNS),
            }
        ),
        "837p": MappingProxyType(
            {
                **{name: spark_schema(CLAIM837_COLUMNS[name]) for name in CLAIM837_TABLES},
                "issues": spark_schema(ISSUE_COLUMNS),
            }
        ),
    }
)
"""The fixed Spark schema of every table, by reader (``835``, ``837p``) and table name
(empty when pyspark is not installed)."""


@attrs.frozen
class Remittances835:
    """The tables of :func:`read_835` (DataFrames sharing one persisted read)."""

    payments: DataFrame
    """One row per 835 transaction (BPR, TRN, payer, payee)."""
    claims: DataFrame
    """One row per claim payment (CLP)."""
    service_lines: DataFrame
    """One row per service line (SVC)."""
    adjustments: DataFrame
    """One row per claim or line adjustment (CAS triple)."""
    provider_adjustments: DataFrame
    """One row per provider-level adjustment (PLB pair)."""
    issues: DataFrame
    """Every issue the single-machine reader reports, one row each (PHI-free)."""
    source: Any = attrs.field(default=None, repr=False)
    """What was read (``paths`` as given), for :func:`reconcile`."""

    def tables(self) -> dict[str, DataFrame]:
        """The DataFrames by table name."""
        return {name: getattr(self, name) for name in (*TABLE_NAMES, "issues")}


@attrs.frozen
class Claims837:
    """The tables of :func:`read_837p` (DataFrames sharing one persisted read)."""

    claims: DataFrame
    """One row per claim (CLM): id, billed total, payer, providers, dates."""
    service_lines: DataFrame
    """One row per service line (LX/SV1): procedure, modifiers, charge, units, date."""
    diagnoses: DataFrame
    """One row per diagnosis code of a claim (HI), with its 1-based position."""
    issues: DataFrame
    """Every issue the single-machine reader reports, one row each (PHI-free)."""
    source: Any = attrs.field(default=None, repr=False)
    """What was read (``paths`` as given), for :func:`reconcile`."""

    def tables(self) -> dict[str, DataFrame]:
        """The DataFrames by table name."""
        return {name: getattr(self, name) for name in (*CLAIM837_TABLES, "issues")}


def read_835(
    spark: SparkSession, paths: Paths, *, max_partition_bytes: int | None = None
) -> Remittances835:
    """Read 835 files into :class:`Remittances835`.

    Rows equal ``medclaims.export.to_rows(parse_835(file))`` of each file, with
    ``source_file`` (the path as Spark lists it, e.g. ``file:/data/a.835``) and
    ``transaction_offset`` (byte offset of the transaction's ST). Files larger than
    ``max_partition_bytes`` (default ``spark.sql.files.maxPartitionBytes``) are
    split at transaction boundaries into pieces of about that size.
    """
    columns = {**{n: REMIT_COLUMNS[n] for n in TABLE_NAMES}, "issues": ISSUE_COLUMNS}
    frames = run(spark, paths, read_835_task, columns, max_partition_bytes)
    return Remittances835(**frames, source=paths)


def read_837p(
    spark: SparkSession, paths: Paths, *, max_partition_bytes: int | None = None
) -> Claims837:
    """Read 837P files into :class:`Claims837` (each file whole, in one task)."""
    columns = {**{n: CLAIM837_COLUMNS[n] for n in CLAIM837_TABLES}, "issues": ISSUE_COLUMNS}
    frames = run(spark, paths, read_837p_task, columns, max_partition_bytes)
    return Claims837(**frames, source=paths)
