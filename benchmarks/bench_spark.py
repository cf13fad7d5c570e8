"""Spark benchmark (run by hand): split, throughput, scaling and reconciliation at scale.

``python benchmarks/bench_spark.py [split|throughput|reconcile|all] [--dir D]``
needs the extra (``pip install -e ".[spark]"``) and Java 17. Each Spark run is
a fresh child process (``local[N]``), so sessions do not share warm workers.

- ``split``: one generated 835 of ``--split-mb`` (default 520) MB read with
  ``maxPartitionBytes`` 128 MB: how many tasks it became, whether the rows
  equal ``to_rows(parse_835(whole file))`` (an order-independent digest of every
  row of every table, computed the same way on both sides), the peak resident
  memory of the Python workers and of the single-process whole-file parse.
- ``throughput``: ``--gb`` (default 1) GB of generated 835s in files of 64 MB:
  the single-process loop ``to_rows(parse_835(file))`` against ``read_835`` on
  ``local[1]`` and ``local[2]``, in MB/s.
- ``reconcile``: ``--claims`` (default 100,000) claims written as an 837P and
  835 files (bench_reconcile's scenario), ``medclaims.spark.reconcile`` against
  ``reconcile()``, claim by claim where matching is exact.

Figures are wall time on this machine; on a cluster the same job runs one task
per core, so the time per GB falls with the number of executor cores while the
cost per GB (core-seconds) stays about what ``local[1]`` shows here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import _common

MB = _common.MB
HERE = Path(__file__).resolve()


# ---------------------------------------------------------------- row digests
def row_digest(row: dict[str, Any]) -> int:
    """A 64-bit digest of one row; Decimals compared as numbers (scale ignored)."""
    items = []
    for key in sorted(row):
        value = row[key]
        if isinstance(value, Decimal):
            value = value.normalize()
        items.append((key, value))
    return int.from_bytes(hashlib.blake2b(repr(items).encode(), digest_size=8).digest(), "big")


def add_digests(acc: dict[str, list[int]], table: str, rows: Any, drop: tuple[str, ...]) -> None:
    """Count and sum (mod 2**64) the digests of ``rows`` into ``acc[table]``."""
    count, total = acc.setdefault(table, [0, 0])
    for row in rows:
        for key in drop:
            row.pop(key, None)
        count += 1
        total = (total + row_digest(row)) % (1 << 64)
    acc[table] = [count, total]


# ---------------------------------------------------------------- memory watch
class Watch:
    """Polls /proc for the resident memory of the Python workers and the JVM."""

    def __init__(self) -> None:
        self.worker_peak = 0.0
        self.workers_sum_peak = 0.0
        self.jvm_peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.2):
            total = 0.0
            for pid in os.listdir("/proc"):
                if not pid.isdigit() or int(pid) == me:
                    continue
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                rss = next(
                    (
                        int(x.split()[1]) / 1024
                        for x in status.splitlines()
                        if x.startswith("VmRSS")
                    ),
                    0.0,
                )
                if b"pyspark.daemon" in cmd or b"pyspark.worker" in cmd:
                    self.worker_peak = max(self.worker_peak, rss)
                    total += rss
                elif b"java" in cmd and b"SparkSubmit" in cmd:
                    self.jvm_peak = max(self.jvm_peak, rss)
            self.workers_sum_peak = max(self.workers_sum_peak, total)


# ---------------------------------------------------------------- children
def session(master: str) -> Any:
    """A local session set up as docs/spark.md says."""
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ["PYTHONPATH"] = str(HERE.parents[1])
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master(master)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "4g")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def child_read(master: str, folder: str, max_bytes: int, digest: bool) -> dict[str, Any]:
    """Read every 835 of ``folder``; time it; optionally digest every table."""
    from medclaims.spark import read_835
    from medclaims.spark._job import plan

    spark = session(master)
    spark.range(1).count()  # the JVM is up before the clock starts
    out: dict[str, Any] = {}
    with Watch() as watch:
        started = time.perf_counter()
        result = read_835(spark, folder, max_partition_bytes=max_bytes)
        out["payments"] = result.payments.count()  # reads every file (one persisted pass)
        out["seconds"] = time.perf_counter() - started
    out["tasks"] = plan(spark, folder, max_bytes).rdd.getNumPartitions()
    out["worker_peak_mb"] = watch.worker_peak
    out["workers_sum_peak_mb"] = watch.workers_sum_peak
    out["jvm_peak_mb"] = watch.jvm_peak
    if digest:
        drop = ("source_file", "transaction_offset")

        def digests(batches: Any) -> Any:
            import pyarrow as pa

            acc: dict[str, list[int]] = {}
            for batch in batches:
                add_digests(acc, "t", batch.to_pylist(), drop)
            count, total = acc.get("t", [0, 0])
            yield pa.RecordBatch.from_pylist([{"n": count, "d": str(total)}])

        sums = {}
        for name, df in result.tables().items():
            if name == "issues":
                sums[name] = [df.count(), 0]
                continue
            parts = df.mapInArrow(digests, "n long, d string").collect()
            sums[name] = [sum(p["n"] for p in parts), sum(int(p["d"]) for p in parts) % (1 << 64)]
        out["digests"] = sums
    spark.stop()
    return out


def child_single(folder: str, digest: bool) -> dict[str, Any]:
    """The single-process loop: ``to_rows(parse_835(file))`` per file."""
    from medclaims import parse_835, to_rows
    from medclaims.export import TABLE_NAMES

    acc: dict[str, list[int]] = {}
    issues = 0
    started = time.perf_counter()
    for path in sorted(Path(folder).iterdir()):
        remittances = parse_835(path.read_bytes())
        tables = to_rows(remittances)
        issues += sum(len(r.issues) for r in remittances)
        if digest:
            for name in TABLE_NAMES:
                add_digests(acc, name, [dict(r) for r in tables.table(name)], ())
        del remittances, tables
    seconds = time.perf_counter() - started
    acc["issues"] = [issues, 0]
    return {"seconds": seconds, "digests": acc, "peak_mb": _common.peak_rss_mb()}


def run_child(*args: str) -> dict[str, Any]:
    """Run this script as a child and return its JSON result."""
    done = subprocess.run(
        [sys.executable, str(HERE), *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- generation
def write_835s(folder: Path, total: int, per_file: int) -> None:
    """Files of ``per_file`` bytes of synthetic 835 (many transactions each)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while n * per_file < total:
        n += 1
        text = _common.synthetic_835(per_file, control=n)
        (folder / f"remit-{n:04d}.835").write_text(text)


