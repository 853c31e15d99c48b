"""pytest wiring: ``--impl`` selection and the ``spec_regression`` fixture.

``spec_regression.check(implementation, listing, variant)`` runs on pytest-regressions'
``perform_regression_check`` with the golden's path passed explicitly (its default would
key goldens by test id, one file per implementation). The comparison is field by field
under the golden's tolerances, and only the reference may write: ``--force-regen`` and
``--regen-all`` skip the other implementations, and refuse to start if one is selected.

Long listings (a ``Prefix`` rule, chapter 8) get these ``conformance_case`` cases:

- the reference, whole, marked ``full``: the run that checks and (re)writes the golden;
- the reference, its first ``DEFAULT_PREFIX`` iterations (id ``...:first-2``), unmarked:
  what the default test run checks of a long listing, in seconds;
- any other implementation, marked ``full``: for as many iterations as its
  ``prefix_budgets`` allows (id ``...:first-N``), else whole.

Prefix cases only compare (``spec_regression.check(..., iterations=n)``), and are skipped
while goldens are regenerated. ``full`` cases run only when a ``-m`` expression selects
them: ``pytest`` alone leaves them out, ``pytest -m full`` runs just them, and
``pytest -m full --force-regen`` regenerates chapter 8. A whole run of a long listing gets
the raised time limit of ``conformance.LONG_RUN_TIMEOUT``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.common import perform_regression_check

from grokking_spec.catalog import listing_variants
from grokking_spec.conformance import (
    DEFAULT_PREFIX,
    Outcome,
    check_variant,
    metadata_mismatches,
    prefix_length,
    time_limit,
    trace_mismatches,
    verdict,
)
from grokking_spec.golden import GoldenError, build_golden, dump_golden, golden_path, load_golden
from grokking_spec.listing import Listing, Trace, Variant
from grokking_spec.plugins import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    discover,
    run_listing,
)


@dataclass(frozen=True)
class Selection:
    implementations: tuple[Implementation, ...]
    load_problems: tuple[str, ...]
    regenerating: bool
    timeout: float


_SELECTION = pytest.StashKey[Selection]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("grokking-spec", "golden spec of the book's listings")
    group.addoption(
        "--impl",
        action="append",
        default=[],
        metavar="NAME",
        help="check only this implementation (repeatable; default: every registered one)",
    )
    group.addoption(
        "--listing-timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"a listing running longer than this fails as hung (default {DEFAULT_TIMEOUT:g})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "full: full-length runs of the long listings (chapter 8); run with -m full"
    )
    registered, problems = discover()
    names: list[str] = config.getoption("impl")
    for name in names:
        if name not in registered:
            known = ", ".join(sorted(registered)) or "none: is the project installed?"
            raise pytest.UsageError(f"--impl {name}: no such implementation (registered: {known})")
    regenerating = bool(config.getoption("force_regen", False)) or bool(
        config.getoption("regen_all", False)
    )
    for name in names:
        if regenerating and not registered[name].writes_goldens:
            raise pytest.UsageError(
                f"--force-regen/--regen-all with --impl {name}: only the reference writes "
                "goldens; regenerate with --impl reference (or no --impl)"
            )
    chosen = tuple(registered[name] for name in (names or sorted(registered)))
    config.stash[_SELECTION] = Selection(
        chosen, tuple(problems), regenerating, config.getoption("listing_timeout")
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "conformance_case" not in metafunc.fixturenames:
        return
    selection = metafunc.config.stash[_SELECTION]
    cases: list[Any] = [
        case
        for implementation in selection.implementations
        for listing, variant in listing_variants()
        for case in _cases(implementation, listing, variant)
    ]
    cases += [
        pytest.param(problem, id=f"broken-plugin-{index}")
        for index, problem in enumerate(selection.load_problems)
    ]
    metafunc.parametrize("conformance_case", cases)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With no ``-m`` expression the ``full`` runs stay out: only ``-m`` selects them."""
    if config.option.markexpr:
        return
    long_runs = [item for item in items if item.get_closest_marker("full")]
    if long_runs:
        config.hook.pytest_deselected(items=long_runs)
        items[:] = [item for item in items if not item.get_closest_marker("full")]


def _cases(implementation: Implementation, listing: Listing, variant: Variant) -> list[Any]:
    """The ``conformance_case`` params of one implementation and listing variant."""
    name = f"{implementation.name}:{listing.id}:{variant.name}"
    if listing.prefix is None:
        return [pytest.param((implementation, listing, variant, None), id=name)]
    full = pytest.mark.full
    n = prefix_length(implementation, listing, None)
    if n is not None:
        return [
            pytest.param((implementation, listing, variant, n), id=f"{name}:first-{n}", marks=full)
        ]
    cases = [pytest.param((implementation, listing, variant, None), id=name, marks=full)]
    if implementation.writes_goldens:
        quick = (implementation, listing, variant, DEFAULT_PREFIX)
        cases.append(pytest.param(quick, id=f"{name}:first-{DEFAULT_PREFIX}"))
    return cases


