"""Records: frozen, PHI masked in repr and issues, fast builder equal to __init__."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from test_remittance_parser import text_835

from medclaims.remittance import (
    Adjustment,
    ClaimPayment,
    Entity,
    Payment,
    Procedure,
    ProviderAdjustment,
    RemittanceHeader,
    ServicePayment,
    parse_835,
)
from medclaims.remittance.records import build_record, record_template

SENTINEL = "PHISENTINEL"


def phi_text() -> str:
    s = SENTINEL
    header = [
        f"BPR*I*10*C*ACH*CCP*01*{s}1*DA*{s}2*1512345678**01*{s}3*DA*{s}4*20260115",
        "TRN*1*EFT1*1512345678",
        f"REF*EV*{s}5",
        f"REF*F2*{s}6",
        "N1*PR*PLAN",
        f"N3*{s}7",
        f"N4*{s}8*IL*{s}9",
        f"PER*CX*{s}10*TE*{s}11",
        f"N1*PE*{s}12*FI*{s}13",
        f"N3*{s}14",
        f"REF*TJ*{s}15",
    ]
    body = [
        "LX*1",
        f"CLP*{s}16*1*10*10**12*ICN1*11*1",
        f"NM1*QC*1*{s}17*{s}18*{s}19*{s}20*{s}21*MI*{s}22",
        f"NM1*IL*1*{s}23*{s}24****MI*{s}25",
        f"REF*1L*{s}26",
        f"PER*CX*{s}27*TE*{s}28",
        "SVC*HC:99213*10*10**1",
        f"REF*6R*{s}29",
        f"REF*LU*{s}30",
    ]
    return text_835(body, "10", header=header)


def test_reprs_hide_phi() -> None:
    [rem] = parse_835(phi_text())
    assert rem.issues == ()
    assert rem.claims[0].patient.last_name == f"{SENTINEL}17"  # the data is there...
    assert SENTINEL not in repr(rem)  # ...but never in a repr
    for record in (
        rem.header,
        rem.payment,
        rem.payee,
        rem.payer,
        rem.claims[0],
        rem.claims[0].service_lines[0],
    ):
        assert SENTINEL not in repr(record)


def test_issues_hide_phi() -> None:
    text = phi_text().replace("CLP*PHISENTINEL16*1*10*10", "CLP*PHISENTINEL16*1*10*X")
    text = text.replace("SVC*HC:99213*10*10**1", "SVC*HC:99213*10*10**1*PHISENTINEL31")
    [rem] = parse_835(text.replace("N3*PHISENTINEL7", "N3*PHISENTINEL7~ZZ*PHISENTINEL32"))
    assert rem.issues
    assert all(SENTINEL not in str(i) and SENTINEL not in repr(i) for i in rem.issues)


def test_records_are_frozen() -> None:
    claim = ClaimPayment("P", "1", Decimal(1), Decimal(1))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        claim.paid_amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    "cls, values",
    [
        (
            ClaimPayment,
            {
                "patient_control_number": "P",
                "status_code": "1",
                "charge_amount": Decimal(1),
                "paid_amount": Decimal(1),
            },
        ),
        (
            ServicePayment,
            {
                "procedure": Procedure("HC", "99213"),
                "charge_amount": Decimal(1),
                "paid_amount": Decimal(0),
            },
        ),
        (Entity, {"entity_code": "QC"}),
        (Adjustment, {"group_code": "CO", "reason_code": "45", "amount": Decimal("-1.50")}),
        (
            ProviderAdjustment,
            {
                "provider_id": "1",
                "fiscal_period_date": dt.date(2026, 1, 1),
                "reason_code": "WO",
                "reference_id": "",
                "amount": Decimal(1),
            },
        ),
        (
            Payment,
            {"handling_code": "I", "amount": Decimal(1), "credit_debit": "C", "method": "ACH"},
        ),
    ],
)
def test_fast_builder_equals_init(cls: type, values: dict[str, object]) -> None:
    fields = record_template(cls)
    fields.update(values)
    built = build_record(cls, dict(fields))
    assert built == cls(**fields)
    assert repr(built) == repr(cls(**fields))


def test_template_covers_every_field() -> None:
    for cls in (ClaimPayment, ServicePayment, RemittanceHeader):
        assert list(record_template(cls)) == [f.name for f in attrs.fields(cls)]


@pytest.mark.parametrize(
    "name", ["remit-basic.835", "remit-bundled.835", "remit-denial.835", "remit-inpatient.835"]
)
def test_parsed_claims_and_lines_behave_like_constructed_ones(name: str) -> None:
    # The parser builds records from dicts of only the fields a claim or line has
    # (medclaims._support.records.record_builder): every
    # attrs-level view must still see all fields, equal to the attrs __init__'s.
    import pickle

    from _shared import SAMPLES

    from medclaims.remittance import parse_835

    claims = [c for r in parse_835((SAMPLES / name).read_bytes()) for c in r.claims]
    records = [*claims, *(line for c in claims for line in c.service_lines)]
    assert records
    for record in records:
        cls = type(record)
        values = attrs.asdict(record, recurse=False)
        assert set(values) == {f.name for f in attrs.fields(cls)}
        rebuilt = cls(**values)
        assert rebuilt == record
        assert repr(rebuilt) == repr(record)
        assert pickle.loads(pickle.dumps(record)) == record
        assert attrs.evolve(record) == record


@pytest.mark.parametrize(
    "cls, values",
    [
        (Adjustment, ["CO", "45", Decimal("-1.50"), Decimal(2)]),
        (Entity, [f"v{i}" for i in range(9)]),
    ],
)
def test_slotted_records_are_filled_like_attrs_does(cls: type, values: list[object]) -> None:
    from medclaims._support.records import slotted_constructor

    names = [f.name for f in attrs.fields(cls)]
    made = slotted_constructor(cls)(*values)
    assert made == cls(*values) and not hasattr(made, "__dict__")
    assert slotted_constructor(cls)(**dict(zip(names, values, strict=True))) == made
    with pytest.raises(TypeError):
        slotted_constructor(cls)(*values[:-1])


def test_the_empty_amounts_mapping_answers_like_an_empty_dict() -> None:
    import pickle

    from medclaims.remittance.records import NO_AMOUNTS

    empty: dict[str, object] = {}
    for key in ("I", "AU", ""):
        assert NO_AMOUNTS.get(key) is empty.get(key) is None
        assert NO_AMOUNTS.get(key, 5) == empty.get(key, 5) == 5
        assert (key in NO_AMOUNTS) is (key in empty) is False
        with pytest.raises(KeyError):
            NO_AMOUNTS[key]
    assert empty == NO_AMOUNTS and len(NO_AMOUNTS) == 0 and list(NO_AMOUNTS) == []
    assert NO_AMOUNTS.__eq__(empty) is True and NO_AMOUNTS.__eq__(NO_AMOUNTS) is True
    assert NO_AMOUNTS.__ne__(empty) is False
    assert NO_AMOUNTS.__eq__({"AU": Decimal(1)}) is False and {"AU": Decimal(1)} != NO_AMOUNTS
    assert NO_AMOUNTS.__eq__([]) is NotImplemented and NO_AMOUNTS != []
    with pytest.raises(TypeError):
        hash(NO_AMOUNTS)
    assert pickle.loads(pickle.dumps(NO_AMOUNTS)) is NO_AMOUNTS


def test_a_built_record_refuses_unknown_attributes() -> None:
    from medclaims._support.records import record_builder

    claim = record_builder(ClaimPayment)(
        {
            "patient_control_number": "A",
            "status_code": "1",
            "charge_amount": None,
            "paid_amount": None,
        }
    )
    assert claim.adjustments == () and claim.service_lines == ()  # absent: the defaults
    assert not hasattr(claim, "no_such_field")
    with pytest.raises(AttributeError, match="'ClaimPayment' object has no attribute"):
        claim.no_such_field  # type: ignore[attr-defined]  # noqa: B018
