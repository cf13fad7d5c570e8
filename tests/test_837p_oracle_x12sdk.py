"""x12sdk as an independent reader of the shared 837P corpus: where it reads a file, we agree.

x12sdk (test extra) parses 837P into its own pydantic loops. For every corpus
file it reads, each claim must match ours: patient control number (CLM01),
patient vs. subscriber, member id, billing provider NPI, payer id and, per
service line, procedure code, modifiers, charge, units and D8 service date.
x12sdk is fussy about layout, so files go through ``peers.canonical_text``
(a naive rewrite to ``*:~`` without whitespace) first. Skipped without the
corpus or x12sdk.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from _shared import corpus_files, file_id
from peers import PeerUnavailable, canonical_text

from medclaims.errors import MedclaimsError
from medclaims.professional.model import Encounter
from medclaims.professional.reader import parse_837p

pytestmark = pytest.mark.corpus
x12sdk_io = pytest.importorskip("x12sdk.io")

FILES = corpus_files("837p")

# Files x12sdk reads that we compare on; a shrinking count means a peer or reader regression.
MIN_AGREEING_FILES = 37


def _peer_claims(text: str) -> list[Any]:
    try:
        with x12sdk_io.X12ModelReader(text) as reader:
            claims = [c for model in reader.models() for c in model.claims()]
    except Exception as exc:  # x12sdk fails in many ways on real files
        raise PeerUnavailable(type(exc).__name__) from exc
    if not claims:
        raise PeerUnavailable("no claims")
    return claims


def _peer_line(line: Any) -> tuple[str, tuple[str, ...], Decimal, Decimal, dt.date | None]:
    sv1 = line.sv1_segment
    product = sv1.product_service_id_qualifier.split(":")
    dates = [d for d in line.dtp_segment if d.date_time_qualifier == "472"]
    day = dates[0].date_time_period if dates else None
    code = product[1] if len(product) > 1 else product[0]  # a wrong separator: as sent
    return (
        code,
        tuple(m for m in product[2:6] if m),
        sv1.line_item_charge_amount,
        sv1.service_unit_count,
        day if isinstance(day, dt.date) else None,
    )


def _our_line(encounter: Encounter, index: int, peer_day: dt.date | None) -> tuple[Any, ...]:
    line = encounter.service_lines[index]
    return (
        line.procedure_code,
        line.modifiers,
        line.charge,
        line.units,
        line.service_date if peer_day is not None else None,
    )


def _compare(ours: list[Encounter], theirs: list[Any]) -> None:
    assert len(ours) == len(theirs)
    for mine, peer in zip(ours, theirs, strict=True):
        assert mine.claim_id == peer.patient_control_number
        assert (mine.patient is not None) == bool(peer.is_dependent)
        assert mine.subscriber.member_id == peer.subscriber.nm1_segment.identification_code
        assert mine.payer.payer_id == peer.payer.nm1_segment.identification_code
        assert mine.billing_provider.npi == (peer.billing_provider_npi or "")
        assert len(mine.service_lines) == len(peer.service_lines)
        for i, line in enumerate(peer.service_lines):
            theirs_line = _peer_line(line)
            assert _our_line(mine, i, theirs_line[4]) == theirs_line


def _agreeing_files() -> list[str]:
    agreed = []
    for path in FILES:
        try:
            text = canonical_text(path.read_bytes())
            ours = parse_837p(text)
            theirs = _peer_claims(text)
        except (PeerUnavailable, MedclaimsError):
            continue
        _compare(ours, theirs)
        agreed.append(file_id(path))
    return agreed


@pytest.mark.skipif(not FILES, reason="../shared/corpus is absent")
def test_we_agree_with_x12sdk_on_every_file_it_reads() -> None:
    agreed = _agreeing_files()
    assert len(agreed) >= MIN_AGREEING_FILES
    assert {
        "837p/kputnam__stupidedi__commercial-health-insurance.edi",
        "837p/kputnam__stupidedi__drug-administered-in-the-physician-office.edi",
        "837p/LinuxForHealth__x12__demo.ambulance.example5.837",
    } <= set(agreed)
