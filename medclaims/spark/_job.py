"""The Spark plumbing: listing files, planning pieces, one ``mapInArrow`` pass, the tables.

Strategy: the driver lists the input (``binaryFile`` with only ``path`` and
``length`` selected, so no content is read there) and asks the executors to
scan the files larger than ``spark.sql.files.maxPartitionBytes``
(:mod:`._scan`); it then packs whole files and pieces of split files into
partitions of about that many bytes. One ``mapInArrow`` pass reads each file
or piece in an executor (a transaction at a time where the envelopes are
clean, see :func:`read_835_task`) and emits one row per table row, in Arrow
batches of 8,192 rows, into a frame holding
one struct column per table (the others null); that frame is persisted and
each table is a ``select`` of it, so the files are read once however many
tables are used. A ``binaryFile`` DataFrame given by the caller is used as it
is (its content is already in the rows; such files are not split).
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from medclaims.spark._cells import Row
from medclaims.spark._read835 import exception_issue, iter_835_piece, read_835_whole
from medclaims.spark._read837 import read_837p_file
from medclaims.spark._scan import Scan, plan_pieces, scan
from medclaims.spark._tables import HAVE_SPARK, QTY_SCALE, Columns

if HAVE_SPARK or TYPE_CHECKING:
    import pyarrow as pa
    from pyspark import StorageLevel
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

__all__ = ["arrow_schema", "partition_bytes", "plan", "run", "spark_schema"]


def _spark_type(kind: str) -> Any:
    return {
        "str": T.StringType(),
        "int": T.LongType(),
        "money": T.DecimalType(18, 2),
        "qty": T.DecimalType(18, QTY_SCALE),
        "date": T.DateType(),
        "bool": T.BooleanType(),
    }[kind]


def _arrow_type(kind: str) -> Any:
    return {
        "str": pa.string(),
        "int": pa.int64(),
        "money": pa.decimal128(18, 2),
        "qty": pa.decimal128(18, QTY_SCALE),
        "date": pa.date32(),
        "bool": pa.bool_(),
    }[kind]


PIECE_COLUMNS: Columns = (
    ("path", "str"),
    ("start", "int"),
    ("end", "int"),
    ("first_index", "int"),
    ("isa_at", "int"),
    ("gs_at", "int"),
)
"""A unit of work: a whole file (``isa_at`` -1) or a run of its transactions."""


def spark_schema(columns: Columns) -> T.StructType:
    """The Spark schema of a table."""
    return T.StructType([T.StructField(name, _spark_type(kind), True) for name, kind in columns])


def arrow_schema(columns: Columns) -> pa.Schema:
    """The Arrow schema of a table (the same types as :func:`spark_schema`)."""
    return pa.schema([pa.field(name, _arrow_type(kind), True) for name, kind in columns])


def _local_path(uri: str) -> str | None:
    """A path this process can open for ``uri``, or ``None`` (another file system)."""
    parsed = urlparse(uri)
    if parsed.scheme in ("", "file"):
        return unquote(parsed.path) if parsed.scheme else uri
    if parsed.scheme == "dbfs":  # Databricks mounts DBFS at /dbfs on every node
        return "/dbfs" + unquote(parsed.path)
    return None


class _Opened:
    """A file's bytes: ``mmap`` for a local file (pages, not memory), else read whole."""

    def __init__(self, uri: str) -> None:
        self.handle: Any = None
        self.map: mmap.mmap | None = None
        local = _local_path(uri)
        if local is not None:
            self.handle = open(local, "rb")  # noqa: SIM115 - closed by close()
            size = os.fstat(self.handle.fileno()).st_size
            self.data: Any = b""
            if size:
                self.map = mmap.mmap(self.handle.fileno(), 0, access=mmap.ACCESS_READ)
                self.data = self.map
        else:  # S3, ABFS, GCS, HDFS...: through pyarrow's file systems
            from pyarrow import fs

            if uri.startswith(("s3a://", "s3n://")):  # Hadoop's names for S3
                uri = "s3://" + uri.split("://", 1)[1]
            filesystem, path = fs.FileSystem.from_uri(uri)
            with filesystem.open_input_file(path) as f:
                self.data = f.read()

    def whole(self) -> bytes:
        """The file's bytes."""
        return bytes(self.data[:]) if self.map is not None else bytes(self.data)

    def close(self) -> None:
        """Release the map and the handle."""
        if self.map is not None:
            self.map.close()
        if self.handle is not None:
            self.handle.close()


