"""The 835 package's layout: old module paths still work (with a deprecation warning)."""

from __future__ import annotations

import importlib
import sys
from decimal import Decimal

import pytest

from medclaims.x12 import values


@pytest.mark.parametrize(("name", "attr"), [("amounts", "parse_amount"), ("dates", "parse_date")])
def test_old_value_modules_warn_and_give_the_same_functions(name: str, attr: str) -> None:
    module_name = f"medclaims.remittance.{name}"
    sys.modules.pop(module_name, None)
    with pytest.warns(DeprecationWarning, match=module_name):
        module = importlib.import_module(module_name)
    assert getattr(module, attr) is getattr(values, attr)


def test_writer_reparses_through_a_function_not_parser_attributes() -> None:
    """``reparse_transaction`` reads a transaction inside a given envelope."""
    from medclaims.remittance._parse.transactions import reparse_transaction
    from medclaims.x12.delimiters import DEFAULT_DELIMITERS
    from medclaims.x12.envelope import InterchangeHeader

    segments = [
        "ST*835*0001",
        "BPR*I*10*C*NON************20260115",
        "TRN*1*T1*1512345678",
        "N1*PR*PLAN",
        "N1*PE*CLINIC*XX*1234567893",
        "CLP*A1*1*10*10",
        "SE*7*0001",
    ]
    interchange = InterchangeHeader()
    (rem,) = reparse_transaction(segments, interchange, None, DEFAULT_DELIMITERS)
    assert rem.header.interchange is interchange and rem.delimiters is DEFAULT_DELIMITERS
    assert [c.paid_amount for c in rem.claims] == [Decimal(10)]
