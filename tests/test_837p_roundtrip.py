"""Build → read: ``parse_837p(build_837p(encounters)) == encounters`` for random valid batches.

The builder groups claims under their billing provider, subscriber and patient
(HL 20/22/23, :func:`medclaims.professional.hierarchy.group_claims`), so the
file lists claims in that grouped order: the reader must give back exactly the
encounters drawn, in that order, with nothing reported.

The strategies draw only what an 837P can state (no line place of service
equal to the claim's, no date range ending on its first day, no taxonomy on a
referring provider: see ``strategies_837p``), so nothing is adjusted on the
expected side: what comes back is compared with what was drawn.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_837p import encounters, example_encounter

from medclaims.professional.builder import build_837p
from medclaims.professional.hierarchy import group_claims
from medclaims.professional.model import Encounter, Provider, Receiver, Submitter
from medclaims.professional.reader import parse_837p, read_837p

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_words = st.text(alphabet=_ALNUM + " ", min_size=1, max_size=30).map(str.strip).filter(bool)

submitters = st.builds(
    Submitter,
    name=_words,
    id=st.text(alphabet=_ALNUM, min_size=2, max_size=15),
    contact_name=_words,
    phone=st.none()
    | st.text(alphabet="0123456789", min_size=10, max_size=10).filter(lambda p: p[0] not in "01"),
    email=st.none() | st.just("edi@example.com"),
    id_qualifier=st.sampled_from(["ZZ", "01", "30"]),
).filter(lambda s: s.phone is not None or s.email is not None)
receivers = st.builds(
    Receiver,
    name=_words,
    id=st.text(alphabet=_ALNUM, min_size=2, max_size=15),
    id_qualifier=st.sampled_from(["ZZ", "01", "30"]),
)
timestamps = st.datetimes(
    min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2030, 12, 31)
).map(lambda t: t.replace(second=0, microsecond=0))


def file_order(batch: list[Encounter]) -> list[Encounter]:
    """The claims in HL order: billing provider, then subscriber, then patient groups."""
    out: list[Encounter] = []
    for billing in group_claims(batch):
        for sub in billing.subscribers:
            out += sub.claims
            for patient in sub.patients:
                out += patient.claims
    return out


@settings(max_examples=200, deadline=None)
@given(
    batch=encounters(max_size=4, max_lines=3),
    submitter=submitters,
    receiver=receivers,
    created_at=timestamps,
    control=st.integers(1, 999_999_999),
    breaks=st.booleans(),
)
def test_build_then_read_gives_the_encounters_back(
    batch: list[Encounter],
    submitter: Submitter,
    receiver: Receiver,
    created_at: dt.datetime,
    control: int,
    breaks: bool,
) -> None:
    text = build_837p(
        batch,
        submitter=submitter,
        receiver=receiver,
        control_number=control,
        created_at=created_at,
        line_breaks=breaks,
    )
    result = read_837p(text, strict=True)
    assert result.encounters == file_order(batch)
    assert result.issues == ()
    (tx,) = result.transactions
    assert tx.submitter == submitter
    assert tx.receiver == receiver
    assert tx.created_at == created_at
    assert tx.interchange.control_number == f"{control:09d}"


@settings(max_examples=20, deadline=None)
@given(
    batch=encounters(min_size=3, max_size=6, max_lines=2), submitter=submitters, receiver=receivers
)
def test_several_transaction_sets_read_in_order(
    batch: list[Encounter], submitter: Submitter, receiver: Receiver
) -> None:
    text = build_837p(
        batch,
        submitter=submitter,
        receiver=receiver,
        control_number=7,
        created_at=dt.datetime(2024, 5, 6, 7, 8),
        max_claims_per_transaction=2,
    )
    result = read_837p(text)
    assert [len(t.encounters) for t in result.transactions] == [
        len(batch[i : i + 2]) for i in range(0, len(batch), 2)
    ]
    expected = [e for i in range(0, len(batch), 2) for e in file_order(batch[i : i + 2])]
    assert parse_837p(text) == expected
    assert result.issues == ()


@settings(max_examples=10, deadline=None)
@given(batch=encounters(max_size=1, max_lines=2))
def test_a_single_claim_reads_back_in_the_same_order(batch: list[Encounter]) -> None:
    one = batch[:1]
    text = build_837p(
        one,
        submitter=Submitter(name="S", id="SUB1", contact_name="C", phone="5551234567"),
        receiver=Receiver(name="R", id="RCV1"),
        control_number=1,
        created_at=dt.datetime(2024, 1, 1),
    )
    assert parse_837p(text, strict=True) == one


def test_what_an_837p_cannot_state_comes_back_canonical() -> None:
    """Inputs the strategies avoid: written as the guide says, read back canonical."""
    e = example_encounter(
        referring_provider=Provider(npi="1003000126", last_name="JONES", taxonomy_code="207Q00000X")
    )
    line = e.service_lines[0]
    e = attrs.evolve(
        e,
        service_lines=(
            attrs.evolve(
                line, place_of_service=e.place_of_service, service_date_end=line.service_date
            ),
        ),
    )
    text = build_837p(
        [e],
        submitter=Submitter(name="S", id="SUB1", contact_name="C", phone="5551234567"),
        receiver=Receiver(name="R", id="RCV1"),
        control_number=1,
        created_at=dt.datetime(2024, 1, 1),
    )
    (back,) = parse_837p(text, strict=True)
    assert back.service_lines[0].place_of_service is None  # SV105 only when it differs
    assert back.service_lines[0].service_date_end is None  # one day is D8, not RD8
    assert back.referring_provider is not None
    assert back.referring_provider.taxonomy_code is None  # 2310A has no PRV
    assert back.diagnosis_codes == ("E119", "I10")  # HI carries ICD-10-CM codes without the dot
    assert back == attrs.evolve(
        e,
        diagnosis_codes=("E119", "I10"),
        referring_provider=attrs.evolve(e.referring_provider, taxonomy_code=None),
        service_lines=(
            attrs.evolve(e.service_lines[0], place_of_service=None, service_date_end=None),
        ),
    )
