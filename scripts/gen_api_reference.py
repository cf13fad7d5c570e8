"""Write docs/api.md: every public name of medclaims, with its one-line docstring.

The public API is the ``__all__`` of ``medclaims`` and of each public package
and top-level module under it (a name with no leading underscore; nested
packages too), and of each module such a package lists in its ``__all__``
(``medclaims.ids.npi``); the other modules inside a package are its
implementation, reached through the package. ``medclaims`` itself re-exports the names most
used: the page lists each of those once, at its home, and the top-level
section points there.

Run ``python scripts/gen_api_reference.py`` after changing a public name;
``--check`` exits 1 when the page is stale. ``tests/test_api_reference.py``
regenerates the page in memory and fails when it differs, when a public name
has no docstring, or when an object is listed at two public paths.

Deterministic and fast: sections and names are sorted, nothing depends on the
machine, and only medclaims is imported (about a second).
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "api.md"
PACKAGE = "medclaims"

DEPRECATED: dict[str, str] = {
    "medclaims.validation": "medclaims.pyx12_validation",
    "medclaims.professional.Address": "medclaims.professional.ClaimAddress",
    "medclaims.professional.Contact": "medclaims.professional.ClaimContact",
    "medclaims.professional.Payer": "medclaims.professional.ClaimPayer",
}
"""Deprecated public paths (kept one release, with a DeprecationWarning) and what
replaces each; they are not in any ``__all__`` and the page lists them apart."""


@dataclass(frozen=True)
class Entry:
    """One public name: where it is listed, what it is, its summary line."""

    namespace: str
    name: str
    kind: str
    summary: str
    obj: Any

    @property
    def path(self) -> str:
        """The dotted public path, ``namespace.name``."""
        return f"{self.namespace}.{self.name}"


def namespaces() -> list[str]:
    """``medclaims`` and every public package and top-level module under it, sorted."""
    found = [PACKAGE]
    root = importlib.import_module(PACKAGE)
    for info in pkgutil.walk_packages(root.__path__, f"{PACKAGE}."):
        parts = info.name.split(".")
        if any(part.startswith("_") for part in parts) or info.name in DEPRECATED:
            continue
        if info.ispkg or len(parts) == 2:
            found.append(info.name)
    return sorted(found)


def import_quietly(name: str) -> ModuleType:
    """Import ``name`` with deprecation warnings silenced (importing is not using)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module(name)


def kind_of(obj: Any) -> str:
    """A short word for what ``obj`` is."""
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception"
        if issubclass(obj, Enum):
            return "enum"
        return "protocol" if getattr(obj, "_is_protocol", False) else "class"
    if inspect.ismodule(obj):
        return "module"
    if isinstance(obj, FunctionType) or inspect.isbuiltin(obj):
        return "function"
    if type(obj).__module__ in ("types", "typing"):  # tuple[str, ...], str | None
        return "type alias"
    if callable(obj):
        return "object"
    return "constant"


def own_docstring(obj: Any, namespace: str, name: str) -> str | None:
    """The docstring written for ``obj``: its own (not inherited), or for a constant or
    alias the string literal right after its assignment in the module that defines it."""
    if inspect.isclass(obj) or inspect.ismodule(obj):
        doc = vars(obj).get("__doc__")
    elif isinstance(obj, FunctionType) or inspect.isbuiltin(obj):
        doc = obj.__doc__
    else:
        doc = attribute_docstring(namespace, name)
    return inspect.cleandoc(doc) if isinstance(doc, str) and doc.strip() else None


