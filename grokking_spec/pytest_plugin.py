"""The pytest front end: ``pytest --grokking-spec [--impl NAME]`` in any directory.

Registered through the ``pytest11`` entry point, so a port's repository needs no test file
or conftest: installed next to the port, ``pytest --grokking-spec --impl myport`` collects
one case per listing variant the implementation implements, and pytest's own machinery
applies (``-k ch04``, ``-x``, ``--junitxml``, ``-n`` with pytest-xdist; the longest runs
come first). Without ``--grokking-spec`` the plugin only adds its options and does nothing.

Each case runs the engine (``grokking_spec.engine.check``) in a worker process of its
implementation; a failure prints the first divergence in a few lines. Regeneration is
pytest-regressions' ``--force-regen`` (or ``--regen-all``): only the reference writes, a
golden is rewritten only where it must change (``engine.regenerate``), a rewritten one
fails as pytest-regressions' regenerated files do, and the other implementations skip.

Long listings (a ``Prefix`` rule, chapter 8) get these cases:

- the reference, whole, marked ``full``: the run that checks and (re)writes the golden;
- the reference, its first ``DEFAULT_PREFIX`` iterations (id ``...:first-2``), unmarked:
  what the default run checks of a long listing, in seconds;
- any other implementation: for as many iterations as its ``prefix_budgets`` allows
  (id ``...:first-N``), else whole, marked ``full``; and its first ``DEFAULT_PREFIX``
  iterations (capped by its budget) in the default run.

``full`` cases run only when a ``-m`` expression selects them: ``pytest`` alone leaves
them out, ``pytest -m full`` runs just them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from grokking_spec.catalog import listing_variants
from grokking_spec.engine import DEFAULT_PREFIX, Outcome, check, prefix_length, regenerate
from grokking_spec.golden import GoldenError, golden_path
from grokking_spec.listing import Listing, UnknownName, Variant
from grokking_spec.plugins import (
    DEFAULT_TIMEOUT,
    Implementation,
    positive_seconds,
    select_implementations,
)
from grokking_spec.workers import Runner
from grokking_spec.workload import multiply_adds


@dataclass(frozen=True)
class Selection:
    implementations: tuple[Implementation, ...]
    load_problems: tuple[str, ...]
    regenerating: bool
    timeout: float


_SELECTION = pytest.StashKey[Selection]()
_RUNNER = pytest.StashKey[Runner]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grokking-spec", "golden spec of Grokking Deep Learning's listings")
    group.addoption(
        "--grokking-spec",
        action="store_true",
        default=False,
        help="collect a conformance case per implementation, listing and variant of the spec",
    )
    group.addoption(
        "--impl",
        action="append",
        default=[],
        metavar="NAME",
        help="check only this implementation (repeatable; default: every registered one)",
    )
    group.addoption(
        "--listing-timeout",
        type=positive_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"a listing running longer than this fails as hung (default {DEFAULT_TIMEOUT:g})",
    )
    group.addoption(
        "--in-process",
        action="store_true",
        default=False,
        help="run implementations in pytest's own process, not in worker processes: "
        "breakpoints and --pdb reach them, but a crash or a hang in C code stops the session",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "full: full-length runs of the long listings (chapter 8); run with -m full"
    )
    if not config.getoption("grokking_spec"):
        return
    names: list[str] = config.getoption("impl")
    try:
        chosen, problems = select_implementations(names)
    except UnknownName as error:
        raise pytest.UsageError(f"--impl: {error}") from None
    regenerating = bool(config.getoption("force_regen", False)) or bool(
        config.getoption("regen_all", False)
    )
    for implementation in chosen if names else ():
        if regenerating and not implementation.writes_goldens:
            raise pytest.UsageError(
                f"--force-regen/--regen-all with --impl {implementation.name}: only the "
                "reference writes goldens; regenerate with --impl reference (or no --impl)"
            )
    config.stash[_SELECTION] = Selection(
        tuple(chosen), tuple(problems), regenerating, config.getoption("listing_timeout")
    )
    config.stash[_RUNNER] = Runner(isolate=not config.getoption("in_process"))


def pytest_unconfigure(config: pytest.Config) -> None:
    runner = config.stash.get(_RUNNER, None)
    if runner is not None:
        runner.close()


@dataclass(frozen=True)
class Case:
    """One conformance case: ``iterations`` set for a prefix of a long listing."""

    implementation: Implementation
    listing: Listing
    variant: Variant
    iterations: int | None
    full: bool

    @property
    def name(self) -> str:
        name = f"{self.implementation.name}:{self.listing.id}:{self.variant.name}"
        return name if self.iterations is None else f"{name}:first-{self.iterations}"


def cases(implementation: Implementation, listing: Listing, variant: Variant) -> list[Case]:
    """The cases of one implementation and listing variant (see the module doc)."""
    if listing.prefix is None:
        return [Case(implementation, listing, variant, None, False)]
    whole = prefix_length(implementation, listing, None)
    quick = prefix_length(implementation, listing, DEFAULT_PREFIX)
    found = [Case(implementation, listing, variant, whole, True)]
    if quick != whole:
        found.append(Case(implementation, listing, variant, quick, False))
    return found


class ConformanceFailure(Exception):
    """A case whose implementation does not conform; reported in a few lines."""


class SpecItem(pytest.Item):
    """One conformance case of the spec."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        if case.full:
            self.add_marker(pytest.mark.full)

    def runtest(self) -> None:
        __tracebackhide__ = True
        selection = self.config.stash[_SELECTION]
        runner = self.config.stash[_RUNNER]
        case = self.case
        implementation, listing, variant = case.implementation, case.listing, case.variant
        if selection.regenerating:
            if not implementation.writes_goldens or case.iterations is not None:
                pytest.skip("goldens are being regenerated: check the others afterwards")
            self._regenerate(runner, selection.timeout)
            return
        path = golden_path(listing, variant)
        if implementation.writes_goldens and case.iterations is None and not path.exists():
            self._regenerate(runner, selection.timeout)  # a new listing: the reference writes
            return
        outcome = check(
            implementation,
            listing,
            variant,
            runner,
            timeout=selection.timeout,
            limit=case.iterations,
        )
        self.user_properties.append(("level", outcome.level))
        if outcome.status == "skip":
            pytest.skip(outcome.detail)
        if outcome.status == "xfail":
            pytest.xfail(outcome.detail)
        if outcome.status == "fail":
            raise ConformanceFailure(_failure_text(outcome, path))

    def _regenerate(self, runner: Runner, timeout: float) -> None:
        case = self.case
        try:
            done = regenerate(
                case.implementation, case.listing, case.variant, runner, timeout=timeout
            )
        except GoldenError as error:
            raise ConformanceFailure(str(error)) from None
        if done.action == "created":
            # pytest-regressions' convention: a file written by the test fails it.
            raise ConformanceFailure(f"{done.path}: golden file not found; created it")
        if done.action == "rewritten":
            raise ConformanceFailure(f"{done.path}: golden regenerated ({done.reason})")

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        if isinstance(excinfo.value, ConformanceFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.case.name


def _failure_text(outcome: Outcome, golden: Path) -> str:
    # The first line is what pytest's short summary (-ra) shows: the divergence, not a path.
    return f"{outcome.report()}\n  golden: {golden}"


class BrokenPlugin(pytest.Item):
    """An implementation whose entry point failed to load: one failing case per problem."""

    def __init__(self, *, problem: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise ConformanceFailure(self.problem)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        return str(excinfo.value)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class Spec(pytest.Collector):
    """The spec's conformance cases, for the selected implementations."""

    def collect(self) -> Iterator[pytest.Item]:
        selection = self.config.stash[_SELECTION]
        for implementation in selection.implementations:
            for listing, variant in listing_variants():
                if not implementation.covers(listing.id):
                    continue  # not a case of this implementation (the CLI's table says skip)
                for case in cases(implementation, listing, variant):
                    yield SpecItem.from_parent(self, name=case.name, case=case)
        for index, problem in enumerate(selection.load_problems):
            yield BrokenPlugin.from_parent(self, name=f"broken-plugin-{index}", problem=problem)


def _work(item: pytest.Item) -> int:
    """The multiply-adds of a ``full`` case of a long listing (its prefix if it has one)."""
    if not isinstance(item, SpecItem) or not item.case.full:
        return 0
    case = item.case
    params = dict(case.variant.params)
    if case.iterations is not None:
        params[case.listing.prefix.param if case.listing.prefix else "iterations"] = case.iterations
    try:
        return multiply_adds(case.listing.id, params)
    except KeyError:
        return 0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add the spec's cases (before ``-k``/``-m`` select); leave ``full`` runs out unless a
    ``-m`` expression asks."""
    if config.getoption("grokking_spec"):
        spec = Spec.from_parent(session, name="grokking-spec")
        collected: list[pytest.Item | pytest.Collector] = list(spec.collect())
        # Reported like any collector's items, so "collected N items" counts them.
        report = pytest.CollectReport(spec.nodeid, "passed", None, collected)
        config.hook.pytest_collectreport(report=report)
        items.extend(item for item in collected if isinstance(item, pytest.Item))
        # With pytest-xdist handing out one case at a time (--dist loadgroup), the longest
        # runs first keep a worker from being left with one at the end; only the order moves.
        items.sort(key=lambda item: -_work(item))
    if config.option.markexpr:
        return
    long_runs = [item for item in items if item.get_closest_marker("full")]
    if long_runs:
        config.hook.pytest_deselected(items=long_runs)
        items[:] = [item for item in items if not item.get_closest_marker("full")]
