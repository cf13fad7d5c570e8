"""Export and denials over the public 835 corpus: rows match a segment count, JSON round-trips.

The oracle is the X12 reader alone (no 835 parsing): the number of CLP and
SVC segments and of CAS reason codes inside 835 transactions. Files that the
parser rejects, or where it reports misplaced, truncated or incomplete
segments, are skipped for the count comparison (the parser keeps misplaced
segments aside, by design); balancing and envelope issues do not matter here.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _shared import corpus_files, file_id

from medclaims.errors import MedclaimsError
from medclaims.export import (
    TABLE_NAMES,
    denials_from_json,
    denials_to_json,
    remittances_from_json,
    remittances_to_json,
    table_to_csv,
    to_rows,
)
from medclaims.remittance.denials import DenialLevel, denials
from medclaims.remittance.parser import parse_835
from medclaims.x12 import read_segments

FILES = corpus_files("835")
_SHAPE_ISSUES = frozenset({"unexpected-segment", "missing-terminator", "missing-element"})


def _segment_counts(data: bytes) -> tuple[int, int, int]:
    clp = svc = cas = 0
    in_835 = False
    for seg in read_segments(data):
        if seg.id == "ST":
            in_835 = seg.get(1) == "835"
        elif in_835 and seg.id == "CLP":
            clp += 1
        elif in_835 and seg.id == "SVC":
            svc += 1
        elif in_835 and seg.id == "CAS":
            cas += sum(1 for i in range(2, 20, 3) if seg.get(i).strip())
    return clp, svc, cas


@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_export_and_denials_over_corpus(path: Path) -> None:
    data = path.read_bytes()
    try:
        rems = parse_835(data)
    except MedclaimsError:
        pytest.skip("the parser rejects this file (malformed on purpose)")
    tables = to_rows(rems)
    for name in TABLE_NAMES:
        assert table_to_csv(tables, name, io.StringIO(newline="")) == len(tables.table(name))
    assert remittances_from_json(remittances_to_json(rems)) == rems
    found = list(denials(rems))
    assert denials_from_json(denials_to_json(found)) == found
    for d in found:
        if d.level is DenialLevel.LINE:
            assert d.paid_amount == 0 and d.charge_amount is not None and d.charge_amount > 0
        else:
            assert d.claim_status_code == "4"
    if any(i.code in _SHAPE_ISSUES for r in rems for i in r.issues):
        return  # segments kept aside or truncated: the plain count would differ
    clp, svc, cas = _segment_counts(data)
    assert (len(tables.claims), len(tables.service_lines), len(tables.adjustments)) == (
        clp,
        svc,
        cas,
    )
