"""Chapter 7 listings: picturing a network, forward propagation as one formula."""

from __future__ import annotations

from grokking_spec.catalog.ch06 import DEEP_FORWARD
from grokking_spec.listing import BookLine, Listing, Variant

SEED_MEAP = "seed 000 (MEAP v6), chapter 7"
SEED_PUBLISHED = "published 2019 edition: the meap code, Python 3, with the catalog's differences"

LISTINGS = (
    Listing(
        "ch07/forward-formula",
        "Forward propagation in one expression: relu(l0 W0) W1",
        "Everything Side-by-Side",
        (
            Variant(
                "meap",
                DEEP_FORWARD,
                SEED_MEAP,
                # "Let's See This Network Predict" walks the same network through the
                # streetlight; its prediction is stated in the prose.
                book=(BookLine("This yields the number 0.9", ("layer_2[0]",)),),
            ),
            Variant("published", DEEP_FORWARD, SEED_PUBLISHED),
        ),
    ),
)
