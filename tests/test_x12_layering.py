"""The X12 layer sits at the bottom: it imports nothing from the layers above it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "medclaims"
ALLOWED = ("medclaims.x12", "medclaims.errors", "medclaims._support.fields")


def imported_modules(path: Path) -> list[str]:
    """Absolute module names imported by ``path`` (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                names.append(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                names.append(node.module)
    return names


X12_FILES = [*sorted((PACKAGE / "x12").glob("*.py")), PACKAGE / "errors.py"]


@pytest.mark.parametrize("path", X12_FILES, ids=lambda p: p.name)
def test_x12_layer_imports_only_itself_errors_and_validators(path: Path) -> None:
    for name in imported_modules(path):
        if name == "medclaims" or name.startswith("medclaims."):
            assert name.startswith(ALLOWED), f"{path.name} imports {name} from a higher layer"


def test_errors_imports_nothing_from_medclaims() -> None:
    assert not [n for n in imported_modules(PACKAGE / "errors.py") if n.startswith("medclaims")]


def test_validators_import_nothing_from_medclaims() -> None:
    # The x12 layer may use them only because they sit below it.
    names = imported_modules(PACKAGE / "_support" / "fields.py")
    assert not [n for n in names if n.startswith("medclaims")]


def test_scanner_sees_imports() -> None:
    # The scan must find the imports that are there, or the tests above prove nothing.
    names = imported_modules(PACKAGE / "x12" / "reader.py")
    assert "medclaims.errors" in names and "medclaims.x12.segment" in names


def test_x12_layer_is_found() -> None:
    assert len(X12_FILES) >= 6
