"""medclaims.spark.read_835 equals the single-machine reader, file by file, row for row.

One local Spark session (the ``spark`` fixture in conftest.py); each test is
one or two Spark jobs over many files at once, so the module stays fast.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from _shared import SAMPLES, corpus_files
from _spark_expect import (
    assert_same_rows,
    by_file,
    collect,
    expected_835,
    local,
)

from medclaims import parse_835
from medclaims.export import TABLE_NAMES
from medclaims.spark import SCHEMAS, read_835
from medclaims.spark._job import plan

SENTINELS = ["ZZSENTINELNAME", "ZZSENTINELFIRST", "SENTINELSTREET", "SENTINELCITY", "SENTINEL123"]
PHI_BODY = (
    "NM1*QC*1*ZZSENTINELNAME*ZZSENTINELFIRST****MI*SENTINEL123~"
    "N3*SENTINELSTREET~N4*SENTINELCITY*ZZ*99999~REF*SY*SENTINEL123~"
)


def _uris(tables: dict[str, list[dict[str, Any]]]) -> dict[Path, str]:
    return {local(r["source_file"]): r["source_file"] for rows in tables.values() for r in rows}


def _compare(got: dict[str, list[dict[str, Any]]], files: list[Path]) -> None:
    uri_of = {p: f"file:{p}" for p in files}
    uri_of.update(_uris(got))
    grouped = {name: by_file(rows) for name, rows in got.items()}
    for path in files:
        want = expected_835(path, uri_of)
        for name in (*TABLE_NAMES, "issues"):
            assert_same_rows(grouped[name].get(path, []), want[name], f"{path.name} {name}")


def test_schemas_are_fixed_and_exact() -> None:
    claims = SCHEMAS["835"]["claims"]
    assert str(claims["paid_amount"].dataType) == "DecimalType(18,2)"
    assert str(claims["received_date"].dataType) == "DateType()"
    assert str(SCHEMAS["835"]["service_lines"]["units"].dataType) == "DecimalType(18,6)"
    assert SCHEMAS["835"]["issues"].fieldNames() == [
        "source_file",
        "byte_offset",
        "severity",
        "code",
        "message",
    ]


def test_corpus_and_samples_equal_to_rows(spark: Any) -> None:
    files = sorted(
        {
            *(p.resolve() for p in corpus_files("835")),
            *(p.resolve() for p in SAMPLES.glob("*.835")),
            *(p.resolve() for p in (SAMPLES / "reconcile").glob("*.835")),
        }
    )
    result = read_835(spark, [str(p) for p in files])
    got = collect(result.tables())
    for name, df in result.tables().items():
        assert df.schema == SCHEMAS["835"][name]
    assert {local(r["source_file"]) for r in got["payments"]} == set(files)
    _compare(got, files)


def _transaction(control: int, body: str) -> str:
    segs = [s.strip() for s in body.split("~") if s.strip()]
    st = segs.index(next(s for s in segs if s.startswith("ST*")))
    se = segs.index(next(s for s in segs if s.startswith("SE*")))
    inner = segs[st + 1 : se]
    return "~\n".join([f"ST*835*{control:04d}", *inner, f"SE*{len(inner) + 2}*{control:04d}"])


def _multi(texts: list[str], per_group: int) -> str:
    """Two interchanges, groups of ``per_group`` transactions, built from sample bodies."""
    isa = SAMPLES.joinpath("remit-basic.835").read_text().split("~")[0]
    out = []
    control = 0
    for icn in (1, 2):
        out.append(isa.replace("000000101", f"{icn:09d}"))
        groups = 0
        for g in range(2):
            gcn = icn * 10 + g
            groups += 1
            out.append(f"GS*HP*ACMEHEALTH*SUNNYVALLEY*20260115*0930*{gcn}*X*005010X221A1")
            for k in range(per_group):
                control += 1
                out.append(_transaction(control, texts[(control + k) % len(texts)]))
            out.append(f"GE*{per_group}*{gcn}")
        out.append(f"IEA*{groups}*{icn:09d}")
    return "~\n".join(out) + "~\n"


def test_large_file_is_split_at_transactions(spark: Any, tmp_path: Path) -> None:
    texts = [p.read_text() for p in sorted(SAMPLES.glob("remit-*.835")) if "4010" not in p.name]
    big = tmp_path / "big.835"
    big.write_text(_multi(texts, 6))
    target = big.stat().st_size // 6
    pieces = plan(spark, str(big), target)
    assert pieces.rdd.getNumPartitions() >= 4
    assert len(parse_835(big.read_bytes())) == 24
    got = collect(read_835(spark, str(big), max_partition_bytes=target).tables())
    assert got["issues"] == []
    _compare(got, [big.resolve()])


def _mixed(folder: Path) -> dict[str, Path]:
    basic = SAMPLES.joinpath("remit-basic.835").read_text()
    files = {
        "4010": SAMPLES / "remit-4010.835",
        "good": SAMPLES / "remit-denial.835",
        "plb": SAMPLES / "remit-plb.835",
    }
    out = {}
    for name, src in files.items():
        out[name] = folder / f"{name}.835"
        out[name].write_bytes(src.read_bytes())
    phi = basic.replace("NM1*QC*1*FICTIONAL*ALICE****MI*MBR000001~", PHI_BODY)
    out["not-x12"] = folder / "notes.txt"
    out["not-x12"].write_text("Dear ZZSENTINELNAME, this is not X12. SENTINEL123\n")
    out["truncated"] = folder / "truncated.835"
    out["truncated"].write_text(phi[: phi.index("SENTINELCITY") + 40])
    out["three-decimals"] = folder / "three.835"
    out["three-decimals"].write_text(phi.replace("*300*176.4*40*", "*300*176.405*40*"))
    out["bad-trailers"] = folder / "trailers.835"
    out["bad-trailers"].write_text(phi.replace("SE*", "SE*9").replace("GE*1*", "GE*7*"))
    return out


def test_mixed_folder_gives_rows_and_issues_never_a_failed_task(spark: Any, tmp_path: Path) -> None:
    files = _mixed(tmp_path)
    listed = read_835(spark, str(tmp_path))
    got = collect(listed.tables())
    binary = spark.read.format("binaryFile").load(str(tmp_path))
    from_frame = collect(read_835(spark, binary).tables())
    for name in got:
        assert_same_rows(from_frame[name], got[name], f"binaryFile vs list: {name}")

    issues = by_file(got["issues"])
    # Good files (a 4010 among them) and the damaged-but-X12 ones equal the reader.
    good = [files[k].resolve() for k in ("4010", "good", "plb", "truncated", "bad-trailers")]
    _compare(got, good)
    assert any(r["code"] == "not-x12" for r in issues[files["not-x12"].resolve()])
    assert issues[files["truncated"].resolve()], "a truncated file reports issues"
    assert issues[files["bad-trailers"].resolve()], "wrong trailers are reported"

    # Three decimals of money: the cell is null and an issue row says so; nothing rounded.
    three = files["three-decimals"].resolve()
    claims = by_file(got["claims"])[three]
    first = next(r for r in claims if r["patient_control_number"] == "PCN1001")
    assert first["paid_amount"] is None
    assert first["charge_amount"] == Decimal("300")
    assert [r for r in issues[three] if r["code"] == "unrepresentable-decimal"]
    parsed = parse_835(three.read_bytes())[0].claims[0]
    assert parsed.paid_amount == Decimal("176.405")

    # No issue row holds a value from the file (PHI sentinels).
    for row in got["issues"] + from_frame["issues"]:
        text = f"{row['code']} {row['message']}"
        for sentinel in SENTINELS:
            assert sentinel not in text, f"PHI in an issue row: {row['code']}"
