"""Corpus 837P files with COB loops: read into ``other_payers``, built back pyx12-clean.

The corpus claims' own parties carry test NPIs and ZIP codes our rules refuse,
so each claim read is rebuilt with the parties of a valid example encounter
while its service lines, its payer responsibility and every other payer read
(2320, 2330A, 2330B, 2430) are kept as read; that claim must pass our rules and
pyx12. Skipped without ``../shared/corpus``.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from _shared import corpus_files, file_id
from strategies_837p import example_encounter

from medclaims.professional import Encounter, Receiver, Submitter, build_837p, check_encounter
from medclaims.professional.reader import UnsupportedVersionError, read_837p
from medclaims.pyx12_validation import validate

pytestmark = pytest.mark.corpus

COB_FILES = [
    p
    for p in corpus_files("837p")
    if any(k in p.name for k in ("COB", "cob", "secondary", "Combined", "ST1309", "complex"))
]
DAMAGED = {
    "837p/LinuxForHealth__x12__demo.cob.example3.A.837",  # 2330B (NM1*PR) is missing
    "837p/imsweb__x12-parser__x12_complex.txt",  # SBR01 repeated, OI04 other than P
}


def _transplant(e: Encounter) -> Encounter:
    base = example_encounter()
    lines = tuple(
        attrs.evolve(
            line,
            diagnosis_pointers=(1,),
            rendering_provider=None,
            extra_segments=(),
            place_of_service=None,
        )
        for line in e.service_lines
    )
    return attrs.evolve(
        base,
        claim_id=e.claim_id,
        service_lines=lines,
        payer_responsibility=e.payer_responsibility,
        other_payers=e.other_payers,
    )


def test_the_named_cob_files_are_there() -> None:
    names = {p.name for p in COB_FILES}
    if not names:
        pytest.skip("../shared/corpus is absent")
    assert "Inteligenz__X12Parser__Example3_COB.txt" in names
    assert any(n.startswith("kputnam__stupidedi__medicare-secondary-p") for n in names)


@pytest.mark.parametrize("path", COB_FILES, ids=file_id)
def test_cob_loops_read_into_other_payers_and_build_clean(path) -> None:  # type: ignore[no-untyped-def]
    try:
        result = read_837p(path.read_bytes())
    except UnsupportedVersionError:
        pytest.skip("not a 5010 837P")
    claims = [e for e in result.encounters if e.other_payers]
    if not claims:
        pytest.skip("no COB loop in this file")
    for e in claims:
        for op in e.other_payers:
            assert op.responsibility and op.subscriber is not None
        rebuilt = _transplant(e)
        errors = [i for i in check_encounter(rebuilt) if i.severity == "error"]
        cob_errors = [i for i in errors if ".other_payers" in (i.path or "")]
        if file_id(path) in DAMAGED:
            assert cob_errors  # the missing payer id is reported, with its path
            continue
        if errors:  # a line our rules refuse (e.g. an ICD-9 era code): not COB's business
            assert cob_errors == [], [(i.path, i.code) for i in cob_errors]
            continue
        x12 = build_837p(
            [rebuilt],
            submitter=Submitter(name="S", id="SUB01", contact_name="X", phone="5555550100"),
            receiver=Receiver(name="R", id="REC01"),
            control_number=1,
            created_at=dt.datetime(2024, 1, 2, 3, 4),
        )
        assert [str(i) for i in validate(x12) if i.severity == "error"] == []
        again = read_837p(x12).encounters[0]
        assert again.other_payers == e.other_payers
