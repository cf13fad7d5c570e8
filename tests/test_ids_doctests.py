"""Run the doctests of every medclaims.ids module, and check the shared API shape."""

from __future__ import annotations

import doctest
import importlib
from types import ModuleType

import pytest

import medclaims.ids
from medclaims.errors import MedclaimsError
from medclaims.ids import (
    InvalidChecksum,
    InvalidCode,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
)

MODULES = [
    "icd10cm",
    "modifier",
    "npi",
    "place_of_service",
    "postal_code",
    "procedure_code",
    "relationship",
    "state",
    "tax_id",
]


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"medclaims.ids.{name}")


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = _module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, "every ids module documents itself with examples"
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_module_api(name: str) -> None:
    module = _module(name)
    assert getattr(medclaims.ids, name) is module
    for function in ("compact", "validate", "is_valid"):
        assert callable(getattr(module, function))
    for public in module.__all__:
        obj = getattr(module, public)
        if callable(obj):
            assert obj.__doc__, f"{name}.{public} has no docstring"


@pytest.mark.parametrize("name", MODULES)
def test_is_valid_never_raises_on_junk(name: str) -> None:
    module = _module(name)
    for junk in (None, 12, b"12", "", " ", "\x00", "é" * 3):
        assert module.is_valid(junk) is False


def test_error_hierarchy() -> None:
    for error in (InvalidFormat, InvalidLength, InvalidChecksum, InvalidCode):
        assert issubclass(error, InvalidIdentifier)
        assert error.__module__ == "medclaims.ids"
    assert issubclass(InvalidIdentifier, MedclaimsError)
    assert issubclass(InvalidIdentifier, ValueError)
