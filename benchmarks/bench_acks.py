"""277CA benchmark: ``parse_277ca`` on a 277CA of many claims against the bare split floor.

Run from a checkout: ``python benchmarks/bench_acks.py`` (options: ``--claims``,
``--repeat``). It writes, in memory, a 277CA (005010X214) acknowledging
``--claims`` claims under a handful of providers (every tenth claim rejected,
the rest accepted, each with a payer claim number and a service date, the
totals balanced), then times in the same run:

- the floor: ``text.split(terminator)`` then each piece on the element separator;
- ``parse_277ca`` over the same text (records, issues, totals balanced);

and prints the ratio against the goal (at most 5x the floor). It also checks
that every claim was read and no issue was found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from decimal import Decimal

from _common import median_time

from medclaims.acks import parse_277ca

GOAL_RATIO = 5.0


def synthetic_277ca(claims: int, per_provider: int = 5000) -> str:
    """A 277CA acknowledging ``claims`` claims, written out by hand (not by our writer)."""
    day = dt.date(2024, 3, 14).strftime("%Y%m%d")
    out = [
        "ISA*00*          *00*          *ZZ*PAYER01        *ZZ*SUBMIT01       *240314*0600*^*"
        "00501*000000901*0*P*:",
        f"GS*HN*PAYER01*SUBMIT01*{day}*0600*901*X*005010X214",
        "ST*277*0001*005010X214",
        f"BHT*0085*08*BATCH1*{day}*0600*TH",
        "HL*1**20*1",
        "NM1*PR*2*PRAIRIE HEALTH PLAN*****PI*PHP01",
        "TRN*1*PHP000901",
        f"DTP*050*D8*{day}",
        f"DTP*009*D8*{day}",
    ]
    charge = Decimal("125.50")
    rejected = [n for n in range(claims) if n % 10 == 9]
    accepted = claims - len(rejected)
    out += [
        "HL*2*1*21*1",
        "NM1*41*2*RIVERBEND BILLING*****46*SUBMIT01",
        "TRN*2*RB0001",
        f"STC*A1:19:PR*{day}*WQ*{charge * claims}",
        f"QTY*90*{accepted}",
        f"QTY*AA*{len(rejected)}",
        f"AMT*YU*{charge * accepted}",
        f"AMT*YY*{charge * len(rejected)}",
    ]
    hl = 2
    for start in range(0, claims, per_provider):
        chunk = range(start, min(claims, start + per_provider))
        bad = sum(1 for n in chunk if n % 10 == 9)
        hl += 1
        provider = hl
        out += [
            f"HL*{provider}*2*19*1",
            "NM1*85*2*RIVERBEND FAMILY MEDICINE*****XX*1234567893",
            "TRN*1*0",
            "STC*A1:19:PR**WQ",
            f"QTY*QA*{len(chunk) - bad}",
            f"QTY*QC*{bad}",
            f"AMT*YU*{charge * (len(chunk) - bad)}",
            f"AMT*YY*{charge * bad}",
        ]
        for n in chunk:
            hl += 1
            out += [
                f"HL*{hl}*{provider}*PT",
                f"NM1*QC*1*PATIENT{n}*ALEX****MI*M{n:09d}",
                f"TRN*2*PCN{n:08d}",
                f"STC*A7:562:85*{day}*U*{charge}"
                if n % 10 == 9
                else f"STC*A2:20*{day}*WQ*{charge}",
            ]
            if n % 10 != 9:
                out.append(f"REF*1K*ICN{n:010d}")
            out.append("DTP*472*D8*20240304")
    count = len(out) - 2 + 1  # ST..SE
    out += [f"SE*{count}*0001", "GE*1*901", "IEA*1*000000901"]
    return "~".join(out) + "~"


def floor(text: str) -> None:
    """The floor: split on the terminator, then each piece on the element separator."""
    split = str.split
    for piece in text.split("~"):
        split(piece, "*")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    text = synthetic_277ca(args.claims)
    print(
        f"input: 277CA of {args.claims:,} claims, {len(text) / 2**20:.1f} MiB, "
        f"{text.count('~'):,} segments"
    )
    base = median_time(lambda: floor(text), args.repeat)
    print(f"floor: split + split             {base:8.3f} s")
    [ack] = parse_277ca(text)
    assert len(ack.claims) == args.claims, "not every claim was read"
    assert not ack.issues, [str(i) for i in ack.issues[:3]]
    ours = median_time(lambda: parse_277ca(text), args.repeat)
    ratio = ours / base if base else float("inf")
    print(f"parse_277ca                      {ours:8.3f} s  {ratio:5.1f}x floor")
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"goal: parse_277ca <= {GOAL_RATIO:.0f}x the floor: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
