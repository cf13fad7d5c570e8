"""Envelope, reconciliation, report and other records check their field types.

The model is ``tests/test_remittance_validators.py``: for every record class
of the modules below, a valid instance built from real outputs (the samples
parsed, reconciled and reported on) has each field replaced by a value of a
wrong type; the TypeError names the field and never quotes the value.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

import attrs
import cattrs
import pytest
from _shared import SAMPLES

from medclaims import errors
from medclaims import pyx12_validation as validation
from medclaims._support.json import read_money
from medclaims.codes import _descriptions, load_code_descriptions
from medclaims.export import _json, _rows, to_rows
from medclaims.export._errors import ExportError
from medclaims.professional import load_encounters, reader
from medclaims.reconcile import build_report, fees, load_fee_schedule, model, reconcile
from medclaims.reconcile import model as model_payments
from medclaims.reconcile.fees import FeeScheduleError
from medclaims.reconcile.reports import ReconciliationReport, from_json, to_json
from medclaims.reconcile.reports import actions as report_actions
from medclaims.reconcile.reports import format as report_format
from medclaims.reconcile.reports import rows as report_rows
from medclaims.reconcile.reports import summaries as report
from medclaims.remittance import denials, parse_835
from medclaims.x12 import envelope

MODULES: list[ModuleType] = [
    envelope,
    model,
    model_payments,
    fees,
    report,
    report_rows,
    report_actions,
    _rows,
    _descriptions,
    validation,
    errors,
    denials,
    reader,
]

RECORD_CLASSES = sorted(
    (
        cls
        for module in MODULES
        for cls in vars(module).values()
        if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == module.__name__
    ),
    key=lambda cls: (cls.__module__, cls.__name__),
)

SCENARIO = SAMPLES / "reconcile"
REMITS = ("remit-1.835", "remit-2.835", "remit-3.835", "remit-4.835", "remit-5-resent.835")
SENTINEL = "QZXWRONGVALUE"


class _Wrong:
    """A value of no field's type; its repr is a sentinel that must not reach messages."""

    def __repr__(self) -> str:
        return SENTINEL


def _records(value: object) -> Iterator[object]:
    """Every attrs record inside ``value`` (itself included), depth first."""
    if attrs.has(type(value)):
        yield value
        for item in attrs.asdict(value, recurse=False).values():  # type: ignore[arg-type]
            yield from _records(item)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _records(item)


@pytest.fixture(scope="module")
def result() -> model.Reconciliation:
    encounters = load_encounters((SCENARIO / "encounters.json").read_text(encoding="utf-8"))
    schedule = load_fee_schedule((SCENARIO / "fees.csv").read_text(encoding="utf-8"))
    remittances = [parse_835((SCENARIO / name).read_bytes()) for name in REMITS]
    return reconcile(encounters, remittances, fee_schedule=schedule)


@pytest.fixture(scope="module")
def examples(result: model.Reconciliation) -> dict[type, Any]:
    remittances = [
        remittance
        for path in sorted(SAMPLES.glob("*.835"))
        for remittance in parse_835(path.read_bytes())
    ]
    text = (SAMPLES / "remit-basic.835").read_text(encoding="ascii")
    issue = _an_issue(text.replace("\nSE*", "\nXX*", 1))  # a transaction without its SE
    read = reader.read_837p((SAMPLES / "claims.837").read_bytes())
    outputs: list[object] = [
        result,
        build_report(result),
        report_rows.claim_rows(result),
        report_rows.line_rows(result),
        load_fee_schedule((SCENARIO / "fees.csv").read_text(encoding="utf-8")),
        [*envelope.iter_transactions(text)],
        issue,
        to_rows(remittances),
        [*denials.denials(remittances)],
        read,
        load_code_descriptions(io.StringIO("code,description\n45,Charge exceeds\nN130,See\n")),
        # pyx12 is optional: a report of an issue a real read found stands in for its output.
        validation.ValidationReport(issues=(issue,), ack_999=None),
    ]
    found: dict[type, Any] = {}
    for record in _records(outputs):
        found.setdefault(type(record), record)
    return found


def _an_issue(text: str) -> errors.Issue:
    issues: list[errors.Issue] = []
    list(envelope.iter_transactions(text, issues))
    return next(issue for issue in issues if issue.location is not None)


def _wrong_value(field: attrs.Attribute[Any]) -> object:
    """A wrong value for ``field``; a field with a converter gets a container holding one."""
    if field.converter is None:
        return _Wrong()
    if str(field.type).startswith("Mapping"):
        return {"45": _Wrong()}
    return [_Wrong()]


def test_every_record_class_has_an_example(examples: dict[type, Any]) -> None:
    assert len(RECORD_CLASSES) >= 30
    assert [cls.__name__ for cls in RECORD_CLASSES if cls not in examples] == []


