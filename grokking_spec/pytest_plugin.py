"""pytest wiring: ``--impl`` selection and the ``spec_regression`` fixture.

``spec_regression.check(implementation, listing, variant)`` runs on pytest-regressions'
``perform_regression_check`` with the golden's path passed explicitly (its default would
key goldens by test id, one file per implementation). The comparison is field by field
under the golden's tolerances, and only the reference may write: ``--force-regen`` and
``--regen-all`` skip the other implementations, and refuse to start if one is selected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_regressions.common import perform_regression_check

from grokking_spec.catalog import listing_variants
from grokking_spec.conformance import Outcome, metadata_mismatches, trace_mismatches, verdict
from grokking_spec.golden import GoldenError, build_golden, dump_golden, golden_path, load_golden
from grokking_spec.implementations import (
    DEFAULT_TIMEOUT,
    Implementation,
    ImplementationError,
    discover,
    run_listing,
)
from grokking_spec.listing import Listing, Trace, Variant


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
        pytest.param(
            (implementation, listing, variant),
            id=f"{implementation.name}:{listing.id}:{variant.name}",
        )
        for implementation in selection.implementations
        for listing, variant in listing_variants()
    ]
    cases += [
        pytest.param(problem, id=f"broken-plugin-{index}")
        for index, problem in enumerate(selection.load_problems)
    ]
    metafunc.parametrize("conformance_case", cases)


class SpecRegression:
    """Checks an implementation's trace against ``spec/`` through pytest-regressions."""

    def __init__(self, datadir: Any, original_datadir: Path, request: pytest.FixtureRequest):
        self._datadir = datadir
        self._original_datadir = original_datadir
        self._request = request
        self._selection = request.config.stash[_SELECTION]

    def check(self, implementation: Implementation, listing: Listing, variant: Variant) -> None:
        __tracebackhide__ = True
        if not implementation.covers(listing.id):
            pytest.skip(f"{implementation.name} does not implement {listing.id}")
        if implementation.writes_goldens:
            self._check_reference(implementation, listing, variant)
        elif self._selection.regenerating:
            pytest.skip("goldens are being regenerated: check other implementations afterwards")
        else:
            self._check_implementation(implementation, listing, variant)

    def _run(self, implementation: Implementation, listing: Listing, params: Any) -> Trace:
        __tracebackhide__ = True
        try:
            return run_listing(implementation, listing.id, params, self._selection.timeout)
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
