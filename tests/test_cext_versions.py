"""The C helpers load only on a CPython they were built and tested for (_support.cext)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

from medclaims._support import cext

HELPERS = ["medclaims.x12._speedups", "medclaims._support._acyclic"]
ROOT = Path(__file__).resolve().parents[1]


def _fake_version(major: int, minor: int) -> tuple[int, int, int, str, int]:
    return (major, minor, 0, "final", 0)


@pytest.mark.parametrize("name", HELPERS)
def test_a_helper_loads_on_the_version_it_was_built_for(name: str) -> None:
    pytest.importorskip(name)
    if sys.version_info[:2] not in cext.TESTED_CPYTHON:
        pytest.skip("this interpreter is not a tested version: the fallback test covers it")
    module = cext.load_extension(name)
    assert module is not None
    assert sys.version_info[:2] == (module.BUILT_FOR >> 24, (module.BUILT_FOR >> 16) & 0xFF)


@pytest.mark.parametrize("name", HELPERS)
@pytest.mark.parametrize("version", [(3, 10), (3, 14), (4, 0)])
def test_an_untested_python_falls_back_without_error(
    name: str, version: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "version_info", _fake_version(*version))
    assert cext.load_extension(name) is None


@pytest.mark.parametrize("name", HELPERS)
def test_another_implementation_falls_back(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "implementation", types.SimpleNamespace(name="pypy"))
    assert cext.load_extension(name) is None


@pytest.mark.parametrize(
    "built_for",
    [None, "0x030b07f0", 0x030C00F0, 0x020B00F0],
    ids=["missing", "not-an-int", "3.12", "2.11"],
)
def test_a_helper_built_for_another_version_falls_back(
    built_for: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.ModuleType("medclaims._fake_helper")
    if built_for is not None:
        fake.BUILT_FOR = built_for  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "medclaims._fake_helper", fake)
    monkeypatch.setattr(sys, "version_info", _fake_version(3, 11))
    monkeypatch.setattr(cext, "TESTED_CPYTHON", ((3, 11),))
    assert cext.load_extension("medclaims._fake_helper") is None
    fake.BUILT_FOR = 0x030B07F0  # type: ignore[attr-defined]
    assert cext.load_extension("medclaims._fake_helper") is fake  # the same check passes


def test_a_missing_helper_falls_back() -> None:
    assert cext.load_extension("medclaims._support._no_such_helper") is None


def test_the_reader_and_the_record_builder_run_pure_python_on_an_untested_version() -> None:
    # A fresh interpreter that claims to be 3.99 once its dependencies are imported.
    code = textwrap.dedent(
        """
        import sys
        import attrs, cattrs, dateutil  # noqa: F401  (imported on the real version)
        sys.version_info = (3, 99, 0, "final", 0)
        from medclaims.x12 import reader
        from medclaims._support import records
        from medclaims import parse_835
        assert reader._split_in_c is None and records.untrack_record is None
        text = "ISA*00*          *00*          *ZZ*S              *ZZ*R              "
        text += "*240101*1200*^*00501*000000001*0*P*:~"
        segments = list(reader.read_segments(text + "IEA*0*000000001~"))
        print(len(segments), "pure")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["2", "pure"]
