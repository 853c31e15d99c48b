"""Conformance levels: bit-identical, within tolerance (by how many ULPs), or beyond it.

The goldens were written on one BLAS kernel (``GOLDENS_KERNEL``; ``spec/README.md`` says
which numpy). An implementation that declares the ``exact`` level (the book's arithmetic in
the book's order: the reference, ``lists``) is held to bit-identity there; on any other
kernel or platform a different summation order inside BLAS is legitimate, so every
implementation is held to the fields' measured tolerances, and reports say which kernel ran.
"""

from __future__ import annotations

import math
import os
from functools import cache

#: The OpenBLAS kernel (``OPENBLAS_CORETYPE``) the goldens were written with.
GOLDENS_KERNEL = "Haswell"


@cache
def blas_kernel() -> str:
    """The BLAS numpy uses here and its kernel, e.g. ``OpenBLAS Haswell``.

    Asked of threadpoolctl, which reads it from the loaded library itself, so it is what
    actually runs (``OPENBLAS_CORETYPE`` may name a kernel the CPU lacks).
    """
    try:
        import numpy  # noqa: F401 - loads the BLAS that threadpoolctl inspects
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover - numpy is a dependency
        return "none"
    for library in threadpool_info():
        if library.get("user_api") == "blas":
            name = "OpenBLAS" if library.get("internal_api") == "openblas" else "BLAS"
            kernel = library.get("architecture") or library.get("internal_api") or "unknown"
            return f"{name} {kernel}"
    return "none"


def on_goldens_kernel() -> bool:
    """Whether this process runs the kernel the goldens were written with."""
    override = os.environ.get("GROKKING_SPEC_KERNEL")  # for tests of the other branch
    kernel = override if override is not None else blas_kernel()
    return kernel.lower() == f"openblas {GOLDENS_KERNEL}".lower()


def ulps(expected: float, obtained: float) -> float:
    """How many units in the last place of ``expected`` separate the two numbers."""
    if expected == obtained:
        return 0.0
    difference = abs(obtained - expected)
    unit = math.ulp(expected) if expected != 0.0 else math.ulp(0.0)
    return difference / unit
