"""The public API is listed once: each package's __all__, and docs/api.md generated from them."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "gen_api_reference", ROOT / "scripts" / "gen_api_reference.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


gen = _generator()
CATALOG = gen.catalogue()


def test_the_page_is_up_to_date() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert page == gen.render(CATALOG), "docs/api.md is stale: run scripts/gen_api_reference.py"


def test_the_generator_is_deterministic() -> None:
    assert gen.render(gen.catalogue()) == gen.render(CATALOG)


def test_the_catalogue_covers_every_public_package() -> None:
    assert {"medclaims", "medclaims.errors", "medclaims.x12", "medclaims.professional"} <= set(
        CATALOG
    )
    assert "medclaims.validation" not in CATALOG  # deprecated alias, listed apart
    assert not any(part.startswith("_") for ns in CATALOG for part in ns.split("."))


@pytest.mark.parametrize("namespace", sorted(CATALOG))
def test_every_public_namespace_declares_its_names(namespace: str) -> None:
    module = importlib.import_module(namespace)
    names = getattr(module, "__all__", None)
    assert names, f"{namespace} has no __all__"
    assert len(set(names)) == len(names), f"{namespace}.__all__ repeats a name"


def test_every_public_name_has_a_docstring() -> None:
    assert not gen.undocumented(CATALOG), "no docstring: " + ", ".join(gen.undocumented(CATALOG))


def test_no_object_is_listed_at_two_public_paths() -> None:
    twice = gen.listed_twice(CATALOG)
    assert not twice, "one object, two public paths: " + "; ".join(twice)


@pytest.mark.parametrize(("old", "new"), sorted(gen.DEPRECATED.items()))
def test_deprecated_paths_warn_and_lead_to_their_replacement(old: str, new: str) -> None:
    listed = {entry.path for entries in CATALOG.values() for entry in entries}
    assert old not in listed and old not in CATALOG
    new_module, _, new_name = new.rpartition(".")
    if new in CATALOG:  # a module renamed
        sys.modules.pop(old, None)
        with pytest.warns(DeprecationWarning):
            module = importlib.import_module(old)
        assert module.__all__ == importlib.import_module(new).__all__
    else:
        old_module, _, old_name = old.rpartition(".")
        with pytest.warns(DeprecationWarning):
            value = getattr(importlib.import_module(old_module), old_name)
        assert value is getattr(importlib.import_module(new_module), new_name)
        assert new in listed


def test_the_checks_catch_a_missing_docstring_and_a_second_path() -> None:
    first = CATALOG["medclaims.x12"][0]
    doctored = {
        **CATALOG,
        "medclaims.fake": [
            gen.Entry("medclaims.fake", "thing", "function", "", object()),
            gen.Entry("medclaims.fake", "again", first.kind, first.summary, first.obj),
        ],
    }
    assert gen.undocumented(doctored) == ["medclaims.fake.thing"]
    assert gen.listed_twice(doctored) == [f"{first.path} = medclaims.fake.again"]


def test_docstrings_of_constants_are_read_from_the_source() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = gen.attribute_docstring("medclaims.x12", "ISA_LENGTH")
    assert doc is not None and "ISA" in doc
