"""Test-suite wiring: the spec's pytest plugin, and the longest runs first.

With pytest-xdist (``-n auto --dist loadgroup``: one test per work unit, handed out in
collection order), starting the longest runs first keeps one worker from being left with
a long run at the end. Only the order changes, never what runs.
"""

from __future__ import annotations

from typing import Any

import pytest

from grokking_spec.listing import Listing
from grokking_spec.workload import multiply_adds

pytest_plugins = ["grokking_spec.pytest_plugin", "pytester"]


def _estimated_work(item: pytest.Item) -> int:
    """The multiply-adds of a ``full`` conformance case (its prefix if it has one), else 0."""
    callspec = getattr(item, "callspec", None)
    case: Any = callspec.params.get("conformance_case") if callspec else None
    if item.get_closest_marker("full") is None or not isinstance(case, tuple):
        return 0
    _, listing, variant, iterations = case
    assert isinstance(listing, Listing)
    params = dict(variant.params)
    if iterations is not None:
        params["iterations"] = iterations
    try:
        return multiply_adds(listing.id, params)
    except KeyError:
        return 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``full`` runs first, most multiply-adds first; the rest keep their order after them."""
    work = {id(item): _estimated_work(item) for item in items}
    items.sort(key=lambda item: -work[id(item)])