@pytest.mark.parametrize("cls", RECORD_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_field_refuses_a_value_of_another_type(cls: type, examples: dict[type, Any]) -> None:
    example = examples[cls]
    assert attrs.evolve(example) == example  # the example itself passes every check
    for field in attrs.fields(cls):
        # A field with a converter: a container holding a wrong value, and a bare one
        # (which the converter leaves for the field's check to name).
        for wrong in [_wrong_value(field), *([_Wrong()] if field.converter else [])]:
            with pytest.raises((TypeError, FeeScheduleError)) as caught:
                attrs.evolve(example, **{field.name: wrong})
            message = str(caught.value)
            assert message.removeprefix("the ").startswith(f"{field.name} must be "), message
            assert SENTINEL not in message


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (model.Amounts, "billed"),
        (model.AdjustmentTotal, "amount"),
        (model_payments.CashBalance, "payment_amount"),
        (report.PayerSummary, "open_balance"),
        (denials.Denial, "denied_amount"),
    ],
)
@pytest.mark.parametrize("value", [None, 1.5, 2, True, Decimal("NaN"), Decimal("Infinity")])
def test_money_is_a_finite_decimal_and_never_none_unless_optional(
    cls: type, field: str, value: object, examples: dict[type, Any]
) -> None:
    with pytest.raises(TypeError, match=rf"^{field} must be Decimal$"):
        attrs.evolve(examples[cls], **{field: value})


def test_ints_refuse_bools_and_bools_refuse_ints(examples: dict[type, Any]) -> None:
    with pytest.raises(TypeError, match=r"^element must be int \| None$"):
        errors.Location(segment_id="CLP", element=True)
    with pytest.raises(TypeError, match=r"^claim_index must be int$"):
        attrs.evolve(examples[denials.Denial], claim_index=False)
    with pytest.raises(TypeError, match=r"^balanced must be bool$"):
        attrs.evolve(examples[report_rows.CashRow], balanced=1)


def test_rows_made_without_init_pass_the_checks(result: model.Reconciliation) -> None:
    # Claim rows, line rows and action items skip __init__; attrs.evolve re-runs every check.
    made = [
        *report_rows.claim_rows(result),
        *report_rows.line_rows(result),
        *report_actions.action_items(result),
    ]
    assert {type(row) for row in made} == {
        report_rows.ClaimRow,
        report_rows.LineRow,
        report_actions.ActionItem,
    }
    assert [attrs.evolve(row) for row in made] == made


def test_the_report_json_round_trip_still_works(result: model.Reconciliation) -> None:
    built = build_report(result)
    assert from_json(to_json(built), ReconciliationReport) == built
    rows = report_rows.claim_rows(result)
    assert from_json(to_json(rows), list[report_rows.ClaimRow]) == rows


def _pass_through(conv: cattrs.Converter) -> cattrs.Converter:
    """``conv`` with plain strings structured as they come, so a number reaches the validators."""
    conv.register_structure_hook(str, lambda value, kind: value if kind is str else kind(value))
    return conv


def _validator_errors(error: BaseException | None) -> list[str]:
    """Messages of the validators' TypeErrors in ``error``'s context, however cattrs nests them."""
    if error is None:
        return []
    if isinstance(error, TypeError):
        return [str(error)]
    inner = [*getattr(error, "exceptions", ()), error.__context__]
    return [message for item in inner for message in _validator_errors(item)]


def test_a_validator_type_error_from_report_json_is_a_report_error(
    result: model.Reconciliation, monkeypatch: pytest.MonkeyPatch
) -> None:
    lenient = _pass_through(cattrs.Converter())
    for kind, hook in [
        (Decimal, lambda v, _: read_money(v)),
        (dt.date, lambda v, _: dt.date.fromisoformat(v)),
    ]:
        lenient.register_structure_hook(kind, hook)
    data = json.loads(to_json(build_report(result)))
    monkeypatch.setattr(report_format, "converter", lenient)
    data["cash"][0]["trace_number"] = 987654321  # a number where text belongs
    with pytest.raises(report_format.ReportError) as caught:
        from_json(json.dumps(data), ReconciliationReport)
    assert "987654321" not in str(caught.value)
    assert set(_validator_errors(caught.value)) == {"trace_number must be str"}


def test_a_validator_type_error_from_denial_json_is_an_export_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_json, "CONVERTER", _pass_through(_json.make_converter()))
    found = denials.denials(parse_835((SAMPLES / "remit-denial.835").read_bytes()))
    data = json.loads(_json.denials_to_json(found))
    data[0]["trace_number"] = 987654321
    with pytest.raises(ExportError) as caught:
        _json.denials_from_json(json.dumps(data))
    assert "987654321" not in str(caught.value)
    assert "$[0]" in str(caught.value)
    assert set(_validator_errors(caught.value)) == {"trace_number must be str"}
