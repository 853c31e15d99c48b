"""Measure how far chapter 8 traces drift: the numbers behind the goldens' tolerances.

Three sources of drift, one subcommand each way of seeing them:

- ``dump OUT.json``: full-length reference runs of every chapter 8 listing variant (the
  registry's params). At each test evaluation the book's own per-image loop
  (``evaluate_per_example``) runs beside the reference's matrix product, and the dump keeps
  both results and the smallest gap between the two largest outputs of any test image
  (an argmax can only flip where that gap is smaller than the drift). Run it under two
  numpy versions and ``compare`` the dumps for the cross-version drift.
- ``lists OUT.json [--iterations N]``: the lists implementation's first ``N`` iterations
  (default 1), in the same layout, for ``compare`` against a reference dump.
- ``compare A.json B.json``: per listing variant and trace field, the largest absolute and
  relative difference (over the iterations both have; a shorter run is compared on its
  prefix), the number of differing counts, and the per-example evaluation's drift.

Usage::

    python tools/ch08_drift.py dump /tmp/np24.json
    /tmp/np126/bin/python tools/ch08_drift.py dump /tmp/np126.json
    python tools/ch08_drift.py compare /tmp/np24.json /tmp/np126.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from grokking_spec.catalog import ch08
from grokking_spec.listing import Listing, Variant
from grokking_spec.prefixes import first_iterations
from grokking_spec.reference import ch08_regularization as reference
from grokking_spec.trace import leaves, normalise

LISTING_FUNCTIONS = {
    "ch08/three-layer-mnist": reference.three_layer_mnist,
    "ch08/dropout": reference.dropout,
    "ch08/batch-gradient-descent": reference.batch_gradient_descent,
}


def _variants(ids: list[str], names: list[str]) -> list[tuple[Listing, Variant]]:
    return [
        (listing, variant)
        for listing in ch08.LISTINGS
        for variant in listing.variants
        if (not ids or listing.id in ids) and (not names or variant.name in names)
    ]


def _key(listing: Listing, variant: Variant) -> str:
    return f"{listing.id}:{variant.name}"


class Beside:
    """An evaluator that also runs the book's per-image loop and measures argmax margins."""

    def __init__(self) -> None:
        self.per_example: list[tuple[float, int]] = []
        self.margins: list[float] = []

    def __call__(
        self,
        weights_0_1: reference.F64Array,
        weights_1_2: reference.F64Array,
        images: reference.F64Array,
        labels: reference.F64Array,
    ) -> tuple[float, int]:
        result = reference.evaluate(weights_0_1, weights_1_2, images, labels)
        self.per_example.append(
            reference.evaluate_per_example(weights_0_1, weights_1_2, images, labels)
        )
        layer_2 = reference.relu(images.dot(weights_0_1)).dot(weights_1_2)
        top_two = np.sort(layer_2, axis=1)[:, -2:]
        self.margins.append(float(np.min(top_two[:, 1] - top_two[:, 0])))
        return result


def dump(out: Path, ids: list[str], names: list[str], iterations: int | None) -> None:
    runs: dict[str, Any] = {"numpy": np.__version__}
    for listing, variant in _variants(ids, names):
        beside = Beside()
        start = time.perf_counter()
        params = {**variant.params, **({"iterations": iterations} if iterations else {})}
        trace = LISTING_FUNCTIONS[listing.id](**params, evaluator=beside)
        seconds = time.perf_counter() - start
        runs[_key(listing, variant)] = {
            "trace": normalise(trace),
            "per_example_test_error": [error for error, _ in beside.per_example],
            "per_example_test_correct": [correct for _, correct in beside.per_example],
            "test_margin": beside.margins,
            "seconds": seconds,
        }
        print(f"{_key(listing, variant)}: {seconds:.1f} s", file=sys.stderr)
    out.write_text(json.dumps(runs))


def lists(out: Path, ids: list[str], names: list[str], iterations: int) -> None:
    from grokking_spec.implementations.lists import implementation

    runs: dict[str, Any] = {"numpy": "none (lists)"}
    for listing, variant in _variants(ids, names):
        start = time.perf_counter()
        function = implementation.listings[listing.id]
        trace = function(**{**variant.params, "iterations": iterations})
        seconds = time.perf_counter() - start
        runs[_key(listing, variant)] = {"trace": normalise(trace), "seconds": seconds}
        print(f"{_key(listing, variant)}: {seconds:.1f} s", file=sys.stderr)
    out.write_text(json.dumps(runs))


def _differences(expected: Any, obtained: Any) -> tuple[float, float, int]:
    """Largest absolute and relative difference of the floats, and count of unequal ints."""
    absolute = relative = 0.0
    unequal = 0
    for left, right in zip(leaves(expected), leaves(obtained), strict=True):
        if isinstance(left, int) and isinstance(right, int):
            unequal += left != right
            continue
        difference = abs(right - left)
        absolute = max(absolute, difference)
        if left:
            relative = max(relative, difference / abs(left))
    return absolute, relative, unequal


def compare(first: Path, second: Path) -> None:
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    print(f"{first} (numpy {a['numpy']}) against {second} (numpy {b['numpy']})")
    for listing in ch08.LISTINGS:
        for variant in listing.variants:
            key = _key(listing, variant)
            if key not in a or key not in b:
                continue
            left, right = a[key]["trace"], b[key]["trace"]
            n = min(len(left["train_error"]), len(right["train_error"]))
            whole = len(left["train_error"]) == len(right["train_error"])
            if not whole:
                left, right = first_iterations(left, n), first_iterations(right, n)
            print(f"{key} ({'whole' if whole else f'first {n} iterations'}):")
            for field in left:
                absolute, relative, unequal = _differences(left[field], right[field])
                print(f"  {field}: abs {absolute:.3g} rel {relative:.3g} unequal counts {unequal}")
    for name, run in (("first", a), ("second", b)):
        for key, data in run.items():
            if not isinstance(data, dict) or "per_example_test_error" not in data:
                continue
            trace = data["trace"]
            _, relative, _ = _differences(trace["test_error"], data["per_example_test_error"])
            _, _, unequal = _differences(trace["test_correct"], data["per_example_test_correct"])
            margin = min(data["test_margin"])
            print(
                f"{name} {key}: matrix vs per-image test_error rel {relative:.3g}, "
                f"test_correct unequal {unequal}, smallest top-2 gap {margin:.3g} "
                f"({data['seconds']:.0f} s)"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("dump", "lists"):
        command = commands.add_parser(name)
        command.add_argument("out", type=Path)
        command.add_argument("--listing", action="append", default=[])
        command.add_argument("--variant", action="append", default=[])
        default = 1 if name == "lists" else None
        command.add_argument("--iterations", type=int, default=default)
    compare_command = commands.add_parser("compare")
    compare_command.add_argument("first", type=Path)
    compare_command.add_argument("second", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "dump":
        dump(arguments.out, arguments.listing, arguments.variant, arguments.iterations)
    elif arguments.command == "lists":
        lists(arguments.out, arguments.listing, arguments.variant, arguments.iterations)
    else:
        compare(arguments.first, arguments.second)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
