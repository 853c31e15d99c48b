"""Field-by-field comparison: every kind of mismatch is reported, with its path."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from grokking_spec.compare import compare_traces, first_divergence, worst
from grokking_spec.listing import Tolerance

LOOSE = Tolerance(rtol=1e-9, atol=0.0, measured="test")


def _paths(expected: dict, obtained: dict, tolerances: dict | None = None) -> list[tuple[str, str]]:
    comparison = compare_traces(expected, obtained, tolerances or {})
    return [(m.path, m.reason) for m in comparison.mismatches]


def test_identical_traces_have_no_mismatch() -> None:
    trace = {"error": [0.1, 0.2], "cases": [{"x": 1, "name": "a"}], "flag": True}
    comparison = compare_traces(trace, trace, {})
    assert comparison.mismatches == [] and comparison.identical


def test_missing_and_extra_fields() -> None:
    assert _paths({"a": 1, "b": 2}, {"a": 1, "c": 3}) == [("b", "missing"), ("c", "extra")]


def test_every_mismatching_element_is_reported_with_its_index() -> None:
    mismatches = compare_traces({"e": [1.0, 2.0, 3.0]}, {"e": [1.0, 2.5, 3.5]}, {}).mismatches
    assert [(m.path, m.expected, m.obtained, m.difference) for m in mismatches] == [
        ("e[1]", 2.0, 2.5, 0.5),
        ("e[2]", 3.0, 3.5, 0.5),
    ]


def test_shape_type_and_nan_mismatches() -> None:
    assert _paths({"w": [[1.0, 2.0]]}, {"w": [[1.0]]}) == [("w[0]", "shape")]
    assert _paths({"w": [1.0]}, {"w": 1.0}) == [("w", "shape")]
    assert _paths({"n": 1}, {"n": 1.0}) == [("n", "type")]
    assert _paths({"s": "ValueError"}, {"s": "TypeError"}) == [("s", "value")]
    assert _paths({"x": 0.5}, {"x": math.nan}) == [("x", "nan")]
    assert _paths({"x": 0.5}, {"x": [0.5]}) == [("x", "type")]
    assert _paths({"c": [{"e": 1.0}]}, {"c": [{"e": 1.0, "f": 2}]}) == [("c[0].f", "extra")]


def test_exact_fields_tell_zero_signs_apart() -> None:
    assert _paths({"x": 0.0}, {"x": -0.0}) == [("x", "value")]


def test_tolerance_applies_to_the_field_and_everything_nested_in_it() -> None:
    expected = {"t": [{"v": 1.0}], "u": 1.0}
    obtained = {"t": [{"v": 1.0 + 1e-12}], "u": 1.0 + 1e-12}
    assert _paths(expected, obtained, {"t": LOOSE}) == [("u", "value")]
    assert _paths({"t": 1.0}, {"t": 1.0 + 1e-6}, {"t": LOOSE}) == [("t", "value")]


def test_worst_prefers_structure_then_relative_size() -> None:
    mismatches = compare_traces(
        {"a": 1.0, "b": 100.0, "c": 1.0}, {"a": 1.5, "b": 101.0}, {}
    ).mismatches
    assert worst(mismatches).path == "c"
    assert worst(mismatches[:2]).path == "a"


@given(st.floats(allow_nan=False), st.floats(allow_nan=False))
def test_exact_comparison_is_bitwise(left: float, right: float) -> None:
    same = math.copysign(1, left) == math.copysign(1, right) and left == right
    assert (compare_traces({"x": left}, {"x": right}, {}).mismatches == []) is same


def test_within_tolerance_reports_the_largest_ulp_distance_and_where() -> None:
    one_ulp = math.nextafter(0.5, 1.0)
    expected = {"a": [0.5, 0.5], "b": 2.0, "n": 3}
    obtained = {"a": [0.5, math.nextafter(one_ulp, 1.0)], "b": 2.0, "n": 3}
    comparison = compare_traces(expected, obtained, {"a": LOOSE})
    assert comparison.mismatches == []
    assert not comparison.identical
    assert (comparison.max_ulps, comparison.max_ulps_at) == (2.0, "a[1]")
    assert compare_traces(expected, expected, {"a": LOOSE}).identical


def test_counts_stay_exact_under_a_tolerance() -> None:
    assert _paths({"n": [3]}, {"n": [4]}, {"n": LOOSE}) == [("n[0]", "value")]
    assert _paths({"n": [3]}, {"n": [3.0]}, {"n": LOOSE}) == [("n[0]", "value")]


def test_first_divergence_is_the_earliest_iteration_then_trace_order() -> None:
    expected = {"w": [1.0, 1.0, 1.0], "e": [1.0, 1.0, 1.0], "final": 1.0}
    obtained = {"w": [1.0, 1.0, 9.0], "e": [1.0, 1.5, 1.0], "final": 2.0}
    mismatches = compare_traces(expected, obtained, {}).mismatches
    assert [m.path for m in mismatches] == ["w[2]", "e[1]", "final"]
    assert first_divergence(mismatches).path == "e[1]"
    assert worst(mismatches).path == "w[2]"
    assert first_divergence(mismatches[2:]).path == "final"
