"""The multiply-add counts of chapter 8 runs (benchmarks, and the order of the long tests)."""

from __future__ import annotations

import pytest

from grokking_spec.catalog import listing_variants
from grokking_spec.golden import golden_path, load_golden
from grokking_spec.listing import Listing, Variant
from grokking_spec.workload import evaluations_of_test_set, multiply_adds

CH08 = [(listing, variant) for listing, variant in listing_variants() if listing.id[:5] == "ch08/"]


@pytest.mark.parametrize(
    ("listing", "variant"), CH08, ids=[f"{lst.id}:{var.name}" for lst, var in CH08]
)
def test_counts_the_test_evaluations_the_golden_records(listing: Listing, variant: Variant) -> None:
    golden = load_golden(golden_path(listing, variant))
    evaluations = evaluations_of_test_set(listing.id, golden["params"]["iterations"])
    assert evaluations == len(golden["trace"]["test_iteration"])


def test_per_image_count() -> None:
    params = {"alpha": 0.005, "iterations": 350, "hidden_size": 40}
    training = 350 * 1000 * (2 * 784 * 40 + 3 * 40 * 10)
    testing = 36 * 10000 * (784 * 40 + 40 * 10)
    assert multiply_adds("ch08/three-layer-mnist", params) == training + testing


def test_published_mini_batch_repeats_its_updates_per_image() -> None:
    params = {"iterations": 1, "hidden_size": 100, "batch_size": 100}
    once = multiply_adds(
        "ch08/batch-gradient-descent", {**params, "updates_inside_accuracy_loop": False}
    )
    repeated = multiply_adds(
        "ch08/batch-gradient-descent", {**params, "updates_inside_accuracy_loop": True}
    )
    # 99 more passes of layer_1_delta (B·L·H) and weights_0_1's increment (P·B·H) per batch.
    assert repeated - once == 10 * 99 * (100 * 10 * 100 + 784 * 100 * 100)


def test_other_listings_are_not_modelled() -> None:
    with pytest.raises(KeyError, match="ch03/single-weight"):
        multiply_adds("ch03/single-weight", {"iterations": 1, "hidden_size": 1})
