"""The checking engine: one implementation against one golden file, for every front end.

``check`` loads the golden, chooses the params, runs the implementation (through a runner:
worker processes by default), compares, and returns an ``Outcome``; ``regenerate`` is the
reference's counterpart that rewrites a golden. The CLI, the pytest plugin and the trace-file
checks are thin front ends on these two functions.

Levels. A passing check is ``exact`` (every number bit-identical) or ``ulp:N`` (within the
fields' tolerances, N the largest distance in ULPs). An implementation that declares the
``exact`` level is held to bit-identity on the BLAS kernel that wrote the goldens
(``levels.GOLDENS_KERNEL``), and like everyone to the tolerances elsewhere. A variant in the
implementation's ``expected_failures`` that fails is ``xfail``; one that passes fails the
check (the expectations file must not lie).

Long listings (a ``Prefix`` rule, chapter 8) can be checked on their first iterations only.
How many: the caller's ``limit`` (``None`` for no limit), capped by the implementation's
``prefix_budgets`` entry for the listing; a listing without a rule always runs whole. For a
prefix of ``n`` iterations the implementation runs with the listing's length parameter set
to ``n``, and ``cut(trace, n)`` of its trace is compared with ``cut(golden, n)``. A whole run
of a long listing may take minutes: its time limit is raised to ``LONG_RUN_TIMEOUT``.

Goldens are protected from the implementations: the bytes of the listing's golden files are
read before each run and compared after it; a golden changed meanwhile is restored from
those bytes and the cell fails, naming the file.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from grokking_spec.compare import Comparison, Mismatch, compare_traces, first_divergence, worst
from grokking_spec.golden import (
    KEYS,
    GoldenError,
    build_golden,
    dump_golden,
    golden_path,
    load_golden,
    tolerances_of,
    write_golden,
)
from grokking_spec.levels import on_goldens_kernel
from grokking_spec.listing import Listing, Trace, Variant
from grokking_spec.plugins import DEFAULT_TIMEOUT, Implementation, ImplementationError
from grokking_spec.workers import Runner

#: How many iterations the quick checks run of a long listing: enough for one test evaluation.
DEFAULT_PREFIX = 2

#: A long listing run whole may take minutes (chapter 8's published mini-batch listing: about
#: two on one core), so its time limit is raised to at least this many seconds.
LONG_RUN_TIMEOUT = 1800.0

Status = Literal["pass", "fail", "xfail", "skip"]


class Skipped(Exception):
    """A runner has nothing to compare for this variant (e.g. no trace file): a skip."""


class Runs(Protocol):
    """What runs a listing: worker processes (``workers.Runner``), or trace files."""

    def run(
        self,
        implementation: Implementation,
        listing_id: str,
        params: Mapping[str, Any],
        timeout: float | None,
        variant: str = "",
    ) -> Trace: ...


@dataclass(frozen=True)
class Outcome:
    """The verdict on one (implementation, listing, variant)."""

    implementation: str
    listing_id: str
    variant: str
    status: Status
    #: One line: why it failed, was skipped or xfailed.
    detail: str = ""
    #: Every mismatch, in trace order.
    mismatches: tuple[Mismatch, ...] = ()
    #: The number of iterations compared, when only a prefix of the listing ran.
    prefix: int | None = None
    #: For a pass: whether every number was bit-identical, else the largest ULP distance.
    identical: bool = False
    max_ulps: float = 0.0
    max_ulps_at: str = ""
    seconds: float = 0.0
    #: False for a skip because the implementation does not implement the listing.
    implemented: bool = True

    @property
    def level(self) -> str:
        """``exact`` or ``ulp:N`` for a pass; the status otherwise."""
        if self.status != "pass":
            return self.status
        return "exact" if self.identical else f"ulp:{math.ceil(self.max_ulps)}"

    @property
    def first_divergence(self) -> Mismatch | None:
        return first_divergence(list(self.mismatches)) if self.mismatches else None

    @property
    def largest(self) -> Mismatch | None:
        return worst(list(self.mismatches)) if self.mismatches else None

    def headline(self) -> str:
        return f"{self.implementation}: {self.listing_id} ({self.variant})"

    def report(self, verbose: bool = False) -> str:
        """A few lines: the first divergence and the largest; every mismatch if verbose."""
        # An error's own message names the implementation and listing; the headline too.
        detail = self.detail.removeprefix(f"{self.implementation}: {self.listing_id}: ")
        lines = [f"{self.headline()}: {detail}"]
        if verbose:
            lines += ["  " + mismatch.describe() for mismatch in self.mismatches]
        elif self.mismatches:
            first, largest = self.first_divergence, self.largest
            assert first is not None and largest is not None
            if largest is not first:
                lines.append(f"  largest: {largest.describe()}")
        return "\n".join(lines)


def prefix_length(
    implementation: Implementation, listing: Listing, limit: int | None
) -> int | None:
    """Iterations to run and compare: ``None`` for the whole listing (see the module doc)."""
    if listing.prefix is None:
        return None
    bounds = [n for n in (limit, implementation.prefix_budgets.get(listing.id)) if n is not None]
    return min(bounds) if bounds else None


def time_limit(
    listing: Listing, n: int | None, timeout: float | None, budgeted: bool = False
) -> float | None:
    """The time limit of a run of ``n`` iterations (``None``: whole) of ``listing``.

    A whole run of a long listing, or a run on the prefix budget of an implementation that
    declares one (it is slow: a port in pure Python may take minutes an iteration), gets at least
    ``LONG_RUN_TIMEOUT``.
    """
    if timeout is None or listing.prefix is None or (n is not None and not budgeted):
        return timeout
    return max(timeout, LONG_RUN_TIMEOUT)


def prefix_params(listing: Listing, params: Mapping[str, Any], n: int) -> dict[str, Any]:
    """``params`` with the listing's length parameter set to ``n``."""
    assert listing.prefix is not None
    return {**params, listing.prefix.param: n}


