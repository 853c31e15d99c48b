"""Chapter 8: what each edition prints from the goldens, and the reference's evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from grokking_spec.catalog import ch08
from grokking_spec.golden import golden_path, load_golden
from grokking_spec.listing import Listing, Variant
from grokking_spec.reference import ch08_regularization as reference
from grokking_spec.tolerances import tolerances_for

CASES = [(listing, variant) for listing in ch08.LISTINGS for variant in listing.variants]


def _printed(listing: Listing, variant: Variant) -> list[str]:
    golden = load_golden(golden_path(listing, variant))
    return variant.printout(golden["trace"], variant.edition)


@pytest.mark.parametrize(
    ("listing_id", "variant_name", "lines", "first", "last"),
    [
        ("ch08/three-layer-mnist", "published", 36, " I:0 Train-Err:", " I:349 Train-Err:"),
        ("ch08/three-layer-mnist", "meap", 32, " I:299 Error:", "I:290 Test-Err:"),
        ("ch08/dropout", "meap", 30, "I:0 Test-Err:", "I:290 Test-Err:"),
        ("ch08/dropout", "published", 30, "I:0 Test-Err:", "I:290 Test-Err:"),
        ("ch08/batch-gradient-descent", "meap", 30, "I:0 Test-Err:", "I:290 Test-Err:"),
        ("ch08/batch-gradient-descent", "published", 30, "I:0 Test-Err:", "I:290 Test-Err:"),
    ],
)
def test_each_edition_prints_its_lines(
    listing_id: str, variant_name: str, lines: int, first: str, last: str
) -> None:
    listing = next(item for item in ch08.LISTINGS if item.id == listing_id)
    printed = _printed(listing, listing.variant(variant_name))
    assert len(printed) == lines
    assert printed[0].startswith(first) and printed[-1].startswith(last)
    if listing_id == "ch08/three-layer-mnist" and variant_name == "published":
        iterations = [int(line.split()[0].removeprefix("I:")) for line in printed]
        assert iterations == [*range(0, 350, 10), 349]


def test_meap_lines_truncate_like_python_2() -> None:
    listing = ch08.LISTINGS[1]
    golden = load_golden(golden_path(listing, listing.variant("meap")))
    line = _printed(listing, listing.variant("meap"))[0]
    error = golden["trace"]["test_error"][0] / 10000.0
    assert f" Test-Err:{repr(error)[0:5]} " in line  # str(x)[0:5]: cut, not rounded


def test_matrix_evaluation_agrees_with_the_books_loop_on_a_slice() -> None:
    # The full measurement is tools/ch08_drift.py; this keeps the two evaluators honest.
    _, _, images, labels = reference.book_data()
    random = np.random.RandomState(1)
    weights_0_1 = 0.2 * random.random_sample((784, 40)) - 0.1
    weights_1_2 = 0.2 * random.random_sample((40, 10)) - 0.1
    matrix = reference.evaluate(weights_0_1, weights_1_2, images[:500], labels[:500])
    book = reference.evaluate_per_example(weights_0_1, weights_1_2, images[:500], labels[:500])
    assert matrix[1] == book[1]
    tolerance = tolerances_for("ch08/three-layer-mnist", "meap")["test_error"]
    assert tolerance.allows(book[0], matrix[0])
