"""Helpers shared by the benchmark scripts: synthetic X12 input, timing, memory.

Benchmarks are scripts, not tests: they print figures measured in the same run
(a floor and medclaims side by side) and never assert on time.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Make ``import medclaims`` work from a source checkout without installing.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MB = 1024 * 1024


def reader_build() -> str:
    """Which split the reader's fast path uses here, to print beside the figures."""
    from medclaims.x12 import reader

    return "C speedup" if reader._split_in_c is not None else "pure Python (no C speedup built)"


def records_build() -> str:
    """Whether parsed 835 records are left out of the cyclic garbage collector here."""
    from medclaims._support import records as _records

    if _records.untrack_record is not None:
        return "untracked by the collector (C helper)"
    return "tracked by the collector (no C helper built)"


def _isa(control: int, sep: str = "*", comp: str = ":", term: str = "~") -> str:
    fields = [
        "00",
        " " * 10,
        "00",
        " " * 10,
        "ZZ",
        "PAYERSENDER".ljust(15),
        "ZZ",
        "PROVIDERRCVR".ljust(15),
        "260101",
        "1200",
        "^",
        "00501",
        f"{control:09d}",
        "0",
        "P",
        comp,
    ]
    return "ISA" + sep + sep.join(fields) + term


def _claim(n: int) -> list[str]:
    """The segments of one paid claim with two service lines (2100/2110 loops)."""
    charge = 100 + n % 900
    paid = charge * 8 // 10
    return [
        f"CLP*PCN{n:08d}*1*{charge}.00*{paid}.00*20.00*12*PAYERCLM{n:010d}*11*1",
        "CAS*PR*2*20.00",
        f"NM1*QC*1*PATIENT{n % 977}*FIRST{n % 89}****MI*MEM{n:09d}",
        "NM1*82*1*RENDERING*DOC****XX*1234567893",
        "DTM*232*20251201",
        "DTM*233*20251201",
        f"AMT*AU*{charge}.00",
        f"SVC*HC:99213:25*{charge - 40}.00*{paid - 40}.00**1",
        "DTM*472*20251201",
        f"CAS*CO*45*{charge - paid - 20}.00",
        f"REF*6R*LINE{n:08d}1",
        f"AMT*B6*{charge - 40}.00",
        "SVC*HC:36415*40.00*40.00**1",
        "DTM*472*20251201",
        f"REF*6R*LINE{n:08d}2",
        "LQ*HE*N130",
    ]


def synthetic_835(
    target_bytes: int, *, claims_per_transaction: int = 1000, control: int = 1
) -> str:
    """A realistic 835 interchange of at least ``target_bytes`` (ASCII, ``*:~^``)."""
    parts = [_isa(control), "GS*HP*PAYERSENDER*PROVIDERRCVR*20260101*1200*1*X*005010X221A1~"]
    size = sum(map(len, parts))
    n = tx = 0
    while size < target_bytes:
        tx += 1
        body = [
            f"ST*835*{tx:04d}*005010X221A1",
            "BPR*I*1000.00*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260101",
            f"TRN*1*CHK{tx:08d}*1512345678",
            "DTM*405*20260101",
            "N1*PR*SYNTHETIC PAYER",
            "N3*1 PAYER WAY",
            "N4*SPRINGFIELD*IL*62701",
            "REF*2U*PAYERID",
            "N1*PE*SYNTHETIC CLINIC*XX*1234567893",
            "LX*1",
        ]
        for _ in range(claims_per_transaction):
            n += 1
            body += _claim(n)
        body.append("PLB*1234567893*20261231*WO:ADJ1*-10.00")
        body.append(f"SE*{len(body) + 1}*{tx:04d}")
        text = "~".join(body) + "~"
        parts.append(text)
        size += len(text)
    parts.append(f"GE*{tx}*1~IEA*1*{control:09d}~")
    return "".join(parts)


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB.

    Linux: ``VmHWM`` from ``/proc/self/status`` (reset by ``exec``, unlike
    ``ru_maxrss``, which a child inherits from a larger parent); elsewhere
    ``ru_maxrss``.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / MB
