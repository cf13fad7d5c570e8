"""Reconciliation wired to billing: further payers read from a real 837P file, and the
``bill_secondary`` action item that :func:`medclaims.billing.secondary_claim` answers.

Hand-worked: the encounter bills 120.50 (99213-25 for 100.00, J3490 x2 for 20.50) to
PAYA as primary (SBR01 P) and names PAYB as secondary (2320 SBR01 S, 2330B NM109 PAYB).
PAYA pays 70.50: line 1 paid 60 with CO-45 20 and PR-2 20, line 2 paid 10.50 with PR-1
10, so 30.00 is left that PAYA calls the patient's, which PAYB is billed for next.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cob_835 import ClpSpec, PayerSpec, SvcSpec, remittance_text
from strategies_837p import example_encounter

from medclaims.billing import secondary_claim
from medclaims.professional import ClaimPayer, Encounter, Receiver, Submitter, build_837p
from medclaims.professional.cob import OtherPayer, OtherSubscriber
from medclaims.professional.reader import parse_837p
from medclaims.pyx12_validation import validate
from medclaims.reconcile import ClaimState, reconcile
from medclaims.reconcile.reports import ActionKind, action_items
from medclaims.remittance import iter_835, parse_835

D = Decimal
SUBMITTER = Submitter(name="CLINIC", id="CLINIC01", contact_name="DESK", phone="5555550100")
RECEIVER = Receiver(name="CLEARINGHOUSE", id="CH01")
PAID_ON = dt.date(2024, 4, 1)
SECONDARY = OtherPayer(
    responsibility="S",
    payer_id="PAYB",
    payer_name="PLAN PAYB",
    subscriber=OtherSubscriber(member_id="SEC123", last_name="Doe", first_name="Jan"),
)


def _encounter(*others: OtherPayer) -> Encounter:
    return example_encounter(
        payer=ClaimPayer(name="PLAN PAYA", payer_id="PAYA"),
        payer_responsibility="P",
        other_payers=others,
    )


def _x12(encounters: list[Encounter], control_number: int = 7) -> str:
    return build_837p(
        encounters,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=control_number,
        created_at=dt.datetime(2031, 1, 2, 3, 4),
    )


def _read_back(encounter: Encounter) -> Encounter:
    (read,) = parse_837p(_x12([encounter]))
    assert isinstance(read, Encounter)
    return read


def _primary(e: Encounter) -> str:
    """PAYA's 835: paid 70.50 of 120.50, CO-45 20, patient 30 (PR-2 20, PR-1 10)."""
    l1, l2 = e.service_lines
    svcs = (
        SvcSpec(
            0,
            "99213",
            ("25",),
            None,
            l1.charge,
            D(60),
            (("CO", "45", D(20)), ("PR", "2", D(20))),
            D(1),
            None,
            l1.service_date,
        ),
        SvcSpec(
            1,
            "J3490",
            (),
            None,
            l2.charge,
            D("10.50"),
            (("PR", "1", D(10)),),
            D(2),
            None,
            l2.service_date,
        ),
    )
    clp = ClpSpec("1", e.total_charge, D("70.50"), D(30), (), svcs, "ICN9")
    return remittance_text(PayerSpec("PAYA", PAID_ON, (clp,), (clp,)), e)


def test_a_claim_file_with_a_secondary_awaits_it_after_the_primary_paid() -> None:
    read = _read_back(_encounter(SECONDARY))
    assert [(o.responsibility, o.payer_id) for o in read.other_payers] == [("S", "PAYB")]
    remits = parse_835(_primary(read))
    (claim,) = reconcile([read], remits).claims
    assert claim.state is ClaimState.AWAITING_NEXT_PAYER
    a = claim.amounts
    assert (a.billed, a.paid, a.contractual, a.patient_responsibility) == (
        D("120.50"),
        D("70.50"),
        D(20),
        D(30),
    )
    # The same file without the 2320/2330B loop: PAYA's word is final, the claim is paid.
    (alone,) = reconcile([_read_back(_encounter())], remits).claims
    assert alone.state is ClaimState.PAID


