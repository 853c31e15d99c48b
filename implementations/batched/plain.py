"""Traces as plain Python numbers: numpy scalars and arrays converted with ``tolist``.

A numpy float64 is a Python float subclass, yet a golden compares the kind of number too,
so every value leaves the package as a builtin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, ParamSpec

import numpy as np

_P = ParamSpec("_P")


def plain(value: Any) -> Any:
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def returns_plain(listing: Callable[_P, Mapping[str, Any]]) -> Callable[_P, dict[str, Any]]:
    """``listing`` with its trace made of builtins only."""

    @wraps(listing)
    def converted(*args: _P.args, **kwargs: _P.kwargs) -> dict[str, Any]:
        result: dict[str, Any] = plain(listing(*args, **kwargs))
        return result

    return converted
