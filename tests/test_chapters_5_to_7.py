"""Chapters 5-7: what `grokking-spec run` prints, and the lists implementation's coverage."""

from __future__ import annotations

import pytest

import grokking_spec.cli as cli
from grokking_spec.catalog import get_listing, listing_variants
from grokking_spec.implementations.lists import implementation as lists

#: The six lines "Putting it all together" shows under its code (seed 000, chapter 6).
SEED_BACKPROPAGATION_ERRORS = [
    "Error:0.634231159844",
    "Error:0.358384076763",
    "Error:0.0830183113303",
    "Error:0.0064670549571",
    "Error:0.000329266900075",
    "Error:1.50556226651e-05",
]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert cli.main(["run", *argv]) == 0
    return capsys.readouterr().out.splitlines()


def test_backpropagation_meap_prints_the_seed_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "ch06/backpropagation", "--variant", "meap") == SEED_BACKPROPAGATION_ERRORS


def test_backpropagation_published_prints_them_in_python_3(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _run(capsys, "ch06/backpropagation", "--variant", "published")
    assert len(lines) == 6
    for line, seed in zip(lines, SEED_BACKPROPAGATION_ERRORS, strict=True):
        value = float(line.removeprefix("Error:"))
        assert line == "Error:" + repr(value)
        assert format(value, ".12g") == seed.removeprefix("Error:")
    assert lines[0] == "Error:0.6342311598444467"


def test_backpropagation_as_printed_never_learns(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _run(capsys, "ch06/backpropagation", "--variant", "meap-as-printed")
    assert lines == ["Error:1.36242402517"] * 6


def test_full_dataset_prints_40_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _run(capsys, "ch06/streetlight-full-dataset", "--variant", "published")
    assert len(lines) == 40 * 8
    for start in range(0, len(lines), 8):
        block = lines[start : start + 8]
        assert all(line.startswith("Prediction:") for line in block[:6])
        assert block[6].startswith("Error:") and block[7] == ""
    assert lines[6] == "Error:2.6561231104"


def test_lists_covers_every_listing_of_chapters_5_to_7() -> None:
    ids = {listing.id for listing, _ in listing_variants() if listing.chapter in (5, 6, 7)}
    assert len(ids) == 12
    assert all(lists.covers(listing_id) for listing_id in ids)
    names = {variant.name for variant in get_listing("ch06/backpropagation").variants}
    assert names == {"meap", "published", "meap-as-printed"}


def test_every_number_chapters_5_to_7_print_is_a_book_line() -> None:
    """The seed's printed outputs and worked values of chapters 5-7, counted per variant."""
    counted = {
        (listing.id, variant.name): (
            sum(line.line is not None for line in variant.book),
            sum(line.line is None for line in variant.book),
        )
        for listing, variant in listing_variants()
        if variant.book and (listing.chapter in (5, 6, 7) or variant.book[0].text[:3] == "8.5")
    }
    assert counted == {
        ("ch04/one-step-gradient-descent", "meap"): (0, 2),  # with chapter 5's recap
        ("ch05/multiple-inputs-one-step", "meap"): (0, 13),
        ("ch06/streetlight-full-dataset", "meap"): (4, 0),
        ("ch06/backpropagation", "meap"): (6, 0),
        ("ch06/backpropagation", "meap-as-printed"): (6, 0),
        ("ch07/forward-formula", "meap"): (0, 1),
    }
