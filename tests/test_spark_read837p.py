"""medclaims.spark.read_837p equals the 837P reader's records, file by file, claim by claim."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from _shared import SAMPLES, corpus_files
from _spark_expect import by_file, collect, expected_837p, local

from medclaims.spark import SCHEMAS, read_837p


def test_corpus_and_samples_equal_the_reader(spark: Any) -> None:
    files = sorted(
        {
            *(p.resolve() for p in corpus_files("837p")),
            (SAMPLES / "claims.837").resolve(),
            (SAMPLES / "reconcile" / "claims.837").resolve(),
        }
    )
    result = read_837p(spark, [str(p) for p in files])
    got = collect(result.tables())
    for name, df in result.tables().items():
        assert df.schema == SCHEMAS["837p"][name]
    claims, lines, dx, issues = (
        by_file(got[n]) for n in ("claims", "service_lines", "diagnoses", "issues")
    )
    seen = {local(r["source_file"]) for rows in got.values() for r in rows}
    assert seen <= set(files)
    assert len(seen) > len(files) // 2
    checked = 0
    for path in files:
        uri = f"file:{path}"
        want = expected_837p(path, uri)
        if "error" in want:
            _, offset, reason = want["error"]
            rows = issues.get(path, [])
            assert [(r["byte_offset"], r["message"]) for r in rows] == [(offset, reason)]
            assert path not in claims
            continue
        if not want["claims"] and not want["issues"]:
            assert path not in seen  # nothing to say about it: no row at all
            continue
        want_issues = Counter(
            (i.location.byte_offset if i.location else None, i.severity.value, i.code, i.message)
            for i in want["issues"]
        )
        got_issues = Counter(
            (r["byte_offset"], r["severity"], r["code"], r["message"]) for r in issues.get(path, [])
        )
        assert got_issues == want_issues, path.name
        got_claims = {(r["transaction_index"], r["claim_index"]): r for r in claims.get(path, [])}
        got_lines = {
            (r["transaction_index"], r["claim_index"], r["line_index"]): r
            for r in lines.get(path, [])
        }
        got_dx = {
            (r["transaction_index"], r["claim_index"], r["position"]): r["code"]
            for r in dx.get(path, [])
        }
        assert len(got_claims) == len(want["claims"]), path.name
        assert len(got_lines) == sum(len(e.service_lines) for *_, e in want["claims"])
        assert len(got_dx) == sum(len(e.diagnosis_codes) for *_, e in want["claims"])
        for t_i, c_i, e in want["claims"]:
            row = got_claims[t_i, c_i]
            assert row["claim_id"] == e.claim_id
            assert row["total_charge"] == e.total_charge
            assert row["payer_id"] == (e.payer.payer_id or None)
            assert row["billing_provider_npi"] == (e.billing_provider.npi or None)
            assert row["frequency_code"] == e.frequency_code
            assert row["place_of_service"] == e.place_of_service
            assert row["onset_date"] == e.onset_date
            assert row["line_count"] == len(e.service_lines)
            for n, code in enumerate(e.diagnosis_codes, start=1):
                assert got_dx[t_i, c_i, n] == code
            for l_i, line in enumerate(e.service_lines):
                got_line = got_lines[t_i, c_i, l_i]
                assert got_line["claim_id"] == e.claim_id
                assert got_line["procedure_code"] == line.procedure_code
                assert got_line["modifiers"] == (":".join(line.modifiers) or None)
                assert got_line["charge"] == line.charge
                assert got_line["units"] == line.units
                assert got_line["service_date"] == line.service_date
                assert got_line["service_date_end"] == line.service_date_end
            checked += 1
    assert checked > 10
