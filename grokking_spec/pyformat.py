"""How each edition's Python turned numbers into text.

The meap edition ran on Python 2, whose ``str(float)`` kept 12 significant digits
(``'%.12g'`` plus ``.0`` when the result looks like an integer); its numpy was old enough
to print arrays in what numpy now calls the ``'1.13'`` legacy style and to give float64
scalars the same 12-digit ``str``. The published edition runs on Python 3: shortest
round-trip ``repr`` everywhere, and numpy's current array printing.

Inside a list, Python 2 also used ``repr``, so ``str([x])`` is the same in both editions.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from typing import Any

import numpy as np


class Edition(enum.Enum):
    """The Python that printed a listing's output."""

    PY2 = "python2"
    PY3 = "python3"

    def format(self, value: Any) -> str:
        """``str(value)`` as that Python printed it (numbers, lists, tuples, strings)."""
        if isinstance(value, bool | int | str):
            return str(value)
        if isinstance(value, float):
            return py2_str_float(value) if self is Edition.PY2 else repr(value)
        if isinstance(value, list):
            return "[" + ", ".join(_repr(item) for item in value) + "]"
        if isinstance(value, tuple):
            inner = ", ".join(_repr(item) for item in value)
            return "(" + inner + ("," if len(value) == 1 else "") + ")"
        raise TypeError(f"no book formatting for {type(value).__name__}: {value!r}")

    def truncated(self, value: float, width: int) -> str:
        """``str(value)[0:width]``: the book truncates, it does not round."""
        return self.format(value)[0:width]

    def array(self, values: Sequence[Any], dtype: str | None = None) -> list[str]:
        """The lines ``print(numpy_array)`` writes for a (nested) list of values."""
        legacy: Any = "1.13" if self is Edition.PY2 else False
        with np.printoptions(legacy=legacy):
            return str(np.array(values, dtype=dtype)).split("\n")


def py2_str_float(value: float) -> str:
    """Python 2's ``str(float)``: 12 significant digits, ``.0`` kept on integral values."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    text = format(value, ".12g")  # the digits of Python 2's "%.12g"
    if "." not in text and "e" not in text:
        text += ".0"
    return text


def _repr(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_repr(item) for item in value) + "]"
    return repr(value)
