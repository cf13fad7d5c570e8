"""The public names of the package, and that no re-export hides a module."""

from __future__ import annotations

import importlib
import pkgutil

import medclaims


def test_every_public_name_exists() -> None:
    missing = [name for name in medclaims.__all__ if not hasattr(medclaims, name)]
    assert missing == []


def test_every_module_imports_under_its_own_name() -> None:
    # A function re-exported under its module's name (``denials``, ``reconcile``)
    # would make ``import medclaims.x.y as m`` return the function instead.
    for info in pkgutil.walk_packages(medclaims.__path__, "medclaims."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        parent, _, leaf = info.name.rpartition(".")
        attribute = getattr(importlib.import_module(parent), leaf)
        assert attribute is module, info.name


def test_reconcile_subpackage_and_denials_function() -> None:
    import medclaims.reconcile.reports as reports
    import medclaims.remittance.denials as denials_module

    assert callable(medclaims.reconcile.reconcile)
    assert medclaims.denials is denials_module.denials
    assert hasattr(reports, "summary_by_payer")