def attribute_docstring(module_name: str, name: str, depth: int = 0) -> str | None:
    """The literal after ``name = ...`` in ``module_name``, following ``from x import name``."""
    module = import_quietly(module_name)
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return None
    body = ast.parse(source).body
    for node, following in zip(body, [*body[1:], None], strict=True):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            if (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                return following.value.value
            return None
        if isinstance(node, ast.ImportFrom) and node.module and depth < 5:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return attribute_docstring(node.module, alias.name, depth + 1)
    return None


_ROLE = re.compile(r":[a-z]+:`~?([^`]+)`")


def summary(doc: str | None) -> str:
    """The first paragraph of a docstring on one line, as Markdown; '' when there is none."""
    if not doc:
        return ""
    first = " ".join(doc.split("\n\n", 1)[0].split())
    return _ROLE.sub(r"`\1`", first).replace("``", "`")


def entries(namespace: str) -> Iterator[Entry]:
    """The public names of ``namespace``, sorted as listed in ``__all__``."""
    module = import_quietly(namespace)
    for name in sorted(getattr(module, "__all__", ())):
        obj = getattr(module, name)
        yield Entry(
            namespace, name, kind_of(obj), summary(own_docstring(obj, namespace, name)), obj
        )


def is_value(obj: Any) -> bool:
    """Plain values (strings, numbers): equal copies are not one object at two paths."""
    return isinstance(obj, str | int | float | bool | bytes | tuple | frozenset) or obj is None


def catalogue() -> dict[str, list[Entry]]:
    """Every namespace's entries, the top level's included, and those of each module a
    namespace lists in its ``__all__`` (``medclaims.ids.npi``: one module per identifier)."""
    catalog: dict[str, list[Entry]] = {}
    pending = namespaces()
    while pending:
        namespace = pending.pop(0)
        if namespace in catalog:
            continue
        catalog[namespace] = list(entries(namespace))
        pending += [e.obj.__name__ for e in catalog[namespace] if inspect.ismodule(e.obj)]
    return dict(sorted(catalog.items()))


def homes(catalog: dict[str, list[Entry]]) -> dict[int, Entry]:
    """Each object's home: the entry of the namespace other than the top level listing it."""
    found: dict[int, Entry] = {}
    for namespace, items in catalog.items():
        if namespace == PACKAGE:
            continue
        for entry in items:
            if not is_value(entry.obj):
                found.setdefault(id(entry.obj), entry)
    return found


def undocumented(catalog: dict[str, list[Entry]]) -> list[str]:
    """Public paths with no docstring (a top-level re-export is documented at its home)."""
    home = homes(catalog)
    return [
        entry.path
        for namespace, items in catalog.items()
        for entry in items
        if not entry.summary and not (namespace == PACKAGE and id(entry.obj) in home)
    ]


def listed_twice(catalog: dict[str, list[Entry]]) -> list[str]:
    """Objects listed at two public paths, as ``"a = b"``.

    The top level's re-exports are the one exception, by design: each is
    described once, at its home, and the page's first table points there; but
    the top level may not list one object under two names either.
    """
    paths: dict[tuple[bool, int], list[str]] = {}
    for namespace, items in catalog.items():
        for entry in items:
            if not is_value(entry.obj):
                key = (namespace == PACKAGE, id(entry.obj))
                paths.setdefault(key, []).append(entry.path)
    return sorted(" = ".join(found) for found in paths.values() if len(found) > 1)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def first_line(doc: str | None) -> str:
    """The first line of a module docstring (its title)."""
    return summary(doc).split(". ")[0].rstrip(".") + "." if doc else ""


def render(catalog: dict[str, list[Entry]]) -> str:
    """The page, as text."""
    home = homes(catalog)
    version = import_quietly(PACKAGE).__version__
    out = [
        "# API reference",
        "",
        "<!-- Generated by scripts/gen_api_reference.py: do not edit by hand. -->",
        "",
        f"medclaims {version}. Every public name, by the package that holds it, with the",
        "first paragraph of its docstring. The public names of a package are its `__all__`;",
        "the modules inside a package are its implementation. The top level, `medclaims`,",
        "re-exports the names most used: they are described at their home, linked from",
        "the first table.",
        "",
    ]
    for namespace, items in catalog.items():
        module = import_quietly(namespace)
        out += [f"## `{namespace}`", "", _cell(first_line(vars(module).get("__doc__"))), ""]
        out += ["| name | kind | what it is |", "|---|---|---|"]
        for entry in items:
            at_home = home.get(id(entry.obj)) if not is_value(entry.obj) else None
            if namespace == PACKAGE and at_home is not None:
                anchor = at_home.namespace.replace(".", "")
                text = f"see [`{at_home.path}`](#{anchor})"
            else:
                text = _cell(entry.summary) or "**no docstring**"
            out.append(f"| `{entry.name}` | {entry.kind} | {text} |")
        out.append("")
    out += ["## Deprecated", "", "Still working, with a `DeprecationWarning`, until 0.3.0.", ""]
    out += ["| old path | use |", "|---|---|"]
    out += [f"| `{old}` | `{new}` |" for old, new in sorted(DEPRECATED.items())]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the page, or with ``--check`` report whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/api.md is stale")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    text = render(catalogue())
    if args.check:
        stale = not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != text
        print("docs/api.md is stale: run scripts/gen_api_reference.py" if stale else "up to date")
        return int(stale)
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
