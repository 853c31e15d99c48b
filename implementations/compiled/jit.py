"""The one way this package compiles a function: numba's nopython mode, cached on disk.

``cache=True`` keeps the machine code next to the source (or in numba's user cache), so
only the first run on a machine pays the compile time. ``fastmath=False``: the compiler may
not reassociate, contract into fused multiply-adds or assume no NaN, so every sum runs in
the order the source writes it, which is what keeps the traces within the goldens'
tolerances.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

_F = TypeVar("_F", bound=Callable[..., Any])


def kernel(function: _F) -> _F:
    """``function`` compiled by numba; its Python signature is kept for type checking."""
    return cast(_F, numba.njit(cache=True, fastmath=False, nogil=True)(function))
