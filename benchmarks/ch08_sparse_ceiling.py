"""How much faster than BLAS can a numba loop over the lit pixels be? A bound for ``compiled``.

On the meap mini-batch listing nearly all of the reference's time is dense matrix products
(OpenBLAS, one thread), and nearly all of ``compiled``'s is the same products summed over
the lit pixels only: about 19% of the pixels, so about a fifth of the multiply-adds. How
much faster it can be is then the dense product's time over the sparse loop's, on the same
product. This script measures that ratio on the listing's largest product, the test pass's
hidden layer (10000 test images by 784 pixels by 100 hidden units), for the fastest loop
shapes tried for ``compiled``:

- ``index order``: ``compiled``'s own loop: per image, each lit pixel's row of weights
  added into the hidden sums, which live in memory;
- ``four pixels a step``: four lit pixels' rows summed before each addition to the hidden
  sums (another summation order: it would need the tolerances' room);
- ``sums in registers``: the hidden sums as 100 local variables, so the compiler can keep
  them in vector registers (numba's SLP vectorizer switched on for this one loop; the same
  numbers as ``index order``, bit for bit).

Each loop's time is the best of ``--repeat`` runs of ``--runs`` products; the table gives
seconds per product, the multiply-adds actually done and their rate, and the ratio of the
BLAS product's time to the loop's: the most that loop can make of the issue's target of 5
on this listing, before the rest of the listing's work is counted. Needs the
``[compiled]`` extra (numba).

Usage::

    python benchmarks/ch08_sparse_ceiling.py [--runs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

HIDDEN = 100
PIXELS = 784

F64Array = npt.NDArray[np.float64]
I64Array = npt.NDArray[np.int64]
Loop = Callable[[I64Array, I64Array, F64Array, F64Array, F64Array], None]


def index_order(
    start: I64Array, pixels: I64Array, values: F64Array, weights: F64Array, out: F64Array
) -> None:
    for i in range(start.shape[0] - 1):
        sums = out[i]
        sums[:] = 0.0
        for p in range(start[i], start[i + 1]):
            row, value = weights[pixels[p]], values[p]
            for j in range(sums.shape[0]):
                sums[j] += value * row[j]


def four_pixels_a_step(
    start: I64Array, pixels: I64Array, values: F64Array, weights: F64Array, out: F64Array
) -> None:
    for i in range(start.shape[0] - 1):
        sums = out[i]
        sums[:] = 0.0
        p, end = start[i], start[i + 1]
        while p + 4 <= end:
            a, b, c, d = weights[pixels[p]], weights[pixels[p + 1]], weights[pixels[p + 2]], weights[pixels[p + 3]]  # fmt: skip  # noqa: E501
            va, vb, vc, vd = values[p], values[p + 1], values[p + 2], values[p + 3]
            for j in range(sums.shape[0]):
                sums[j] += (va * a[j] + vb * b[j]) + (vc * c[j] + vd * d[j])
            p += 4
        while p < end:
            row, value = weights[pixels[p]], values[p]
            for j in range(sums.shape[0]):
                sums[j] += value * row[j]
            p += 1


def sums_in_registers_source(width: int) -> str:
    """``index_order`` for ``width`` hidden units, its sums as local variables."""
    sums = [f"s{j}" for j in range(width)]
    lines = [
        "def sums_in_registers(start, pixels, values, weights, out):",
        "    for i in range(start.shape[0] - 1):",
        "        " + " = ".join(sums) + " = 0.0",
        "        for p in range(start[i], start[i + 1]):",
        "            row, value = weights[pixels[p]], values[p]",
        *(f"            {s} += value * row[{j}]" for j, s in enumerate(sums)),
        *(f"        out[i, {j}] = {s}" for j, s in enumerate(sums)),
    ]
    return "\n".join(lines)


def compile_loops(arguments: tuple[Any, ...]) -> dict[str, Loop]:
    """The loops compiled by numba, each for ``arguments``' types."""
    import numba

    jit = numba.njit(fastmath=False)
    namespace: dict[str, Any] = {}
    exec(sums_in_registers_source(HIDDEN), namespace)
    loops: dict[str, Loop] = {
        "index order": jit(index_order),
        "four pixels a step": jit(four_pixels_a_step),
    }
    # numba reads this setting when it optimises a function, at its first call.
    slp = getattr(numba.config, "SLP_VECTORIZE")  # noqa: B009 - set at import; mypy cannot see it
    setattr(numba.config, "SLP_VECTORIZE", 1)  # noqa: B010
    try:
        registers = jit(namespace["sums_in_registers"])
        registers(*arguments)  # compiled now, with the setting, for these types
    finally:
        setattr(numba.config, "SLP_VECTORIZE", slp)  # noqa: B010
    loops["sums in registers"] = registers
    return loops


def best_time(work: Callable[[], object], runs: int, repeat: int) -> float:
    """Seconds per call: the best of ``repeat`` timings of ``runs`` calls."""
    work()
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for _ in range(runs):
            work()
        best = min(best, (time.perf_counter() - began) / runs)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="products per timing (5)")
    parser.add_argument("--repeat", type=int, default=5, help="timings, best kept (5)")
    args = parser.parse_args(argv)

    from threadpoolctl import threadpool_limits

    from grokking_spec.porting.mnist import as_book_arrays, load_mnist

    _, _, dense, _ = as_book_arrays(load_mnist())
    rows_of_lit, pixels = np.nonzero(dense)  # by image, then by pixel: CSR order
    start = np.searchsorted(rows_of_lit, np.arange(len(dense) + 1)).astype(np.int64)
    values = np.ascontiguousarray(dense[rows_of_lit, pixels])
    weights = 0.2 * np.random.RandomState(1).random_sample((PIXELS, HIDDEN)) - 0.1
    dense_madds, sparse_madds = dense.size * HIDDEN, len(values) * HIDDEN

    with threadpool_limits(limits=1, user_api="blas"):
        blas = best_time(lambda: dense.dot(weights), args.runs, args.repeat)
    rows = [("BLAS, every pixel (the reference)", blas, dense_madds)]
    out = np.empty((len(dense), HIDDEN))
    arguments = (start, pixels.astype(np.int64), values, weights, out)
    in_index_order = None
    for name, loop in compile_loops(arguments).items():
        seconds = best_time(partial(loop, *arguments), args.runs, args.repeat)
        if in_index_order is None:
            in_index_order = out.copy()
        same = "same sums" if np.array_equal(out, in_index_order) else "other sums"
        rows.append((f"numba, lit pixels: {name} ({same})", seconds, sparse_madds))

    print(f"{len(dense)} test images x {PIXELS} pixels x {HIDDEN} hidden units; "
          f"lit pixels {len(values) / dense.size:.1%} of all; one thread")  # fmt: skip
    print(f"{'product':<58} {'ms':>7} {'madds':>8} {'madds/s':>8} {'BLAS / it':>9}")
    for name, seconds, madds in rows:
        print(f"{name:<58} {seconds * 1e3:7.2f} {madds:8.2e} {madds / seconds:8.2e} "
              f"{blas / seconds:9.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
