"""Time every registered implementation, and the book's own loops, on chapter 8.

In one process, for each chapter 8 listing variant: every implementation found through
the ``grokking_spec.implementations`` entry points (``grokking_spec.discover()``), at full
length, or on its prefix budget only when it declares one (the ``iterations`` column says
how many ran); then the book's own loops (``ch08_book_loops.py``: numpy one image at a
time, every test image walked one by one, the published mini-batch updates recomputed
per image as printed). Each run is checked against its golden (the ``golden`` column).

The table gives, per run: CPU seconds (``time.process_time``; BLAS is held to one thread,
so on an idle machine this is the wall time, also shown) and the ratio of its time to the
reference's and to the book loops'. Ratios are of time per multiply-add, so a run on a
prefix budget compares with whole runs; for two whole runs that is the ratio of seconds.
``madds`` is the arithmetic work of the run, counted from the listing's shapes
(``grokking_spec.workload``: ``I·N·(2·P·H + 3·H·L) + E·T·(P·H + H·L)`` per image,
``I·N·(P·H + 2·H·L + R·H·(L + P)) + E·T·(P·H + H·L)`` in mini-batches, with P = 784
pixels, L = 10 labels, H hidden units, N = 1000 training and T = 10000 test images, I
iterations, E test evaluations, R repeated updates per batch), and ``madds/s`` the rate
reached. Before its first timed run of a listing, an implementation runs it for one
untimed iteration (a warm-up: the data it prepares, numba's compiled code loaded from the
cache), except on a prefix budget, where a warm-up would cost as much as the run; the
book loops load their data outside the timings.

A whole run takes minutes (the published mini-batch listing is about 2.4e12 multiply-adds:
over a minute for the reference, several for the book loops); ``--listing``,
``--variant``, ``--impl``, ``--no-book`` and ``--iterations`` run part of it.

Usage::

    python benchmarks/ch08_implementations.py [--listing ID] [--variant NAME]
        [--impl NAME] [--no-book] [--iterations N]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import ch08_book_loops

from grokking_spec import discover
from grokking_spec.catalog import listing_variants
from grokking_spec.engine import prefix_comparison, prefix_length, trace_comparison
from grokking_spec.golden import GoldenError, golden_path, load_golden
from grokking_spec.plugins import Implementation, ImplementationError, run_listing
from grokking_spec.porting.mnist import load_mnist
from grokking_spec.trace import normalise
from grokking_spec.workload import multiply_adds

BOOK = "book loops"


@dataclass(frozen=True)
class Run:
    listing: str
    runner: str
    iterations: int
    #: ``""`` for a whole run, else why it was shortened: ``"budget"`` or ``"--iterations"``.
    shortened: str
    cpu: float
    wall: float
    madds: int
    golden: str

    @property
    def seconds_per_madd(self) -> float:
        return self.cpu / self.madds

    @property
    def rate(self) -> float:
        return self.madds / self.cpu if self.cpu else 0.0


def warm_up(implementation: Implementation, listing_id: str, params: dict[str, Any]) -> None:
    """One untimed iteration: what a process pays once (its data, numba's compiled code
    loaded from the cache) stays out of the timings. A run on a prefix budget is not warmed
    up: it would cost as much as the run itself."""
    with contextlib.suppress(ImplementationError):  # the timed run reports it
        run_listing(implementation, listing_id, {**params, "iterations": 1}, timeout=None)


def timed(call: Callable[[], Any]) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = call()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def golden_verdict(golden: dict[str, Any], listing: Any, trace: Any, n: int | None) -> str:
    if n is None:
        mismatches = trace_comparison(golden, trace).mismatches
    else:
        mismatches = prefix_comparison(listing, golden, trace, n).mismatches
    return "pass" if not mismatches else f"FAIL ({len(mismatches)} fields)"


def ratio(run: Run, base: Run | None) -> str:
    if base is None or not base.cpu:
        return ""
    return f"{run.seconds_per_madd / base.seconds_per_madd:.2f}"


def print_table(runs: list[Run]) -> None:
    header = (
        f"{'listing (variant)':40} {'runs':16} {'iterations':>18} {'CPU s':>8} {'wall s':>8} "
        f"{'/ref':>6} {'/book':>6} {'madds':>9} {'madds/s':>9}  golden"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        same = [other for other in runs if other.listing == run.listing]
        reference = next((r for r in same if r.runner == "reference"), None)
        book = next((r for r in same if r.runner == BOOK), None)
        iterations = f"{run.iterations}" + (f" ({run.shortened})" if run.shortened else "")
        print(
            f"{run.listing:40} {run.runner:16} {iterations:>18} {run.cpu:8.1f} {run.wall:8.1f} "
            f"{ratio(run, reference):>6} {ratio(run, book):>6} {run.madds:9.2e} "
            f"{run.rate:9.2e}  {run.golden}"
        )
    runners = list(dict.fromkeys(run.runner for run in runs))
    print()
    for runner in runners:
        mine = [run for run in runs if run.runner == runner]
        cpu, madds = sum(run.cpu for run in mine), sum(run.madds for run in mine)
        print(f"total {runner:16} {cpu:8.1f} s CPU, {madds:.2e} madds, {madds / cpu:.2e} madds/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--listing", action="append", default=[], metavar="ID")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME")
    parser.add_argument("--impl", action="append", default=[], metavar="NAME")
    parser.add_argument("--no-book", action="store_true", help="leave out the book's loops")
    parser.add_argument("--iterations", type=int, default=None, metavar="N")
    arguments = parser.parse_args()
    registered, problems = discover()
    for problem in problems:
        print(problem, file=sys.stderr)
    for name in arguments.impl:
        if name not in registered:
            print(
                f"--impl {name}: no such implementation ({', '.join(registered)})", file=sys.stderr
            )
            return 2
    chosen = [registered[name] for name in (arguments.impl or sorted(registered))]
    chosen.sort(key=lambda implementation: not implementation.writes_goldens)  # reference first
    selected = [
        (listing, variant)
        for listing, variant in listing_variants()
        if listing.id.startswith("ch08/")
        and (not arguments.listing or listing.id in arguments.listing)
        and (not arguments.variant or variant.name in arguments.variant)
    ]
    if not selected:
        print("no chapter 8 listing variant matches --listing/--variant", file=sys.stderr)
        return 2
    load_mnist()  # verified once here, then cached: not part of any timing
    runs: list[Run] = []
    warmed: set[tuple[str, str]] = set()
    for listing, variant in selected:
        label = f"{listing.id} ({variant.name})"
        try:
            golden = load_golden(golden_path(listing, variant))
        except GoldenError as error:
            print(error, file=sys.stderr)
            return 2
        for implementation in chosen:
            if not implementation.covers(listing.id):
                continue
            n = prefix_length(implementation, listing, arguments.iterations)
            params = dict(golden["params"])
            if n is not None:
                params["iterations"] = min(n, params["iterations"])
            if (implementation.name, listing.id) not in warmed and n is None:
                warm_up(implementation, listing.id, params)
                warmed.add((implementation.name, listing.id))
            try:
                trace, cpu, wall = timed(
                    partial(run_listing, implementation, listing.id, params, timeout=None)
                )
                verdict = golden_verdict(golden, listing, trace, n)
            except ImplementationError as error:
                trace, cpu, wall, verdict = None, 0.0, 0.0, f"ERROR: {error}"
            shortened = ""
            if params["iterations"] < golden["params"]["iterations"]:
                budget = implementation.prefix_budgets.get(listing.id)
                shortened = "budget" if budget == params["iterations"] else "--iterations"
            madds = multiply_adds(listing.id, params)
            runs.append(
                Run(
                    label,
                    implementation.name,
                    params["iterations"],
                    shortened,
                    cpu,
                    wall,
                    madds,
                    verdict,
                )
            )
            print(f"{label}: {implementation.name} {cpu:.1f} s", file=sys.stderr, flush=True)
        if not arguments.no_book:
            params = dict(golden["params"])
            n = arguments.iterations
            if n is not None:
                params["iterations"] = min(n, params["iterations"])
            trace, cpu, wall = timed(partial(ch08_book_loops.run, listing.id, params))
            trace = normalise(trace)
            whole = params["iterations"] == golden["params"]["iterations"]
            verdict = golden_verdict(golden, listing, trace, None if whole else n)
            madds = multiply_adds(listing.id, params)
            shortened = "" if whole else "--iterations"
            runs.append(
                Run(label, BOOK, params["iterations"], shortened, cpu, wall, madds, verdict)
            )
            print(f"{label}: {BOOK} {cpu:.1f} s", file=sys.stderr, flush=True)
    print_table(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
