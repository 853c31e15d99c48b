"""Conformance levels: exact, ulp:N, xfail, FAIL; exact implementations on the goldens' kernel."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from grokking_spec import golden
from grokking_spec.catalog import get_listing
from grokking_spec.engine import check
from grokking_spec.golden import build_golden, dump_golden, golden_path
from grokking_spec.levels import GOLDENS_KERNEL, blas_kernel, on_goldens_kernel, ulps
from grokking_spec.listing import Listing, Tolerance, Variant
from grokking_spec.plugins import Implementation, read_expectations
from grokking_spec.pyformat import Edition
from grokking_spec.report import cell

TOLERANCE = Tolerance(rtol=1e-12, atol=0.0, measured="test: a loose tolerance")
VARIANT = Variant("meap", Edition.PY2, {"x": 0.1}, "test")
LISTING = Listing("ch99/levels", "a toy listing", "test", (VARIANT,))


def _exact(x: float) -> dict[str, Any]:
    return {"y": [x * 3, x * 7], "n": 3}


def _nudged(ulp_count: int) -> Any:
    def function(x: float) -> dict[str, Any]:
        trace = _exact(x)
        value = trace["y"][1]
        for _ in range(ulp_count):
            value = math.nextafter(value, math.inf)
        trace["y"][1] = value
        return trace

    return function


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # The toy listing's one measured tolerance, as grokking_spec.tolerances would give it.
    monkeypatch.setattr(golden, "tolerances_for", lambda listing_id, variant: {"y": TOLERANCE})
    path = golden_path(LISTING, VARIANT, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(dump_golden(build_golden(LISTING, VARIANT, _exact(0.1))))
    return tmp_path


def _port(function: Any, level: str = "tolerance", **extra: Any) -> Implementation:
    return Implementation("port", {LISTING.id: function}, level=level, **extra)  # type: ignore[arg-type]


def test_ulps_counts_units_of_the_expected_value() -> None:
    assert ulps(1.0, 1.0) == 0
    assert ulps(1.0, math.nextafter(1.0, 2.0)) == 1
    assert ulps(0.0, 5e-324) == 1
    assert ulps(-2.0, math.nextafter(math.nextafter(-2.0, -3.0), -3.0)) == 2
    # Below a power of two the spacing halves: two steps down are one unit of 2.0.
    assert ulps(2.0, math.nextafter(math.nextafter(2.0, 0.0), 0.0)) == 1


def test_bit_identical_is_exact(root: Path) -> None:
    outcome = check(_port(_exact), LISTING, VARIANT, root=root)
    assert (outcome.status, outcome.level, cell(outcome)) == ("pass", "exact", "exact")


def test_within_tolerance_reports_the_largest_ulp_distance(root: Path) -> None:
    outcome = check(_port(_nudged(3)), LISTING, VARIANT, root=root)
    assert (outcome.status, outcome.level, outcome.max_ulps_at) == ("pass", "ulp:3", "y[1]")


def test_beyond_tolerance_fails_naming_the_first_divergence(root: Path) -> None:
    outcome = check(_port(_nudged(100_000)), LISTING, VARIANT, root=root)
    assert outcome.status == "fail" and cell(outcome) == "FAIL y[1]"


def test_counts_are_exact_whatever_the_level(root: Path) -> None:
    outcome = check(_port(lambda x: {**_exact(x), "n": 4}), LISTING, VARIANT, root=root)
    assert outcome.status == "fail" and cell(outcome) == "FAIL n"


@pytest.mark.parametrize(
    ("kernel", "status"), [(f"OpenBLAS {GOLDENS_KERNEL}", "fail"), ("OpenBLAS Prescott", "pass")]
)
def test_an_exact_implementation_is_bit_exact_on_the_goldens_kernel_only(
    root: Path, monkeypatch: pytest.MonkeyPatch, kernel: str, status: str
) -> None:
    monkeypatch.setenv("GROKKING_SPEC_KERNEL", kernel)
    outcome = check(_port(_nudged(1), level="exact"), LISTING, VARIANT, root=root)
    assert outcome.status == status
    if status == "fail":
        assert "not bit-identical on the goldens' kernel (1 ULP)" in outcome.detail


def test_an_exact_implementation_may_be_held_to_tolerance_on_named_listings(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GROKKING_SPEC_KERNEL", f"OpenBLAS {GOLDENS_KERNEL}")
    why = {LISTING.id: "BLAS sums in blocks"}
    port = _port(_nudged(2), level="exact", tolerance_only=why)
    outcome = check(port, LISTING, VARIANT, root=root)
    assert (outcome.status, outcome.level) == ("pass", "ulp:2")
    assert not port.bit_exact(LISTING.id) and port.bit_exact("ch04/alpha")


def test_the_kernel_is_read_from_the_blas_library() -> None:
    kernel = blas_kernel()
    assert kernel.startswith(("OpenBLAS ", "BLAS ")) or kernel == "none"
    assert on_goldens_kernel() == (kernel.lower() == f"openblas {GOLDENS_KERNEL}".lower())


def test_an_expected_failure_is_xfail_and_a_stale_one_fails(root: Path) -> None:
    expected = {(LISTING.id, VARIANT.name): "by design: another rounding"}
    failing = check(
        _port(_nudged(100_000), expected_failures=expected), LISTING, VARIANT, root=root
    )
    assert (failing.status, cell(failing)) == ("xfail", "xfail")
    assert failing.detail == "expected: by design: another rounding"
    stale = check(_port(_exact, expected_failures=expected), LISTING, VARIANT, root=root)
    assert stale.status == "fail" and "but passes" in stale.detail


def test_expectations_files(tmp_path: Path) -> None:
    path = tmp_path / "expectations.txt"
    path.write_text("# comment\n\nch08/dropout published  the reason, in words\n")
    assert read_expectations(path) == {("ch08/dropout", "published"): "the reason, in words"}
    path.write_text("ch08/dropout published\n")
    with pytest.raises(ValueError, match=r"expectations.txt:1: expected '<id> <variant> <reason>'"):
        read_expectations(path)
    path.write_text("a b c\na b d\n")
    with pytest.raises(ValueError, match="listed twice"):
        read_expectations(path)


def test_the_in_repo_exact_implementations_declare_it() -> None:
    from grokking_spec.implementations import lists
    from grokking_spec.reference import implementation as reference

    assert reference.level == "exact" and lists.implementation.level == "exact"
    assert not reference.expected_failures and not lists.implementation.expected_failures


def test_a_real_listing_reads_exact_for_the_reference() -> None:
    listing = get_listing("ch04/alpha")
    from grokking_spec.reference import implementation as reference

    outcome = check(reference, listing, listing.variant("meap"))
    assert outcome.level == "exact"