class SpecRegression:
    """Checks an implementation's trace against ``spec/`` through pytest-regressions."""

    def __init__(self, datadir: Any, original_datadir: Path, request: pytest.FixtureRequest):
        self._datadir = datadir
        self._original_datadir = original_datadir
        self._request = request
        self._selection = request.config.stash[_SELECTION]

    def check(
        self,
        implementation: Implementation,
        listing: Listing,
        variant: Variant,
        iterations: int | None = None,
    ) -> None:
        """Check against the golden; ``iterations``: only that many, of a long listing."""
        __tracebackhide__ = True
        if not implementation.covers(listing.id):
            pytest.skip(f"{implementation.name} does not implement {listing.id}")
        if iterations is not None and listing.prefix is not None:
            self._check_prefix(implementation, listing, variant, iterations)
        elif implementation.writes_goldens:
            self._check_reference(implementation, listing, variant)
        elif self._selection.regenerating:
            pytest.skip("goldens are being regenerated: check other implementations afterwards")
        else:
            self._check_implementation(implementation, listing, variant)

    def _run(self, implementation: Implementation, listing: Listing, params: Any) -> Trace:
        __tracebackhide__ = True
        timeout = time_limit(listing, None, self._selection.timeout)
        try:
            return run_listing(implementation, listing.id, params, timeout)
        except ImplementationError as error:
            pytest.fail(str(error), pytrace=False)

    def _perform(self, path: Path, text: str, check: Any) -> None:
        __tracebackhide__ = True

        def dump(target: Path) -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))

        perform_regression_check(
            datadir=self._datadir,
            original_datadir=self._original_datadir,
            request=self._request,
            check_fn=check,
            dump_fn=dump,
            extension=".yml",
            fullpath=path,
        )

    def _check_reference(
        self, implementation: Implementation, listing: Listing, variant: Variant
    ) -> None:
        __tracebackhide__ = True
        trace = self._run(implementation, listing, variant.params)
        built = build_golden(listing, variant, trace)
        text = dump_golden(built)
        regenerating = self._selection.regenerating

        def check(obtained: Path, expected: Path) -> None:
            # AssertionError is what makes --force-regen rewrite the file, corrupt ones too.
            try:
                golden = load_golden(expected)
            except GoldenError as error:
                raise AssertionError(str(error)) from None
            same_text = expected.read_bytes() == text.encode("utf-8")
            if regenerating:
                assert same_text, f"{expected}: differs from what the reference writes"
                return
            mismatches = trace_mismatches(golden, trace) + metadata_mismatches(golden, built)
            outcome = verdict(implementation, listing, variant, mismatches)
            _assert_passed(outcome, expected)
            exact = all(rule == "exact" for rule in golden["compare"].values())
            assert same_text or not exact, (
                f"{expected}: same values, but not the text the reference writes; "
                "run pytest --force-regen to rewrite it"
            )

        self._perform(golden_path(listing, variant), text, check)

    def _check_implementation(
        self, implementation: Implementation, listing: Listing, variant: Variant
    ) -> None:
        __tracebackhide__ = True
        path = golden_path(listing, variant)
        try:
            golden = load_golden(path)
        except GoldenError as error:
            pytest.fail(f"{error} (goldens are written by the reference only)", pytrace=False)
        trace = self._run(implementation, listing, golden["params"])

        def check(obtained: Path, expected: Path) -> None:
            outcome = verdict(implementation, listing, variant, trace_mismatches(golden, trace))
            _assert_passed(outcome, expected)

        self._perform(path, dump_golden({**golden, "trace": trace}), check)

    def _check_prefix(
        self, implementation: Implementation, listing: Listing, variant: Variant, n: int
    ) -> None:
        """The first ``n`` iterations, through ``check_variant`` (which never writes)."""
        __tracebackhide__ = True
        if self._selection.regenerating:
            pytest.skip("goldens are being regenerated: check prefixes afterwards")
        outcome = check_variant(
            implementation, listing, variant, timeout=self._selection.timeout, limit=n
        )
        _assert_passed(outcome, golden_path(listing, variant))


def _assert_passed(outcome: Outcome, golden: Path) -> None:
    __tracebackhide__ = True
    if outcome.status == "fail":
        raise AssertionError(f"{golden}\n{outcome.report()}")


@pytest.fixture
def spec_regression(
    lazy_datadir: Any, original_datadir: Path, request: pytest.FixtureRequest
) -> SpecRegression:
    """Compare a trace with its golden file (see the module docstring)."""
    return SpecRegression(lazy_datadir, original_datadir, request)
