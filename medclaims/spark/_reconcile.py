"""Reconciliation at scale: the engine per claim id, in the executors.

Strategy: the files behind what :func:`~medclaims.spark.read_837p` and
:func:`~medclaims.spark.read_835` read are read again in the executors into
records (the same pieces as the readers). Every claim (CLM01), every claim
payment (CLP01, with its remittance's header) and every PLB entry becomes
one keyed record; a PLB goes to the claim its reference names (a word equal
to a CLP07 of some payment, else to a CLM01: the engine's own rule, applied
by two joins), or to a group of its own when it names none. Records are
grouped by claim id and each group runs :func:`medclaims.reconcile.reconcile`
(:mod:`._engine`), so duplicates (same payer and trace, in any file),
reversals and several payers of one claim meet in one call.

Matching is exact (CLP01 = CLM01). The single-machine engine also matches
normalised ids (case, spaces, punctuation) and payer-truncated ones; those
payments come out here as unmatched, and ``needs_single_machine`` lists the
billed claims an unmatched payment would match that way.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from medclaims.reconcile import FeeSchedule
from medclaims.reconcile._engine.inputs import held_claims
from medclaims.remittance import Remittance, parse_835
from medclaims.spark._engine import RECONCILE_COLUMNS, reconcile_group, remittance_stub
from medclaims.spark._job import _Bytes, _Opened, partition_bytes, plan, spark_schema
from medclaims.spark._read835 import _synthetic
from medclaims.spark._read837 import encounters_837p
from medclaims.spark._scan import scan
from medclaims.spark._tables import HAVE_SPARK

if HAVE_SPARK or TYPE_CHECKING:
    from pyspark import StorageLevel
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

__all__ = ["Reconciled", "reconcile"]

_RECORD_COLUMNS = ("kind", "key", "file", "index", "sub", "ref", "blob")


def _record_schema() -> T.StructType:
    """Schema of the keyed records: what, key, file, position, PLB reference, payload."""
    types = [T.StringType(), T.StringType(), T.StringType(), T.LongType(), T.LongType()]
    types += [T.StringType(), T.BinaryType()]
    return T.StructType([T.StructField(n, t) for n, t in zip(_RECORD_COLUMNS, types, strict=True)])


_UNLINKED = "\x00unlinked-plb"


@attrs.frozen
class Reconciled:
    """The DataFrames of :func:`reconcile`."""

    claims: DataFrame
    """One row per billed claim: id, state, payer, match method and the engine's amounts."""
    lines: DataFrame
    """One row per billed service line of a claim, with its state and amounts."""
    unmatched_payments: DataFrame
    """Payments no billed claim matches exactly, grouped per claim id as the engine does."""
    issues: DataFrame
    """Engine findings per group (``claim_hash`` instead of the claim id: no PHI)."""
    needs_single_machine: DataFrame
    """Billed claims (``claim_id``) an unmatched payment would match only by a
    normalised or truncated id: reconcile those with :func:`medclaims.reconcile.reconcile`."""

    def tables(self) -> dict[str, DataFrame]:
        """The DataFrames by name."""
        return {f.name: getattr(self, f.name) for f in attrs.fields(Reconciled)}


def _remittances(opened: Any, piece: dict[str, Any]) -> Iterator[tuple[int, Remittance]]:
    """(index in file, remittance) of one piece, as read_835 reads it; unreadable: none."""
    try:
        if piece.get("isa_at", -1) < 0:
            found = scan(opened.data)
            if not found.splittable or not found.transactions:
                yield from enumerate(parse_835(opened.whole()))
                return
            txs, first = list(found.transactions), 0
        else:
            found = scan(opened.data, resume=(piece["isa_at"], piece["gs_at"]), stop=piece["end"])
            txs = [t for t in found.transactions if piece["start"] <= t.start < piece["end"]]
            first = piece["first_index"]
        for n, tx in enumerate(txs):
            yield first + n, parse_835(_synthetic(opened.data, tx)[0])[0]
    except Exception:  # read_835 reports it as issue rows
        return


