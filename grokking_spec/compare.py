"""Field-by-field comparison of an obtained trace with a golden one, tolerance-aware.

``compare_traces`` walks the golden in trace order and returns a ``Comparison``: every
mismatch in that order, and for the numbers that matched, whether all were bit-identical
and the largest distance in ULPs (and where) among those within tolerance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from grokking_spec.levels import ulps
from grokking_spec.listing import Tolerance

_INDEX = re.compile(r"\[(-?\d+)\]")

#: Structural problems sort before numeric drift when picking the worst mismatch.
_STRUCTURAL = ("missing", "extra", "shape", "type", "nan")


@dataclass(frozen=True)
class Mismatch:
    """One field (or one element of one) where obtained and expected disagree."""

    path: str
    reason: str
    expected: Any = None
    obtained: Any = None
    difference: float | None = None

    @property
    def relative(self) -> float:
        if self.difference is None:
            return math.inf
        scale = abs(self.expected) if isinstance(self.expected, int | float) else 0.0
        return abs(self.difference) / scale if scale else math.inf

    @property
    def iteration(self) -> int | None:
        """The first index in the path (the iteration, for per-iteration fields)."""
        match = _INDEX.search(self.path)
        return int(match.group(1)) if match else None

    def describe(self) -> str:
        if self.reason in ("missing", "extra"):
            return f"{self.path}: {self.reason} field"
        text = f"{self.path}: expected {self.expected!r}, obtained {self.obtained!r}"
        if self.difference is not None:
            text += f" (difference {self.difference:.3g})"
        if self.reason != "value":
            text += f" [{self.reason}]"
        return text


def worst(mismatches: list[Mismatch]) -> Mismatch:
    """The mismatch to name first: structural ones, then the largest relative difference."""

    def severity(mismatch: Mismatch) -> tuple[int, float]:
        structural = mismatch.reason in _STRUCTURAL
        return (1 if structural else 0, mismatch.relative)

    return max(mismatches, key=severity)


def first_divergence(mismatches: list[Mismatch]) -> Mismatch:
    """Where the trace first leaves the golden: the earliest iteration (first index of the
    path), then trace order; fields without an index (final values) come last."""
    order = {id(mismatch): position for position, mismatch in enumerate(mismatches)}

    def key(mismatch: Mismatch) -> tuple[int, int, int]:
        iteration = mismatch.iteration
        return (iteration is None, iteration or 0, order[id(mismatch)])

    return min(mismatches, key=key)


@dataclass
class Comparison:
    """What comparing two traces found."""

    #: Every mismatch, in trace order.
    mismatches: list[Mismatch] = field(default_factory=list)
    #: Whether every compared number was bit-identical (same value, type and sign).
    identical: bool = True
    #: The largest ULP distance among the numbers within tolerance, and its path.
    max_ulps: float = 0.0
    max_ulps_at: str = ""

    def note_within(self, path: str, distance: float) -> None:
        self.identical = False
        if distance > self.max_ulps:
            self.max_ulps, self.max_ulps_at = distance, path

    def extend(self, other: Comparison) -> None:
        self.mismatches += other.mismatches
        self.identical = self.identical and other.identical
        if other.max_ulps > self.max_ulps:
            self.max_ulps, self.max_ulps_at = other.max_ulps, other.max_ulps_at


def compare_traces(
    expected: Mapping[str, Any],
    obtained: Mapping[str, Any],
    tolerances: Mapping[str, Tolerance | None],
) -> Comparison:
    """Compare two traces; a field absent from ``tolerances`` is exact."""
    result = Comparison()
    _compare_fields(expected, obtained, lambda name: tolerances.get(name), "", result)
    return result


def _compare_fields(
    expected: Mapping[str, Any],
    obtained: Mapping[str, Any],
    tolerance_of: Callable[[str], Tolerance | None],
    prefix: str,
    out: Comparison,
) -> None:
    for name, value in expected.items():
        if name not in obtained:
            out.mismatches.append(Mismatch(prefix + name, "missing"))
        else:
            _compare(value, obtained[name], tolerance_of(name), prefix + name, out)
    out.mismatches.extend(
        Mismatch(prefix + name, "extra") for name in obtained if name not in expected
    )


def _compare(
    expected: Any, obtained: Any, tolerance: Tolerance | None, path: str, out: Comparison
) -> None:
    if isinstance(expected, list):
        if not isinstance(obtained, list) or len(expected) != len(obtained):
            out.mismatches.append(Mismatch(path, "shape", _shape(expected), _shape(obtained)))
            return
        for index, (left, right) in enumerate(zip(expected, obtained, strict=True)):
            _compare(left, right, tolerance, f"{path}[{index}]", out)
    elif isinstance(expected, dict):
        if not isinstance(obtained, dict):
            out.mismatches.append(Mismatch(path, "type", "mapping", type(obtained).__name__))
            return
        # A nested record carries the tolerance of the top-level field it sits in.
        _compare_fields(expected, obtained, lambda name: tolerance, path + ".", out)
    else:
        mismatch = _compare_scalar(expected, obtained, tolerance, path)
        if mismatch is not None:
            out.mismatches.append(mismatch)
        elif not _identical(expected, obtained):
            out.note_within(path, ulps(float(expected), float(obtained)))


def _identical(expected: Any, obtained: Any) -> bool:
    if type(expected) is not type(obtained) or expected != obtained:
        return isinstance(expected, float) and math.isnan(expected) and _is_nan(obtained)
    return not isinstance(expected, float) or math.copysign(1, expected) == math.copysign(
        1, obtained
    )


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _compare_scalar(
    expected: Any, obtained: Any, tolerance: Tolerance | None, path: str
) -> Mismatch | None:
    if expected is None or obtained is None:
        return None if expected is obtained else Mismatch(path, "type", expected, obtained)
    if isinstance(expected, bool | str) or isinstance(obtained, bool | str):
        if type(expected) is not type(obtained):
            return Mismatch(path, "type", expected, obtained)
        return None if expected == obtained else Mismatch(path, "value", expected, obtained)
    if not isinstance(obtained, int | float):
        return Mismatch(path, "type", expected, obtained)
    if isinstance(obtained, float) and math.isnan(obtained):
        if isinstance(expected, float) and math.isnan(expected):
            return None
        return Mismatch(path, "nan", expected, obtained)
    if tolerance is None:
        # Exact: the same number and the same kind of number, since 1 and 1.0 print apart.
        if type(expected) is not type(obtained):
            return Mismatch(path, "type", expected, obtained)
        if expected == obtained and math.copysign(1, expected) == math.copysign(1, obtained):
            return None
        return Mismatch(path, "value", expected, obtained, _difference(expected, obtained))
    if isinstance(expected, int) and not isinstance(expected, bool):
        # Integers (counts) are exact whatever the field's rule.
        if type(obtained) is int and obtained == expected:
            return None
        return Mismatch(path, "value", expected, obtained, _difference(expected, obtained))
    if tolerance.allows(expected, obtained):
        return None
    return Mismatch(path, "value", expected, obtained, _difference(expected, obtained))


def _difference(expected: float, obtained: float) -> float:
    try:
        return float(obtained - expected)
    except OverflowError:
        return math.inf


def _shape(value: Any) -> str:
    """``list[3][4]``-style description of a nested list, or the type of a scalar."""
    dims = []
    while isinstance(value, list):
        dims.append(len(value))
        value = value[0] if value else None
    return "list" + "".join(f"[{dim}]" for dim in dims) if dims else type(value).__name__
