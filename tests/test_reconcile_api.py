"""The public names of ``medclaims.reconcile``: one public path per object, old paths
deprecated with a warning for one release."""

from __future__ import annotations

import importlib
import warnings

import pytest

import medclaims.reconcile as facade
from medclaims.export import to_csv as export_to_csv
from medclaims.export import to_rows as export_to_rows
from medclaims.reconcile import reports

PUBLIC = {"medclaims.reconcile": facade, "medclaims.reconcile.reports": reports}


def test_every_public_package_has_an_all_of_names_it_defines() -> None:
    for module in PUBLIC.values():
        assert module.__all__ == sorted(set(module.__all__), key=module.__all__.index)
        for name in module.__all__:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                assert getattr(module, name) is not None


def test_each_object_has_one_public_path() -> None:
    seen: dict[int, str] = {}
    for package, module in PUBLIC.items():
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, tuple):  # AGING_BUCKETS: a constant, not an API object
                continue
            where = f"{package}.{name}"
            assert id(value) not in seen, f"{where} is also {seen.get(id(value))}"
            seen[id(value)] = where


def test_the_facade_holds_the_entry_points_and_the_result_model() -> None:
    for name in ("reconcile", "Reconciliation", "ClaimState", "Amounts", "FeeSchedule"):
        assert name in facade.__all__
    for name in ("load_fee_schedule", "build_report", "render_html"):
        assert name in facade.__all__
    assert "summary_by_payer" in reports.__all__ and "summary_by_payer" not in facade.__all__


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("medclaims.reconcile", "to_csv", reports.report_to_csv),
        ("medclaims.reconcile", "to_rows", reports.report_to_rows),
        ("medclaims.reconcile.reports", "to_csv", reports.report_to_csv),
        ("medclaims.reconcile.reports", "to_rows", reports.report_to_rows),
        ("medclaims.reconcile", "summary_by_payer", reports.summary_by_payer),
        ("medclaims.reconcile", "render_table", reports.render_table),
        ("medclaims.reconcile.reports", "build_report", facade.build_report),
        ("medclaims.reconcile.reports", "render_html", facade.render_html),
    ],
)
def test_old_names_still_work_with_a_deprecation_warning(
    module: str, old: str, new: object
) -> None:
    with pytest.warns(DeprecationWarning, match=old):
        assert getattr(importlib.import_module(module), old) is new


def test_report_csv_and_rows_are_not_the_export_functions() -> None:
    assert reports.report_to_csv is not export_to_csv
    assert reports.report_to_rows is not export_to_rows


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        facade.no_such_name  # noqa: B018
    with pytest.raises(AttributeError):
        reports.no_such_name  # noqa: B018


def test_no_import_cycle_inside_the_package() -> None:
    import ast
    from pathlib import Path

    root = Path(facade.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        name = ".".join(("medclaims", "reconcile", *path.relative_to(root).with_suffix("").parts))
        name = name.removesuffix(".__init__")
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("medclaims.reconcile"):
                    targets.add(node.module)
                    targets.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                targets.update(
                    a.name for a in node.names if a.name.startswith("medclaims.reconcile")
                )
        graph[name] = targets
    modules = set(graph)
    edges = {m: {t for t in graph[m] if t in modules and t != m} for m in modules}
    # A package's __init__ may import its own submodules (re-exports): not a cycle of rules.
    for m in modules:
        edges[m] = {t for t in edges[m] if not t.startswith(m + ".")}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in edges[node]:
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path, node, target]))
            if target not in state:
                visit(target, [*path, node])
        state[node] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m, [])
