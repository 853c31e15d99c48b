"""Chapter 3 printouts: forward propagation."""

from __future__ import annotations

from grokking_spec.listing import Trace
from grokking_spec.pyformat import Edition


def prints_prediction(trace: Trace, edition: Edition) -> list[str]:
    """``print(pred)`` of a Python number or list."""
    return [edition.format(trace["prediction"])]


def prints_prediction_array(trace: Trace, edition: Edition) -> list[str]:
    """``print(pred)`` of a numpy array."""
    return edition.array(trace["prediction"])


def prints_numpy_primer(trace: Trace, edition: Edition) -> list[str]:
    """The primer's four blocks; a raised error prints its type and ends its block.

    ``print(e)`` of the unseeded random matrix is left out: no seed can reproduce it.
    """
    lines: list[str] = []
    for name in ("a", "b", "c", "d"):
        lines += edition.array(trace[name])
    for name in ("a_times_0_1", "c_times_0_2", "a_times_b", "a_times_b_times_0_2", "a_times_c"):
        lines += edition.array(trace[name])
    lines.append(trace["a_times_e_raises"])
    lines += [edition.format(tuple(shape)) for shape in trace["dot_shapes"]]
    lines.append(trace["misaligned_dot_raises"])
    return lines
