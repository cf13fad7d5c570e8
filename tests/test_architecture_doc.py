"""docs/architecture.md names every module of medclaims, in the section of its package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "medclaims"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")

#: Packages whose module lists are placeholders while their restructuring lands
#: (issue 15); empty this once the doc lists their modules.
PENDING: set[str] = set()


def _sections() -> dict[str, str]:
    """Text under each ``###`` heading, by heading."""
    parts = re.split(r"^(### .*)$", DOC, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


SECTIONS = _sections()


def _modules() -> list[Path]:
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.c")]
    return sorted(
        p
        for p in files
        if p.name != "__init__.py"
        and "data" not in p.parts
        and p.relative_to(PACKAGE).parts[0] not in PENDING
    )


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_named_in_its_package_section(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) == 1:  # a top-level module: anywhere in the doc
        assert f"{path.name}" in DOC or f"{path.stem}.py" in DOC, relative
        return
    package = relative.parts[0]
    section = next(text for heading, text in SECTIONS.items() if f"`{package}/`" in heading)
    assert path.name in section or path.stem in section, f"{relative} is not in its section"


def test_the_sections_are_found() -> None:
    for package in ("_support", "x12", "codes", "ids", "export", "cli", *PENDING):
        assert any(f"`{package}/`" in heading for heading in SECTIONS), package


def test_only_pending_packages_have_a_placeholder() -> None:
    # A package leaves PENDING once its module list replaces the placeholder.
    placeholders = {heading for heading, text in SECTIONS.items() if "PLACEHOLDER" in text}
    expected = {
        heading for heading in SECTIONS if any(f"`{package}/`" in heading for package in PENDING)
    }
    assert placeholders == expected
    assert "PLACEHOLDER" not in DOC or PENDING
