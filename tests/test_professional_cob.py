"""Other payers (COB) on encounters: JSON round trip, rules with paths, pyx12-clean builds."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from strategies_837p import encounter, example_encounter
from strategies_cob import with_other_payers

from medclaims.errors import EncounterValidationError
from medclaims.professional import (
    Receiver,
    Submitter,
    build_837p,
    check_encounter,
    load_encounters,
    unstructure_encounters,
)
from medclaims.professional.cob import CobAdjustment, LineAdjudication, OtherPayer, OtherSubscriber
from medclaims.professional.reader import parse_837p
from medclaims.pyx12_validation import validate

SUBMITTER = Submitter(name="CLINIC", id="CLINIC01", contact_name="DESK", phone="5555550100")
RECEIVER = Receiver(name="CLEARINGHOUSE", id="CH01")


def _build(encounters: list) -> str:  # type: ignore[type-arg]
    return build_837p(
        encounters,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=3,
        created_at=dt.datetime(2031, 1, 2, 3, 4),
    )


@st.composite
def cob_encounters(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    e = draw(encounter(max_lines=3))
    return draw(with_other_payers(e))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(e=cob_encounters())
def test_json_round_trip_with_other_payers(e) -> None:  # type: ignore[no-untyped-def]
    assert [i for i in check_encounter(e) if i.severity == "error"] == []
    text = json.dumps(unstructure_encounters([e]))
    assert load_encounters(text) == (e,)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # pyx12 makes shrinking very slow
)
@given(e=cob_encounters())
def test_built_cob_claims_are_pyx12_clean(e) -> None:  # type: ignore[no-untyped-def]
    x12 = _build([e])
    assert [i for i in validate(x12) if i.severity == "error"] == []
    assert x12.count("SBR*") == 1 + len(e.other_payers)
    (back,) = parse_837p(x12)
    assert back.other_payers == e.other_payers


def _primary() -> OtherPayer:
    e = example_encounter()
    l1, l2 = e.service_lines
    day = dt.date(2024, 4, 1)
    return OtherPayer(
        responsibility="P",
        payer_id="PRIM1",
        payer_name="PRIMARY PLAN",
        subscriber=OtherSubscriber(member_id="SECRETMEMBER", last_name="SECRETNAME"),
        paid_amount=Decimal(90),
        line_adjudications=(
            LineAdjudication(
                line_number=1,
                paid_amount=Decimal(80),
                procedure_code="99213",
                adjudication_date=day,
                adjustments=(
                    CobAdjustment(group_code="PR", reason_code="2", amount=l1.charge - 80),
                ),
            ),
            LineAdjudication(
                line_number=2,
                paid_amount=Decimal(10),
                procedure_code="J3490",
                adjudication_date=day,
                adjustments=(
                    CobAdjustment(group_code="CO", reason_code="45", amount=l2.charge - 10),
                ),
            ),
        ),
    )


def _errors(e) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {i.path: i.code for i in check_encounter(e) if i.severity == "error"}  # type: ignore[misc]


def test_balanced_primary_passes() -> None:
    e = example_encounter(payer_responsibility="S", other_payers=(_primary(),))
    assert _errors(e) == {}


def test_line_and_claim_balancing_are_reported_with_paths() -> None:
    op = _primary()
    la = attrs.evolve(op.line_adjudications[0], paid_amount=Decimal(81))
    e = example_encounter(
        payer_responsibility="S",
        other_payers=(attrs.evolve(op, line_adjudications=(la, op.line_adjudications[1])),),
    )
    errors = _errors(e)
    assert errors["encounter.other_payers[0].line_adjudications"] == "cob-line-unbalanced"
    e2 = example_encounter(
        payer_responsibility="S", other_payers=(attrs.evolve(op, paid_amount=Decimal(91)),)
    )
    assert _errors(e2) == {"encounter.other_payers[0].paid_amount": "cob-claim-unbalanced"}
    for issue in check_encounter(e) + check_encounter(e2):
        assert "SECRET" not in issue.message


def test_adjudication_date_rules() -> None:
    op = _primary()
    both = attrs.evolve(op, adjudication_date=dt.date(2024, 4, 1))
    e = example_encounter(payer_responsibility="S", other_payers=(both,))
    assert _errors(e) == {"encounter.other_payers[0].adjudication_date": "unexpected-field"}
    claim_only = attrs.evolve(
        op,
        line_adjudications=(),
        adjustments=(CobAdjustment(group_code="CO", reason_code="45", amount=Decimal("30.50")),),
    )
    e = example_encounter(payer_responsibility="S", other_payers=(claim_only,))
    assert _errors(e) == {"encounter.other_payers[0].adjudication_date": "missing-field"}


def test_responsibility_must_differ_and_unadjudicated_payer_has_nothing() -> None:
    op = attrs.evolve(_primary(), responsibility="P")
    e = example_encounter(payer_responsibility="P", other_payers=(op,))
    assert _errors(e)["encounter.other_payers[0].responsibility"] == "duplicate"
    bare = attrs.evolve(_primary(), paid_amount=None)
    e = example_encounter(payer_responsibility="S", other_payers=(bare,))
    assert _errors(e)["encounter.other_payers[0].paid_amount"] == "missing-field"
    info_only = attrs.evolve(bare, line_adjudications=(), responsibility="S")
    e = example_encounter(payer_responsibility="P", other_payers=(info_only,))
    assert _errors(e) == {}
    assert "SBR*S*18" in _build([e])


def test_repr_hides_identity() -> None:
    text = repr(_primary())
    assert "SECRET" not in text and "PRIM1" not in text


# -- issue 17: encounter input ----------------------------------------------------------------


def _dated(value: str) -> str:
    data = unstructure_encounters([example_encounter()])
    data[0]["service_lines"][0]["service_date"] = value
    return json.dumps(data)


@pytest.mark.parametrize("text", ["04/12/68", "4-12-68", "Jan 31, 24"])
def test_two_digit_years_are_refused_saying_so(text: str) -> None:
    with pytest.raises(EncounterValidationError) as info:
        load_encounters(_dated(text))
    (issue,) = info.value.issues
    assert issue.path == "encounters[0].service_lines[0].service_date"
    assert "four-digit year" in issue.message


@pytest.mark.parametrize("text", ["2024-03-04T10:00", "2024-03-04 10:00", "03/04/2024 10:00"])
def test_date_times_are_refused_saying_so(text: str) -> None:
    with pytest.raises(EncounterValidationError) as info:
        load_encounters(_dated(text))
    assert "without a time of day" in info.value.issues[0].message


def test_a_path_is_refused_like_every_reader(tmp_path: Path) -> None:
    from medclaims.remittance import parse_835

    path = tmp_path / "e.json"
    path.write_text("[]")
    with pytest.raises(TypeError) as ours:
        load_encounters(path)  # type: ignore[arg-type]
    with pytest.raises(TypeError) as theirs:
        parse_835(path)  # type: ignore[arg-type]
    assert str(ours.value) == str(theirs.value)


@pytest.mark.parametrize("depth", [10_000, 200_000])
def test_deeply_nested_json_is_a_medclaims_error(depth: int) -> None:
    with pytest.raises(EncounterValidationError) as info:
        load_encounters("[" * depth + "]" * depth)
    assert info.value.issues[0].code in ("nesting-too-deep", "invalid-value")


@given(
    e=encounter(max_lines=3),
    spell=st.sampled_from(["normalize", "cents", "exponent"]),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_money_in_any_notation_round_trips_through_json(e, spell: str) -> None:  # type: ignore[no-untyped-def]
    def respell(value: Decimal) -> Decimal:
        if spell == "normalize":
            return value.normalize()
        if spell == "cents":
            return value.quantize(Decimal("0.01"))
        sign, digits, exponent = value.normalize().as_tuple()
        return Decimal((sign, digits, exponent))  # 100 -> 1E+2

    lines = tuple(
        attrs.evolve(ln, charge=respell(ln.charge), units=respell(ln.units))
        for ln in e.service_lines
    )
    e = attrs.evolve(e, service_lines=lines)
    assert [i for i in check_encounter(e) if i.severity == "error"] == []
    text = json.dumps(unstructure_encounters([e]))
    assert load_encounters(text) == (e,)


def test_exponent_charge_example() -> None:
    line = attrs.evolve(example_encounter().service_lines[0], charge=Decimal("1E+2"))
    e = example_encounter(service_lines=(line,))
    text = json.dumps(unstructure_encounters([e]))
    assert '"charge": "100"' in text
    assert load_encounters(text) == (e,)
