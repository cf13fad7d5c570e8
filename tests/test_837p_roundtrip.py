"""Build → read: ``parse_837p(build_837p(encounters)) == encounters`` for random valid batches.

The builder groups claims under their billing provider, subscriber and patient
(HL 20/22/23, :func:`medclaims.professional.hierarchy.group_claims`), so the
file lists claims in that grouped order: the reader must give back exactly the
encounters drawn, in that order, with nothing reported.

Three things the 837P cannot carry are normalized in the *expected* side
(:func:`as_written`), each for a reason stated in the guide, not in our code:
a line place of service equal to the claim's is not sent (SV105 is only for a
different one), a service date range that ends where it starts is a D8 date,
and a referring provider has no taxonomy (2310A has no PRV).
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_837p import encounters

from medclaims.professional.builder import build_837p
from medclaims.professional.hierarchy import group_claims
from medclaims.professional.model import Encounter, Receiver, ServiceLine, Submitter
from medclaims.professional.reader import parse_837p, read_837p

_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_words = st.text(alphabet=_ALNUM + " ", min_size=1, max_size=30).map(str.strip).filter(bool)

submitters = st.builds(
    Submitter, name=_words, id=st.text(alphabet=_ALNUM, min_size=2, max_size=15),
    contact_name=_words,
    phone=st.none() | st.text(alphabet="0123456789", min_size=10, max_size=10).filter(
        lambda p: p[0] not in "01"),
    email=st.none() | st.just("edi@example.com"),
    id_qualifier=st.sampled_from(["ZZ", "01", "30"]),
).filter(lambda s: s.phone is not None or s.email is not None)
receivers = st.builds(Receiver, name=_words, id=st.text(alphabet=_ALNUM, min_size=2, max_size=15),
                      id_qualifier=st.sampled_from(["ZZ", "01", "30"]))
timestamps = st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2030, 12, 31)
                          ).map(lambda t: t.replace(second=0, microsecond=0))


def _line_as_written(line: ServiceLine, claim_pos: str) -> ServiceLine:
    return attrs.evolve(
        line,
        place_of_service=None if line.place_of_service == claim_pos else line.place_of_service,
        service_date_end=None if line.service_date_end == line.service_date
        else line.service_date_end,
    )


def as_written(e: Encounter) -> Encounter:
    """``e`` as an 837P can state it (see the module docstring)."""
    referring = e.referring_provider
    return attrs.evolve(
        e,
        service_lines=tuple(_line_as_written(li, e.place_of_service) for li in e.service_lines),
        referring_provider=attrs.evolve(referring, taxonomy_code=None) if referring else None,
    )


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
@given(batch=encounters(max_size=4, max_lines=3), submitter=submitters, receiver=receivers,
       created_at=timestamps, control=st.integers(1, 999_999_999), breaks=st.booleans())
def test_build_then_read_gives_the_encounters_back(
        batch: list[Encounter], submitter: Submitter, receiver: Receiver,
        created_at: dt.datetime, control: int, breaks: bool) -> None:
    text = build_837p(batch, submitter=submitter, receiver=receiver, control_number=control,
                      created_at=created_at, line_breaks=breaks)
    result = read_837p(text, strict=True)
    assert result.encounters == [as_written(e) for e in file_order(batch)]
    assert result.issues == ()
    (tx,) = result.transactions
    assert tx.submitter == submitter
    assert tx.receiver == receiver
    assert tx.created_at == created_at
    assert tx.interchange.control_number == f"{control:09d}"


@settings(max_examples=20, deadline=None)
@given(batch=encounters(min_size=3, max_size=6, max_lines=2), submitter=submitters,
       receiver=receivers)
def test_several_transaction_sets_read_in_order(
        batch: list[Encounter], submitter: Submitter, receiver: Receiver) -> None:
    text = build_837p(batch, submitter=submitter, receiver=receiver, control_number=7,
                      created_at=dt.datetime(2024, 5, 6, 7, 8), max_claims_per_transaction=2)
    result = read_837p(text)
    assert [len(t.encounters) for t in result.transactions] == [
        len(batch[i:i + 2]) for i in range(0, len(batch), 2)]
    expected = [as_written(e) for i in range(0, len(batch), 2)
                for e in file_order(batch[i:i + 2])]
    assert parse_837p(text) == expected
    assert result.issues == ()


@settings(max_examples=10, deadline=None)
@given(batch=encounters(max_size=1, max_lines=2))
def test_a_single_claim_reads_back_in_the_same_order(batch: list[Encounter]) -> None:
    one = batch[:1]
    text = build_837p(one, submitter=Submitter(name="S", id="SUB1", contact_name="C",
                                               phone="5551234567"),
                      receiver=Receiver(name="R", id="RCV1"), control_number=1,
                      created_at=dt.datetime(2024, 1, 1))
    assert parse_837p(text, strict=True) == [as_written(one[0])]