def test_bill_secondary_is_an_action_item_that_secondary_claim_answers() -> None:
    read = _read_back(_encounter(SECONDARY))
    primary = _primary(read)
    result = reconcile([read], parse_835(primary))
    items = [i for i in action_items(result) if i.kind is ActionKind.BILL_SECONDARY]
    assert len(items) == 1
    (item,) = items
    # The balance PAYA left to PAYB: 120.50 − 70.50 paid − 20 contractual = 30.
    assert (item.payer_id, item.amount) == ("PAYA", D(30))
    assert (item.patient_control_number, item.payer_claim_control_number) == ("CLAIM-1", "ICN9")
    # Largest first: CO-45 20 and PR-2 20 (a tie), then PR-1 10.
    assert set(item.carc_codes[:2]) == {"CO-45", "PR-2"} and item.carc_codes[2:] == ("PR-1",)
    # What the item asks for: PAYB's claim, built from the encounter and PAYA's 835.
    paid_by = [
        rc
        for rc in iter_835(primary)
        if rc.claim.patient_control_number == item.patient_control_number
    ]
    secondary = secondary_claim(
        read, paid_by, payer=ClaimPayer(name=SECONDARY.payer_name, payer_id=SECONDARY.payer_id)
    )
    assert secondary.payer.payer_id == "PAYB"
    assert secondary.payer_responsibility == "S"
    (paya,) = secondary.other_payers
    assert (paya.responsibility, paya.payer_id, paya.paid_amount) == ("P", "PAYA", D("70.50"))
    assert [i for i in validate(_x12([secondary], 8)) if i.severity == "error"] == []


def test_no_bill_secondary_without_a_further_payer_or_after_a_crossover() -> None:
    read = _read_back(_encounter())
    result = reconcile([read], parse_835(_primary(read)))
    assert not [i for i in action_items(result) if i.kind is ActionKind.BILL_SECONDARY]
    # PAYA forwarded the claim itself (CLP02 19): awaiting the crossover, nothing to bill.
    forwarded = _primary(read).replace("*1*120.5*", "*19*120.5*")
    assert "*19*120.5*" in forwarded
    (claim,) = (result := reconcile([read], parse_835(forwarded))).claims
    assert claim.state is ClaimState.AWAITING_NEXT_PAYER
    assert not [i for i in action_items(result) if i.kind is ActionKind.BILL_SECONDARY]


def _secondary_paid(e: Encounter) -> str:
    """PAYB's 835 for the claim secondary_claim built (CLP02 2): of the 30.00 PAYA left,
    line 1 (20 left) paid 16 with PR-2 4, line 2 (10 left) paid 9 with PR-1 1; what
    PAYA settled is OA-23 (80 and 10.50). Paid 25, patient 5."""
    l1, l2 = e.service_lines
    svcs = (
        SvcSpec(
            0,
            "99213",
            ("25",),
            None,
            l1.charge,
            D(16),
            (("OA", "23", D(80)), ("PR", "2", D(4))),
            D(1),
            None,
            l1.service_date,
        ),
        SvcSpec(
            1,
            "J3490",
            (),
            None,
            l2.charge,
            D(9),
            (("OA", "23", D("10.50")), ("PR", "1", D(1))),
            D(2),
            None,
            l2.service_date,
        ),
    )
    clp = ClpSpec("2", e.total_charge, D(25), D(5), (), svcs, "ICNB7")
    return remittance_text(PayerSpec("PAYB", dt.date(2024, 4, 20), (clp,), (clp,)), e)


def test_the_secondary_pays_the_claim_secondary_claim_built_patient_owes_its_share() -> None:
    read = _read_back(_encounter(SECONDARY))
    primary = _primary(read)
    built = secondary_claim(
        read,
        list(iter_835(primary)),
        payer=ClaimPayer(name=SECONDARY.payer_name, payer_id=SECONDARY.payer_id),
    )
    (sent,) = parse_837p(_x12([built], 8))  # what PAYB received, read back
    secondary = _secondary_paid(sent)
    result = reconcile([read], [*parse_835(primary), *parse_835(secondary)])
    (claim,) = result.claims
    assert claim.state is ClaimState.PAID
    assert [p.payer_id for p in claim.payments] == ["PAYA", "PAYB"]
    a = claim.amounts
    # paid 70.50 + 25; contractual PAYA's CO-45 20; OA-23 90.50 is what PAYA's own
    # remittance already accounts for (70.50 + 20): other 0; the patient owes PAYB's
    # PR 5 alone (not PAYA's 30); billed 120.50 = 95.50 + 20 + 0 + 5 + 0.
    assert (a.paid, a.contractual, a.other_adjustments, a.patient_responsibility) == (
        D("95.50"),
        D(20),
        D(0),
        D(5),
    )
    assert a.open_balance == 0
    assert [line.amounts.patient_responsibility for line in claim.lines] == [D(4), D(1)]
    assert not [i for i in action_items(result) if i.kind is ActionKind.BILL_SECONDARY]