def bench_split(base: Path, size_mb: int) -> None:
    folder = base / "split"
    if not folder.exists():
        write_835s(folder, size_mb * MB, size_mb * MB)
    size = sum(p.stat().st_size for p in folder.iterdir()) / MB
    spark = run_child("_read", "local[2]", str(folder), str(128 * MB), "1")
    single = run_child("_single", str(folder), "1")
    print(f"split: one file of {size:.0f} MB, maxPartitionBytes 128 MB -> {spark['tasks']} tasks")
    same = spark["digests"] == single["digests"]
    print(f"  rows equal parse_835 of the whole file (every table, digest): {same}")
    for name, (count, _) in single["digests"].items():
        print(f"    {name:22s} {count:>10,} rows (spark {spark['digests'][name][0]:,})")
    print(
        f"  local[2]: {spark['seconds']:.1f} s ({size / spark['seconds']:.1f} MB/s); peak RSS of "
        f"one Python worker {spark['worker_peak_mb']:.0f} MB, of all workers "
        f"{spark['workers_sum_peak_mb']:.0f} MB, JVM {spark['jvm_peak_mb']:.0f} MB"
    )
    print(
        f"  single process, whole file: {single['seconds']:.1f} s, peak RSS "
        f"{single['peak_mb']:.0f} MB"
    )


def bench_throughput(base: Path, gb: float) -> None:
    folder = base / "throughput"
    if not folder.exists():
        write_835s(folder, int(gb * 1024 * MB), 64 * MB)
    size = sum(p.stat().st_size for p in folder.iterdir()) / MB
    files = len(list(folder.iterdir()))
    single = run_child("_single", str(folder), "0")
    one = run_child("_read", "local[1]", str(folder), str(128 * MB), "0")
    two = run_child("_read", "local[2]", str(folder), str(128 * MB), "0")
    print(f"throughput: {size:.0f} MB in {files} files of 64 MB")
    print(f"  single-process loop: {single['seconds']:.1f} s, {size / single['seconds']:.1f} MB/s")
    for label, r in (("local[1]", one), ("local[2]", two)):
        print(
            f"  read_835 {label}: {r['seconds']:.1f} s, {size / r['seconds']:.1f} MB/s, "
            f"{r['tasks']} tasks, peak worker RSS {r['worker_peak_mb']:.0f} MB"
        )
    print(f"  scaling 1 -> 2 cores: {one['seconds'] / two['seconds']:.2f}x")


