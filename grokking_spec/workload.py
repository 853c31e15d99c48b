"""The arithmetic work of a chapter 8 run: its multiply-adds, counted from the shapes.

The count is the listing's dense arithmetic, the same for every implementation (one that
skips blank pixels or dropped units does fewer, but is credited the same work), so
multiply-adds per second compare implementations. With P = 784 pixels, L = 10 labels,
H = ``hidden_size``, N = 1000 training and T = 10000 test images, I = ``iterations`` and
E test evaluations (iterations 0, 10, ...; the three-layer listing also after its last):

- per-image listings (three-layer, dropout): each image costs P·H + H·L forward,
  H·L for ``layer_1_delta``, H·L and P·H for the two updates:
  ``I·N·(2·P·H + 3·H·L) + E·T·(P·H + H·L)``;
- mini-batches of B images, each repeating its deltas and updates R times (R = B for
  the published listing, ``updates_inside_accuracy_loop``, else 1): per batch B·(P·H + H·L)
  forward, H·B·L for ``weights_1_2``'s increment, R·(B·L·H + P·B·H) for the repeats:
  ``I·N·(P·H + 2·H·L + R·H·(L + P)) + E·T·(P·H + H·L)``.

The test set is counted as evaluated once per evaluation, however the implementation
batches it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grokking_spec.ch08_trace import TEST_EVERY, TEST_IMAGES, TRAIN_IMAGES

PIXELS, LABELS = 784, 10

#: Listings that evaluate the test set after their last iteration too.
TESTED_AFTER_LAST = frozenset({"ch08/three-layer-mnist"})

PER_IMAGE = frozenset({"ch08/three-layer-mnist", "ch08/dropout"})
MINI_BATCH = frozenset({"ch08/batch-gradient-descent"})


def evaluations_of_test_set(listing_id: str, iterations: int) -> int:
    """How many times a run of ``iterations`` evaluates the test set."""
    every_tenth = len(range(0, iterations, TEST_EVERY))
    last_extra = listing_id in TESTED_AFTER_LAST and (iterations - 1) % TEST_EVERY != 0
    return every_tenth + int(last_extra)


def multiply_adds(listing_id: str, params: Mapping[str, Any]) -> int:
    """The multiply-adds of one run of a chapter 8 listing with ``params`` (see above).

    A listing this module does not model raises ``KeyError``.
    """
    iterations, hidden = int(params["iterations"]), int(params["hidden_size"])
    test = (
        evaluations_of_test_set(listing_id, iterations) * TEST_IMAGES * (PIXELS + LABELS) * hidden
    )
    if listing_id in PER_IMAGE:
        per_image = 2 * PIXELS * hidden + 3 * hidden * LABELS
        return iterations * TRAIN_IMAGES * per_image + test
    if listing_id in MINI_BATCH:
        repeats = int(params["batch_size"]) if params["updates_inside_accuracy_loop"] else 1
        per_image = PIXELS * hidden + 2 * hidden * LABELS + repeats * hidden * (LABELS + PIXELS)
        return iterations * TRAIN_IMAGES * per_image + test
    raise KeyError(f"{listing_id}: no multiply-add count for this listing")