def _scan_pieces(uri: str, length: int, target: int) -> list[dict[str, Any]]:
    """The pieces of one large file (a single whole-file piece when it cannot be split)."""
    whole = [{"path": uri, "start": 0, "end": length, "first_index": 0, "isa_at": -1, "gs_at": -1}]
    try:
        opened = _Opened(uri)
    except Exception:
        return whole  # the read task reports it
    try:
        found = scan(opened.data)
        if not found.splittable or len(found.transactions) < 2:
            return whole
        return [
            {
                "path": uri,
                "start": p.start,
                "end": p.end,
                "first_index": p.first_index,
                "isa_at": p.isa_at,
                "gs_at": p.gs_at,
            }
            for p in plan_pieces(found.transactions, target)
        ]
    finally:
        opened.close()


def _bins(pieces: Sequence[dict[str, Any]], target: int) -> list[list[dict[str, Any]]]:
    """Pieces packed in order into bins of about ``target`` bytes (one task each)."""
    bins: list[list[dict[str, Any]]] = []
    size = target
    for piece in pieces:
        weight = max(piece["end"] - piece["start"], 4096)  # a file costs an open at least
        if size + weight > target:
            bins.append([])
            size = 0
        bins[-1].append(piece)
        size += weight
    return bins


def plan(spark: SparkSession, paths: str | Sequence[str], target: int) -> DataFrame:
    """The pieces DataFrame of a path, glob or list of them, partitioned for the read."""
    listed = spark.read.format("binaryFile").load(
        [paths] if isinstance(paths, str) else list(paths)
    )
    files = sorted((r["path"], r["length"]) for r in listed.select("path", "length").collect())
    small = [
        {"path": p, "start": 0, "end": n, "first_index": 0, "isa_at": -1, "gs_at": -1}
        for p, n in files
        if n <= target
    ]
    large = [(p, n) for p, n in files if n > target]
    pieces = list(small)
    if large:
        sc = spark.sparkContext
        scanned = (
            sc.parallelize(large, len(large))
            .map(lambda f: (f[0], _scan_pieces(f[0], f[1], target)))
            .collect()
        )
        for _, found in sorted(scanned):
            pieces.extend(found)
    schema = spark_schema(PIECE_COLUMNS)
    bins = _bins(pieces, target)
    if not bins:
        return spark.createDataFrame([], schema)
    rdd = spark.sparkContext.parallelize(bins, len(bins)).flatMap(lambda b: b)
    return spark.createDataFrame(rdd.map(lambda p: [p[n] for n, _ in PIECE_COLUMNS]), schema)


Reader = Callable[[Any, dict[str, Any]], Iterator[dict[str, list[Row]]]]
"""Reads one piece; yields its tables in parts (a transaction at a time where it can)."""


def read_835_task(opened: Any, piece: dict[str, Any]) -> Iterator[dict[str, list[Row]]]:
    """The 835 tables of one piece: a run of transactions, or a whole file.

    A whole file whose envelopes are clean (:func:`scan`) is read a transaction at a
    time too, so a task holds one transaction's records, not the file's; any other
    file is read whole by ``parse_835``, which reports its envelope issues.
    """
    uri = piece["path"]
    if piece.get("isa_at", -1) >= 0:
        run = scan(opened.data, resume=(piece["isa_at"], piece["gs_at"]), stop=piece["end"])
        txs = [t for t in run.transactions if piece["start"] <= t.start < piece["end"]]
        yield from iter_835_piece(opened.data, txs, piece["first_index"], uri)
        return
    found: Scan | None
    try:
        found = scan(opened.data)
    except Exception:  # the whole-file reader reports what is wrong
        found = None
    if found is not None and found.splittable and found.transactions:
        yield from iter_835_piece(opened.data, found.transactions, 0, uri)
    else:
        yield read_835_whole(opened.whole(), uri)


