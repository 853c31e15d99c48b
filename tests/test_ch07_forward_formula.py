"""Chapter 7's one-expression forward pass, relu(l0 W0) W1, is chapter 6's deep forward pass.

Exactly: the same weights and the same layer_2, bit for bit, in the reference (numpy) and
in lists (pure Python), with the catalog's params and with other seeds, sizes and rows.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from grokking_spec import reference
from grokking_spec.catalog import get_listing
from grokking_spec.implementations import lists
from grokking_spec.plugins import Implementation, run_listing

IMPLEMENTATIONS = [reference.implementation, lists.implementation]


def _bitwise(value: Any) -> Any:
    """Floats by their bits (so 0.0 and -0.0 differ), ints by type and value, nesting kept."""
    if isinstance(value, dict):
        return {key: _bitwise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_bitwise(item) for item in value]
    if isinstance(value, float):
        return (type(value), value.hex(), math.copysign(1.0, value))
    return (type(value), value)


def _both(implementation: Implementation, params: dict[str, Any]) -> tuple[Any, Any]:
    deep = run_listing(implementation, "ch06/deep-forward", params)
    formula = run_listing(implementation, "ch07/forward-formula", params)
    return deep, formula


def test_the_formula_listing_runs_the_deep_forward_params() -> None:
    for name in ("meap", "published"):
        formula = get_listing("ch07/forward-formula").variant(name).params
        assert formula == get_listing("ch06/deep-forward").variant(name).params


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS, ids=lambda i: i.name)
@pytest.mark.parametrize(
    ("seed", "hidden_size", "row"),
    [(1, 4, 0), (1, 4, 3), (0, 1, 1), (7, 8, 2), (2**32 - 1, 5, 3)],
)
def test_formula_equals_deep_forward_exactly(
    implementation: Implementation, seed: int, hidden_size: int, row: int
) -> None:
    params = {
        **get_listing("ch06/deep-forward").variant("meap").params,
        "seed": seed,
        "hidden_size": hidden_size,
        "row": row,
    }
    deep, formula = _both(implementation, params)
    for name in ("weights_0_1", "weights_1_2", "layer_0", "layer_2"):
        assert _bitwise(formula[name]) == _bitwise(deep[name]), name


def test_reference_and_lists_agree_on_the_formula_exactly() -> None:
    params = get_listing("ch07/forward-formula").variant("meap").params
    numpy_trace = run_listing(reference.implementation, "ch07/forward-formula", params)
    lists_trace = run_listing(lists.implementation, "ch07/forward-formula", params)
    assert _bitwise(lists_trace) == _bitwise(numpy_trace)
