"""Checking one implementation against one golden file: the verdict the CLI and tests share."""

from __future__ import annotations

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
from grokking_spec.implementations import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    run_listing,
)
from grokking_spec.listing import Listing, Trace, Variant

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

    def report(self) -> str:
        """Every mismatching field, one per line, after a headline."""
        head = f"{self.implementation}: {self.listing_id} ({self.variant}): {self.detail}"
        return "\n".join([head] + ["  " + m.describe() for m in self.mismatches])


def trace_mismatches(golden: dict[str, Any], trace: Trace) -> list[Mismatch]:
    """Field-by-field differences from the golden trace, under the golden's own tolerances."""
    return compare_traces(golden["trace"], trace, tolerances_of(golden))


def metadata_mismatches(golden: dict[str, Any], built: dict[str, Any]) -> list[Mismatch]:
    """Differences outside the trace between a golden file and what the reference writes."""
    keys = [key for key in KEYS if key != "trace"]
    return compare_traces({k: golden[k] for k in keys}, {k: built[k] for k in keys}, {})


def verdict(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    mismatches: list[Mismatch],
) -> Outcome:
    if not mismatches:
        return Outcome(implementation.name, listing.id, variant.name, "pass")
    first = worst(mismatches)
    more = f" (+{len(mismatches) - 1} more)" if len(mismatches) > 1 else ""
    return Outcome(
        implementation.name,
        listing.id,
        variant.name,
        "fail",
        first.describe() + more,
        tuple(mismatches),
    )


def check_variant(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    root: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Outcome:
    """Run one listing variant of an implementation and compare it with its golden file.

    Implementations run with the golden's params: the spec file is what porters read. The
    reference runs with the registry's, and must also reproduce the rest of the file.
    """
    name = implementation.name
    if not implementation.covers(listing.id):
        return Outcome(name, listing.id, variant.name, "skip", f"{name} does not implement it")
    try:
        golden = load_golden(golden_path(listing, variant, root))
    except GoldenError as error:
        return Outcome(name, listing.id, variant.name, "fail", str(error))
    params = variant.params if implementation.writes_goldens else golden["params"]
    try:
        trace = run_listing(implementation, listing.id, params, timeout)
    except ImplementationError as error:
        return Outcome(name, listing.id, variant.name, "fail", str(error))
    mismatches = trace_mismatches(golden, trace)
    if implementation.writes_goldens:
        mismatches += metadata_mismatches(golden, build_golden(listing, variant, trace))
    return verdict(implementation, listing, variant, mismatches)
