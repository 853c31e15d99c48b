"""The vectorized implementation: independent, complete, called with the goldens' params;
and the drift tool that measures it."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

from grokking_spec import golden_path, load_golden
from grokking_spec.catalog import LISTINGS, listing_variants
from grokking_spec.implementations import vectorized

PACKAGE = Path(vectorized.__file__).parent
ROOT = Path(__file__).resolve().parent.parent


def _project_imports(source: Path) -> set[str]:
    """Absolute imports of grokking_spec modules (``grokking_spec`` itself for its names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("grokking_spec"))
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update([node.module] if node.module.startswith("grokking_spec") else [])
    return found


def test_imports_only_the_public_api_and_porting() -> None:
    sources = sorted(PACKAGE.glob("*.py"))
    assert sources
    offenders = {
        f"{path.name}: {module}"
        for path in sources
        for module in _project_imports(path)
        if module != "grokking_spec" and not module.startswith("grokking_spec.porting")
    }
    assert not offenders


def test_the_package_imports_only_implementation_from_grokking_spec() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "grokking_spec"
        for alias in node.names
    }
    assert names == {"Implementation"}


def test_covers_every_listing_of_the_catalog() -> None:
    assert set(vectorized.implementation.listings) == {listing.id for listing in LISTINGS}
    assert vectorized.implementation.level == "tolerance"


@pytest.mark.parametrize(
    ("listing_id", "variant"),
    [(listing.id, variant.name) for listing, variant in listing_variants()],
)
def test_takes_exactly_the_golden_params(listing_id: str, variant: str) -> None:
    listing = next(listing for listing in LISTINGS if listing.id == listing_id)
    golden = load_golden(golden_path(listing, listing.variant(variant)))
    function = vectorized.implementation.listings[listing_id]
    accepted = set(inspect.signature(function).parameters)
    assert accepted == set(golden["params"])


# --- tools/implementation_drift.py -------------------------------------------------------------


@pytest.fixture(scope="module")
def drift_tool() -> ModuleType:
    path = ROOT / "tools" / "implementation_drift.py"
    spec = importlib.util.spec_from_file_location("implementation_drift", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up in sys.modules while they are created.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_drift_counts_ulps_and_signed_zeros(drift_tool: ModuleType) -> None:
    expected = [[0.1, 0.0], [1.0, 3]]
    obtained = [[math.nextafter(math.nextafter(0.1, 1), 1), -0.0], [1.0, 3]]
    drift = drift_tool.field_drift(expected, obtained, "x")
    assert (drift.elements, drift.differing, drift.signed_zeros) == (4, 1, 1)
    assert drift.ulps == 2.0
    assert drift.relative == pytest.approx(2 * math.ulp(0.1) / 0.1)
    assert not drift.structural


def test_drift_reports_structure_and_kind(drift_tool: ModuleType) -> None:
    expected = {"a": [1, 2], "b": [1.0], "c": {"s": 1.0}}
    obtained = {"a": [1, 2, 3], "b": [1], "c": {"t": 1.0}}
    problems = [
        problem
        for name in expected
        for problem in drift_tool.field_drift(expected[name], obtained[name], name).structural
    ]
    assert len(problems) == 4
    assert problems[0].startswith("a: shape [2], obtained [3]")
    assert "(kind)" in problems[1]
    assert sorted(problems[2:]) == ["c.s: missing", "c.t: extra"]