# ---------------------------------------------------------------- reconcile
def child_reconcile(folder: str, claims: int) -> dict[str, Any]:
    """Spark reconcile against reconcile() over the files of ``folder``."""
    from medclaims import parse_835, parse_837p
    from medclaims.reconcile import MatchMethod, reconcile
    from medclaims.spark import read_835, read_837p
    from medclaims.spark import reconcile as spark_reconcile

    as_of = dt.date(2026, 3, 9)
    root = Path(folder)
    remit_files = sorted(root.glob("*.835"))
    started = time.perf_counter()
    want = reconcile(
        parse_837p((root / "claims.837").read_bytes()),
        [parse_835(p.read_bytes()) for p in remit_files],
        as_of=as_of,
    )
    single_seconds = time.perf_counter() - started
    spark = session("local[2]")
    spark.range(1).count()
    started = time.perf_counter()
    got = spark_reconcile(
        spark,
        read_837p(spark, str(root / "claims.837")),
        read_835(spark, [str(p) for p in remit_files]),
        as_of=as_of,
    )
    rows = {r["claim_id"]: r.asDict() for r in got.claims.toLocalIterator()}
    needs = {r["claim_id"] for r in got.needs_single_machine.collect()}
    spark_seconds = time.perf_counter() - started
    spark.stop()
    exact = equal = reported = 0
    for claim in want.claims:
        methods = {p.match.method for p in claim.payments if p.match is not None}
        if methods - {MatchMethod.EXACT}:
            reported += claim.patient_control_number in needs
            continue
        exact += 1
        row = rows.get(claim.patient_control_number, {})
        amounts = {n: getattr(claim.amounts, n) for n in row if hasattr(claim.amounts, n)}
        equal += row.get("state") == claim.state.value and all(
            row[n] == v for n, v in amounts.items()
        )
    return {
        "claims": len(want.claims),
        "exact": exact,
        "equal": equal,
        "non_exact": len(want.claims) - exact,
        "reported": reported,
        "single_seconds": single_seconds,
        "spark_seconds": spark_seconds,
    }


def bench_reconcile(base: Path, claims: int) -> None:
    import bench_reconcile as br

    from medclaims import build_837p
    from medclaims.professional import Receiver, Submitter
    from medclaims.remittance import write_835

    folder = base / f"reconcile-{claims}"
    if not folder.exists():
        folder.mkdir(parents=True)
        batch = br.encounters(claims)
        text = build_837p(
            batch,
            submitter=Submitter(name="BENCH", id="BENCH01", contact_name="EDI", phone="5555550100"),
            receiver=Receiver(name="PAYER", id="PAYER01"),
            control_number=1,
            created_at=dt.datetime(2026, 1, 6, 9, 0),
        )
        (folder / "claims.837").write_text(text)
        for n, remittance in enumerate(br.remittances(batch, 5_000), start=1):
            (folder / f"remit-{n:04d}.835").write_text(write_835([remittance]))
    r = run_child("_reconcile", str(folder), str(claims))
    print(f"reconcile: {r['claims']:,} claims; exact matches {r['exact']:,}, equal {r['equal']:,}")
    print(
        f"  claims needing normalised/truncated matching: {r['non_exact']:,}, "
        f"reported in needs_single_machine: {r['reported']:,}"
    )
    print(
        f"  reconcile() single process: {r['single_seconds']:.1f} s (parse included); "
        f"spark local[2]: {r['spark_seconds']:.1f} s (read, group, reconcile, collect)"
    )


def main() -> None:
    """Dispatch: the three benchmarks, or one child run."""
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        kind, *rest = sys.argv[1:]
        if kind == "_read":
            out = child_read(rest[0], rest[1], int(rest[2]), rest[3] == "1")
        elif kind == "_single":
            out = child_single(rest[0], rest[1] == "1")
        else:
            out = child_reconcile(rest[0], int(rest[1]))
        print(json.dumps(out))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="all")
    parser.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "medclaims-bench"))
    parser.add_argument("--split-mb", type=int, default=520)
    parser.add_argument("--gb", type=float, default=1.0)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    base = Path(args.dir)
    if args.what in ("split", "all"):
        bench_split(base, args.split_mb)
    if args.what in ("throughput", "all"):
        bench_throughput(base, args.gb)
    if args.what in ("reconcile", "all"):
        bench_reconcile(base, args.claims)


if __name__ == "__main__":
    main()