def read_837p_task(opened: Any, piece: dict[str, Any]) -> Iterator[dict[str, list[Row]]]:
    """The 837P tables of one whole file."""
    yield read_837p_file(opened.whole(), piece["path"])


class _Bytes:
    """Content given in the rows (a ``binaryFile`` DataFrame)."""

    def __init__(self, content: bytes) -> None:
        self.data = content

    def whole(self) -> bytes:
        return self.data

    def close(self) -> None:
        """Nothing to release."""


def _mapper(
    read: Reader, tables: dict[str, Columns], batch_rows: int
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    names = list(tables)
    schema = pa.schema(
        [pa.field(name, pa.struct(list(arrow_schema(cols))), True) for name, cols in tables.items()]
    )
    empty = dict.fromkeys(names)

    def emit(rows: list[dict[str, Any]]) -> pa.RecordBatch:
        return pa.RecordBatch.from_pylist(rows, schema=schema)

    def run_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        out: list[dict[str, Any]] = []
        for batch in batches:
            for piece in batch.to_pylist():
                content = piece.get("content")
                try:
                    opened: Any = _Bytes(content) if content is not None else _Opened(piece["path"])
                except Exception as exc:  # unreadable: an issue row, never a failed task
                    out.append({**empty, "issues": exception_issue(exc, piece["path"])})
                    continue
                try:
                    for result in read(opened, piece):
                        for name in names:
                            out.extend({**empty, name: row} for row in result.get(name, ()))
                        if len(out) >= batch_rows:
                            yield emit(out)
                            out = []
                except Exception as exc:  # a reader bug: an issue row, never a failed task
                    out.append({**empty, "issues": exception_issue(exc, piece["path"])})
                finally:
                    opened.close()
        if out:
            yield emit(out)

    return run_batches


def run(
    spark: SparkSession,
    paths: Any,
    read: Reader,
    tables: dict[str, Columns],
    target: int | None,
) -> dict[str, DataFrame]:
    """Read ``paths`` with ``read`` in the executors; one DataFrame per table."""
    target = partition_bytes(spark, target)
    if isinstance(paths, DataFrame):
        cols = paths.columns
        length = F.col("length") if "length" in cols else F.length("content")
        pieces = paths.select(
            F.col("path").cast("string").alias("path"),
            F.col("content"),
            F.lit(0).cast("long").alias("start"),
            length.cast("long").alias("end"),
            F.lit(0).cast("long").alias("first_index"),
            F.lit(-1).cast("long").alias("isa_at"),
            F.lit(-1).cast("long").alias("gs_at"),
        )
    else:
        pieces = plan(spark, paths, target)
    out_schema = T.StructType(
        [T.StructField(name, spark_schema(cols), True) for name, cols in tables.items()]
    )
    frame = pieces.mapInArrow(_mapper(read, tables, 8192), out_schema)
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    return {name: frame.where(F.col(name).isNotNull()).select(f"{name}.*") for name in tables}


def partition_bytes(spark: SparkSession, given: int | None) -> int:
    """``given``, else ``spark.sql.files.maxPartitionBytes`` (128 MB by default)."""
    if given is not None:
        return given
    conf = spark.conf.get("spark.sql.files.maxPartitionBytes", "134217728") or "134217728"
    return _bytes(conf)


def _bytes(text: str) -> int:
    """``134217728``, ``128m``, ``64k`` ... as a number of bytes."""
    text = text.strip().lower().removesuffix("b")
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)
