"""Acknowledgements in reconciliation, hand-worked on the story of ``samples/acks/``.

``samples/claims.837`` (sent 11 March 2024, ISA13 000000001) bills PCN-2024-0001
(292.50), PCN-2024-0002 (182.00) and PCN-2024-0003 (130.00). Its 999 accepts the
transaction set; the 277CA of 14 March accepts 0001 into adjudication (A2), rejects
0002 (A7/562/85: the billing provider's NPI) and does not name 0003. 0002 is
corrected and sent again on 18 March (``corrected.837``); its 277CA of 20 March
accepts it. No payment has come: each claim's state is the acknowledgements' answer
to its latest submission, aged at 25 March.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from _shared import SAMPLES
from strategies_payer import clp, remit

from medclaims.acks.parser import read_acks
from medclaims.cli import main
from medclaims.professional.reader import parse_837p, read_837p
from medclaims.reconcile import ClaimState, Reconciliation, build_report, reconcile
from medclaims.reconcile.reports import (
    ActionKind,
    action_items,
    from_json,
    overall_summary,
    render_report_html,
    to_json,
)

D = Decimal
ACKS = SAMPLES / "acks"
AS_OF = dt.date(2024, 3, 25)
NPI_REJECTION = (
    "A7/562/85: Rejected: information not valid; Entity National Provider Identifier; "
    "Billing provider",
)


def _bytes(name: str) -> bytes:
    return (SAMPLES / name if name == "claims.837" else ACKS / name).read_bytes()


def _claims() -> list:  # type: ignore[type-arg]
    return parse_837p(_bytes("claims.837"))


def _first_round() -> list:  # type: ignore[type-arg]
    return [read_acks(_bytes("claims.999")), read_acks(_bytes("claims.277ca"))]


def _both_rounds() -> list:  # type: ignore[type-arg]
    return [
        *_first_round(),
        read_acks(_bytes("corrected.999")),
        read_acks(_bytes("corrected.277ca")),
    ]


def test_first_round_rejected_accepted_not_acknowledged() -> None:
    result = reconcile(
        _claims(),
        [],
        as_of=AS_OF,
        acks=_first_round(),
        sent=[read_837p(_bytes("claims.837"))],
    )
    assert not result.issues
    first, second, third = result.claims
    assert first.state is ClaimState.ACCEPTED
    assert first.acknowledged_on == dt.date(2024, 3, 14)
    assert first.age_days == 11  # aged from the 277CA: 14 to 25 March
    assert second.state is ClaimState.REJECTED
    assert second.acknowledgement_reasons == NPI_REJECTION
    assert third.state is ClaimState.NOT_ACKNOWLEDGED and third.acknowledged_on is None
    assert third.acknowledgement_reasons == (
        "no claim acknowledgement 14 days after sending",  # 11 to 25 March, past 7 days
    )
    items = [(i.kind, i.patient_control_number, i.amount, i.reasons) for i in action_items(result)]
    assert items == [
        (ActionKind.CORRECT_AND_RESUBMIT, "PCN-2024-0002", D(182), NPI_REJECTION),
        (
            ActionKind.FOLLOW_UP_ACKNOWLEDGEMENT,
            "PCN-2024-0003",
            D(130),
            ("no claim acknowledgement 14 days after sending",),
        ),
    ]
    total = overall_summary(result)
    assert (total.claims, total.adjudicated, total.pending) == (3, 0, 0)
    assert (total.rejected, total.accepted, total.not_acknowledged) == (1, 1, 1)
    assert from_json(to_json(result), Reconciliation) == result
    page = render_report_html(build_report(result))
    assert "<td>correct and resubmit</td>" in page and "<th class=num>not ack.</th>" in page
    assert "A7/562/85: Rejected" in page
    # Without acknowledgements the same claims are all pending, nothing to work.
    plain = reconcile(_claims(), [], as_of=AS_OF)
    assert [c.state for c in plain.claims] == [ClaimState.PENDING] * 3
    assert action_items(plain) == []


def test_before_the_follow_up_threshold_no_action() -> None:
    result = reconcile(_claims(), [], as_of=AS_OF, acks=_first_round(), follow_up_after=30)
    assert result.claims[2].state is ClaimState.NOT_ACKNOWLEDGED
    assert result.claims[2].acknowledgement_reasons == ()
    kinds = [i.kind for i in action_items(result)]
    assert kinds == [ActionKind.CORRECT_AND_RESUBMIT]


def test_without_envelopes_277ca_still_matches_by_claim_id() -> None:
    # sent not given: claims have no envelope keys; the 999 matches nothing (issues),
    # the 277CA answers by CLM01; with no sending date, no follow-up is due.
    result = reconcile(_claims(), [], as_of=AS_OF, acks=_first_round())
    assert [c.state for c in result.claims] == [
        ClaimState.ACCEPTED,
        ClaimState.REJECTED,
        ClaimState.NOT_ACKNOWLEDGED,
    ]
    assert result.issues and all("PCN-" not in i.message for i in result.issues)
    assert [i.kind for i in action_items(result)] == [ActionKind.CORRECT_AND_RESUBMIT]


def test_the_resubmission_is_accepted_and_a_payment_follows_it() -> None:
    sent = [read_837p(_bytes("claims.837")), read_837p(_bytes("corrected.837"))]
    result = reconcile(_claims(), [], as_of=AS_OF, acks=_both_rounds(), sent=sent)
    assert not result.issues
    second = result.claims[1]
    assert second.state is ClaimState.ACCEPTED
    assert second.acknowledged_on == dt.date(2024, 3, 20)
    assert second.age_days == 5  # 20 to 25 March
    assert second.acknowledgement_reasons == (
        "A2/20: Accepted into adjudication; Accepted for processing",
    )
    assert ActionKind.CORRECT_AND_RESUBMIT not in [i.kind for i in action_items(result)]
    # The payer pays the resubmission: the payment decides, the acknowledgement does not.
    paid = remit("T1", dt.date(2024, 4, 2), clp("PCN-2024-0002", "182", "182"), payer_id="PHP01")
    after = reconcile(_claims(), [paid], acks=_both_rounds(), sent=sent)
    states = [c.state for c in after.claims]
    assert states == [ClaimState.ACCEPTED, ClaimState.PAID, ClaimState.NOT_ACKNOWLEDGED]
    assert after.claims[1].acknowledged_on is None
    assert after.claims[0].age_days == (dt.date(2024, 4, 2) - dt.date(2024, 3, 14)).days


def test_command_line_acks_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The folder's 999s and 277CAs are read (corrected.837 and make_acks.py are not); the
    # claims file is claims.837 alone, so corrected.999 names a group not sent (an issue)
    # and corrected.277CA answers PCN-2024-0002 (sent before it): accepted.
    code = main(
        [
            "reconcile",
            "--claims",
            str(SAMPLES / "claims.837"),
            "--remits",
            str(SAMPLES / "remit-basic.835"),
            "--acks",
            str(ACKS),
            "--as-of",
            "2024-03-25",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "accepted 2, not_acknowledged 1" in printed
    assert "ack-unknown-group" in printed
    with (tmp_path / "claims.csv").open(newline="") as fh:
        states = {r["patient_control_number"]: r["state"] for r in csv.DictReader(fh)}
    assert states == {
        "PCN-2024-0001": "accepted",
        "PCN-2024-0002": "accepted",
        "PCN-2024-0003": "not_acknowledged",
    } | {k: v for k, v in states.items() if not k.startswith("PCN-2024")}
    with (tmp_path / "actions.csv").open(newline="") as fh:
        actions = [
            (r["kind"], r["patient_control_number"], r["reasons"]) for r in csv.DictReader(fh)
        ]
    assert (
        "follow_up_acknowledgement",
        "PCN-2024-0003",
        "no claim acknowledgement 14 days after sending",
    ) in actions
    # Only the first round: PCN-2024-0002 is rejected, to correct and resubmit.
    first = tmp_path / "first"
    first.mkdir()
    for name in ("claims.999", "claims.277ca"):
        (first / name).write_bytes((ACKS / name).read_bytes())
    out = tmp_path / "out1"
    assert (
        main(
            [
                "reconcile",
                "--claims",
                str(SAMPLES / "claims.837"),
                "--remits",
                str(SAMPLES / "remit-basic.835"),
                "--acks",
                str(first),
                "--as-of",
                "2024-03-25",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with (out / "actions.csv").open(newline="") as fh:
        kinds = {r["patient_control_number"]: r["kind"] for r in csv.DictReader(fh)}
    assert kinds["PCN-2024-0002"] == "correct_and_resubmit"
