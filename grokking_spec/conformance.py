"""Checking one implementation against one golden file: the verdict the CLI and tests share.

Long listings (those with a ``Prefix`` rule, chapter 8) can be checked on their first
iterations only. How many: the caller's ``limit`` (``None`` for no limit), capped by the
implementation's ``prefix_budgets`` entry for the listing, if it declares one; a listing
without a rule always runs whole. For a prefix of ``n`` iterations the implementation runs
with the listing's length parameter set to ``n``, and ``cut(trace, n)`` of its trace is
compared with ``cut(golden, n)`` under the golden's tolerances. Nothing is ever written:
goldens are full-length runs of the reference. A whole run of a long listing may take
minutes: its time limit is raised to ``LONG_RUN_TIMEOUT``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from grokking_spec.compare import Mismatch, compare_traces, worst
from grokking_spec.golden import (
    KEYS,
    GoldenError,
    build_golden,
    golden_path,
    load_golden,
    tolerances_of,
)
from grokking_spec.listing import Listing, Trace, Variant
from grokking_spec.plugins import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    run_listing,
)

#: How many iterations the quick checks run of a long listing: enough for one test evaluation.
DEFAULT_PREFIX = 2

#: A long listing run whole may take minutes (chapter 8's published mini-batch listing: about
#: four on one core), so its time limit is raised to at least this many seconds.
LONG_RUN_TIMEOUT = 1800.0

Status = Literal["pass", "fail", "skip"]


@dataclass(frozen=True)
class Outcome:
    """The verdict on one (implementation, listing, variant)."""

    implementation: str
    listing_id: str
    variant: str
    status: Status
    detail: str = ""
    mismatches: tuple[Mismatch, ...] = ()
    #: The number of iterations compared, when only a prefix of the listing ran.
    prefix: int | None = None

    def report(self) -> str:
        """Every mismatching field, one per line, after a headline."""
        head = f"{self.implementation}: {self.listing_id} ({self.variant}): {self.detail}"
        return "\n".join([head] + ["  " + m.describe() for m in self.mismatches])


def trace_mismatches(golden: dict[str, Any], trace: Trace) -> list[Mismatch]:
    """Field-by-field differences from the golden trace, under the golden's own tolerances."""
    return compare_traces(golden["trace"], trace, tolerances_of(golden))


def metadata_mismatches(
    golden: dict[str, Any], built: dict[str, Any], prefix: int | None = None
) -> list[Mismatch]:
    """Differences outside the trace between a golden file and what the reference writes.

    After a prefix run the number of output lines is not comparable, and is left out.
    """
    keys = [key for key in KEYS if key != "trace" and (prefix is None or key != "output_lines")]
    return compare_traces({k: golden[k] for k in keys}, {k: built[k] for k in keys}, {})


def prefix_length(
    implementation: Implementation, listing: Listing, limit: int | None
) -> int | None:
    """Iterations to run and compare: ``None`` for the whole listing (see the module doc)."""
    if listing.prefix is None:
        return None
    bounds = [n for n in (limit, implementation.prefix_budgets.get(listing.id)) if n is not None]
    return min(bounds) if bounds else None


def time_limit(listing: Listing, n: int | None, timeout: float | None) -> float | None:
    """The time limit of a run of ``n`` iterations (``None``: whole) of ``listing``."""
    if timeout is None or listing.prefix is None or n is not None:
        return timeout
    return max(timeout, LONG_RUN_TIMEOUT)


def prefix_params(listing: Listing, params: Mapping[str, Any], n: int) -> dict[str, Any]:
    """``params`` with the listing's length parameter set to ``n``."""
    assert listing.prefix is not None
    return {**params, listing.prefix.param: n}


def prefix_mismatches(
    listing: Listing, golden: dict[str, Any], trace: Trace, n: int
) -> list[Mismatch]:
    """Differences between the first ``n`` iterations of the golden and of ``trace``."""
    assert listing.prefix is not None
    cuts = []
    for whose, whole in (("golden", golden["trace"]), ("obtained", trace)):
        try:
            cuts.append(listing.prefix.cut(whole, n))
        except (KeyError, IndexError, TypeError) as error:
            # A trace without the listing's shape cannot be cut: one structural mismatch.
            problem = f"cannot take its first {n} iterations ({type(error).__name__}: {error})"
            return [Mismatch(f"trace ({whose})", "shape", "the listing's trace", problem)]
    return compare_traces(cuts[0], cuts[1], tolerances_of(golden))


def verdict(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    mismatches: list[Mismatch],
    prefix: int | None = None,
) -> Outcome:
    if not mismatches:
        return Outcome(implementation.name, listing.id, variant.name, "pass", prefix=prefix)
    first = worst(mismatches)
    more = f" (+{len(mismatches) - 1} more)" if len(mismatches) > 1 else ""
    return Outcome(
        implementation.name,
        listing.id,
        variant.name,
        "fail",
        first.describe() + more,
        tuple(mismatches),
        prefix,
    )


def check_variant(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    root: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
) -> Outcome:
    """Run one listing variant of an implementation and compare it with its golden file.

    Implementations run with the golden's params: the spec file is what porters read. The
    reference runs with the registry's, and must also reproduce the rest of the file.
    A long listing runs for ``prefix_length(implementation, listing, limit)`` iterations.
    """
    name = implementation.name
    if not implementation.covers(listing.id):
        return Outcome(name, listing.id, variant.name, "skip", f"{name} does not implement it")
    try:
        golden = load_golden(golden_path(listing, variant, root))
    except GoldenError as error:
        return Outcome(name, listing.id, variant.name, "fail", str(error))
    params = variant.params if implementation.writes_goldens else golden["params"]
    n = prefix_length(implementation, listing, limit)
    if n is not None:
        params = prefix_params(listing, params, n)
    try:
        trace = run_listing(implementation, listing.id, params, time_limit(listing, n, timeout))
    except ImplementationError as error:
        return Outcome(name, listing.id, variant.name, "fail", str(error), prefix=n)
    if n is None:
        mismatches = trace_mismatches(golden, trace)
    else:
        mismatches = prefix_mismatches(listing, golden, trace, n)
    if implementation.writes_goldens:
        built = build_golden(listing, variant, trace)
        mismatches += metadata_mismatches(golden, built, n)
    return verdict(implementation, listing, variant, mismatches, n)
