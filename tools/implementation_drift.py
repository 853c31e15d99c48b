"""How far an implementation drifts from the goldens, field by field, in ulps.

Runs one registered implementation on every listing variant with the golden's params and
prints, per (listing, variant, trace field) that differs, the number of elements that
differ, the largest absolute and relative difference and the largest distance in ulps
(``abs(obtained - expected) / math.ulp(expected)``), then every structural mismatch (a
missing or extra field, another length, another kind of value: ``1`` for ``1.0`` counts,
since they print apart). Zeros that differ only in sign are counted apart: they are equal
numbers, and a tolerance passes them.

Long listings (chapter 8) run their first ``--iterations`` iterations (default 1) and are
compared on the part of the trace those determine (the listing's ``Prefix`` rule); with
``--full`` they run whole. Integer leaves (counts) show their differences but no ulps.

Usage::

    python tools/implementation_drift.py vectorized
    python tools/implementation_drift.py vectorized --listing ch08/three-layer-mnist \
        --variant published --full
    OPENBLAS_CORETYPE=Prescott python tools/implementation_drift.py vectorized --chapters 3-7

Exits 1 if any variant failed to run or mismatched in structure, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from grokking_spec import discover, golden_path, load_golden
from grokking_spec.catalog import listing_variants
from grokking_spec.engine import prefix_params
from grokking_spec.golden import GoldenError
from grokking_spec.listing import Listing, Trace, Variant
from grokking_spec.plugins import Implementation, ImplementationError, run_listing


@dataclass
class FieldDrift:
    """The differences found in one top-level trace field."""

    elements: int = 0
    differing: int = 0
    signed_zeros: int = 0
    absolute: float = 0.0
    relative: float = 0.0
    ulps: float = 0.0
    structural: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.differing or self.signed_zeros or self.structural)


def _walk(expected: Any, obtained: Any, path: str) -> Iterator[tuple[str, Any, Any, str]]:
    """``(path, expected, obtained, problem)`` for every leaf, or for a structural problem
    (``problem`` non-empty, the leaves ``None``)."""
    if isinstance(expected, list):
        if not isinstance(obtained, list) or len(obtained) != len(expected):
            yield path, None, None, f"shape {_shape(expected)}, obtained {_shape(obtained)}"
            return
        for index, (left, right) in enumerate(zip(expected, obtained, strict=True)):
            yield from _walk(left, right, f"{path}[{index}]")
    elif isinstance(expected, dict):
        if not isinstance(obtained, dict):
            yield path, None, None, f"a mapping, obtained {type(obtained).__name__}"
            return
        for key in [*expected, *(key for key in obtained if key not in expected)]:
            if key not in obtained or key not in expected:
                yield f"{path}.{key}", None, None, "missing" if key in expected else "extra"
            else:
                yield from _walk(expected[key], obtained[key], f"{path}.{key}")
    else:
        yield path, expected, obtained, ""


def _shape(value: Any) -> str:
    dims = []
    while isinstance(value, list):
        dims.append(str(len(value)))
        value = value[0] if value else None
    return "[" + "][".join(dims) + "]" if dims else type(value).__name__


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def field_drift(expected: Any, obtained: Any, name: str) -> FieldDrift:
    """Element-wise differences of one field; non-numbers must be equal."""
    drift = FieldDrift()
    for path, left, right, problem in _walk(expected, obtained, name):
        if problem:
            drift.structural.append(f"{path}: {problem}")
            continue
        drift.elements += 1
        if not (_is_number(left) and _is_number(right)):
            if type(left) is not type(right) or left != right:
                drift.structural.append(f"{path}: expected {left!r}, obtained {right!r}")
            continue
        if type(left) is not type(right):
            drift.structural.append(f"{path}: expected {left!r}, obtained {right!r} (kind)")
            continue
        if isinstance(left, float) and (math.isnan(left) or math.isnan(right)):
            if not (math.isnan(left) and math.isnan(right)):
                drift.structural.append(f"{path}: expected {left!r}, obtained {right!r}")
            continue
        if left == right:
            if math.copysign(1, left) != math.copysign(1, right):
                drift.signed_zeros += 1
            continue
        drift.differing += 1
        difference = abs(right - left) if not math.isinf(left) else math.inf
        drift.absolute = max(drift.absolute, float(difference))
        drift.relative = max(drift.relative, difference / abs(left) if left else math.inf)
        if isinstance(left, float):
            drift.ulps = max(drift.ulps, difference / math.ulp(left))
    return drift


def measure(
    implementation: Implementation, listing: Listing, variant: Variant, iterations: int | None
) -> tuple[dict[str, FieldDrift], float]:
    """Per-field drift of one variant, and the seconds its run took."""
    golden = load_golden(golden_path(listing, variant))
    expected: Trace = golden["trace"]
    params = golden["params"]
    if listing.prefix is not None and iterations is not None:
        params = prefix_params(listing, params, iterations)
    start = time.perf_counter()
    obtained = run_listing(implementation, listing.id, params, timeout=None)
    seconds = time.perf_counter() - start
    if listing.prefix is not None and iterations is not None:
        expected = listing.prefix.cut(expected, iterations)
        try:
            obtained = listing.prefix.cut(obtained, iterations)
        except (KeyError, IndexError, TypeError) as error:
            problem = f"cannot take its first {iterations} iterations ({error!r})"
            return {"trace": FieldDrift(structural=[f"trace: {problem}"])}, seconds
    drifts = {
        name: field_drift(value, obtained[name], name)
        if name in obtained
        else FieldDrift(structural=[f"{name}: missing field"])
        for name, value in expected.items()
    }
    for name in obtained.keys() - expected.keys():
        drifts[name] = FieldDrift(structural=[f"{name}: extra field"])
    return drifts, seconds


def _chapters(text: str) -> set[int]:
    first, _, last = text.partition("-")
    return set(range(int(first), int(last or first) + 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("implementation", help="a registered implementation's name")
    parser.add_argument("--listing", action="append", default=[], help="only this id (repeatable)")
    parser.add_argument("--variant", action="append", default=[], help="only this variant")
    parser.add_argument("--chapters", type=_chapters, help="only these chapters, e.g. 3-7")
    length = parser.add_mutually_exclusive_group()
    length.add_argument("--iterations", type=int, default=1, help="long listings: default 1")
    length.add_argument("--full", action="store_true", help="run long listings whole")
    parser.add_argument("--all", action="store_true", help="also print fields without drift")
    arguments = parser.parse_args()

    found, problems = discover()
    implementation = found.get(arguments.implementation)
    if implementation is None:
        known = ", ".join(sorted(found)) or "none"
        print(
            f"unknown implementation {arguments.implementation!r} (known: {known})", file=sys.stderr
        )
        for problem in problems:
            print(problem, file=sys.stderr)
        return 2
    iterations = None if arguments.full else arguments.iterations

    header = f"{'listing':<38} {'variant':<16} {'field':<22} {'differ':>9} "
    header += f"{'max abs':>10} {'max rel':>10} {'max ulps':>9} {'±0':>4}"
    print(header)
    broken: list[str] = []
    counts = {"variants": 0, "fields": 0, "drifting": 0}
    for listing, variant in listing_variants():
        if arguments.listing and listing.id not in arguments.listing:
            continue
        if arguments.variant and variant.name not in arguments.variant:
            continue
        if arguments.chapters and listing.chapter not in arguments.chapters:
            continue
        if not implementation.covers(listing.id):
            continue
        try:
            drifts, seconds = measure(implementation, listing, variant, iterations)
        except (ImplementationError, GoldenError) as error:
            broken.append(str(error))
            continue
        counts["variants"] += 1
        if seconds > 5:
            print(f"# {listing.id} ({variant.name}): {seconds:.0f} s", file=sys.stderr)
        for name, drift in drifts.items():
            counts["fields"] += 1
            counts["drifting"] += not drift.clean
            broken.extend(f"{listing.id} ({variant.name}): {s}" for s in drift.structural)
            if drift.clean and not arguments.all:
                continue
            ulps = f"{drift.ulps:9.3g}" if drift.ulps else f"{'-':>9}"
            print(
                f"{listing.id:<38} {variant.name:<16} {name:<22} "
                f"{drift.differing:>4}/{drift.elements:<4} {drift.absolute:10.3g} "
                f"{drift.relative:10.3g} {ulps} {drift.signed_zeros:>4}"
            )
    print(
        f"\n{counts['variants']} variants, {counts['fields']} fields, "
        f"{counts['drifting']} with drift, {len(broken)} structural mismatches or failures"
    )
    for line in broken:
        print("  " + line)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