def trace_comparison(golden: Mapping[str, Any], trace: Trace) -> Comparison:
    """The trace against the golden's, under the golden's own tolerances."""
    return compare_traces(golden["trace"], trace, tolerances_of(golden))


def prefix_comparison(
    listing: Listing, golden: Mapping[str, Any], trace: Trace, n: int
) -> Comparison:
    """The first ``n`` iterations of the golden against those of ``trace``."""
    assert listing.prefix is not None
    cuts = []
    for whose, whole in (("golden", golden["trace"]), ("obtained", trace)):
        try:
            cuts.append(listing.prefix.cut(whole, n))
        except (KeyError, IndexError, TypeError) as error:
            # A trace without the listing's shape cannot be cut: one structural mismatch.
            problem = f"cannot take its first {n} iterations ({type(error).__name__}: {error})"
            return Comparison(
                [Mismatch(f"trace ({whose})", "shape", "the listing's trace", problem)]
            )
    return compare_traces(cuts[0], cuts[1], tolerances_of(golden))


def metadata_mismatches(
    golden: Mapping[str, Any], built: Mapping[str, Any], prefix: int | None = None
) -> list[Mismatch]:
    """Differences outside the trace between a golden file and what the reference writes.

    After a prefix run the number of output lines is not comparable, and is left out.
    """
    keys = [key for key in KEYS if key != "trace" and (prefix is None or key != "output_lines")]
    expected = {key: golden[key] for key in keys}
    return compare_traces(expected, {key: built[key] for key in keys}, {}).mismatches


def check(
    implementation: Implementation,
    listing: Listing,
    variant: Variant,
    runner: Runs | None = None,
    *,
    root: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    limit: int | None = None,
) -> Outcome:
    """Run one listing variant of an implementation and compare it with its golden file.

    Implementations run with the golden's params: the spec file is what porters read. The
    reference runs with the registry's, and must also reproduce the rest of the file.
    ``runner`` defaults to running in this process (``workers.Runner(isolate=False)``).
    """
    if runner is None:
        runner = Runner(isolate=False)
    name = implementation.name
    if not implementation.covers(listing.id):
        return Outcome(
            name,
            listing.id,
            variant.name,
            "skip",
            f"{name} does not implement {listing.id}",
            implemented=False,
        )
    try:
        golden = load_golden(golden_path(listing, variant, root))
    except GoldenError as error:
        return Outcome(name, listing.id, variant.name, "fail", str(error))
    params = variant.params if implementation.writes_goldens else golden["params"]
    n = prefix_length(implementation, listing, limit)
    if n is not None:
        params = prefix_params(listing, params, n)
    goldens = golden_bytes(listing, root)
    started = time.perf_counter()
    not_run: Outcome | None = None
    try:
        trace = runner.run(
            implementation,
            listing.id,
            params,
            time_limit(listing, n, timeout, listing.id in implementation.prefix_budgets),
            variant.name,
        )
    except Skipped as skipped:
        not_run = Outcome(name, listing.id, variant.name, "skip", str(skipped))
    except ImplementationError as error:
        outcome = Outcome(name, listing.id, variant.name, "fail", str(error), prefix=n)
        not_run = _expected(implementation, outcome)
    seconds = time.perf_counter() - started
    tampered = restore_goldens(goldens, root)
    if tampered:
        return Outcome(name, listing.id, variant.name, "fail", tampered, prefix=n)
    if not_run is not None:
        return not_run
    if n is None:
        comparison = trace_comparison(golden, trace)
    else:
        comparison = prefix_comparison(listing, golden, trace, n)
    if implementation.writes_goldens:
        comparison.mismatches += metadata_mismatches(
            golden, build_golden(listing, variant, trace), n
        )
    if (
        not comparison.mismatches
        and not comparison.identical
        and implementation.bit_exact(listing.id)
        and on_goldens_kernel()
    ):
        comparison.mismatches.append(_not_bit_identical(comparison))
    return _expected(implementation, _verdict(name, listing, variant, comparison, n, seconds))


