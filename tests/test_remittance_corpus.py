"""Every public 835 in ``../shared/corpus`` parses, with the amounts the peers read.

- ``parse_835`` (default, lenient mode) reads every file without raising and
  finds as many claims as the file has CLP segments, counted by a naive split
  (:func:`peers.naive_clp_count`) that shares no code with medclaims.
- Where x12sdk, edi-835-parser or pyx12's context reader read a file with the
  right claim count, each claim's charge (CLP03), paid (CLP04) and patient
  responsibility (CLP05; edi-835-parser has no such field) equal ours, claim
  by claim in file order.
- :data:`PEER_READS` lists the files each peer is expected to read: a peer
  that stops reading one of them fails the test (a silent regression of the
  oracle would otherwise shrink the proof). Other files are skipped for that
  peer with the peer's failure as the reason.

Skipped entirely when the corpus is absent (a user's clone).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _shared import CORPUS, corpus_files, file_id
from peers import PEERS, PeerUnavailable, canonical_text, naive_claim_amounts, naive_clp_count

from medclaims.errors import MedclaimsError
from medclaims.remittance import iter_835, parse_835

pytestmark = pytest.mark.corpus


def _corpus_835s() -> list[Path]:
    """835 files: the ``835/`` folder plus files elsewhere whose provenance lists an 835."""
    files = corpus_files("835")
    provenance = CORPUS / "PROVENANCE.tsv"
    if provenance.is_file():
        with provenance.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                name, st_types = row.get("saved_name", ""), row.get("st_types", "")
                if "835" in st_types.split("|") and not name.startswith("835/"):
                    path = CORPUS / name
                    if path.is_file():
                        files.append(path)
    return files


FILES = _corpus_835s()

#: Files each peer reads with the right claim count (after canonical_text).
#: Measured once by hand; keep in sync when the corpus or a peer changes.
PEER_READS: dict[str, frozenset[str]] = {
    "x12sdk": frozenset(
        {
            "835/LinuxForHealth__x12__cob-contractural-adjustment.835",
            "835/LinuxForHealth__x12__demo.835",
            "835/LinuxForHealth__x12__managed-care.835",
            "835/LinuxForHealth__x12__secondary-payment.835",
            "835/LinuxForHealth__x12__tertiary-payment.835",
            "835/azoner__pyx12__835_mult_loops.txt",
            "835/git-albertomarin__badx12__X221-era-sample.edi",
            "835/git-albertomarin__badx12__X221-multiple-claims-single-check.edi",
            "835/jdavisp3__TigerShark__5010-835-example-1.txt",
            "835/jdavisp3__TigerShark__5010-835-example-2.txt",
            "835/jdavisp3__TigerShark__5010-835-example-3.txt",
            "835/keironstoddart__edi-835-parser__emedny_sample.txt",
            "835/kputnam__stupidedi__dollars-and-data-sent-separate.edi",
            "835/kputnam__stupidedi__dollars-and-data-sent-together.edi",
            "835/kputnam__stupidedi__era-sample.edi",
            "835/kputnam__stupidedi__multiple-claims-single-check.edi",
            "835/kputnam__stupidedi__secondary-payment-with-higher-fee-schedule.edi",
            "835/kputnam__stupidedi__secondary-payments.edi",
            "835/kputnam__stupidedi__tertiary-payments.edi",
            "835/kreddys__edi-lens__835.test.0001.edi",
        }
    ),
    "edi-835-parser": frozenset(
        {
            "835/Inteligenz__X12Parser__835_WithMultipleInterchanges.txt",
            "835/Inteligenz__X12Parser__ExampleFromNth.txt",
            "835/LinuxForHealth__x12__demo.835",
            "835/azoner__pyx12__835_mult_loops.txt",
            "835/git-albertomarin__badx12__X221-era-sample.edi",
            "835/git-albertomarin__badx12__X221-multiple-claims-single-check.edi",
            "835/git-albertomarin__badx12__error_validation.edi",
            "835/jdavisp3__TigerShark__5010-835-example-2.txt",
            "835/jdavisp3__TigerShark__5010-835-example-3.txt",
            "835/jdavisp3__TigerShark__835-example-2.txt",
            "835/jdavisp3__TigerShark__835-example.txt",
            "835/keironstoddart__edi-835-parser__emedny_sample.txt",
            "835/keironstoddart__edi-835-parser__united_healthcare_legacy_sample.txt",
            "835/kputnam__stupidedi__1.edi",
            "835/kputnam__stupidedi__dollars-and-data-sent-separate.edi",
            "835/kputnam__stupidedi__dollars-and-data-sent-together.edi",
            "835/kputnam__stupidedi__era-sample.edi",
            "835/kputnam__stupidedi__multiple-claims-single-check.edi",
            "835/kputnam__stupidedi__secondary-payments.edi",
            "835/kputnam__stupidedi__tertiary-payments.edi",
        }
    ),
    "pyx12": frozenset(
        {
            "835/Inteligenz__X12Parser__835_WithMultipleInterchanges.txt",
            "835/Inteligenz__X12Parser__Example1_GripElements.txt",
            "835/Inteligenz__X12Parser__ExampleFromNth.txt",
            "835/LinuxForHealth__x12__cob-contractural-adjustment.835",
            "835/LinuxForHealth__x12__demo.835",
            "835/LinuxForHealth__x12__managed-care.835",
            "835/LinuxForHealth__x12__secondary-payment.835",
            "835/LinuxForHealth__x12__tertiary-payment.835",
            "835/azoner__pyx12__835_mult_loops.txt",
            "835/git-albertomarin__badx12__X221-era-sample.edi",
            "835/git-albertomarin__badx12__X221-multiple-claims-single-check.edi",
            "835/jdavisp3__TigerShark__5010-835-example-1.txt",
            "835/jdavisp3__TigerShark__5010-835-example-2.txt",
            "835/jdavisp3__TigerShark__5010-835-example-3.txt",
            "835/jdavisp3__TigerShark__835-example-2.txt",
            "835/jdavisp3__TigerShark__835-example.txt",
            "835/keironstoddart__edi-835-parser__emedny_sample.txt",
            "835/keironstoddart__edi-835-parser__united_healthcare_legacy_sample.txt",
            "835/kputnam__stupidedi__dollars-and-data-sent-separate.edi",
            "835/kputnam__stupidedi__dollars-and-data-sent-together.edi",
            "835/kputnam__stupidedi__era-sample.edi",
            "835/kputnam__stupidedi__multiple-claims-single-check.edi",
            "835/kputnam__stupidedi__secondary-payment-with-higher-fee-schedule.edi",
            "835/kputnam__stupidedi__secondary-payments.edi",
            "835/kputnam__stupidedi__tertiary-payments.edi",
        }
    ),
}


def test_corpus_has_835s() -> None:
    """The oracle lists name files that exist (when the corpus is here at all)."""
    if not FILES:
        pytest.skip("../shared/corpus is absent")
    names = {file_id(f) for f in FILES}
    for peer, expected in PEER_READS.items():
        assert expected <= names, f"{peer}: listed files missing from the corpus"
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_parses_with_one_claim_per_clp(path: Path) -> None:
    raw = path.read_bytes()
    remittances = parse_835(raw)
    assert sum(len(r.claims) for r in remittances) == naive_clp_count(raw)
    assert remittances, "every corpus 835 holds at least one transaction"


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_parses_from_a_file_object_and_text_alike(path: Path) -> None:
    raw = path.read_bytes()
    with path.open("rb") as handle:
        from_file = parse_835(handle)
    assert from_file == parse_835(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return
    assert parse_835(text) == from_file


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_claim_amounts_equal_a_naive_split(path: Path) -> None:
    """Every file, peers or not: CLP03/04/05 as a bare split reads them (where well-formed)."""
    raw = path.read_bytes()
    ours = [c for r in parse_835(raw) for c in r.claims]
    naive = naive_claim_amounts(raw)
    assert len(ours) == len(naive)
    for n, (mine, bare) in enumerate(zip(ours, naive, strict=True)):
        for field, value in zip(
            ("charge_amount", "paid_amount", "patient_responsibility"), bare, strict=True
        ):
            if value is not None:
                assert getattr(mine, field) == value, f"claim {n} {field}"


@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_streaming_yields_the_parsed_claims(path: Path) -> None:
    raw = path.read_bytes()
    streamed = list(iter_835(raw))
    parsed = parse_835(raw)
    assert [s.claim for s in streamed] == [c for r in parsed for c in r.claims]
    assert len(streamed) == naive_clp_count(raw)


@pytest.mark.parametrize("peer", sorted(PEERS))
@pytest.mark.parametrize("path", FILES, ids=file_id)
def test_claim_amounts_equal_peer(path: Path, peer: str) -> None:
    raw = path.read_bytes()
    expected_to_read = file_id(path) in PEER_READS[peer]
    clp_count = naive_clp_count(raw)
    try:
        theirs = PEERS[peer](canonical_text(raw))
        if len(theirs) != clp_count:
            raise PeerUnavailable(f"{peer} read {len(theirs)} claims of {clp_count}")
    except PeerUnavailable as exc:
        if expected_to_read:
            pytest.fail(f"{peer} no longer reads this file: {exc}")
        pytest.skip(str(exc))
    ours = [claim for r in parse_835(raw) for claim in r.claims]
    assert len(ours) == len(theirs)
    for n, (mine, their) in enumerate(zip(ours, theirs, strict=True)):
        assert mine.charge_amount == their.charge, f"claim {n} CLP03"
        assert mine.paid_amount == their.paid, f"claim {n} CLP04"
        if peer != "edi-835-parser":  # it has no CLP05 field
            assert mine.patient_responsibility == their.patient_responsibility, f"claim {n} CLP05"


def test_parse_rejects_non_x12_with_our_error() -> None:
    with pytest.raises(MedclaimsError):
        parse_835(b"this is not an X12 file at all")
