"""Field-by-field comparison of an obtained trace with a golden one, tolerance-aware."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from grokking_spec.listing import Tolerance

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


def compare_traces(
    expected: Mapping[str, Any],
    obtained: Mapping[str, Any],
    tolerances: Mapping[str, Tolerance | None],
) -> list[Mismatch]:
    """Every mismatch between two traces; a field absent from ``tolerances`` is exact."""
    mismatches: list[Mismatch] = []
    _compare_fields(expected, obtained, lambda name: tolerances.get(name), "", mismatches)
    return mismatches


def _compare_fields(
    expected: Mapping[str, Any],
    obtained: Mapping[str, Any],
    tolerance_of: Callable[[str], Tolerance | None],
    prefix: str,
    out: list[Mismatch],
) -> None:
    for name, value in expected.items():
        if name not in obtained:
            out.append(Mismatch(prefix + name, "missing"))
        else:
            _compare(value, obtained[name], tolerance_of(name), prefix + name, out)
    out.extend(Mismatch(prefix + name, "extra") for name in obtained if name not in expected)


def _compare(
    expected: Any, obtained: Any, tolerance: Tolerance | None, path: str, out: list[Mismatch]
) -> None:
    if isinstance(expected, list):
        if not isinstance(obtained, list) or len(expected) != len(obtained):
            out.append(Mismatch(path, "shape", _shape(expected), _shape(obtained)))
            return
        for index, (left, right) in enumerate(zip(expected, obtained, strict=True)):
            _compare(left, right, tolerance, f"{path}[{index}]", out)
    elif isinstance(expected, dict):
        if not isinstance(obtained, dict):
            out.append(Mismatch(path, "type", "mapping", type(obtained).__name__))
            return
        # A nested record carries the tolerance of the top-level field it sits in.
        _compare_fields(expected, obtained, lambda name: tolerance, path + ".", out)
    else:
        mismatch = _compare_scalar(expected, obtained, tolerance, path)
        if mismatch is not None:
            out.append(mismatch)


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
