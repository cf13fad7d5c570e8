"""The 837P's party records (ClaimAddress, ClaimContact, ClaimPayer) and the 835's
(Address, Contact, Payer) are different records under different names; the 0.1
names of the 837P ones still work until 0.3.0, with a DeprecationWarning."""

from __future__ import annotations

import subprocess
import sys
import warnings

import attrs
import pytest

from medclaims import professional, remittance
from medclaims.professional import model

RENAMED = {"Address": "ClaimAddress", "Contact": "ClaimContact", "Payer": "ClaimPayer"}


@pytest.mark.parametrize(("old", "new"), RENAMED.items())
@pytest.mark.parametrize("where", [professional, model], ids=["package", "model"])
def test_old_name_warns_and_gives_the_renamed_record(where: object, old: str, new: str) -> None:
    with pytest.warns(DeprecationWarning, match=f"{old} is renamed {new}") as caught:
        record = getattr(where, old)
    assert record is getattr(professional, new)
    assert caught[0].filename == __file__  # the warning points at the caller's line


def test_from_import_of_an_old_name_warns_at_the_importing_line() -> None:
    with pytest.warns(DeprecationWarning) as caught:
        from medclaims.professional import Payer
    assert Payer is professional.ClaimPayer
    assert caught[0].filename == __file__


def test_new_names_import_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from medclaims.professional import ClaimAddress, ClaimContact, ClaimPayer  # noqa: F401


def test_unknown_names_still_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = professional.NoSuchRecord  # type: ignore[attr-defined]


@pytest.mark.parametrize(("old", "new"), RENAMED.items())
def test_the_two_sets_are_different_records_with_different_names(old: str, new: str) -> None:
    claim_side, remit_side = getattr(professional, new), getattr(remittance, old)
    assert claim_side is not remit_side
    assert claim_side.__name__ != remit_side.__name__
    # Why they differ (model's docstring): the 835's keep everything a payer sent.
    assert {f.name for f in attrs.fields(remit_side)} != {f.name for f in attrs.fields(claim_side)}
    assert old not in professional.__all__ and new in professional.__all__


def test_medclaims_itself_uses_no_deprecated_name() -> None:
    # Importing every module with medclaims' own deprecation warnings made errors: a module
    # still naming Address, Contact or Payer of professional (or medclaims.validation) fails.
    code = (
        "import importlib, pkgutil, warnings\n"
        "warnings.filterwarnings('error', category=DeprecationWarning, module='medclaims')\n"
        "import medclaims\n"
        "for m in pkgutil.walk_packages(medclaims.__path__, 'medclaims.'):\n"
        "    if not m.name.endswith('__main__') and m.name != 'medclaims.validation':\n"
        "        importlib.import_module(m.name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
