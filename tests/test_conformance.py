"""Every registered implementation against every golden file in spec/."""

from __future__ import annotations

from typing import Any

import pytest

from grokking_spec.pytest_plugin import SpecRegression


def test_matches_spec(conformance_case: Any, spec_regression: SpecRegression) -> None:
    if isinstance(conformance_case, str):  # an implementation whose entry point broke
        pytest.fail(conformance_case, pytrace=False)
    implementation, listing, variant, iterations = conformance_case
    spec_regression.check(implementation, listing, variant, iterations)
