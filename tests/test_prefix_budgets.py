"""Long listings checked on their first iterations: budgets, limits, cuts and test cases."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from grokking_spec import ch08_trace, prefixes
from grokking_spec.catalog import ch08, get_listing
from grokking_spec.engine import DEFAULT_PREFIX, check, prefix_length
from grokking_spec.golden import build_golden, dump_golden, golden_path
from grokking_spec.listing import Listing, Variant
from grokking_spec.plugins import Implementation
from grokking_spec.pyformat import Edition
from grokking_spec.pytest_plugin import cases, pytest_collection_modifyitems

VARIANT = Variant("meap", Edition.PY2, {"iterations": 25, "rate": 0.5}, "test")
LONG = Listing("ch99/long", "a long listing", "test", (VARIANT,), prefix=prefixes.ITERATIONS)
SHORT = Listing("ch99/short", "a short listing", "test", (VARIANT,))


def _trace(iterations: int, rate: float, drift_from: int | None = None) -> dict[str, Any]:
    """A trace shaped like chapter 8's; ``drift_from``: iterations from there on are off."""
    error, weight, trace = 100.0, 1.0, {}
    names = ("train_error", "train_correct", *ch08_trace.PER_TEST)
    trace = {name: [] for name in names}
    for j in range(iterations):
        error *= rate if drift_from is None or j < drift_from else rate * 1.001
        weight += error / 1000
        trace["train_error"].append(error)
        trace["train_correct"].append(j)
        if j % 10 == 0 or j == iterations - 1:  # also after the last, as three-layer does
            trace["test_iteration"].append(j)
            trace["test_error"].append(2 * error)
            trace["test_correct"].append(2 * j)
            trace["weights_0_1"].append({"sum": weight, "first": 0.5})
            trace["weights_1_2"].append({"sum": -weight, "first": 0.25})
    trace["final_weights_0_1"] = {"sum": weight}
    trace["final_weights_1_2"] = {"sum": -weight}
    return trace


@pytest.fixture
def root(tmp_path: Path) -> Path:
    path = golden_path(LONG, VARIANT, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(dump_golden(build_golden(LONG, VARIANT, _trace(**VARIANT.params))))
    return tmp_path


class Recorder:
    """An implementation function that logs the iterations it was asked for."""

    def __init__(self, drift_from: int | None = None) -> None:
        self.calls: list[int] = []
        self.drift_from = drift_from

    def __call__(self, iterations: int, rate: float) -> dict[str, Any]:
        self.calls.append(iterations)
        return _trace(iterations, rate, self.drift_from)


def _port(function: Any, budget: int | None) -> Implementation:
    budgets = {} if budget is None else {LONG.id: budget}
    return Implementation("port", {LONG.id: function}, prefix_budgets=budgets)


def test_prefix_length_is_the_smaller_of_limit_and_budget() -> None:
    assert prefix_length(_port(None, None), LONG, None) is None
    assert prefix_length(_port(None, 3), LONG, None) == 3
    assert prefix_length(_port(None, None), LONG, 7) == 7
    assert prefix_length(_port(None, 3), LONG, 7) == 3
    assert prefix_length(_port(None, 9), LONG, 7) == 7
    # A listing without a prefix rule always runs whole.
    assert prefix_length(_port(None, 3), SHORT, 7) is None


@pytest.mark.parametrize("budget", [1, 2, 11, 24])
def test_a_faithful_port_passes_on_any_prefix(root: Path, budget: int) -> None:
    recorder = Recorder()
    outcome = check(_port(recorder, budget), LONG, VARIANT, root=root)
    assert (outcome.status, outcome.prefix) == ("pass", budget)
    assert recorder.calls == [budget]


def test_only_the_prefix_is_compared(root: Path) -> None:
    late = Recorder(drift_from=12)
    assert check(_port(late, 12), LONG, VARIANT, root=root).status == "pass"
    outcome = check(_port(late, 13), LONG, VARIANT, root=root)
    assert outcome.status == "fail"
    assert outcome.mismatches[0].path == "train_error[12]"
    whole = check(_port(late, None), LONG, VARIANT, root=root)
    assert (whole.status, whole.prefix) == ("fail", None)
    assert late.calls == [12, 13, 25]


def test_the_evaluation_after_a_shortened_last_iteration_is_not_compared(root: Path) -> None:
    # A 5-iteration run evaluates after iteration 4, which the golden never did.
    outcome = check(_port(Recorder(), 5), LONG, VARIANT, root=root)
    assert outcome.status == "pass"
    cut = prefixes.first_iterations(_trace(5, 0.5), 5)
    assert cut["test_iteration"] == [0]
    assert "final_weights_0_1" not in cut


def test_a_trace_that_cannot_be_cut_fails_in_one_line(root: Path) -> None:
    def shapeless(iterations: int, rate: float) -> dict[str, Any]:
        return {"train_error": [1.0] * iterations}

    outcome = check(_port(shapeless, 2), LONG, VARIANT, root=root)
    assert outcome.status == "fail"
    assert "cannot take its first 2 iterations (KeyError" in outcome.detail
    assert "\n" not in outcome.detail


def _ids_and_marks(implementation: Implementation, listing: Listing) -> list[tuple[str, bool]]:
    return [(case.name, case.full) for case in cases(implementation, listing, listing.variants[0])]


def test_conformance_cases_of_long_listings() -> None:
    writer = Implementation("reference", {LONG.id: Recorder()}, writes_goldens=True)
    assert _ids_and_marks(writer, LONG) == [
        ("reference:ch99/long:meap", True),
        (f"reference:ch99/long:meap:first-{DEFAULT_PREFIX}", False),
    ]
    assert _ids_and_marks(_port(Recorder(), 1), LONG) == [("port:ch99/long:meap:first-1", True)]
    assert _ids_and_marks(_port(Recorder(), None), LONG) == [
        ("port:ch99/long:meap", True),
        (f"port:ch99/long:meap:first-{DEFAULT_PREFIX}", False),
    ]
    assert _ids_and_marks(_port(Recorder(), 1), SHORT) == [("port:ch99/short:meap", False)]


def test_every_chapter_8_listing_runs_by_iterations() -> None:
    for listing in ch08.LISTINGS:
        assert get_listing(listing.id).prefix is prefixes.ITERATIONS
        for variant in listing.variants:
            assert variant.params["iterations"] > DEFAULT_PREFIX


class _Item:
    def __init__(self, full: bool) -> None:
        self.full = full

    def get_closest_marker(self, name: str) -> object:
        return "full" if name == "full" and self.full else None


class _Config:
    def __init__(self, markexpr: str) -> None:
        self.option = SimpleNamespace(markexpr=markexpr)
        self.getoption = lambda name: False  # not --grokking-spec: only the -m rule applies
        self.deselected: list[Any] = []
        self.hook = SimpleNamespace(pytest_deselected=lambda items: self.deselected.extend(items))


@pytest.mark.parametrize(("markexpr", "kept"), [("", 1), ("full", 2), ("not full", 2)])
def test_full_runs_need_a_mark_expression(markexpr: str, kept: int) -> None:
    # Without -m the plugin deselects them; any -m expression is left to pytest's own -m.
    items: list[Any] = [_Item(full=True), _Item(full=False)]
    config = _Config(markexpr)
    pytest_collection_modifyitems(None, config, items)  # type: ignore[arg-type]
    assert len(items) == kept
    assert [item.full for item in config.deselected] == ([True] if kept == 1 else [])