def _records_835(opened: Any, piece: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    path = piece["path"]
    for index, remittance in _remittances(opened, piece):
        if not remittance.has_transaction:
            continue
        stub = remittance_stub(remittance)
        held = held_claims(remittance)  # read with errors: the engine must hold them
        for c_index, claim in enumerate(remittance.claims):
            blob = pickle.dumps((stub, claim, c_index in held), protocol=pickle.HIGHEST_PROTOCOL)
            ref = claim.payer_claim_control_number or None
            yield ("payment", claim.patient_control_number, path, index, c_index, ref, blob)
        for p_index, plb in enumerate(remittance.provider_adjustments):
            blob = pickle.dumps((stub, plb), protocol=pickle.HIGHEST_PROTOCOL)
            yield ("plb", None, path, index, p_index, plb.reference_id or "", blob)


def _records_837(opened: Any, piece: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    try:
        claims = list(encounters_837p(opened.whole()))
    except Exception:  # read_837p reports it as issue rows
        return
    for t_index, c_index, _, encounter in claims:
        blob = pickle.dumps(encounter, protocol=pickle.HIGHEST_PROTOCOL)
        yield ("claim", encounter.claim_id, piece["path"], t_index, c_index, None, blob)


def _extract(spark: SparkSession, source: Any, records: Any, target: int) -> DataFrame:
    if isinstance(source, DataFrame):
        pieces = source.select(
            F.col("path").cast("string").alias("path"),
            F.col("content"),
            F.lit(-1).cast("long").alias("isa_at"),
        )
    else:
        pieces = plan(spark, source, target)

    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        for row in rows:
            piece = row.asDict()
            content = piece.get("content")
            try:
                opened: Any = _Bytes(content) if content is not None else _Opened(piece["path"])
            except Exception:
                continue
            try:
                yield from records(opened, piece)
            finally:
                opened.close()

    return spark.createDataFrame(pieces.rdd.mapPartitions(run), _record_schema())


def _norm(column: Any) -> Any:
    return F.upper(F.regexp_replace(column, r"[^0-9A-Za-z]", ""))


def reconcile(
    spark: SparkSession,
    claims: Any,
    remittances: Any,
    *,
    as_of: dt.date,
    fee_schedule: FeeSchedule | None = None,
    max_partition_bytes: int | None = None,
) -> Reconciled:
    """Reconcile billed claims with remittances, per claim id, in the executors.

    ``claims`` and ``remittances`` are what :func:`~medclaims.spark.read_837p` and
    :func:`~medclaims.spark.read_835` returned. Each claim's row equals the row
    of :func:`medclaims.reconcile.reconcile` over the same files (given in the
    order Spark lists them) wherever its payments match by exact claim id.
    """
    target = partition_bytes(spark, max_partition_bytes)
    billed = _extract(spark, claims.source, _records_837, target)
    paid = _extract(spark, remittances.source, _records_835, target)
    recs = billed.unionByName(paid).persist(StorageLevel.MEMORY_AND_DISK)

    plb = recs.where(F.col("kind") == "plb")
    plb_id = ["file", "index", "sub"]
    words = plb.select(*plb_id, F.explode(F.split(F.trim("ref"), r"\s+")).alias("word"))
    words = words.where(F.col("word") != "")
    by_icn = (
        recs.where((F.col("kind") == "payment") & F.col("ref").isNotNull())
        .select(F.col("ref").alias("word"), F.col("key").alias("target"))
        .distinct()
        .withColumn("prio", F.lit(0))
    )
    by_id = (
        recs.where(F.col("kind") == "claim")
        .select(F.col("key").alias("word"), F.col("key").alias("target"))
        .distinct()
        .withColumn("prio", F.lit(1))
    )
    links = (
        words.join(by_icn.unionByName(by_id), "word")
        .groupBy(*plb_id)
        .agg(F.min(F.struct("prio", "target")).alias("best"))
        .select(*plb_id, F.col("best.target").alias("target"))
    )
    plb_keyed = (
        plb.join(links, plb_id, "left")
        .withColumn("key", F.coalesce("target", F.lit(_UNLINKED)))
        .drop("target")
    )
    keyed = recs.where(F.col("kind") != "plb").unionByName(plb_keyed.select(*_RECORD_COLUMNS))

    def run_group(item: tuple[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        key, rows = item
        parts = [(r[0], r[2], r[3], r[4], r[6]) for r in rows]
        try:
            result = reconcile_group(key, parts, as_of, fee_schedule)
        except Exception as exc:  # one bad group is an issue row, never a failed job
            result = {
                "issues": [
                    {
                        "claim_hash": None,
                        "severity": "error",
                        "code": "spark.group_failed",
                        "message": f"{type(exc).__name__} while reconciling a claim group",
                    }
                ]
            }
        for name, table_rows in result.items():
            for row in table_rows:
                yield name, row

    grouped = (
        keyed.rdd.map(lambda r: (r["key"], tuple(r)))
        .groupByKey()
        .flatMap(run_group)
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    frames: dict[str, DataFrame] = {}
    for name, columns in RECONCILE_COLUMNS.items():
        names = [c for c, _ in columns]
        rdd = grouped.filter(lambda t, n=name: t[0] == n).map(  # type: ignore[misc]
            lambda t, cols=names: [t[1].get(c) for c in cols]  # type: ignore[misc]
        )
        frames[name] = spark.createDataFrame(rdd, spark_schema(columns))

    unmatched = frames["unmatched_payments"].select(
        F.col("claim_id").alias("payment_id"), _norm("claim_id").alias("n")
    )
    ids = recs.where(F.col("kind") == "claim").select(
        F.col("key").alias("claim_id"), _norm("key").alias("n")
    )
    same = unmatched.join(ids, "n").where(F.col("payment_id") != F.col("claim_id"))
    prefix = unmatched.join(
        ids,
        (F.length(ids["n"]) > F.length(unmatched["n"]))
        & (F.length(unmatched["n"]) >= 6)
        & (F.substring(ids["n"], 1, 1) == F.substring(unmatched["n"], 1, 1))
        & ids["n"].startswith(unmatched["n"]),
    )
    needs = same.select("claim_id").unionByName(prefix.select(ids["claim_id"])).distinct()
    return Reconciled(needs_single_machine=needs, **frames)
