"""Chapter 7 listings: picturing a network, forward propagation as one formula."""

from __future__ import annotations

from grokking_spec.catalog.ch06 import DEEP_FORWARD
from grokking_spec.catalog.editions import (
    MEAP_CODE_IN_PYTHON_3,
    Differences,
    Sources,
    editions,
    meap_seed,
)
from grokking_spec.listing import BookLine, Listing

SOURCES = Sources(meap=meap_seed(7), published=MEAP_CODE_IN_PYTHON_3)

LISTINGS = (
    Listing(
        "ch07/forward-formula",
        "Forward propagation in one expression: relu(l0 W0) W1",
        "Everything Side-by-Side",
        editions(
            SOURCES,
            DEEP_FORWARD,
            # "Let's See This Network Predict" walks the same network through the
            # streetlight; its prediction is stated in the prose.
            meap=Differences(book=(BookLine("This yields the number 0.9", ("layer_2[0]",)),)),
        ),
    ),
)
