"""The grokking-spec command: list, run (book-style output), check (the conformance table)."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest

import grokking_spec.cli as cli
import grokking_spec.plugins as plugins
from grokking_spec.catalog import get_listing, listing_variants
from grokking_spec.implementations.lists import implementation as lists
from grokking_spec.levels import on_goldens_kernel
from grokking_spec.plugins import Implementation, run_listing
from grokking_spec.reference import implementation as reference


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_list_names_every_catalog_variant(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run(capsys, "list")
    assert code == 0
    listed = {tuple(line.split()[:2]) for line in lines}
    assert listed == {(listing.id, variant.name) for listing, variant in listing_variants()}
    assert any(line.split()[:2] == ["ch04/alpha", "meap"] for line in lines)


def test_run_hot_and_cold_learning_in_both_editions(capsys: pytest.CaptureFixture[str]) -> None:
    code, published, _ = _run(capsys, "run", "ch04/hot-and-cold-learning")
    assert code == 0 and len(published) == 1101
    assert published[0] == "Error:0.30250000000000005 Prediction:0.25"
    code, meap, _ = _run(capsys, "run", "ch04/hot-and-cold-learning", "--variant", "meap")
    assert code == 0 and len(meap) == 1101
    assert meap[:2] + meap[-2:] == [
        "Error:0.3025 Prediction:0.25",
        "Error:0.30195025 Prediction:0.2505",
        "Error:2.50000000033e-07 Prediction:0.7995",
        "Error:1.07995057925e-27 Prediction:0.8",
    ]


def test_run_multiple_inputs_meap_prints_the_book_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run(capsys, "run", "ch03/multiple-inputs", "--variant", "meap")[:2] == (0, ["0.98"])


# Chapter 8 takes lists minutes per iteration: its first one is checked under -m full instead.
@pytest.mark.parametrize("listing_id", sorted(set(lists.listings) - set(lists.prefix_budgets)))
@pytest.mark.parametrize("variant", ["meap", "published"])
def test_lists_prints_what_the_reference_prints(listing_id: str, variant: str) -> None:
    # What `run --impl lists` prints, without a worker process per call (see the next test).
    # Bit for bit on the goldens' kernel; elsewhere the reference's BLAS sums may differ.
    if not on_goldens_kernel():
        pytest.skip("lists and the reference print the same digits on the goldens' kernel")
    listing = get_listing(listing_id)
    chosen = listing.variant(variant)
    printed = [
        chosen.printout(run_listing(implementation, listing_id, chosen.params), chosen.edition)
        for implementation in (reference, lists)
    ]
    assert printed[1] == printed[0]


@pytest.mark.parametrize("listing_id", ["ch05/multiple-inputs-three-steps", "ch06/backpropagation"])
def test_run_with_lists_prints_what_the_reference_prints(
    capsys: pytest.CaptureFixture[str], listing_id: str
) -> None:
    by_reference = _run(capsys, "run", listing_id, "--variant", "meap")
    by_lists = _run(capsys, "run", listing_id, "--variant", "meap", "--impl", "lists")
    assert by_lists == by_reference and by_lists[1]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "ch09/nothing"], "unknown listing 'ch09/nothing'"),
        (["run", "ch04/alpha", "--variant", "draft"], "ch04/alpha has no variant 'draft'"),
        (["run", "ch04/alpha", "--impl", "torch"], "unknown implementation 'torch'"),
        (["run", "ch03/numpy-primer", "--impl", "lists"], "'lists' does not implement"),
        (["check", "--impl", "torch"], "unknown implementation 'torch'"),
        (["explode"], "invalid choice: 'explode'"),
    ],
)
def test_bad_names_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = cli.main(argv)
    except SystemExit as exited:  # argparse's own errors
        code = exited.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1


def test_check_prints_the_table_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run(
        capsys, "check", "ch03", "ch06/", "--impl", "reference", "--impl", "lists"
    )
    assert code == 0
    assert lines[0].split() == ["listing", "variant", "reference", "lists"]
    row = next(line for line in lines if line.startswith("ch03/numpy-primer") and "meap" in line)
    assert row.split()[2:] == ["exact", "skip"]
    assert re.fullmatch(r"\d+ passed, 0 failed, \d+ skipped", lines[-1])


def test_check_names_the_worst_field_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def off_by_one(**params: Any) -> dict[str, Any]:
        trace = dict(reference.listings["ch04/alpha"](**params))
        trace["error"] = [e + (1e-3 if i == 7 else 0.0) for i, e in enumerate(trace["error"])]
        return trace

    drifting = Implementation(name="drifting", listings={"ch04/alpha": off_by_one})
    monkeypatch.setattr(
        plugins, "discover", lambda: ({"reference": reference, "drifting": drifting}, [])
    )
    code, lines, _ = _run(capsys, "check", "ch04/")
    assert code == 1
    assert any(
        line.split()[:4] == ["ch04/alpha", "meap", "exact", "FAIL"] and "error[7]" in line
        for line in lines
    )
    assert any(
        "drifting: ch04/alpha (meap): first divergence error[7]: expected" in line for line in lines
    )
    # drifting implements only ch04/alpha (two variants) of chapter 4's
    variants = sum(1 for listing, _ in listing_variants() if listing.id.startswith("ch04/"))
    assert lines[-1] == f"{variants} passed, 2 failed, {variants - 2} skipped"


def test_python_dash_m_grokking_spec_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "grokking_spec", "run", "ch03/multiple-inputs", "--variant", "meap"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "0.98\n")
