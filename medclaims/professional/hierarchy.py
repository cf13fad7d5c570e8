"""Group claims into the 837P HL hierarchy and number it.

Strategy: the 837P nests claims under who bills (2000A), who is insured with
which payer (2000B) and, when the patient is not the subscriber, who was
treated (2000C). :func:`group_claims` buckets encounters by those parties in
order of first appearance, so the same input always gives the same tree;
:func:`number_levels` walks the tree and assigns HL01/HL02/HL04.

Rules (TR3 2000B/2000C notes): a subscriber who is the patient gets SBR02=18,
HL04=0 and claims directly under 2000B; otherwise SBR02 is empty, HL04=1 and a
2000C per patient holds the claims. Self and dependent claims of one
subscriber therefore go in two different 2000B loops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import attrs

from medclaims.professional.model import (
    BillingProvider,
    ClaimAddress,
    ClaimPayer,
    Encounter,
    Patient,
    Subscriber,
)

__all__ = [
    "MAX_CLAIMS_PER_LEVEL",
    "BillingGroup",
    "HierarchyLevel",
    "PatientGroup",
    "SubscriberGroup",
    "group_claims",
    "number_levels",
]

MAX_CLAIMS_PER_LEVEL = 100
"""Loop 2300 repeats at most 100 times under one 2000B or 2000C."""


@attrs.define
class PatientGroup:
    """Loop 2000C: one dependent patient and their claims."""

    patient: Patient
    """The patient (2010CA)."""
    claims: list[Encounter] = attrs.Factory(list)
    """Claims of this patient (2300 under 2000C)."""


@attrs.define
class SubscriberGroup:
    """Loop 2000B: one subscriber with one payer, as patient or for dependents."""

    subscriber: Subscriber
    """The subscriber (2010BA)."""
    payer: ClaimPayer
    """The payer (2010BB)."""
    payer_responsibility: str
    """SBR01."""
    claim_filing_indicator: str
    """SBR09."""
    is_patient: bool
    """True when the subscriber is the patient (SBR02=18, claims directly under 2000B)."""
    claims: list[Encounter] = attrs.Factory(list)
    """Claims of the subscriber as patient."""
    patients: list[PatientGroup] = attrs.Factory(list)
    """Dependents, in order of first appearance."""
    _open_patients: dict[Patient, PatientGroup] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )


@attrs.define
class BillingGroup:
    """Loop 2000A: one billing provider (and pay-to address)."""

    billing_provider: BillingProvider
    """The billing provider (2010AA)."""
    pay_to_address: ClaimAddress | None
    """Pay-to address (2010AB), if any."""
    subscribers: list[SubscriberGroup] = attrs.Factory(list)
    """Subscriber loops, in order of first appearance."""
    _open_subscribers: dict[tuple[object, ...], SubscriberGroup] = attrs.field(
        factory=dict, init=False, repr=False, eq=False
    )


def group_claims(encounters: Iterable[Encounter]) -> list[BillingGroup]:
    """Bucket encounters into 2000A → 2000B → (2000C) → claims, in first-seen order.

    A subscriber or patient loop holds at most :data:`MAX_CLAIMS_PER_LEVEL`
    claims (loop 2300 repeats 100 times per HL); more start a new loop.
    """
    billing: dict[tuple[BillingProvider, ClaimAddress | None], BillingGroup] = {}
    for e in encounters:
        bkey = (e.billing_provider, e.pay_to_address)
        bgroup = billing.get(bkey)
        if bgroup is None:
            bgroup = billing[bkey] = BillingGroup(e.billing_provider, e.pay_to_address)
        is_patient = e.patient is None
        skey = (e.subscriber, e.payer, e.payer_responsibility, e.claim_filing_indicator, is_patient)
        sgroup = bgroup._open_subscribers.get(skey)
        if sgroup is None or (is_patient and len(sgroup.claims) >= MAX_CLAIMS_PER_LEVEL):
            sgroup = SubscriberGroup(
                e.subscriber,
                e.payer,
                e.payer_responsibility,
                e.claim_filing_indicator,
                is_patient,
            )
            bgroup._open_subscribers[skey] = sgroup
            bgroup.subscribers.append(sgroup)
        if e.patient is None:
            sgroup.claims.append(e)
            continue
        pgroup = sgroup._open_patients.get(e.patient)
        if pgroup is None or len(pgroup.claims) >= MAX_CLAIMS_PER_LEVEL:
            pgroup = sgroup._open_patients[e.patient] = PatientGroup(e.patient)
            sgroup.patients.append(pgroup)
        pgroup.claims.append(e)
    return list(billing.values())


@attrs.frozen
class HierarchyLevel:
    """One HL segment's numbers, with the group it opens."""

    id: int
    """HL01: sequential from 1 within the transaction."""
    parent_id: int | None
    """HL02: the parent's HL01 (None for 2000A)."""
    level_code: str
    """HL03: 20 billing provider, 22 subscriber, 23 patient."""
    has_children: bool
    """HL04: 1 when child HL loops follow."""
    group: BillingGroup | SubscriberGroup | PatientGroup
    """The loop's content."""


def number_levels(groups: list[BillingGroup]) -> Iterator[HierarchyLevel]:
    """Every HL of the transaction in output order, numbered (HL01 from 1, +1 per HL)."""
    next_id = 1
    for bgroup in groups:
        billing_id = next_id
        next_id += 1
        yield HierarchyLevel(billing_id, None, "20", True, bgroup)
        for sgroup in bgroup.subscribers:
            subscriber_id = next_id
            next_id += 1
            yield HierarchyLevel(subscriber_id, billing_id, "22", not sgroup.is_patient, sgroup)
            for pgroup in sgroup.patients:
                yield HierarchyLevel(next_id, subscriber_id, "23", False, pgroup)
                next_id += 1