def golden_bytes(listing: Listing, root: Path | None = None) -> dict[Path, bytes]:
    """The bytes of the listing's golden files (every variant), read before a run."""
    found = {}
    for variant in listing.variants:
        path = golden_path(listing, variant, root)
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                found[path] = path.read_bytes()
    return found


def restore_goldens(goldens: Mapping[Path, bytes], root: Path | None = None) -> str:
    """Put back any of ``goldens`` an implementation changed while it ran; say which, or "".

    An implementation runs with the user's rights and could write into spec/; the goldens
    of the listing it runs are the ones it could mean to pass by rewriting.
    """
    changed = []
    for path, data in goldens.items():
        try:
            intact = path.is_file() and not path.is_symlink() and path.read_bytes() == data
        except OSError:
            intact = False
        if intact:
            continue
        try:
            if path.is_symlink() or path.exists():
                path.unlink()
            write_golden(path, data.decode("utf-8"), root)
            changed.append(f"{path} (restored)")
        except (OSError, GoldenError, UnicodeDecodeError) as error:
            changed.append(f"{path} (could not restore it: {error})")
    return f"changed its golden file {', '.join(changed)} while running" if changed else ""


def _not_bit_identical(comparison: Comparison) -> Mismatch:
    """The failure of an ``exact`` implementation that was only within tolerance."""
    return Mismatch(
        comparison.max_ulps_at,
        f"not bit-identical on the goldens' kernel ({comparison.max_ulps:.3g} ULP)",
    )


def _verdict(
    name: str,
    listing: Listing,
    variant: Variant,
    comparison: Comparison,
    prefix: int | None,
    seconds: float,
) -> Outcome:
    mismatches = tuple(comparison.mismatches)
    if not mismatches:
        return Outcome(
            name,
            listing.id,
            variant.name,
            "pass",
            prefix=prefix,
            identical=comparison.identical,
            max_ulps=comparison.max_ulps,
            max_ulps_at=comparison.max_ulps_at,
            seconds=seconds,
        )
    first = first_divergence(list(mismatches))
    more = f" (+{len(mismatches) - 1} more)" if len(mismatches) > 1 else ""
    detail = "first divergence " + first.describe() + more
    return Outcome(
        name, listing.id, variant.name, "fail", detail, mismatches, prefix, seconds=seconds
    )


def _expected(implementation: Implementation, outcome: Outcome) -> Outcome:
    """Apply the implementation's expectations: an expected failure is ``xfail``; a listed
    variant that passes is stale, and fails."""
    reason = implementation.expected_failures.get((outcome.listing_id, outcome.variant))
    if reason is None:
        return outcome
    if outcome.status == "fail":
        return replace(outcome, status="xfail", detail=f"expected: {reason}")
    if outcome.status == "pass":
        return replace(
            outcome,
            status="fail",
            detail=f"listed as an expected failure ({reason}) but passes: "
            "remove it from the expectations file",
        )
    return outcome


# --- regeneration ----------------------------------------------------------------------------

RegenAction = Literal["unchanged", "rewritten", "created"]


@dataclass(frozen=True)
class Regeneration:
    """What regenerating one golden did, and why."""

    path: Path
    action: RegenAction
    reason: str = ""


def regenerate(
    reference: Implementation,
    listing: Listing,
    variant: Variant,
    runner: Runs,
    *,
    root: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Regeneration:
    """Rewrite one golden from a whole run of the reference, only where it must change.

    A golden is left byte for byte as it is when its metadata is what the reference writes
    and its trace is bit-identical, or (on another BLAS kernel than the goldens') within
    tolerance: regenerating on another platform changes no byte. A missing or broken
    golden, or one beyond tolerance, is (re)written atomically.
    """
    assert reference.writes_goldens
    path = golden_path(listing, variant, root)
    trace = runner.run(
        reference, listing.id, variant.params, time_limit(listing, None, timeout), variant.name
    )
    built = build_golden(listing, variant, trace)
    text = dump_golden(built)
    try:
        golden = load_golden(path)
    except GoldenError as error:
        if not path.exists() and not path.is_symlink():
            write_golden(path, text, root)
            return Regeneration(path, "created", "no golden yet")
        write_golden(path, text, root)
        return Regeneration(path, "rewritten", str(error))
    if path.read_bytes() == text.encode("utf-8"):
        return Regeneration(path, "unchanged")
    changed = metadata_mismatches(golden, built)
    comparison = trace_comparison(golden, trace)
    if not changed and not comparison.mismatches:
        if comparison.identical:
            # Same values, other text (an older dumper): the text is the reference's.
            write_golden(path, text, root)
            return Regeneration(path, "rewritten", "same values, reformatted")
        if not on_goldens_kernel():
            return Regeneration(path, "unchanged", "within tolerance on another kernel")
    first = (
        first_divergence(changed + comparison.mismatches)
        if (changed or comparison.mismatches)
        else None
    )
    reason = first.describe() if first else f"not bit-identical ({comparison.max_ulps:.3g} ULP)"
    write_golden(path, text, root)
    return Regeneration(path, "rewritten", reason)
